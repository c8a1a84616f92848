"""Levers measured in the seventh pass of issue 12 and not adopted (docs/QUALITY.md, *Seventh pass*),
each re-run by name, all of them with none named:

    python -m tools.evaluation.levers [partners] [boilerplate] [titles] [char-lexical] [blend] \
        [char-crosslingual]

Every lever is simulated on the real scores of the default configuration (no scorer code changes):
the Horizon rows print :data:`tools.evaluation.hecalls.COLUMNS`, the twin rows print the parity of
:func:`tools.evaluation.twins.parity`.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression

from matcher.components import affinity_room
from matcher.config import ScoringConfig
from matcher.scoring import Match, MatchScorer
from models.events import Competency, MemberProfile, Opportunity
from tools.evaluation import hecalls as he
from tools.evaluation.crosslingual import member_for, opportunity_for
from tools.evaluation.harness import Context, parse_args
from tools.evaluation.suites import configure
from tools.evaluation.twins import COLUMNS as TWIN_COLUMNS
from tools.evaluation.twins import Adjust, parity, twin_matches
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS
from tools.ltcdata.twins import TWIN_RELEVANT, Language, twin_members, twin_opportunities
from tools.usage import asked_for_help

__all__ = ["LEVERS", "main", "partners_of"]

Scores = dict[str, dict[str, float]]
Fit = tuple[LinearRegression, list[int]]
#: (opportunity language, members' language) of the cross-language runs.
ACROSS: tuple[tuple[Language, Language], ...] = (("en", "it"), ("it", "en"))
#: Character n-grams within words: cognates (``riciclo`` / ``recycling`` share little, but
#: ``idrometallurgico`` / ``hydrometallurgical`` share ``metallurg``) overlap across languages.
CHAR_NGRAMS = (3, 5)


def _print(name: str, cells: Iterable[float]) -> None:
    print(name, " ".join(f"{v:.3f}" for v in cells), flush=True)


def _text(member: MemberProfile) -> str:
    return " ".join(c.text for c in member.competencies)


def _query_text(opportunity: Opportunity) -> str:
    return f"{opportunity.title}. {opportunity.description}"  # what the scorer's lexical part reads


def _char_tfidf(texts: Iterable[str]) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True).fit(texts)


def _scored(
    ctx: Context, config: ScoringConfig, members: list[MemberProfile], backend: str = "minilm"
) -> dict[str, list[Match]]:
    scorer = ctx.scorer(backend, config).fit(members)
    out = {q.opportunity.opportunity_id: scorer.score(q.opportunity) for q in ctx.hecalls_data.queries}
    ctx.flush()
    return out


def _scores(
    matches: Mapping[str, list[Match]], value: Callable[[Match], float] = lambda m: m.score
) -> Scores:
    return {o: {m.member_id: value(m) for m in ms} for o, ms in matches.items()}


def partners_of(members: Iterable[MemberProfile]) -> dict[str, set[str]]:
    """Each member's partners: the other members with one of its evidence texts (a shared project)."""
    members = list(members)
    holders: dict[str, set[str]] = defaultdict(set)
    for m in members:
        for c in m.competencies:
            holders[c.text].add(m.member_id)
    return {
        m.member_id: set().union(*(holders[c.text] for c in m.competencies)) - {m.member_id} for m in members
    }


def partners(ctx: Context) -> None:
    """A member gains γ × what its partners score on the call (their best, mean, or 1 − e^(−sum))."""
    data = ctx.hecalls_data
    scores = _scores(_scored(ctx, configure(), data.members))
    of = partners_of(data.members)
    _print("default", he.columns(scores, data))
    pool: dict[str, Callable[[list[float]], float]] = {
        "max": max,
        "mean": lambda v: sum(v) / len(v),
        "sum": lambda v: 1.0 - float(np.exp(-sum(v))),
    }
    for mode, gamma in (
        ("max", 0.1),
        ("max", 0.2),
        ("mean", 0.05),
        ("mean", 0.1),
        ("sum", 0.05),
        ("sum", 0.1),
    ):
        propagated = {
            o: {
                m: s + gamma * pool[mode]([by.get(p, 0.0) for p in of[m]]) if of[m] else s
                for m, s in by.items()
            }
            for o, by in scores.items()
        }
        _print(f"partners' {mode}, γ {gamma}", he.columns(propagated, data))


_CALL_ID = re.compile(r"Horizon Europe call topic \S+ \(call [^)]*\)\. ")
_ACTION = re.compile(r"Type of action: [^.]*\. ")
_PART = re.compile(r"Programme part: [^.]*\. ")


