"""Tooling beside the product, never packaged: broker launcher, demo, worker launcher, benchmarks,
evaluation and demo data. Runs from a checkout; finds files from the repository root (:mod:`tools.paths`).
May import every product package (``models``, ``matcher``, ``streams``); nothing imports it back.
"""
