"""Benchmarks: the pipeline bench behind ``matchmaker bench`` and the focused scripts (docs/BENCHMARKS.md)."""