def boilerplate(ctx: Context) -> None:
    """The Horizon topics without their identifiers, type of action and programme part."""
    data = ctx.hecalls_data
    scorer = ctx.scorer("minilm", configure()).fit(data.members)
    strips: dict[str, list[re.Pattern[str]]] = {
        "as published": [],
        "without the topic and call ids": [_CALL_ID],
        "… and the type of action": [_CALL_ID, _ACTION],
        "… and the programme part": [_CALL_ID, _ACTION, _PART],
    }
    for name, patterns in strips.items():
        scores = {}
        for q in data.queries:
            description = q.opportunity.description
            for pattern in patterns:
                description = pattern.sub("", description)
            opportunity = q.opportunity.model_copy(update={"description": description})
            scores[opportunity.opportunity_id] = {m.member_id: m.score for m in scorer.score(opportunity)}
        _print(name, he.columns(scores, data))
    ctx.flush()


def titles(ctx: Context) -> None:
    """Each project's title ("title. objective" up to the first ". ") as one more evidence row."""
    data = ctx.hecalls_data
    with_titles = [
        m.model_copy(
            update={
                "competencies": [
                    *m.competencies,
                    *(Competency(text=c.text.split(". ", 1)[0], kind="publication") for c in m.competencies),
                ]
            }
        )
        for m in data.members
    ]
    dense: dict[str, object] = {"lexical_weight": 0.0, "evidence_breadth": 0.0, "evidence_bonus": 0.0}
    for name, members, changes in (
        ("dense only", data.members, dense),
        ("dense only, with title rows", with_titles, dense),
        ("default without breadth", data.members, {"evidence_breadth": 0.0}),
        ("default without breadth, with title rows", with_titles, {"evidence_breadth": 0.0}),
    ):
        _print(name, he.columns(_scores(_scored(ctx, configure(**changes), members)), data))


def char_lexical(ctx: Context) -> None:
    """The lexical part from character n-grams instead of words (TF-IDF cosine / saturation)."""
    data = ctx.hecalls_data
    config = configure()
    share = affinity_room(config) * config.lexical_weight
    matches = _scored(ctx, config, data.members)
    _print("default (words)", he.columns(_scores(matches), data))
    _print("no lexical part", he.columns(_scores(matches, lambda m: m.score - m.components["lexical"]), data))
    ids = [m.member_id for m in data.members]
    vectorizer = _char_tfidf(_text(m) for m in data.members)
    rows = vectorizer.transform([_text(m) for m in data.members])
    position = {m: i for i, m in enumerate(ids)}
    cosines = {
        q.opportunity.opportunity_id: (rows @ vectorizer.transform([_query_text(q.opportunity)]).T)
        .toarray()
        .ravel()
        for q in data.queries
    }
    for saturation in (0.2, 0.3, 0.4, 0.5):
        scores = {
            o: {
                m.member_id: m.score
                - m.components["lexical"]
                + share * min(float(cosines[o][position[m.member_id]]) / saturation, 1.0)
                for m in ms
            }
            for o, ms in matches.items()
        }
        _print(
            f"character {CHAR_NGRAMS[0]}–{CHAR_NGRAMS[1]}-grams, saturation {saturation}",
            he.columns(scores, data),
        )


def blend(ctx: Context) -> None:
    """USE's dense relevance mixed into English pairs (share β of the dense part), on the Horizon calls."""
    data = ctx.hecalls_data
    config = configure()
    minilm, alone = _scored(ctx, config, data.members), _scored(ctx, config, data.members, "use")
    use = _scores(alone, lambda m: m.components["affinity"])
    _print("MiniLM (the default)", he.columns(_scores(minilm), data))
    _print("USE", he.columns(_scores(alone), data))
    for beta in (0.25, 0.5):
        scores = {
            o: {
                m.member_id: m.score + beta * (use[o].get(m.member_id, 0.0) - m.components["affinity"])
                for m in ms
            }
            for o, ms in minilm.items()
        }
        _print(f"blend β {beta}", he.columns(scores, data))


