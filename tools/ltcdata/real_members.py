"""Real Lombardy organisations for the demo, described by their own Horizon Europe projects.

From ``shared/data/cordis-he-calls/members.jsonl`` (CORDIS data © European Union, reused with
attribution: :data:`ATTRIBUTION`); each gets LTC clusters and S3 ecosystems guessed from its texts.
:func:`with_real_organisations` adds them to a population (method: docs/TOOLS.md).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from models.events import MemberProfile
from tools.ltcdata.horizon import guess_ecosystems
from tools.ltcdata.lombardy import ECOSYSTEMS
from tools.ltcdata.population import CLUSTERS
from tools.paths import SHARED

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_REAL_MEMBERS_PATH",
    "MAX_PROJECTS",
    "REAL_PREFIX",
    "SAME_AS",
    "guess_clusters",
    "read_real_organisations",
    "with_real_organisations",
]

log = logging.getLogger(__name__)

#: ``../shared/data/cordis-he-calls/members.jsonl`` seen from the repository root.
DEFAULT_REAL_MEMBERS_PATH = SHARED / "data" / "cordis-he-calls" / "members.jsonl"
#: Ids of the organisations that join as new members start with it.
REAL_PREFIX = "cordis-"
ATTRIBUTION = "CORDIS data © European Union, reused with attribution under Decision 2011/833/EU"
#: Project texts kept per organisation (the demo embeds every one of them at start-up).
MAX_PROJECTS = 3
#: Demo institutions (tools/ltcdata/population.py) that are a CORDIS organisation: they keep their
#: generated evidence and get the organisation's projects too, instead of appearing twice.
SAME_AS: dict[str, str] = {
    "univ-polimi": "999879881",
    "univ-unimi": "999995796",
    "univ-unimib": "999923531",
    "univ-unipv": "999893752",
    "univ-unibs": "999893946",
    "univ-unibg": "999595380",
    "univ-uninsubria": "999855243",
    "univ-unicatt": "999915771",
    "univ-unisr": "999854467",
    "univ-hunimed": "932462747",
    "rse": "999529420",
    "ifom": "999534367",
    "marionegri": "999661146",
    "human-technopole": "895748732",
    "innovhub-ssi": "983298216",
    "fond-polimi": "993176017",
    "don-gnocchi": "998448258",
    "pub-ersaf": "899156245",
    "pub-comune-milano": "998702204",
    "pub-comune-bergamo": "928116856",
    "pub-comune-brescia": "996500401",
    "pub-comune-cremona": "951767978",
    "pub-cittametro-milano": "929454292",
}

# Words of each cluster's domain in project texts (English): an organisation joins the cluster(s)
# its texts name most. Weak evidence of a domain still counts: every organisation gets one cluster.
# fmt: off
_CLUSTER_WORDS: dict[str, str] = {
    "AFIL": r"manufactur|machin|robot|additive|factor(?:y|ies)|industr|automation|production line|laser"
            r"|metal|digital twin|semiconductor|photonic|process control",
    "CAT.AL": r"\bfood|agri|farm|crop|livestock|dairy|cattle|nutrition|\bsoil|aquacultur|fisher|wine"
              r"|plant breed|seed",
    "CLM": r"vehicle|automotive|mobility|transport|\brail|logistic|\broad|traffic|charging|electric motor"
           r"|maritime|\bships?\b|shipping",
    "LLSC": r"health|patient|clinic|disease|cancer|tumou?r|medic|pharma|\bdrug|therap|biotech|genom"
            r"|\bcells?\b|immun|neuro|diagnos|hospital",
    "LE2C": r"energy|solar|photovolt|hydrogen|\bgrid|heat pump|renewable|\bwater|emission|power plant"
            r"|batter|climate|decarboni|nuclear|fusion|wind",
    "LAC": r"aero|aircraft|aviation|\bspace|satellite|drone|flight|orbit|launcher|defen[cs]e|radar",
    "LGCA": r"chemi|polymer|plastic|bio-?based|recycl|catalys|solvent|textile|circular|waste|biorefin"
            r"|\bmaterials?\b|coating",
    "SCC": r"\bcit(?:y|ies)\b|urban|citizen|\bdata\b|artificial intelligence|\bai\b|cyber|network"
           r"|\biot\b|sensor|software|quantum|cloud|comput|digital|platform|smart",
    "CTAV": r"ageing|aging|older|elderly|\bhome|living|\bcare\b|wellbeing|well-being|inclusi|design"
            r"|furniture|social|disabilit|cultur|heritage|education",
}
# fmt: on
_CLUSTER_RES = {code: re.compile(words) for code, words in _CLUSTER_WORDS.items()}


def guess_clusters(texts: Sequence[str], most: int = 2) -> list[str]:
    """The LTC clusters ``texts`` speak of most: the best one, and the runner-up when it scores at
    least two thirds as much (at most ``most``)."""
    body = " ".join(texts).lower()
    hits = {code: len(rx.findall(body)) for code, rx in _CLUSTER_RES.items()}
    ranked = sorted(CLUSTERS, key=lambda code: -hits[code])  # ties: the order of CLUSTERS
    best = hits[ranked[0]]
    return [ranked[0]] + [c for c in ranked[1:most] if hits[c] > 0 and 3 * hits[c] >= 2 * best]


def _ecosystems(clusters: Sequence[str], texts: Sequence[str]) -> list[str]:
    found = set(guess_ecosystems("", "", " ".join(texts)[:3000]))
    for code in clusters:
        found.update(CLUSTERS[code].ecosystems[0])
    return [e for e in ECOSYSTEMS if e in found]


def read_real_organisations(
    path: Path | None = None, region: str = "Lombardia", max_projects: int = MAX_PROJECTS
) -> list[MemberProfile]:
    """The organisations of ``region`` (all of them), ids ``cordis-<PIC>``, real names, their first
    ``max_projects`` project texts, LTC clusters and ecosystems guessed from those texts.

    Lines that make no valid profile are skipped and counted in the log, never raised.
    """
    out: list[MemberProfile] = []
    skipped = 0
    with (path or DEFAULT_REAL_MEMBERS_PATH).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if region not in record.get("clusters", ()):
                    continue
                competencies = record["competencies"][:max_projects]
                texts = [c["text"] for c in competencies]
                clusters = guess_clusters(texts)
                out.append(
                    MemberProfile.model_validate(
                        {
                            **record,
                            "member_id": f"{REAL_PREFIX}{record['member_id']}",
                            "clusters": clusters,
                            "ecosystems": _ecosystems(clusters, texts),
                            "competencies": competencies,
                        }
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                skipped += 1
    if skipped:
        log.info("real organisations: %d valid, %d skipped", len(out), skipped)
    return out


def with_real_organisations(
    members: Sequence[MemberProfile], path: Path | None = None, max_projects: int = MAX_PROJECTS
) -> list[MemberProfile]:
    """``members`` plus the real Lombardy organisations, sorted by ``member_id``.

    A member named in :data:`SAME_AS` gets its organisation's projects after its own evidence and
    keeps its id, name and clusters; the others join as new members. Without the data file (a
    checkout without ``../shared``), ``members`` unchanged.
    """
    if not (path or DEFAULT_REAL_MEMBERS_PATH).exists():
        log.warning("no %s: the demo runs on the generated members only", path or DEFAULT_REAL_MEMBERS_PATH)
        return list(members)
    real = {m.member_id: m for m in read_real_organisations(path, max_projects=max_projects)}
    out: list[MemberProfile] = []
    for member in members:
        twin = (
            real.pop(REAL_PREFIX + SAME_AS[member.member_id], None) if member.member_id in SAME_AS else None
        )
        if twin is not None:
            member = member.model_copy(update={"competencies": [*member.competencies, *twin.competencies]})
        out.append(member)
    out.extend(real.values())
    return sorted(out, key=lambda m: m.member_id)
