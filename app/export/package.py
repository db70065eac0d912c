"""The file side of the Collection's Anki verbs: write a package of its cards, read the
phone's reviews back from one, or read any Anki history's review log (`import-reviews`). The
core decides the values and the schedule."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import BlueprintError

if TYPE_CHECKING:  # an export loads none of the reading side (reviews, logs, merge)
    from app.core.collection import Collection
    from app.core.review_logs import ReviewLogReport
    from app.core.review_merge import ReviewMerge
    from app.export.model import ExportReport


class NothingToExport(BlueprintError):
    """The decks asked for hold no active card."""

    exit_code = 1


def check_target(out: Path) -> None:
    """The package's folder must exist and be writable; the package itself not a folder."""
    folder = out.parent
    if not folder.is_dir():
        raise BlueprintError(f"cannot write {out}: the folder {folder} does not exist",
                             "create it or choose another place for the package")
    if out.is_dir():
        raise BlueprintError(f"cannot write {out}: it is a folder", "give a file name ending "
                             "in .apkg")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BlueprintError(f"cannot write {out}: the folder {folder} is not writable",
                             "choose a folder you can write to")


def export_anki(collection: Collection, out: Path, *, deck: str | None = None,
                image_occlusion: bool = True,
                progress: Callable[[int, int], None] | None = None) -> ExportReport:
    """Write every active card of `deck` (all decks when None) to the package `out`."""
    from app.export.anki import write_apkg

    check_target(out)  # before the work, not after it
    cards, diagrams, problems = collection.export_values(deck)
    if not cards:
        raise NothingToExport(f"nothing to export{' in deck ' + deck if deck else ''}",
                              "import notes first (blueprint import PATH)")
    report = write_apkg(cards, diagrams, out, image_occlusion=image_occlusion,
                        cache_dir=collection.cache_dir(), progress=progress)
    return replace(report, problems=(*problems, *report.problems))


def sync_anki(collection: Collection, package: Path) -> ReviewMerge:
    """Bring reviews made in Anki (an .apkg/.colpkg exported on the phone) back.

    Anki's own importer drops the review logs of cards it already has, so the package is read
    directly; its notes are mapped to cards by the GUIDs this collection's export gives them.
    """
    from app.core.review_merge import ExternalReview
    from app.export.anki_read import guid_index, read_reviews

    cards, diagrams, problems = collection.export_values()
    try:
        reviews, read_problems = read_reviews(package, guid_index(cards, diagrams))
    except ValueError as exc:
        raise BlueprintError(str(exc), "export the collection from Anki again (.colpkg or "
                             ".apkg with scheduling) and pass that file") from exc
    external = [ExternalReview(r.uid, r.rating, r.reviewed_at, r.duration_ms,
                               f"anki:{r.review_id}") for r in reviews]
    result = collection.merge_reviews(external, origin_prefix="anki:")
    result.problems[:0] = [*problems, *read_problems]
    return result


def import_anki_reviews(collection: Collection, package: Path, *,
                        deck: str | None = None) -> ReviewLogReport:
    """`import-reviews` of an Anki export: its whole review log joins the collection once per
    review, on cards made from Anki's card ids (the notes need not be Blueprint's), so `eval`
    and `optimize` can run on a phone's history."""
    from app.export.anki_read import read_revlog_rows

    try:
        read = read_revlog_rows(package)
    except ValueError as exc:
        raise BlueprintError(str(exc), "give an Anki export (.apkg with scheduling, or "
                             ".colpkg) or a review-log CSV") from exc
    return collection.import_review_log(package, deck=deck, read=read)