def char_crosslingual(ctx: Context) -> None:
    """Character n-grams as a cross-language signal: retrieval on the hand-written pairs, then the
    cross-language route fitted (linear regression on its relevance and the n-gram cosine) to the
    same-language route's affinity of the same content, and the twin parity it gives."""
    config = ScoringConfig()
    room = affinity_room(config)
    text: dict[Language, list[str]] = {
        "it": [p[0] for p in CROSSLINGUAL_PAIRS],
        "en": [p[1] for p in CROSSLINGUAL_PAIRS],
    }
    n = len(CROSSLINGUAL_PAIRS)
    print(f"hand-written pairs ({n}): rank-1 it→en / en→it")
    for name, vectorizer in (
        ("word TF-IDF", TfidfVectorizer(sublinear_tf=True)),
        (
            f"character {CHAR_NGRAMS[0]}–{CHAR_NGRAMS[1]}-gram TF-IDF",
            TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True),
        ),
    ):
        vectorizer.fit(text["it"] + text["en"])
        sims = (vectorizer.transform(text["it"]) @ vectorizer.transform(text["en"]).T).toarray()
        _print(
            name,
            [float(np.mean(sims.argmax(1) == np.arange(n))), float(np.mean(sims.argmax(0) == np.arange(n)))],
        )

    members = {lang: {m.member_id: _text(m) for m in twin_members(lang)} for lang in ("en", "it")}
    calls = {
        lang: {o.opportunity_id: _query_text(o) for o in twin_opportunities(lang)} for lang in ("en", "it")
    }
    vectorizer = _char_tfidf([*members["en"].values(), *members["it"].values()])

    def whole_affinity(components: Mapping[str, float]) -> float:
        """A pair's affinity with its lexical part, as a share of the room the bonuses leave."""
        return (components["affinity"] + components.get("lexical", 0.0)) / room

    def relevance_on_pairs(query: Language, member: Language) -> NDArray[np.float64]:
        """n × n: affinity (with its lexical part) / room of hand-written text j for text i."""
        scorer = ctx.scorer("routed", config).fit(
            [member_for(f"m{j}", t) for j, t in enumerate(text[member])]
        )
        out = np.zeros((n, n))
        for i, t in enumerate(text[query]):
            for m in scorer.score(opportunity_for("q", t)):
                out[i, int(m.member_id[1:])] = whole_affinity(m.components)
        return out

    def char_cosines(
        call: str, ids: list[str], language: Language, call_language: Language
    ) -> NDArray[np.float64]:
        rows = vectorizer.transform([members[language][i] for i in ids])
        return np.asarray((rows @ vectorizer.transform([calls[call_language][call]]).T).toarray()).ravel()

    def refit(fits: Mapping[Language, Fit]) -> Adjust:
        def adjust(
            call: Language, member: Language, opportunity: Opportunity, matches: list[Match]
        ) -> list[Match]:
            if call == member:
                return matches
            model, columns = fits[call]
            ids = [m.member_id for m in matches]
            used = np.array([m.components["affinity"] / room for m in matches])
            x = np.column_stack([used, char_cosines(opportunity.opportunity_id, ids, member, call)])[
                :, columns
            ]
            affinity = np.clip(model.predict(x), 0.0, 1.0) * room
            moved = [
                dataclasses.replace(m, score=m.score - m.components["affinity"] + float(a))
                for m, a in zip(matches, affinity, strict=True)
            ]
            return sorted(moved, key=lambda m: -m.score)

        return adjust

    def scorer() -> MatchScorer:
        return ctx.scorer("routed", config)

    hand: dict[str, dict[Language, Fit]] = {"USE": {}, "USE + n-grams": {}}
    for call, member in ACROSS:
        target = relevance_on_pairs(call, call).ravel()
        used = relevance_on_pairs(call, member).ravel()
        grams = (vectorizer.transform(text[call]) @ vectorizer.transform(text[member]).T).toarray().ravel()
        x = np.column_stack([used, grams])
        for name, columns in (("USE", [0]), ("USE + n-grams", [0, 1])):
            hand[name][call] = (LinearRegression().fit(x[:, columns], target), columns)
    print(f"twins: {' / '.join(TWIN_COLUMNS)}")
    _print("today", parity(scorer).row())
    for name, fits in hand.items():
        _print(f"fitted on the hand-written pairs: {name}", parity(scorer, adjust=refit(fits)).row())

    # fitted on the twins' even-numbered opportunities, counted on the odd-numbered ones
    ids = list(TWIN_RELEVANT)
    even, odd = set(ids[0::2]), set(ids[1::2])
    runs: dict[tuple[str, str], dict[str, dict[str, Match]]] = defaultdict(dict)
    for call, member, opportunity, matches in twin_matches(scorer):
        runs[call, member][opportunity.opportunity_id] = {m.member_id: m for m in matches}
    twin_fit: dict[Language, Fit] = {}
    for call, member in ACROSS:
        rows, target_rows = [], []
        for o in sorted(even):
            both = [i for i in runs[call, member][o] if i in runs[call, call][o]]
            across = [runs[call, member][o][i].components["affinity"] / room for i in both]
            rows.append(np.column_stack([across, char_cosines(o, both, member, call)]))
            target_rows += [whole_affinity(runs[call, call][o][i].components) for i in both]
        twin_fit[call] = (LinearRegression().fit(np.vstack(rows), np.array(target_rows)), [0, 1])
    _print("odd-numbered opportunities, today", parity(scorer, only=odd).row())
    _print(
        "odd-numbered opportunities, fitted on the even ones: USE + n-grams",
        parity(scorer, adjust=refit(twin_fit), only=odd).row(),
    )
    ctx.flush()


LEVERS: dict[str, Callable[[Context], None]] = {
    "partners": partners,
    "boilerplate": boilerplate,
    "titles": titles,
    "char-lexical": char_lexical,
    "blend": blend,
    "char-crosslingual": char_crosslingual,
}


def main(argv: list[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or list(LEVERS)
    if asked_for_help(names, __doc__):
        return 0
    unknown = [n for n in names if n not in LEVERS]
    if unknown:
        print(f"unknown lever {', '.join(unknown)}; choose from {', '.join(LEVERS)}", file=sys.stderr)
        return 2
    ctx = Context(parse_args([]))
    print(f"Horizon rows: {he.COLUMNS}")
    for name in names:
        print(f"## {name}", flush=True)
        LEVERS[name](ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
