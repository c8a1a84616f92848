"""Lexical TF-IDF: rare technical terms count, incremental document frequencies stay right."""

from __future__ import annotations

import numpy as np
from factories import HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.lexical import LexicalIndex
from matcher.scoring import MatchScorer


def test_rare_acronym_outweighs_common_words() -> None:
    lex = LexicalIndex()
    lex.add("a", "LPBF process monitoring for titanium parts")
    lex.add("b", "process monitoring and quality for production parts")
    lex.add("c", "quality production process for parts")
    sims = lex.similarities("LPBF parts", ["a", "b", "c"])
    assert sims[0] > sims[1] and sims[0] > sims[2]


def test_remove_and_replace_keep_document_frequencies_consistent() -> None:
    lex = LexicalIndex(n_features=2**12)
    lex.add("a", "graphene coatings")
    lex.add("a", "ceramic membranes")
    lex.add("b", "ceramic membranes")
    assert lex.remove("b") and not lex.remove("b")
    fresh = LexicalIndex(n_features=2**12)
    fresh.add("a", "ceramic membranes")
    np.testing.assert_array_equal(lex._df, fresh._df)
    assert lex.similarities("graphene", ["a"])[0] == 0.0


def test_lexical_weight_adds_a_named_component_that_can_reorder() -> None:
    members = [
        member("exact", "SiC MOSFET gate driver design"),
        member("close", "power electronics converters and inverters"),
    ]
    opp = opportunity("o", "SiC MOSFET", "SiC MOSFET reliability")
    dense_only = ScoringConfig(min_score=0.0, explain_min_relevance=0.0, lexical_weight=0.0)
    without = MatchScorer(HashingEncoder(), HashingEncoder("ml"), dense_only).fit(members)
    assert "lexical" not in without.rank(opp)[0].components
    hybrid = MatchScorer(
        HashingEncoder(),
        HashingEncoder("ml"),
        ScoringConfig(min_score=0.0, explain_min_relevance=0.0, lexical_weight=0.5),
    ).fit(members)
    ranked = hybrid.rank(opp)
    assert ranked[0].member_id == "exact" and ranked[0].components["lexical"] > 0
    assert ranked[1].components["lexical"] == 0.0


def test_lexical_share_is_not_taken_from_members_who_speak_another_language() -> None:
    italian = member("it", "saldatura laser di vassoi per batterie in alluminio")
    opp = opportunity("o", "Laser welding", "laser welding of aluminium battery trays")
    config = ScoringConfig(min_score=0.0, explain_min_relevance=0.0, lexical_weight=0.5)
    hybrid = MatchScorer(HashingEncoder(), HashingEncoder("ml"), config).fit([italian])
    dense = MatchScorer(
        HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0, explain_min_relevance=0.0)
    ).fit([italian])
    with_lexical, without = hybrid.rank(opp)[0], dense.rank(opp)[0]
    assert with_lexical.components["lexical"] == 0.0
    assert with_lexical.components["affinity"] == without.components["affinity"]


def _reference_cosine(lex: LexicalIndex, query: str, member_ids: list[str]) -> np.ndarray:
    """The textbook formula: re-weight every document by the IDF, then cosine."""
    idf = np.log((1.0 + len(lex)) / (1.0 + lex._df)) + 1.0
    q = lex._terms(query).multiply(idf).toarray().ravel()
    out = []
    for m in member_ids:
        d = lex._stack_rows([m]).multiply(idf).toarray().ravel()
        out.append(float(d @ q) / max(float(np.linalg.norm(d) * np.linalg.norm(q)), 1e-12))
    return np.array(out)


def test_cached_weights_follow_every_change_of_the_members() -> None:
    lex = LexicalIndex(n_features=2**14)
    lex.add("a", "laser welding of aluminium trays")
    lex.add("b", "aluminium extrusion and casting")
    ids = ["a", "b"]
    query = "laser welding aluminium"
    np.testing.assert_allclose(lex.similarities(query, ids), _reference_cosine(lex, query, ids), rtol=1e-6)
    # same list object, changed document set: the cached norms and IDF must not be reused
    lex.add("c", "aluminium aluminium recycling")
    lex.add("b", "laser cladding of tool steel")
    np.testing.assert_allclose(lex.similarities(query, ids), _reference_cosine(lex, query, ids), rtol=1e-6)
    lex.remove("c")
    np.testing.assert_allclose(lex.similarities(query, ids), _reference_cosine(lex, query, ids), rtol=1e-6)
    assert lex.similarities("nothing indexed here", ids).tolist() == [0.0, 0.0]


def test_a_member_is_stored_as_two_arrays_not_a_scipy_matrix() -> None:
    lex = LexicalIndex(n_features=2**14)
    text = "laser laser welding of aluminium trays"
    lex.add("a", text)
    doc, reference = lex._docs["a"], lex._terms(text)
    assert not hasattr(doc, "__dict__")  # slots only: no per-member scipy object
    np.testing.assert_array_equal(doc.indices, reference.indices)
    np.testing.assert_array_equal(doc.data, reference.data)  # the same sublinear tf values
    lex.remove("a")
    assert not lex._df.any()
