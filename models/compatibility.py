"""The compatibility rule for published contracts: additive changes only within a major version.

:func:`breaking_changes` lists what would break a partner coding against a released schema (the rule:
docs/CONTRACTS.md, "Compatibility checker"). ``python -m models.compatibility`` (``make contracts``)
checks every current schema against the latest release and exits 1 on any violation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from models.schema_export import CONTRACTS, SCHEMA_DIR, render

__all__ = ["CONSTRAINTS", "RELEASED_DIR", "breaking_changes", "check_all", "latest_release"]

RELEASED_DIR = SCHEMA_DIR / "released"
CONSTRAINTS = ("format", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems")
Schema = dict[str, Any]


def latest_release(directory: Path = RELEASED_DIR) -> Path:
    """The released snapshot with the highest major version (``released/v<N>``)."""
    versions = [p for p in directory.iterdir() if p.is_dir() and re.fullmatch(r"v\d+", p.name)]
    if not versions:
        raise FileNotFoundError(f"no released schema snapshot under {directory}")
    return max(versions, key=lambda p: int(p.name[1:]))


def _resolve(schema: Schema, root: Schema) -> Schema:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    name = ref.rsplit("/", 1)[-1]
    target: Schema = root.get("$defs", {})[name]
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}


def _variants(schema: Schema, root: Schema) -> list[Schema]:
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        return [_resolve(s, root) for s in schema["anyOf"]]
    return [schema]


def _kind(schema: Schema) -> str:
    if "const" in schema:
        return f"const:{json.dumps(schema['const'])}"
    kind = str(schema.get("type", "any"))
    if "enum" in schema:
        kind = f"enum<{kind}>"
    return kind


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.problems: list[str] = []
        self._seen: set[tuple[str, str]] = set()

    def compare(self, old: Schema, new: Schema, path: str) -> None:
        key = (json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True))
        if (path, key[0] + key[1]) in self._seen:
            return
        self._seen.add((path, key[0] + key[1]))
        old_variants = _variants(old, self.old_root)
        new_variants = {_kind(v): v for v in _variants(new, self.new_root)}
        old_kinds = sorted(_kind(v) for v in old_variants)
        if old_kinds != sorted(new_variants):
            self.problems.append(
                f"{path}: type changed from {' | '.join(old_kinds)} to {' | '.join(sorted(new_variants))}"
            )
            return
        for variant in old_variants:
            self._compare_one(variant, new_variants[_kind(variant)], path)

    def _compare_one(self, old: Schema, new: Schema, path: str) -> None:
        for name in CONSTRAINTS:
            if old.get(name) != new.get(name):
                self.problems.append(f"{path}: {name} changed from {old.get(name)!r} to {new.get(name)!r}")
        lost = [v for v in old.get("enum", []) if v not in new.get("enum", [])]
        if lost:
            self.problems.append(f"{path}: enum values removed: {lost}")
        if "items" in old and "items" in new:
            self.compare(old["items"], new["items"], f"{path}[]")
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, dict) and isinstance(new_extra, dict):
            self.compare(old_extra, new_extra, f"{path}{{}}")
        old_props: Schema = old.get("properties", {})
        new_props: Schema = new.get("properties", {})
        for name, schema in old_props.items():
            if name not in new_props:
                self.problems.append(f"{path}.{name}: field removed")
            else:
                self.compare(schema, new_props[name], f"{path}.{name}")
        for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
            self.problems.append(f"{path}.{name}: new required field")


def breaking_changes(released: Schema, current: Schema) -> list[str]:
    """Every change from ``released`` to ``current`` that breaks the rule (empty: compatible)."""
    comparison = _Comparison(released, current)
    comparison.compare(released, current, "$")
    return comparison.problems


def check_all(release: Path | None = None) -> dict[str, list[str]]:
    """Breaking changes per released contract, comparing the release with the current models."""
    release = release or latest_release()
    problems: dict[str, list[str]] = {}
    for path in sorted(release.glob("*.schema.json")):
        name = path.name.removesuffix(".schema.json")
        released = json.loads(path.read_text(encoding="utf-8"))
        if name not in CONTRACTS:
            problems[name] = ["contract removed"]
            continue
        problems[name] = breaking_changes(released, json.loads(render(CONTRACTS[name])))
    return problems


if __name__ == "__main__":  # pragma: no cover - thin CLI
    found = check_all()
    for contract, issues in found.items():
        for issue in issues:
            sys.stdout.write(f"{contract}: {issue}\n")
    sys.exit(1 if any(found.values()) else 0)
