"""How the approximate-index library was chosen: hnswlib, usearch and faiss-cpu on the same vectors.

``OMP_NUM_THREADS=2 /tmp/annvenv/bin/python -m tools.bench.compare_ann 100000`` in a scratch
virtualenv (setup and method: docs/TOOLS.md; results: docs/BENCHMARKS.md).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

from tools.usage import asked_for_help


def _vectors(rng: np.random.Generator, centres: np.ndarray, k: int) -> np.ndarray:
    x = centres[rng.integers(0, len(centres), k)] + 1.2 * rng.normal(size=(k, centres.shape[1]))
    out: np.ndarray = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    return out


def _report(
    name: str,
    build_s: float,
    queries: np.ndarray,
    exact: np.ndarray,
    search: Callable[[np.ndarray], np.ndarray],
) -> None:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        found.append(np.asarray(search(q)).ravel()[:100])
        times.append(time.perf_counter() - started)
    recall = np.mean(
        [len(set(f.tolist()) & set(e.tolist())) / 100 for f, e in zip(found, exact, strict=True)]
    )
    p50, p99 = np.percentile(times, 50) * 1e3, np.percentile(times, 99) * 1e3
    print(f"{name:<28} build {build_s:6.1f}s  p50 {p50:5.2f} ms  p99 {p99:5.2f} ms  recall@100 {recall:.4f}")


def main(n: int, d: int = 512) -> None:
    import faiss
    import hnswlib
    from usearch.index import Index

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(300, d)).astype(np.float32)
    data, queries = _vectors(rng, centres, n), _vectors(rng, centres, 200)
    exact = np.argsort(-(queries @ data.T), axis=1)[:, :100]
    started = time.perf_counter()
    h = hnswlib.Index("ip", d)
    h.init_index(n, M=16, ef_construction=100)
    h.add_items(data, np.arange(n), num_threads=2)
    built = time.perf_counter() - started
    for ef in (100, 200):
        h.set_ef(ef)
        _report(f"hnswlib M16 ef={ef}", built, queries, exact, lambda q: h.knn_query(q, k=100)[0])
    for dtype in ("f32", "i8"):
        started = time.perf_counter()
        u = Index(ndim=d, metric="ip", dtype=dtype, connectivity=16, expansion_add=100, expansion_search=200)
        u.add(np.arange(n), data, threads=2)
        _report(
            f"usearch {dtype}",
            time.perf_counter() - started,
            queries,
            exact,
            lambda q, u=u: u.search(q, 100).keys,  # type: ignore[misc]  # usearch is untyped
        )
    faiss.omp_set_num_threads(2)
    started = time.perf_counter()
    nlist = int(4 * np.sqrt(n))
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.train(data[rng.choice(n, min(n, 40 * nlist), replace=False)])
    ivf.add_with_ids(data, np.arange(n))
    built = time.perf_counter() - started
    for nprobe in (16, 32):
        ivf.nprobe = nprobe
        _report(
            f"faiss IVF{nlist} nprobe={nprobe}", built, queries, exact, lambda q: ivf.search(q[None], 100)[1]
        )
    started = time.perf_counter()
    graph = faiss.IndexHNSWFlat(d, 16, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = 100
    graph.add(data)
    graph.hnsw.efSearch = 200
    _report(
        "faiss HNSW M16 ef=200",
        time.perf_counter() - started,
        queries,
        exact,
        lambda q: graph.search(q[None], 100)[1],
    )


if __name__ == "__main__":
    if not asked_for_help(sys.argv[1:], __doc__):
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
