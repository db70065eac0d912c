"""`e` on a card (review, browse): $EDITOR at the card's file:line, then that file re-imported."""

from __future__ import annotations

import subprocess

from textual.app import App, SuspendNotSupported

from app.core.collection import Collection
from app.core.errors import BlueprintError
from app.core.importing import ImportReport
from app.core.store import CardRow


def edit_card(app: App[object], collection: Collection, card: CardRow) -> ImportReport | None:
    """Run the editor on the card's note and re-import it; None (and a notification) on failure.

    The editor is checked before the terminal is handed over: Textual's `suspend()` does not come
    back from a command that fails to start, which left a blank screen (issue 16 item 8)."""
    # imported here: the importer is only needed after an edit, and start-up stays quick
    from app.core.editing import editor_command

    try:
        argv = editor_command(card)
        try:
            with app.suspend():
                subprocess.run(argv, check=False)
        except SuspendNotSupported:  # headless (tests): no terminal to hand over
            subprocess.run(argv, check=False, stdin=subprocess.DEVNULL)
        report = collection.reimport_source(card)
    except (BlueprintError, OSError) as exc:
        app.notify(str(exc), title="Edit", severity="error")
        return None
    app.notify(report.summary(), title="Re-imported")
    for problem in report.problems[:5]:
        app.notify(str(problem), severity="warning")
    return report
