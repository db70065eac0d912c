"""Corpus tests: other people's Markdown from ../shared/fixtures, read at test time.

Run with `pytest --corpus tests/test_corpus_import.py`. No fixture text is copied here: the
comments below describe what each file holds and how the expected counts follow from DESIGN §3,
each count made by reading the file by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.importing import ImportReport, import_paths
from app.core.store import Store

pytestmark = pytest.mark.corpus

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
BLUEPRINT = Path(sys.executable).parent / "blueprint"
PROBLEM_LINE = re.compile(r"^\S.*:\d+: \S")
SUMMARY = re.compile(r"^\d+ added, \d+ changed, \d+ unchanged, \d+ retired, \d+ revived, "
                     r"\d+ problems$")
FOLDERS = [
    "AngelCantugr__fantastic-engine", "DavidMiserak__GoCard", "alirezadir__Machine-Learning-Interviews",
    "ashlinchak__mdanki", "eudoxia0__hashcards", "iterative__dvc.org",
    "lukesmurray__markdown-anki-decks", "martintrojer__carddown",
    "neurarch-ai__awesome-ml-system-design", "shaankhosla__repeater",
    "st3v3nmw__obsidian-spaced-repetition",
]


def _import(folder: Path, tmp_path: Path) -> tuple[Store, ImportReport]:
    store = Store(tmp_path / "collection.db")
    report = import_paths(store, [folder], now=NOW)
    return store, report


def _per_file(store: Store) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for path, kind, n in store.conn.execute(
            "SELECT source_path, kind, count(*) FROM cards WHERE retired = 0 GROUP BY 1, 2"):
        counts.setdefault(path, Counter())[kind] = n
    return counts


# --- every folder: imports without a crash, problems as path:line -------------------------


def test_fixture_folder_list_is_complete(shared_dir: Path) -> None:
    """A folder added to ../shared/fixtures must be added to FOLDERS (and so imported below)."""
    present = sorted(p.name for p in (shared_dir / "fixtures").iterdir() if p.is_dir())
    assert present == sorted(FOLDERS)


@pytest.mark.parametrize("name", FOLDERS)
def test_every_folder_imports_through_the_cli(name: str, shared_dir: Path,
                                              tmp_path: Path) -> None:
    folder = shared_dir / "fixtures" / name
    db = tmp_path / "collection.db"
    run = subprocess.run([str(BLUEPRINT), "--collection", str(db), "import", str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert run.returncode in (0, 1), run.stderr  # 1: problems were found, which is fine
    assert SUMMARY.match(run.stdout.strip().splitlines()[-1]), run.stdout
    problems = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert (run.returncode == 1) == bool(problems)
    for line in problems:
        assert PROBLEM_LINE.match(line), line  # every problem is `path:line: message`
    # a second import of the same folder changes nothing
    again = subprocess.run([str(BLUEPRINT), "--collection", str(db), "import", str(folder)],
                           capture_output=True, text=True, timeout=120)
    assert "Traceback" not in again.stderr
    assert re.match(r"^0 added, 0 changed, \d+ unchanged, 0 retired", again.stdout.splitlines()[-1])
    listed = subprocess.run([str(BLUEPRINT), "--collection", str(db), "list", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and isinstance(json.loads(listed.stdout), list)


# --- hashcards: Q:/A:/C: with [deletions] ----------------------------------------------------

HASHCARDS = {
    # Q/A pair then a C: line with 1 bracket → 1 basic + 1 cloze.
    "test/Deck.md": {"basic": 1, "cloze": 1},
    # 2 Q/A cards whose questions span an image line, separated by `---` → 2 basic.
    "example/Art.md": {"basic": 2},
    # 1 Q/A whose answer is an audio embed `![](...)` → 1 basic.
    "example/Audio.md": {"basic": 1},
    # `C:` alone on its line, then 2 lines each with one [deletion] (blank line between them,
    # still one block) → 2 cloze.
    "example/French.md": {"cloze": 2},
    # 1 Q/A, then a C: line with 2 deletions → 1 basic + 2 cloze.
    "example/Geography.md": {"basic": 1, "cloze": 2},
    # 1 Q/A whose answer is a 6-item list after `A:` alone on its line → 1 basic.
    "example/Geology.md": {"basic": 1},
    # 4 Q/A (two answers are $$ display math blocks, one question holds inline code);
    # C: with inline code `\x` (not a deletion) and 1 [deletion] → 1 cloze; `---`; C: with a
    # pipe table holding 4 one-cell [deletions] (no GFM tables in CommonMark: one block)
    # → 4 cloze. Total 4 basic + 5 cloze.
    "example/Math.md": {"basic": 4, "cloze": 5},
    # `C:` alone, a 2-line quote, then an attribution line with 3 bracket groups, two of them
    # written `[x]:[y]` with no space: hashcards reads every non-image bracket as a deletion,
    # so 3 cloze. (Before our fix the `[x]:` one was skipped as a link reference definition,
    # giving 2.)
    "example/Quotes.md": {"cloze": 3},
    # README: every Q:/A:/C: example (28 marker lines) sits inside ``` fences → 0 cards.
    "README.md": {},
}


def test_hashcards_counts(shared_dir: Path, tmp_path: Path) -> None:
    store, report = _import(shared_dir / "fixtures" / "eudoxia0__hashcards", tmp_path)
    assert report.problems == []
    counts = _per_file(store)
    for rel, expected in HASHCARDS.items():
        assert counts.get(rel, Counter()) == Counter(expected), rel
    assert set(counts) <= set(HASHCARDS)
    total = sum(counts.values(), Counter())
    assert total == {"basic": 10, "cloze": 13}  # 1+2+1+1+1+4 basic, 1+2+2+5+3 cloze
    assert report.added == 23


def test_hashcards_multiline_parts(shared_dir: Path, tmp_path: Path) -> None:
    """Parts spanning lines keep all their lines: list answers, display math, image questions."""
    store, _ = _import(shared_dir / "fixtures" / "eudoxia0__hashcards", tmp_path)
    geology = store.cards("source_path = ?", ("example/Geology.md",))
    assert geology[0].back.count("\n- ") == 5  # 6 list items
    art = store.cards("source_path = ?", ("example/Art.md",))
    assert all("![](" in c.front for c in art)
    quotes = store.cards("source_path = ?", ("example/Quotes.md",))
    assert [c.cloze_ordinal for c in quotes] == [1, 2, 3]
    assert len({c.family for c in quotes}) == 1  # siblings of one note
    # the decks come from the folder path under the import root
    assert {c.deck for c in art} == {"example::Art"}


# --- repeater: Q:/A:/C: like hashcards, `---` ends a card, plus its own `q::a` ----------------

REPEATER = {
    # Q (line 6), blank, A, then a prose line that still belongs to the answer until the
    # `---`; then a Q whose question spans an image, and its A → 2 basic.
    "test_data/physics.md": {"basic": 2},
    # 7 Q/A pairs: the first writes `A:` with no space before the answer (repeater and
    # hashcards accept it; our fix reads it after an open `Q:`), one has a list answer, two
    # have math answers, two are separated by `---` from prose; 1 C: line with one [deletion]
    # → 7 basic + 1 cloze. Then a C: line with NO brackets directly above a `---` line (that
    # makes a setext heading in Markdown; it still ends the card) → 0 cards + 1 problem,
    # "'C:' card has no [deletion]". Last line is repeater's own single-line `q::a` syntax:
    # DESIGN §3 reads `::` only in notes tagged for flashcards, and this note is not tagged,
    # so it gives 0 cards (not a misread, and not an error: untagged `::` is ordinary prose).
    "test_data/test.md": {"basic": 7, "cloze": 1},
    # docs: every example, including the `q::a` variant and indented markers, sits inside
    # fenced blocks (some inside list items) → 0 cards.
    "docs/src/card-format.md": {},
    # README: the sample deck is inside a ```markdown fence in a numbered list → 0 cards.
    "README.md": {},
}


def test_repeater_counts(shared_dir: Path, tmp_path: Path) -> None:
    store, report = _import(shared_dir / "fixtures" / "shaankhosla__repeater", tmp_path)
    counts = _per_file(store)
    for rel, expected in REPEATER.items():
        assert counts.get(rel, Counter()) == Counter(expected), rel
    assert set(counts) <= set(REPEATER)
    assert sum(counts.values(), Counter()) == {"basic": 9, "cloze": 1}
    # exactly one problem: the bracket-less C: card, reported at its own line
    assert [(Path(p.path).name, p.line) for p in report.problems] == [("test.md", 38)]
    assert "no [deletion]" in report.problems[0].message
    # the `q::a` line (the file's last, line 40) produced nothing
    test_md = store.cards("source_path = ?", ("test_data/test.md",))
    assert all(c.source_line < 39 for c in test_md)
    # the tight `A:` answer was read as an answer, not glued onto the question
    first = [c for c in test_md if c.source_line == 1]
    assert len(first) == 1 and "\n" not in first[0].front and first[0].back


# --- Obsidian Spaced Repetition: `::`, `:::`, `?`, `??`, `==x==` only in #flashcards notes ----

OSR = {
    # Front matter (sr-due etc.), `#review`, prose, a `---` rule, then the tag
    # `#flashcards/science/physics`, a heading, and ONE `question::answer` line, then an
    # `<!--SR:...-->` scheduling comment (HTML, never a card) → 1 basic.
    "tests/vaults/notes2/Triboelectric Effect.md": {"basic": 1},
    # `#review` prose with wikilinks, then a bare `#flashcards` tag and a paragraph of TWO
    # consecutive `q::a` lines → 2 basic (one card per line, as OSR reads them).
    "tests/vaults/notes5/D.md": {"basic": 2},
}
# Everything else gives 0 cards, checked by reading each file:
# - notes6/A.md IS tagged #flashcards, but its one card uses OSR's optional curly-brace cloze
#   pattern `{{text}}` (no `cN::`), which DESIGN §3 does not accept: 0 cards, not a misread.
# - notes7/A.md and notes7/B.md hold `question::answer` but are tagged `#review` and
#   `#review-2`, not #flashcards: 0 cards.
# - notes1, notes3, notes4, notes5 (A-C and readme), filesButNoQuestions, vaults/readme.md:
#   prose, lists and wikilinks without card syntax: 0 cards.
# - docs/ and README.md: every example of `::`, `:::`, `?`, `??`, `==x==` and every
#   `#flashcards` tag line sits inside a ``` fence or inline code, so no doc is tagged and
#   nothing is read; the one Anki-like cloze in the zh docs is in inline code and uses a
#   single colon: 0 cards.


def test_osr_counts(shared_dir: Path, tmp_path: Path) -> None:
    store, report = _import(shared_dir / "fixtures" / "st3v3nmw__obsidian-spaced-repetition",
                            tmp_path)
    assert report.problems == []
    counts = _per_file(store)
    assert {rel: dict(c) for rel, c in counts.items()} == OSR
    # the deck comes from the #flashcards/science/physics tag; a bare tag keeps the folder deck
    tribo = store.cards("source_path = ?", ("tests/vaults/notes2/Triboelectric Effect.md",))
    assert {c.deck for c in tribo} == {"science::physics"}
    d5 = store.cards("source_path = ?", ("tests/vaults/notes5/D.md",))
    assert {c.deck for c in d5} == {"tests::vaults::notes5::D"}
    assert sorted(c.source_line for c in d5) == [9, 10]


def test_osr_untagged_notes_give_no_cards(shared_dir: Path, tmp_path: Path) -> None:
    """notes7 holds `::` lines under #review tags: DESIGN §3 reads `::` only when tagged."""
    store, report = _import(
        shared_dir / "fixtures" / "st3v3nmw__obsidian-spaced-repetition" / "tests" / "vaults"
        / "notes7", tmp_path)
    assert report.files_parsed == 2 and report.added == 0 and report.problems == []
