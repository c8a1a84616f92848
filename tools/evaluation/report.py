"""Result tables: one small data type, rendered with rich on the terminal and as Markdown in docs.

``docs/QUALITY.md`` keeps hand-written prose around generated blocks; each benchmark owns one
block between ``<!-- eval:NAME -->`` and ``<!-- /eval:NAME -->``, so re-running one benchmark
with ``--write-docs`` replaces only its own tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

__all__ = ["Table", "fmt", "print_tables", "render_markdown", "write_docs"]


@dataclass
class Table:
    """A titled grid of already formatted cells, with the command that reproduces it."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    command: str = ""
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        """Append one row (cells are formatted with :func:`fmt`)."""
        self.rows.append([fmt(c) for c in cells])


def fmt(value: object) -> str:
    """Floats to three decimals, everything else as ``str``."""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_tables(tables: Sequence[Table], console: Console | None = None) -> None:
    """Print each table with rich (title, columns, notes, command)."""
    console = console or Console()
    for table in tables:
        grid = RichTable(title=table.title, title_justify="left", show_lines=False)
        for i, column in enumerate(table.columns):
            grid.add_column(column, justify="left" if i == 0 else "right")
        for row in table.rows:
            grid.add_row(*row)
        console.print(grid)
        for note in table.notes:
            console.print(f"  {note}", style="dim", markup=False, highlight=False)
        if table.command:
            console.print(f"  $ {table.command}", style="dim", markup=False, highlight=False)
        console.print()


def render_markdown(tables: Sequence[Table]) -> str:
    """The tables as Markdown sections (``####`` title, table, notes, reproducing command)."""
    out: list[str] = []
    for table in tables:
        out += [f"#### {table.title}", ""]
        out.append("| " + " | ".join(table.columns) + " |")
        out.append("|" + "|".join(["---"] + ["---:"] * (len(table.columns) - 1)) + "|")
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table.rows]
        out.append("")
        out += [f"{note}  " for note in table.notes]
        if table.command:
            out += ["", f"Reproduce: `{table.command}`"]
        out.append("")
    return "\n".join(out)


def write_docs(path: Path, blocks: dict[str, str]) -> None:
    """Replace (or append) each ``<!-- eval:NAME -->`` block of ``path`` with ``blocks[NAME]``."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Matching quality\n"
    for name, body in blocks.items():
        start, end = f"<!-- eval:{name} -->", f"<!-- /eval:{name} -->"
        block = f"{start}\n{body.rstrip()}\n{end}"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        found = pattern.search(text)
        if found:
            text = text[: found.start()] + block + text[found.end() :]
        else:
            text = text.rstrip() + f"\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
