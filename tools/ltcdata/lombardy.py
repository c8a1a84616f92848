"""A deterministic, realistic population of the Lombardy Technological Clusters (LTC).

:func:`generate_members`: published cluster sizes at ``scale=1``, real institutions, fictional
companies, evidence from :mod:`ltcdata.phrases` (details: docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from models.events import S3_ECOSYSTEMS, MemberProfile
from tools.ltcdata.phrases import (
    ACRONYM_HEADS,
    ACRONYM_TAILS,
    AREAS,
    FRAMES,
    PARTNERS,
    PROGRAMMES,
    TAILS,
    Area,
)
from tools.ltcdata.population import (
    CITIES,
    CLUSTERS,
    INSTITUTIONS,
    PUBLIC_BODIES,
    SHARED_PAIRS,
    SIGNATURE_EVIDENCE,
    ClusterSpec,
    Institution,
    SignatureEvidence,
    company_name,
    other_body_name,
    research_centre_name,
)

__all__ = ["CLUSTERS", "ECOSYSTEMS", "SIGNATURE_EVIDENCE", "generate_members"]

#: The eight innovation ecosystems of Lombardy's Smart Specialisation Strategy (S3 2021-2027).
ECOSYSTEMS: tuple[str, ...] = S3_ECOSYSTEMS
_T = TypeVar("_T")
_SME = ("micro", "small", "medium")
_COMPANY_SIZES = (("micro", 28), ("small", 36), ("medium", 24), ("large", 12))
_KIND_WEIGHTS = {
    "company": (("product", 3), ("service", 2), ("project", 2), ("skill", 2)),
    "research": (("publication", 3), ("project", 3), ("skill", 2), ("service", 1)),
    "public": (("project", 2), ("service", 3), ("skill", 1)),
}
_KIND_POOLS = {group: tuple(k for k, w in kinds for _ in range(w)) for group, kinds in _KIND_WEIGHTS.items()}
_N_EVIDENCE = {"company": (2, 6), "research": (4, 7), "public": (2, 4)}
_STAFF = {
    "company": ("engineers", "ingegneri"),
    "research": ("researchers", "ricercatori"),
    "public": ("experts", "esperti"),
}
_EPOCH = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
_FIRST_DAY, _LAST_DAY = dt.date(2018, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()
_SHARED_COMPANY_SHARE = 0.07  # share of company slots filled by a member of two clusters


@dataclass(slots=True)
class _Draft:
    member_id: str
    name: str
    org_type: str
    size: str | None
    city: str
    clusters: list[str] = field(default_factory=list)
    signature: SignatureEvidence | None = None


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _draw(rand: Callable[[], float], items: Sequence[_T]) -> _T:
    """``rng.choice`` at a third of the cost (fine for data generation, not for cryptography)."""
    return items[int(rand() * len(items))]


def _slots(spec: ClusterSpec, scale: float) -> tuple[int, int, int]:
    def one(n: int) -> int:
        return max(1, round(n * scale)) if n else 0

    return one(spec.companies), one(spec.research), one(spec.other)


def _companies(rng: random.Random, scale: float, drafts: list[_Draft], names: set[str]) -> None:
    left = {code: _slots(spec, scale)[0] for code, spec in CLUSTERS.items()}
    caps = {code: int(n * 0.3) for code, n in left.items()}
    counters = dict.fromkeys(CLUSTERS, 0)

    def add(primary: str, second: str | None) -> None:
        counters[primary] += 1
        size = _weighted(rng, _COMPANY_SIZES)
        spec = CLUSTERS[primary]
        draft = _Draft(
            f"{spec.slug}-m-{counters[primary]:04d}",
            company_name(rng, spec, size, names),
            "company",
            size,
            rng.choice(CITIES),
            [primary],
        )
        if second:
            draft.clusters.append(second)
        drafts.append(draft)

    for _ in range(round(_SHARED_COMPANY_SHARE * sum(left.values()))):
        open_pairs = [(a, b, w) for a, b, w in SHARED_PAIRS if caps[a] > 0 and caps[b] > 0]
        if not open_pairs:
            break
        a, b, _w = rng.choices(open_pairs, weights=[p[2] for p in open_pairs])[0]
        if rng.random() < left[b] / (left[a] + left[b]):
            a, b = b, a
        for code in (a, b):
            caps[code] -= 1
            left[code] -= 1
        add(a, b)
    for code in CLUSTERS:
        for _ in range(left[code]):
            add(code, None)


def _pick(rng: random.Random, pool: tuple[Institution, ...], code: str, wanted: int) -> list[Institution]:
    """Weighted draw without replacement: universities join more clusters than single institutes."""
    weight = {"university": 4.0, "research_centre": 1.0, "public_body": 1.0}
    keyed = [(rng.random() ** (1.0 / weight[inst.org_type]), inst) for inst in pool if code in inst.clusters]
    keyed.sort(key=lambda pair: -pair[0])
    return [inst for _, inst in keyed[:wanted]]


def _institutions(rng: random.Random, scale: float, drafts: list[_Draft], names: set[str]) -> None:
    real: dict[str, _Draft] = {}
    for code, spec in CLUSTERS.items():
        _, n_research, n_other = _slots(spec, scale)
        research = _pick(rng, INSTITUTIONS, code, n_research)
        public = _pick(rng, PUBLIC_BODIES, code, round(0.4 * n_other))
        for inst in research + public:
            if inst.member_id not in real:
                real[inst.member_id] = _Draft(inst.member_id, inst.name, inst.org_type, inst.size, inst.city)
                names.add(inst.name)
            real[inst.member_id].clusters.append(code)
        for i in range(n_research - len(research)):
            drafts.append(
                _Draft(
                    f"{spec.slug}-r-{i + 1:04d}",
                    research_centre_name(rng, spec, names),
                    "research_centre",
                    rng.choice(("small", "medium")),
                    rng.choice(CITIES),
                    [code],
                )
            )
        for i in range(n_other - len(public)):
            drafts.append(
                _Draft(
                    f"{spec.slug}-o-{i + 1:04d}",
                    other_body_name(rng, spec, names),
                    "other",
                    rng.choice(("micro", "small")),
                    rng.choice(CITIES),
                    [code],
                )
            )
    drafts.extend(real.values())


def _assign_signatures(rng: random.Random, drafts: list[_Draft], langs: dict[str, str]) -> None:
    for sig in SIGNATURE_EVIDENCE:
        fits = [
            d
            for d in drafts
            if d.signature is None
            and sig.cluster in d.clusters
            and _group(d.org_type) == _group(sig.org_type)
            and (not sig.sme or d.size in _SME)
        ]
        exact = [d for d in fits if d.org_type == sig.org_type]
        for pool in (exact, fits):
            same_lang = [d for d in pool if langs[d.member_id] == sig.lang]
            if pool:
                rng.choice(same_lang or pool).signature = sig
                break


def _group(org_type: str) -> str:
    if org_type == "company":
        return "company"
    return "research" if org_type in ("university", "research_centre") else "public"


def _evidence(rng: random.Random, draft: _Draft, lang: str, areas: list[Area]) -> list[dict[str, Any]]:
    group = _group(draft.org_type)
    low, high = _N_EVIDENCE[group]
    wanted = rng.randint(low, high)
    if group == "research":  # institutions in several clusters show evidence for each
        wanted = max(wanted, min(len(areas), high))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    used_frames: set[tuple[str, str]] = set()
    if draft.signature is not None:
        sig = draft.signature
        out.append({"text": sig.text, "kind": sig.kind, "date": dt.date(2025, 3, 1)})
        seen.add(sig.text)
    rand = rng.random  # bound method: the hot loop below draws a lot, cheaply
    for attempt in range(wanted * 4):
        if len(out) >= wanted:
            break
        area = areas[attempt % len(areas)] if attempt < len(areas) else _draw(rand, areas)
        kind = _draw(rand, _KIND_POOLS[group])
        frames = FRAMES.get((kind, group)) or FRAMES[(kind, "*")]
        fresh = [f for f in frames if f not in used_frames]
        frame = _draw(rand, fresh or frames)
        side = (0 if rand() < 0.5 else 1) if lang == "mixed" else (0 if lang == "en" else 1)
        first = int(rand() * len(area.methods))
        second = (first + 1 + int(rand() * (len(area.methods) - 1))) % len(area.methods)
        y1, countries = 2019 + int(rand() * 7), 3 + int(rand() * 4)
        y0 = y1 - 2 - int(rand() * 3)
        values = {
            "T": _draw(rand, area.things)[side],
            "U": _draw(rand, area.uses)[side],
            "M": area.methods[first][side],
            "M2": area.methods[second][side],
            "X": _draw(rand, area.extras)[side],
            "P": _draw(rand, PARTNERS)[side],
            "prog": _draw(rand, PROGRAMMES[y0 >= 2021]),
            "city": draft.city,
            "acr": _draw(rand, ACRONYM_HEADS) + _draw(rand, ACRONYM_TAILS),
            "y0": y0,
            "y1": y1,
            "n": 3 + int(rand() * 38),
            "c": countries,
            "k": countries + 2 + int(rand() * 7),
            "trl": 5 + int(rand() * 4),
            "pct": 5 * (4 + int(rand() * 13)),
            "w": 3 + int(rand() * 14),
            "staff": _STAFF[group][side],
        }
        text = frame[side].format(**values)
        if group == "company" and kind in ("product", "service") and rand() < 0.6:
            text += " " + _draw(rand, TAILS)[side].format(**values)
        text = text[0].upper() + text[1:]
        if text in seen:
            continue
        seen.add(text)
        used_frames.add(frame)
        date: dt.date | None = None
        if kind == "project":
            date = dt.date(y1, 1 + int(rand() * 12), 1)
        elif kind in ("product", "publication") or (kind == "service" and rand() < 0.5):
            date = dt.date.fromordinal(_FIRST_DAY + int(rand() * (_LAST_DAY - _FIRST_DAY + 1)))
        out.append({"text": text, "kind": kind, "date": date})
    return out


def _profile(rng: random.Random, draft: _Draft, lang: str) -> dict[str, Any]:
    areas: list[Area] = []
    for i, code in enumerate(draft.clusters):
        pool = AREAS[code]
        picks = rng.sample(pool, 2 if i == 0 and len(draft.clusters) == 1 and rng.random() < 0.5 else 1)
        areas.extend(p for p in picks if p not in areas)
    ecosystems: list[str] = []
    for code in draft.clusters:
        primary, secondary = CLUSTERS[code].ecosystems
        ecosystems.extend(primary)
        ecosystems.extend(rng.sample(secondary, rng.randint(0, 2)))
    profile: dict[str, Any] = {
        "member_id": draft.member_id,
        "name": draft.name,
        "clusters": draft.clusters,
        "org_type": draft.org_type,
        "size": draft.size,
        "city": draft.city,
        "ecosystems": [e for e in ECOSYSTEMS if e in ecosystems],
        "competencies": _evidence(rng, draft, lang, areas),
        "updated_at": _EPOCH + dt.timedelta(days=rng.randrange(150), minutes=rng.randrange(600)),
    }
    if draft.org_type == "company" and draft.size in _SME:
        profile["notify"] = {"enabled": True, "min_score": rng.choice((0.5, 0.55, 0.6, 0.65, 0.7))}
    return profile


def generate_members(seed: int = 7, scale: float = 1.0) -> list[MemberProfile]:
    """The cluster population, sorted by ``member_id``: same ``seed`` and ``scale``, same members.

    ``scale`` multiplies every cluster's member counts (at ``scale=50`` about 30,000 members, for
    load tests); the real institutions are finite, so beyond them new research centres are invented.
    About 40% of members write their evidence in Italian, a few mix Italian and English.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    rng = random.Random(seed)
    drafts: list[_Draft] = []
    names: set[str] = set()
    _companies(rng, scale, drafts, names)
    _institutions(rng, scale, drafts, names)
    drafts.sort(key=lambda d: d.member_id)
    langs = {d.member_id: _weighted(rng, (("it", 38), ("mixed", 5), ("en", 57))) for d in drafts}
    _assign_signatures(rng, drafts, langs)
    return [MemberProfile.model_validate(_profile(rng, d, langs[d.member_id])) for d in drafts]
