"""Evaluation harness: metrics on hand-computed cases, loaders on the real files, data sanity."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from factories import HashingEncoder

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer
from matcher.text import detect_language
from models.events import Seeking
from tools.evaluation.cache import DiskCachedEncoder, texts_to_embed
from tools.evaluation.cordis import CordisSet, load_fp7, load_h2020, normalise_name, run_queries
from tools.evaluation.crosslingual import member_for, opportunity_for
from tools.evaluation.lrbench import evaluate, load_lrbench, score_pairs
from tools.evaluation.metrics import (
    expected_rank1,
    holdout_split,
    ndcg_at_k,
    pairwise_accuracy,
    recall_at_k,
    weighted_pairwise_loss,
)
from tools.evaluation.report import Table, render_markdown, write_docs
from tools.evaluation.sweep import score_each, sweep_scores
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS, PAIRS_BY_DOMAIN

# -- metrics -------------------------------------------------------------------------------------


def test_weighted_pairwise_loss_charges_wrong_orders_fully_and_ties_half() -> None:
    # right (w=1), wrong (w=2), tie (w=3): (0 + 2 + 1.5) / 6
    loss = weighted_pairwise_loss([0.9, 0.2, 0.5], [0.1, 0.3, 0.5], [1, 2, 3])
    assert loss == pytest.approx(3.5 / 6)
    assert pairwise_accuracy([0.9, 0.2, 0.5], [0.1, 0.3, 0.5]) == pytest.approx(1 / 3)


def test_pairwise_loss_bounds() -> None:
    assert weighted_pairwise_loss([1, 1], [0, 0], [1, 4]) == 0.0
    assert weighted_pairwise_loss([0, 0], [1, 1], [1, 4]) == 1.0
    assert weighted_pairwise_loss([0.5, 0.5], [0.5, 0.5], [1, 4]) == 0.5  # a constant scorer
    with pytest.raises(ValueError):
        weighted_pairwise_loss([1.0], [0.0, 1.0], [1.0])


def test_recall_at_k() -> None:
    scores = {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.6}
    assert recall_at_k(scores, {"b", "d"}, k=2) == 0.5
    assert recall_at_k(scores, {"b", "d"}, k=4) == 1.0
    assert recall_at_k(scores, {"a"}, k=1) == 1.0


def test_ndcg_at_k() -> None:
    scores = {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.6}
    # relevant at positions 2 and 4; k=3 sees only the one at position 2
    dcg = 1 / math.log2(3)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at_k(scores, {"b", "d"}, k=3) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(scores, {"a", "b"}, k=3) == pytest.approx(1.0)
    # more relevant than k: the ideal is k hits
    assert ndcg_at_k(scores, {"a", "b", "c", "d"}, k=2) == pytest.approx(1.0)


def test_ranking_metrics_share_ties_instead_of_breaking_them() -> None:
    scores = {"a": 0.5, "b": 0.5, "c": 0.1}
    assert recall_at_k(scores, {"a"}, k=1) == pytest.approx(0.5)
    assert ndcg_at_k(scores, {"a"}, k=1) == pytest.approx(0.5)
    # both tied slots inside k: expected DCG = 0.5 * (1 + 1/log2(3)), ideal = 1
    assert ndcg_at_k(scores, {"a"}, k=2) == pytest.approx(0.5 * (1 + 1 / math.log2(3)))
    assert expected_rank1(scores, "a") == pytest.approx(0.5)
    assert expected_rank1(scores, "c") == 0.0
    with pytest.raises(ValueError):
        recall_at_k(scores, {"zzz"}, k=1)


def test_scores_apart_by_float_noise_are_still_a_tie() -> None:
    """Members described by the same texts score up to ~5e-7 apart depending on memory layout
    (docs/QUALITY.md, sixth pass): that noise must not decide their order; 1e-5 apart is an order."""
    noisy = {"same-a": 0.31910014152526855, "same-b": 0.3190998435020447, "other": 0.1}  # seen, 3e-7
    assert ndcg_at_k(noisy, {"same-b"}, k=1) == pytest.approx(0.5)
    assert expected_rank1(noisy, "same-b") == pytest.approx(0.5)
    apart = {"a": 0.80617, "b": 0.80616}
    assert ndcg_at_k(apart, {"a"}, k=1) == 1.0 and ndcg_at_k(apart, {"b"}, k=1) == 0.0


def test_holdout_split_is_fixed_disjoint_and_complete() -> None:
    keys = [f"k{i}" for i in range(11)] * 2
    dev, test = holdout_split(keys, seed=1)
    assert holdout_split(list(reversed(keys)), seed=1) == (dev, test)
    assert not dev & test and dev | test == set(keys) and len(dev) == 6
    assert holdout_split(keys, seed=2) != (dev, test)


# -- loaders on the real files --------------------------------------------------------------------


def test_lrbench_loader_reads_all_items_and_splits_by_manuscript() -> None:
    bench = load_lrbench()
    assert len(bench.items) == 212 and len(bench.members) == 235 and len(bench.opportunities) == 150
    assert all(i.positive_score > i.negative_score and i.weight >= 1 for i in bench.items)
    assert not bench.dev & bench.test and len(bench.subset("dev")) + len(bench.subset("test")) == 212
    easy, hard = bench.subset("easy"), bench.subset("hard")  # by the gap in familiarity, all items
    assert (len(easy), len(hard)) == (116, 96) and {i.weight for i in hard} == {1}
    assert min(i.weight for i in easy) == 2
    papers = {m.member_id: len(m.competencies) for m in bench.members}
    assert min(papers.values()) >= 1 and sum(papers.values()) > 1000


def test_lrbench_scores_every_expert_with_any_encoder() -> None:
    bench = load_lrbench(limit=20)
    scorer = MatchScorer(HashingEncoder(), None, ScoringConfig(min_score=0)).fit(bench.members)
    scores = score_pairs(scorer, bench, {"base": scorer.config})["base"]
    assert set(scores) == set(bench.opportunities) and all(
        len(s) == len(bench.members) for s in scores.values()
    )
    result = evaluate(scores, bench.items)
    assert result.n == 20 and 0.0 <= result.loss <= 1.0


def test_cordis_loaders_map_activity_types_and_remove_the_seed() -> None:
    h2020 = load_h2020()
    assert len(h2020.projects) == 26
    assert sum(len(p) for p in h2020.partners.values()) + 14 == 1075  # 1,076 rows, one duplicate
    assert h2020.seeds == {"h2020-999984059"}  # Fraunhofer: 14 of 26 projects
    assert set(h2020.org_types.values()) == {
        "company",
        "university",
        "research_centre",
        "public_body",
        "other",
    }
    fp7 = load_fp7()
    assert len(fp7.projects) == 286 and len(fp7.seeds) == 1  # INRAE: 280 of 286 projects
    assert not any(fp7.seeds & orgs for orgs in fp7.partners.values())
    assert normalise_name(" Università  di Bologna, ") == "UNIVERSITA DI BOLOGNA"


def test_cordis_queries_hide_the_project_from_its_partners_and_restore_it() -> None:
    data = CordisSet(
        "toy",
        {
            "p1": ("Laser welding", "laser welding of aluminium battery trays for cars"),
            "p2": ("Welding", "laser welding robots and aluminium joining"),
            "p3": ("Wine", "organic wine production and vineyard soil"),
            "p4": ("Vineyards", "vineyard soil sensors for organic wine"),
        },
        {"p1": {"weld", "lab", "solo"}, "p2": {"weld", "lab"}, "p3": {"wine"}, "p4": {"wine", "agro"}},
        {
            "weld": "company",
            "lab": "university",
            "solo": "company",
            "wine": "company",
            "agro": "research_centre",
        },
    ).finish(seed=3)
    scorer = MatchScorer(HashingEncoder(), None, ScoringConfig(min_score=0))
    results = list(run_queries(scorer, data, {"base": scorer.config}, ["p1"]))
    overall = next(r for r in results if r.kind == "overall")
    assert overall.relevant == 2 and overall.dropped == 1  # "solo" has no other project
    assert overall.recall == 1.0
    assert {r.kind for r in results} == {"overall", "company→research", "research→company"}
    assert len(scorer.members_["weld"].competencies) == 2  # restored after the query


# -- cross-language pairs ------------------------------------------------------------------------


def test_crosslingual_pairs_are_many_distinct_and_in_the_right_languages() -> None:
    assert 55 <= len(CROSSLINGUAL_PAIRS) <= 70
    assert len(PAIRS_BY_DOMAIN) >= 8 and all(len(p) >= 5 for p in PAIRS_BY_DOMAIN.values())
    assert (
        len({it for it, _ in CROSSLINGUAL_PAIRS})
        == len({en for _, en in CROSSLINGUAL_PAIRS})
        == len(CROSSLINGUAL_PAIRS)
    )
    for italian, english in CROSSLINGUAL_PAIRS:
        assert detect_language(italian) == "it", italian
        assert detect_language(english) == "en", english
        assert 8 <= len(english.split()) <= 40 and len(italian) <= 300
        ratio = len(italian.split()) / len(english.split())
        assert 0.7 <= ratio <= 1.6, (italian, english)  # a translation, not a summary


def test_crosslingual_pairs_share_domains_but_not_sentences() -> None:
    words = Counter(w for _, en in CROSSLINGUAL_PAIRS for w in set(en.lower().split()))
    assert words["titanium"] >= 2 and words["predictive"] >= 2  # deliberate cross-pair overlaps


# -- cache and report ----------------------------------------------------------------------------


def test_disk_cache_embeds_once_across_instances(tmp_path: Path) -> None:
    inner = HashingEncoder()
    first = DiskCachedEncoder(inner, tmp_path)
    a = first.encode(["laser welding", "wine", "laser welding"])
    assert inner.texts_encoded == 2 and first.flush() == 2
    again = DiskCachedEncoder(inner, tmp_path)
    b = again.encode(["wine", "laser welding"])
    assert inner.texts_encoded == 2 and (again.hits, again.misses) == (2, 0)
    np.testing.assert_array_equal(b[1], a[0])
    assert again.name == inner.name and again.encode([]).shape == (0, inner.dim)


def test_disk_cache_can_be_disabled(tmp_path: Path) -> None:
    cached = DiskCachedEncoder(HashingEncoder(), None)
    cached.encode(["alpha beta"])
    assert cached.flush() == 0 and not any(tmp_path.iterdir())


def test_texts_to_embed_lists_chunks_and_opportunity_pieces() -> None:
    bench = load_lrbench(limit=3)
    texts = texts_to_embed(bench.members, bench.opportunities.values(), 120)
    assert len(texts) == len(set(texts))
    assert all(o.title in texts for o in bench.opportunities.values())


def test_write_docs_replaces_only_its_own_block(tmp_path: Path) -> None:
    path = tmp_path / "QUALITY.md"
    path.write_text("# Quality\n\nprose stays\n\n<!-- eval:a -->\nold\n<!-- /eval:a -->\n\ntail\n")
    table = Table("T", ["x", "y"])
    table.add("row", 0.12345)
    write_docs(path, {"a": render_markdown([table]), "b": "new block"})
    text = path.read_text()
    assert "prose stays" in text and "tail" in text and "old" not in text
    assert "| row | 0.123 |" in text and "<!-- eval:b -->\nnew block\n<!-- /eval:b -->" in text


# -- the fast selection path agrees with the real scorer --------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"aggregation": "max"},
        {"aggregation": "topk_mean", "evidence_k": 2},
        {
            "aggregation": "softmax",
            "softmax_temperature": 0.2,
            "lexical_weight": 0.3,
            "lexical_saturation": 0.2,
        },
        {"lexical_weight": 1.0, "lexical_saturation": 1.0},
        {"evidence_kinds": None, "evidence_saturation_by_org": {"university": 8}},  # a prior that varies
        {"evidence_breadth": 0.3},  # experts have many papers: breadth varies
        {"evidence_breadth": 0.0},
    ],
)
def test_sweep_scores_rank_like_the_real_scorer(changes: dict[str, object]) -> None:
    bench = load_lrbench(limit=15)
    scorer = MatchScorer(HashingEncoder(), None, ScoringConfig(min_score=0)).fit(bench.members)
    configs = {"c": ScoringConfig.model_validate({"min_score": 0, **changes})}
    for opportunity in list(bench.opportunities.values())[:5]:
        query = scorer.encode_opportunity(opportunity)
        real = score_each(scorer, opportunity, query, configs)["c"]
        fast = sweep_scores(scorer, opportunity, query, configs)["c"]
        assert real.keys() == fast.keys()
        ids = sorted(real)
        # the real score adds the same bonus to everyone and rescales nothing: a constant shift
        shift = {round(real[m] - fast[m], 5) for m in ids}
        assert len(shift) == 1


def test_sweep_scores_apply_the_seeking_filter() -> None:
    members = [
        load_lrbench(limit=2).members[0],
        *(
            m.model_copy(update={"member_id": f"co-{i}", "org_type": "company"})
            for i, m in enumerate(load_lrbench(limit=2).members[1:3])
        ),
    ]
    scorer = MatchScorer(HashingEncoder(), None, ScoringConfig(min_score=0)).fit(members)
    opp = next(iter(load_lrbench(limit=1).opportunities.values())).model_copy(
        update={"seeking": Seeking(org_types=["company"])}
    )
    query = scorer.encode_opportunity(opp)
    configs = {"c": ScoringConfig(min_score=0)}
    assert set(sweep_scores(scorer, opp, query, configs)["c"]) == set(
        score_each(scorer, opp, query, configs)["c"]
    )
    assert set(sweep_scores(scorer, opp, query, configs)["c"]) == {"co-0", "co-1"}


def test_sweep_scores_give_lexical_weight_only_to_members_speaking_the_query_language() -> None:
    texts = [t for pair in CROSSLINGUAL_PAIRS[:6] for t in pair]
    members = [member_for(f"m{i}", t) for i, t in enumerate(texts)]
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0)).fit(members)
    configs = {"c": ScoringConfig(min_score=0, lexical_weight=0.5, lexical_saturation=0.3)}
    for text in (CROSSLINGUAL_PAIRS[0][1], CROSSLINGUAL_PAIRS[1][0]):
        opp = opportunity_for("q", text)
        query = scorer.encode_opportunity(opp)
        real = score_each(scorer, opp, query, configs)["c"]
        fast = sweep_scores(scorer, opp, query, configs)["c"]
        assert len({round(real[m] - fast[m], 5) for m in real}) == 1


def test_the_twins_probe_refuses_an_unknown_route_or_bad_json(capsys: pytest.CaptureFixture[str]) -> None:
    from tools.evaluation import twins_probe

    assert twins_probe.main(["bm25"]) == 2
    assert "usage: twins_probe {routed,use,minilm}" in capsys.readouterr().err
    assert twins_probe.main(["use", "{not json"]) == 2
    assert "JSON object of ScoringConfig changes" in capsys.readouterr().err


def test_listed_first_puts_each_suggestion_list_above_the_other_members_in_its_order() -> None:
    """What users see on cordis-he-calls: the ``rank()`` list (floor, evidence rule, diversity) first,
    in its order, then every other eligible member by score."""
    from factories import member, opportunity

    from tools.evaluation import hecalls as he

    members = [
        member("exact", "laser welding of aluminium battery trays"),
        member("clone", "laser welding of aluminium battery trays"),
        member("partial", "laser welding robots for aluminium car bodies"),
        member("other", "sourdough bakery and pastry"),
    ]
    call = opportunity("call", "Laser welding of battery trays", "Laser welding of aluminium battery trays.")
    data = he.HECalls(members, [he.Query(call, frozenset({"partial"}), "single topics", "dev")])
    scorer = MatchScorer(HashingEncoder(), None, ScoringConfig(mmr_lambda=0.5)).fit(members)
    listed = [m.member_id for m in scorer.rank(call, top_k=2)]
    assert listed == ["clone", "partial"]  # diversity lists "partial" above the identical "exact"
    scores = he.listed_first(scorer, data, top_k=2)["call"]
    by_score = {m.member_id: m.score for m in scorer.score(call)}
    order = sorted(scores, key=lambda m: -scores[m])
    assert order[:2] == listed and set(scores) == set(by_score)
    rest = order[2:]
    assert rest == ["exact", "other"] == sorted(rest, key=lambda m: -by_score[m])  # in score order
    assert he.evaluate({"call": scores}, data)["ndcg"] == pytest.approx(
        1 / math.log2(order.index("partial") + 2)
    )


def _held_out_like(folder: Path, topics: int = 3) -> None:
    """A small cordis-he-calls folder cut from the real one: its first labelled single topics and
    bundle, the members relevant to them and a few others, so that another half of the topics can
    be evaluated the same way (``matchmaker eval --hecalls DIR``)."""
    import json

    from tools.evaluation import hecalls as he

    def records(name: str) -> list[dict[str, object]]:
        lines = (he.DATA / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]

    def write(name: str, rows: list[dict[str, object]]) -> None:
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    qrels = json.loads((he.DATA / "qrels.json").read_text(encoding="utf-8"))
    bundle_qrels = json.loads((he.DATA / "bundles_qrels.json").read_text(encoding="utf-8"))
    singles = [o for o in records("opportunities.jsonl") if qrels.get(o["opportunity_id"])][:topics]
    bundles = [o for o in records("bundles.jsonl") if bundle_qrels.get(o["opportunity_id"])][:1]
    kept = {o["opportunity_id"]: qrels[o["opportunity_id"]] for o in singles}
    kept_bundles = {o["opportunity_id"]: bundle_qrels[o["opportunity_id"]] for o in bundles}
    wanted = {m for ids in [*kept.values(), *kept_bundles.values()] for m in ids}
    members = records("members.jsonl")
    folder.mkdir()
    write("members.jsonl", [m for i, m in enumerate(members) if m["member_id"] in wanted or i < 20])
    write("opportunities.jsonl", singles)
    write("bundles.jsonl", bundles)
    (folder / "qrels.json").write_text(json.dumps(kept), encoding="utf-8")
    (folder / "bundles_qrels.json").write_text(json.dumps(kept_bundles), encoding="utf-8")


def test_another_half_of_the_topics_loads_from_its_own_folder(tmp_path: Path) -> None:
    from tools.evaluation import hecalls as he

    _held_out_like(tmp_path / "half", topics=3)
    data = he.load_hecalls(directory=tmp_path / "half")
    assert [q.group for q in data.queries] == ["single topics"] * 3 + ["multi-topic calls"]
    ids = {m.member_id for m in data.members}
    assert all(q.relevant and q.relevant <= ids for q in data.queries)
    assert {q.split for q in data.queries} <= {"dev", "test"}


def test_eval_refuses_an_incomplete_or_malformed_folder_and_docs_from_another_half(tmp_path: Path) -> None:
    from tools.evaluation import harness

    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "members.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"no opportunities.jsonl, qrels.json, bundles.jsonl, bundles_qrels"):
        harness.main(["--only", "hecalls", "--hecalls", str(tmp_path / "half")])
    with pytest.raises(SystemExit, match="development half only"):
        harness.main(["--only", "hecalls", "--hecalls", str(tmp_path / "half"), "--write-docs"])
    _held_out_like(tmp_path / "bad")
    lines = (tmp_path / "bad" / "members.jsonl").read_text(encoding="utf-8").splitlines()
    for broken in ("{not json", '{"member_id": "x"}', "[1]"):  # not JSON, not the contract, not an object
        (tmp_path / "bad" / "members.jsonl").write_text("\n".join([lines[0], broken, *lines[2:]]), "utf-8")
        with pytest.raises(SystemExit, match=r"--hecalls: .*members\.jsonl, line 2: "):
            harness.main(["--only", "hecalls", "--hecalls", str(tmp_path / "bad")])
    (tmp_path / "bad" / "members.jsonl").write_text("\n".join(lines), "utf-8")
    (tmp_path / "bad" / "qrels.json").write_text('["not", "an object"]', "utf-8")
    with pytest.raises(SystemExit, match=r"qrels\.json: not an object of lists"):
        harness.main(["--only", "hecalls", "--hecalls", str(tmp_path / "bad")])


@pytest.mark.realmodel
def test_eval_scores_another_half_of_the_topics_with_the_real_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``matchmaker eval --only hecalls --hecalls DIR``: the team's held-out half of the topics runs
    through the same tables, which say where their figures come from."""
    from tools.evaluation import harness

    _held_out_like(tmp_path / "half", topics=3)
    cache = tmp_path / "cache"
    args = ["--only", "hecalls", "--hecalls", str(tmp_path / "half"), "--cache-dir", str(cache)]
    assert harness.main(args) == 0
    out = "".join(capsys.readouterr().out.split())  # the console wraps long notes at spaces
    assert out.count(f"readfrom{tmp_path / 'half'}(--hecalls)") == 2  # both tables say where they come from
    assert "3queries(" in out and "1queries(" in out
    assert list(cache.rglob("*.npz"))  # the real model embedded the folder's texts


