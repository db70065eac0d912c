"""`blueprint --help` and the light commands import nothing they do not use; `list` streams."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from app.cli import main
from app.cli_lazy import LAZY_COMMANDS


def test_lazy_commands_are_the_real_ones_with_their_help() -> None:
    for name, (_, short_help) in LAZY_COMMANDS.items():
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name
        assert command.get_short_help_str(10_000) == short_help


def test_help_lists_every_command_without_importing_them() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom app.cli import main\n"
            "out = CliRunner().invoke(main, ['--help']).output\n"
            "heavy = [m for m in ('networkx', 'genanki', 'textual', 'importers', 'diagrams',"
            " 'markdown_it', 'app.core.collection') if m in sys.modules]\n"
            "print(heavy)\nprint(out)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[0] == "[]"
    for name in [*LAZY_COMMANDS, "import", "list", "stats", "review", "check"]:
        assert f"  {name} " in out


def test_a_lazy_command_runs() -> None:
    result = CliRunner().invoke(main, ["diagram", "--help"])
    assert result.exit_code == 0 and "render" in result.output


def test_streamed_json_array_is_what_json_dumps_writes(capsys: object) -> None:
    import json

    from app.cli_support import write_json_array

    for items in ([], [{"a": 1}], [{"id": "x", "tags": ["t", "ü"], "n": None}, {"b": [1, {}]}]):
        write_json_array(iter(items))
        out = capsys.readouterr().out  # type: ignore[attr-defined]
        assert out == json.dumps(items, ensure_ascii=False, indent=1) + "\n"
