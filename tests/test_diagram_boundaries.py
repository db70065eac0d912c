"""`diagrams` stays a leaf: no Textual, no app, no importers (DESIGN §1)."""

from __future__ import annotations

import subprocess
import sys


def test_diagrams_imports_no_textual_app_or_importers() -> None:
    code = (
        "import sys, diagrams, diagrams.mermaid, diagrams.dot, diagrams.quiz, diagrams.answers\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'app', 'importers'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
