"""Issue 16 items 12 and 13, the rest: text laid out in terminal cells (CJK and emoji take two)
beyond `list` (suggest, drill history, browse), and deck names from paths that read well
(a README, or a file named like its folder, adds no level)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from rich.cells import cell_len
from test_drill import START, make_collection

from app.cli import main
from importers.markdown import deck_from_path

CJK = "从海量物品中快速找出几百个候选的阶段通常使用向量检索并在线计算用户向量再做近邻检索"


def test_suggest_lines_are_cut_in_cells(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(f"# 推荐{CJK}\n\n- Retrieval: {CJK} 🚀\n- Ranking: {CJK[:12]}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(note)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "→" in line]
    assert lines, result.output
    for line in lines:
        front, answer = line.split("]", 1)[1].split("  →  ")
        assert cell_len(front.strip()) <= 70 and cell_len(answer) <= 50, line


def test_drill_history_columns_line_up_with_a_cjk_title(tmp_path: Path) -> None:
    for name, title in (("ascii", "Ad click prediction"), ("cjk", "广告点击率预测与出价系统的完整设计 🚀")):
        folder = tmp_path / name
        folder.mkdir()
        now = [START]
        collection = make_collection(folder, now)
        case = (folder / "notes" / "ads.md")
        case.write_text(case.read_text(encoding="utf-8").replace("Ad click prediction", title),
                        encoding="utf-8")
        collection.import_paths([folder / "notes"])
        drill = collection.start_drill("ads", minutes=45)
        for _ in range(7):
            now[0] += timedelta(minutes=1)
            drill.finish_step((True, False))
        collection.finish_drill(drill)
        collection.close()
        out = CliRunner().invoke(main, ["--collection", str(folder / "collection.db"),
                                        "drill", "--history"]).output
        [line] = out.splitlines()
        assert title[:6] in line
        assert cell_len(line[:line.index("7/14")]) == 16 + 2 + 32 + 1 + 2, line


def test_a_readme_or_a_folder_note_adds_no_deck_level(tmp_path: Path) -> None:
    assert deck_from_path("ads/README.md") == "ads"
    assert deck_from_path("ads/readme.markdown") == "ads"
    assert deck_from_path("01-BatchNorm/01-BatchNorm.md") == "01-BatchNorm"
    assert deck_from_path("ads/ctr/CTR.md") == "ads::ctr"  # case aside, named like its folder
    assert deck_from_path("ads/ctr/calibration.md") == "ads::ctr::calibration"
    assert deck_from_path("README.md") == "Default"  # the root's own notes
    assert deck_from_path("readme-notes/ranking.md") == "readme-notes::ranking"
    notes = tmp_path / "notes"
    for rel in ("ads/README.md", "ads/ctr/ctr.md", "ads/ctr/calibration.md"):
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        (notes / rel).write_text(f"Q: What is in {rel}?\nA: Cards.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(main, ["--collection", db, "import", str(notes)]).exit_code == 0
    listed = json.loads(CliRunner().invoke(main, ["--collection", db, "list", "--json"]).output)
    assert sorted(c["deck"] for c in listed) == ["ads", "ads::ctr", "ads::ctr::calibration"]


async def test_deck_list_fits_long_and_wide_deck_names_at_80_columns(tmp_path: Path) -> None:
    from textual.widgets import DataTable
    from tui_support import NOW, app_for

    from app.core.importing import import_paths
    from app.core.store import Store

    notes = tmp_path / "notes"
    notes.mkdir()
    deck = ("Machine Learning System Design Interview Preparation::Case Studies From Many "
            f"Companies::{CJK[:26]}")
    (notes / "a.md").write_text(f"---\ndeck: {deck}\n---\nQ: q?\nA: a\n", encoding="utf-8")
    store = Store(tmp_path / "c.db")
    assert import_paths(store, [notes], now=NOW).added == 1
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        used = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert used <= table.size.width, (used, table.size.width)  # Due and Retain on screen
        names = [str(v) for v in table.get_column("deck")]
        assert any(n.endswith("…") for n in names) and all("\n" not in n for n in names)
