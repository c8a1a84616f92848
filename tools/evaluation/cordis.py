"""Real consortia (CORDIS H2020 semiconductor, FP7 INRAE): do a project's partners rank high?

Each project is an opportunity and every organisation a member described by its other projects;
query kinds ``overall``, ``company→research``, ``research→company`` (protocol: docs/TOOLS.md).
Run by ``matchmaker eval --only cordis``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity, OrgType
from tools.evaluation.metrics import holdout_split, ndcg_at_k, recall_at_k
from tools.evaluation.sweep import ScoreFn, score_each
from tools.paths import SHARED

__all__ = [
    "DATA_DIR",
    "KINDS",
    "CordisSet",
    "QueryResult",
    "load_fp7",
    "load_h2020",
    "member",
    "normalise_name",
    "opportunity",
    "run_queries",
]

DATA_DIR = SHARED / "data"
_STAMP = "2026-01-01T00:00:00Z"
PUBLISHER = "CORDIS-EVAL"
ACTIVITY: dict[str, OrgType] = {
    "PRC": "company",
    "HES": "university",
    "REC": "research_centre",
    "PUB": "public_body",
    "OTH": "other",
}
_RESEARCH = ("university", "research_centre")
KINDS = ("overall", "company→research", "research→company")


@dataclass
class CordisSet:
    """Projects (id → (title, objective)), who took part in each, and each organisation's type."""

    name: str
    projects: dict[str, tuple[str, str]]
    partners: dict[str, set[str]]
    org_types: dict[str, OrgType]
    names: dict[str, str] = field(default_factory=dict)
    seeds: set[str] = field(default_factory=set)
    dev: set[str] = field(default_factory=set)
    test: set[str] = field(default_factory=set)

    def finish(self, seed: int) -> CordisSet:
        """Remove seed organisations and split the projects into dev/test halves."""
        counts: dict[str, int] = defaultdict(int)
        for orgs in self.partners.values():
            for org in orgs:
                counts[org] += 1
        self.seeds = {org for org, n in counts.items() if n > len(self.projects) / 2}
        self.partners = {p: orgs - self.seeds for p, orgs in self.partners.items()}
        self.dev, self.test = holdout_split(list(self.projects), seed)
        return self

    def projects_of(self) -> dict[str, set[str]]:
        """Organisation → the projects it took part in."""
        out: dict[str, set[str]] = defaultdict(set)
        for project, orgs in self.partners.items():
            for org in orgs:
                out[org].add(project)
        return out


def load_h2020(directory: Path = DATA_DIR / "cordis-h2020-semiconductor", seed: int = 20260601) -> CordisSet:
    """Organisations by ``organisationID``; ``activityType`` ``"PRC;PRC"`` is read as its first code."""
    projects = json.loads((directory / "project.json").read_text(encoding="utf-8"))
    orgs = json.loads((directory / "organization.json").read_text(encoding="utf-8"))
    data = CordisSet("h2020-semiconductor", {}, defaultdict(set), {})
    for p in projects:
        data.projects[str(p["id"])] = (p.get("title") or p["acronym"], p["objective"])
    for o in orgs:
        key = f"h2020-{o['organisationID']}"
        data.partners[str(o["projectID"])].add(key)
        data.org_types.setdefault(key, ACTIVITY.get(str(o["activityType"]).split(";")[0], "other"))
        data.names.setdefault(key, o["name"])
    return data.finish(seed)


