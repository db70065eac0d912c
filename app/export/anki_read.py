"""Read reviews back from an Anki export (.apkg/.colpkg) and map them to Blueprint card ids."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from app.core.review_logs import LogRow
from app.core.store_files import read_anki_revlog
from app.export.anki import note_guid
from app.export.model import ExportCard, ExportDiagram

# Newest first: a modern export also holds a stub `collection.anki2` that says "please update".
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")


@dataclass(frozen=True)
class AnkiReview:
    """One answer given in Anki: `rating` 1-4 (Again, Hard, Good, Easy), times in UTC."""

    uid: str
    rating: int
    reviewed_at: datetime
    duration_ms: int
    review_id: int  # Anki's revlog id (ms since the epoch), unique: use it to skip duplicates


def guid_index(
    cards: Iterable[ExportCard], diagrams: Iterable[ExportDiagram] = ()
) -> dict[tuple[str, int], str]:
    """(note GUID, card ordinal) -> Blueprint uid, for the notes `write_apkg` makes of these."""
    index: dict[tuple[str, int], str] = {}
    node_cards: dict[tuple[str, str], str] = {}
    for card in cards:
        if card.kind == "cloze":
            ordinal = (card.cloze_ordinal or 1) - 1
            index[(note_guid("cloze", card.family or card.uid), ordinal)] = card.uid
        else:
            index[(note_guid("card", card.uid), 0)] = card.uid
        if card.kind.startswith("diagram") and card.diagram_id and card.blank:
            node_cards[(card.diagram_id, card.blank)] = card.uid
    for diagram in diagrams:
        guid = note_guid("io", diagram.diagram_id)
        for ordinal, node in enumerate(diagram.quizzed_nodes):
            uid = node_cards.get((diagram.diagram_id, node))
            if uid is not None:  # an occlusion answered on the phone counts for the node card
                index[(guid, ordinal)] = uid
    return index


@dataclass(frozen=True)
class _Answer:
    review_id: int  # Anki's revlog id: ms since the epoch
    rating: int
    reviewed_at: datetime
    duration_ms: int
    card_id: int  # Anki's card id
    guid: str | None  # the card's note GUID (None: the card is gone from the collection)
    ordinal: int | None


def _answers(package: Path) -> tuple[list[_Answer], list[str]]:
    """Every real answer (rating 1-4) in the package's revlog, oldest first, and a problem for
    each kind of row skipped. Raises ValueError when the file is not an Anki package."""
    with tempfile.TemporaryDirectory(prefix="blueprint-read-") as tmp:
        db_path = _extract_collection(package, Path(tmp))
        try:
            rows = read_anki_revlog(db_path)
        except sqlite3.DatabaseError as error:
            raise ValueError(f"{package}: not a readable Anki collection ({error})") from error
    answers: list[_Answer] = []
    bad = future = 0
    latest = datetime.now(UTC) + timedelta(days=1)  # a phone's clock may run a little ahead
    for review_id, ease, duration, card_id, guid, ordinal in rows:
        try:
            reviewed_at = datetime.fromtimestamp(int(review_id) / 1000, tz=UTC)
            answer = _Answer(int(review_id), int(ease), reviewed_at,
                             max(0, int(duration or 0)), int(card_id), guid, ordinal)
        except (TypeError, ValueError, OverflowError, OSError):
            bad += 1
            continue
        if reviewed_at > latest:
            future += 1
            continue
        answers.append(answer)
    problems = []
    if bad:
        problems.append(f"{package}: {bad} reviews have a time or rating that cannot be read; "
                        "they were skipped")
    if future:
        problems.append(f"{package}: {future} reviews are dated in the future (check the "
                        "phone's clock); they were skipped")
    return answers, problems


def read_reviews(
    package: Path, index: dict[tuple[str, int], str]
) -> tuple[list[AnkiReview], list[str]]:
    """The package's review log for Blueprint's notes, oldest first, and problems found.

    Reviews of notes Blueprint did not make are ignored; manual reschedules (rating 0) too.
    Raises ValueError when the file is not an Anki package.
    """
    answers, problems = _answers(package)
    reviews = []
    unknown = 0
    for a in answers:
        uid = index.get((a.guid, a.ordinal)) if a.guid is not None and a.ordinal is not None \
            else None
        if uid is None:
            unknown += 1
            continue
        reviews.append(AnkiReview(uid, a.rating, a.reviewed_at, a.duration_ms, a.review_id))
    if unknown:
        problems.append(
            f"{package}: {unknown} reviews belong to notes not in this export "
            "(made elsewhere, or cards since removed); they were skipped"
        )
    return reviews, problems


def read_revlog_rows(package: Path) -> tuple[list[LogRow], list[str]]:
    """The package's whole review log as review-log rows keyed by Anki's card ids (for
    `import-reviews`: any Anki history, its notes need not be Blueprint's)."""
    answers, problems = _answers(package)
    return [LogRow(number, str(a.card_id), a.rating, a.reviewed_at, a.duration_ms)
            for number, a in enumerate(answers, start=1)], problems


MAX_EXPANDED = 2 * 1024**3  # what the collection inside a package may expand to


def _extract_collection(package: Path, into: Path) -> Path:
    try:
        archive = zipfile.ZipFile(package)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ValueError(f"{package}: not an Anki package ({error})") from error
    try:
        return _extract_from(archive, package, into)
    except ValueError:
        raise
    except Exception as error:  # zip, zlib and zstd fail in many undocumented ways
        raise ValueError(f"{package}: the package is damaged ({type(error).__name__}: "
                         f"{error})") from error


def _extract_from(archive: zipfile.ZipFile, package: Path, into: Path) -> Path:
    with archive:
        names = set(archive.namelist())
        name = next((n for n in COLLECTION_NAMES if n in names), None)
        if name is None:
            raise ValueError(
                f"{package}: no Anki collection inside (looked for {', '.join(COLLECTION_NAMES)})"
            )
        target = into / "collection.sqlite"
        if archive.getinfo(name).file_size > MAX_EXPANDED:
            raise ValueError(_too_big(package))
        with archive.open(name) as source, _Capped(open(target, "wb"), package) as out:
            if name.endswith("b"):
                _unzstd(source, out)  # type: ignore[arg-type]
            else:
                shutil.copyfileobj(source, out)  # type: ignore[misc]
    return target


def _too_big(package: Path) -> str:
    return (f"{package}: the collection inside expands past {MAX_EXPANDED // 1024**3} GB; "
            "not read (a damaged or hostile package)")


class _Capped:
    """A file that refuses to grow past MAX_EXPANDED (a zip or zstd bomb stops there)."""

    def __init__(self, out: IO[bytes], package: Path) -> None:
        self.out, self.package, self.size = out, package, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > MAX_EXPANDED:
            raise ValueError(_too_big(self.package))
        return self.out.write(data)

    def __enter__(self) -> _Capped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.out.close()


def _unzstd(source: IO[bytes], out: IO[bytes]) -> None:
    try:
        import zstandard
    except ImportError as error:  # a test-only dependency today; reading back needs it
        raise ValueError(
            "reading Anki 2.1.50+ exports needs the `zstandard` package: pip install zstandard"
        ) from error
    zstandard.ZstdDecompressor().copy_stream(source, out)
