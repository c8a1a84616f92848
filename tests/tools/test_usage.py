"""``--help`` on the tools that read their own arguments: the usage, nothing run."""

from __future__ import annotations

import pytest

from tools.usage import asked_for_help


def test_help_is_asked_before_a_double_dash_only() -> None:
    assert asked_for_help(["--help"], "usage") and asked_for_help(["x", "-h"], "usage")
    assert not asked_for_help(["--", "pytest", "--help"], "usage")  # the wrapped command's own help
    assert not asked_for_help(["partners"], "usage")


@pytest.mark.parametrize(
    "module",
    [
        "tools.with_broker",
        "tools.evaluation.probe",
        "tools.evaluation.twins_probe",
        "tools.evaluation.levers",
    ],
)
def test_tools_print_their_usage_and_run_nothing(module: str, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib

    tool = importlib.import_module(module)
    assert tool.main(["--help"]) == 0  # with_broker would start a broker, the others load models
    out = capsys.readouterr().out
    assert out.strip() == tool.__doc__.strip()
