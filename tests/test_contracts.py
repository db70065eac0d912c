"""The layers and boundaries, as import contracts (pyproject.toml, [tool.importlinter])."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_the_import_contracts_hold() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_module_of_app_sits_in_a_layer() -> None:
    """A layers contract ignores modules it does not name, so each one under app/ is named."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in layer.replace("|", ":").split(":")}
    app = REPO / "app"
    modules = {f"app.{p.stem}" for p in app.glob("*.py") if p.stem != "__init__"}
    modules |= {f"app.{p.name}" for p in app.iterdir() if (p / "__init__.py").exists()}
    assert modules - named == set(), "add these to the layers in pyproject.toml"


def test_a_deliberate_violation_breaks_the_contracts(tmp_path: Path) -> None:
    for package in ("app", "importers", "diagrams"):
        shutil.copytree(REPO / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "_decks"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with open(tmp_path / "app" / "core" / "timeutil.py", "a", encoding="utf-8") as f:
        f.write("\nimport textual  # noqa\n")
    with open(tmp_path / "importers" / "model.py", "a", encoding="utf-8") as f:
        f.write("\nimport app.tui.app  # noqa\n")
    with open(tmp_path / "app" / "tui" / "app.py", "a", encoding="utf-8") as f:
        f.write("\nimport sqlite3  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    broken = re.search(r"(\d+) broken", done.stdout)
    assert broken is not None and int(broken.group(1)) >= 3
    assert "importers.model -> app.tui.app" in done.stdout
    assert "app.core.timeutil -> textual" in done.stdout
    assert "app.tui.app -> sqlite3" in done.stdout