def normalise_name(name: str) -> str:
    """Upper case, no accents or punctuation, single spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", plain.upper()).split())


def load_fp7(
    path: Path = DATA_DIR / "cordis-fp7-inrae" / "inrae_projects.json", seed: int = 20260601
) -> CordisSet:
    """Organisations by normalised name + country."""
    data = CordisSet("fp7-inrae", {}, defaultdict(set), {})
    names: dict[str, str] = {}
    for p in json.loads(path.read_text(encoding="utf-8"))["projects"]:
        data.projects[p["id"]] = (p["title"], p["objective"])
        for partner in p["partners"]:
            ident = f"{normalise_name(partner['name'])}|{partner.get('country') or ''}"
            key = names.setdefault(ident, f"fp7-{len(names):05d}")
            data.partners[p["id"]].add(key)
            data.org_types.setdefault(key, ACTIVITY.get(partner.get("activityType") or "", "other"))
            data.names.setdefault(key, partner["name"])
    return data.finish(seed)


@dataclass(frozen=True)
class QueryResult:
    """One project's query of one kind under one configuration."""

    project: str
    kind: str
    config: str
    recall: float
    ndcg: float
    relevant: int
    candidates: int
    dropped: int


def member(data: CordisSet, org: str, projects: set[str]) -> MemberProfile:
    """Organisation ``org`` described by the objectives of ``projects`` (one competency each)."""
    return MemberProfile.model_validate(
        {
            "member_id": org,
            "name": org,
            "clusters": ["CORDIS"],
            "org_type": data.org_types[org],
            "competencies": [{"text": data.projects[p][1], "kind": "project"} for p in sorted(projects)],
            "updated_at": _STAMP,
        }
    )


def opportunity(data: CordisSet, project: str, kind: str) -> Opportunity:
    """Project ``project`` as an opportunity of query kind ``kind`` (see the module docstring)."""
    seeking = {
        "company→research": {"org_types": list(_RESEARCH)},
        "research→company": {"org_types": ["company"]},
    }
    opp_kind = {"company→research": "technology_need", "research→company": "technology_offer"}
    title, objective = data.projects[project]
    return Opportunity.model_validate(
        {
            "opportunity_id": f"{data.name}-{project}",
            "published_by": PUBLISHER,
            "kind": opp_kind.get(kind, "partner_search"),
            "title": title.strip()[:300] or project,
            "description": objective,
            "seeking": seeking.get(kind),
            "updated_at": _STAMP,
        }
    )


def _relevant(data: CordisSet, kind: str, described: set[str], all_partners: set[str]) -> set[str]:
    types = {o: data.org_types[o] for o in all_partners}
    if kind == "company→research":
        if "company" not in types.values():
            return set()
        return {o for o in described if types[o] in _RESEARCH}
    if kind == "research→company":
        if not any(t in _RESEARCH for t in types.values()):
            return set()
        return {o for o in described if types[o] == "company"}
    return set(described)


def run_queries(
    scorer: MatchScorer,
    data: CordisSet,
    configs: dict[str, ScoringConfig],
    projects: list[str] | None = None,
    score_fn: ScoreFn = score_each,
) -> Iterator[QueryResult]:
    """Fit ``scorer`` on every organisation, then for each project hide it from its partners and rank.

    Every configuration in ``configs`` scores each query on the same fitted scorer (they may only
    differ in score-time settings), through ``score_fn`` (the real ``MatchScorer.score`` path by
    default). Partners are restored after each project.
    """
    involved = data.projects_of()
    scorer.fit([member(data, org, projs) for org, projs in sorted(involved.items())])
    for project in projects or sorted(data.projects):
        partners = data.partners[project]
        described = {o for o in partners if involved[o] - {project}}
        for org in partners:
            if org in described:
                scorer.add_member(member(data, org, involved[org] - {project}))
            else:
                scorer.remove_member(org)
        for kind in KINDS:
            relevant = _relevant(data, kind, described, partners)
            if not relevant:
                continue
            opp = opportunity(data, project, kind)
            for name, scores in score_fn(scorer, opp, scorer.encode_opportunity(opp), configs).items():
                yield QueryResult(
                    project,
                    kind,
                    name,
                    recall_at_k(scores, relevant, 10),
                    ndcg_at_k(scores, relevant, 10),
                    len(relevant),
                    len(scores),
                    len(partners) - len(described),
                )
        for org in partners:
            scorer.add_member(member(data, org, involved[org]))