def test_the_levers_refuse_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    from tools.evaluation import levers

    assert levers.main(["partners", "bm25"]) == 2
    assert "unknown lever bm25; choose from partners, boilerplate" in capsys.readouterr().err


def test_partners_are_the_members_that_share_a_piece_of_evidence() -> None:
    """The co-participation graph the ``partners`` lever propagates over: a project text held by
    several members (partners list the same project) links them; nothing else does."""
    from factories import member

    from tools.evaluation.levers import partners_of

    a = member("a", "Project ALPHA: recycled polymers.")
    b = member("b", "Project ALPHA: recycled polymers.")
    c = member("c", "Project BETA: battery recycling.")
    a = a.model_copy(update={"competencies": [*a.competencies, *c.competencies]})
    assert partners_of([a, b, c, member("d", "Project ALPHA: recycled polymers, a variant.")]) == {
        "a": {"b", "c"},
        "b": {"a"},
        "c": {"a"},
        "d": set(),
    }


def test_columns_are_the_probes_eight_figures_in_order() -> None:
    from factories import member, opportunity

    from tools.evaluation import hecalls as he

    members = [member("hit", "laser welding of battery trays"), member("miss", "sourdough bakery")]
    single = opportunity("s", "Laser welding", "Laser welding of battery trays.")
    multi = opportunity("m", "Bakery", "Sourdough bakery.")
    data = he.HECalls(
        members,
        [
            he.Query(single, frozenset({"hit"}), "single topics", "dev"),
            he.Query(
                single.model_copy(update={"opportunity_id": "t"}),
                frozenset({"miss"}),
                "single topics",
                "test",
            ),
            he.Query(multi, frozenset({"miss"}), "multi-topic calls", "dev"),
        ],
    )
    scores = {"s": {"hit": 0.9, "miss": 0.1}, "t": {"hit": 0.9, "miss": 0.1}, "m": {"hit": 0.2, "miss": 0.8}}
    cells = he.columns(scores, data)
    assert len(cells) == 8
    assert cells[0] == pytest.approx(1.0) and cells[1] == pytest.approx(1 / math.log2(3))
    assert cells[4] == pytest.approx(1.0) and math.isnan(cells[5])  # no multi-topic call on the test half
    singles = he.evaluate(scores, data, data.queries[:2])
    assert cells[2:4] == [singles["company_ndcg"], singles["company_share"]]
