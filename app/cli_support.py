"""What every `blueprint` command shares: the clock, error printing, the open collection."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps
from typing import TYPE_CHECKING, Any

import click

from app.core.errors import BlueprintError, UsageError

if TYPE_CHECKING:  # imported where a command opens one: `--help` needs none of the core
    from app.core.collection import Collection


def now() -> datetime:
    return datetime.now(UTC)


def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Print BlueprintErrors as messages with their exit code; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BlueprintError as exc:
            _fail(exc)
        except sqlite3.DatabaseError as exc:  # the collection failed under a command
            from app.core.store_file import open_error

            _fail(open_error(_collection_shown(), exc))
        except (ValueError, TypeError, KeyError) as exc:
            _damaged_or_raise(exc)
        except KeyboardInterrupt:
            click.echo("blueprint: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _damaged_or_raise(exc: Exception) -> None:
    """A value the collection holds and Blueprint cannot read (text in a time, a NULL) is a
    damaged collection, told as such; any other error is a bug and stays one."""
    from pathlib import Path

    from app.core.store_damage import bad_values
    from app.core.store_file import damaged

    path = Path(str(_collection_shown()))
    found = bad_values(path) if path.is_file() else []
    if not found:
        raise exc
    _fail(damaged(path, "; ".join(found)))


def _fail(exc: BlueprintError) -> None:
    click.echo(f"blueprint: {exc.message}", err=True)
    if exc.hint:
        click.echo(f"  {exc.hint}", err=True)
    sys.exit(exc.exit_code)


def _collection_shown() -> object:
    ctx = click.get_current_context(silent=True)
    given = ((ctx.find_root().obj or {}) if ctx is not None else {}).get("collection")
    if given is not None:
        return given
    from app.core.store import default_collection_path

    return default_collection_path()


def open_collection(ctx: click.Context) -> Collection:
    """The collection of `--collection` (or the default one), closed when the command ends."""
    root = ctx.find_root()
    path = (root.obj or {}).get("collection")
    from app.core.collection import Collection

    collection = Collection.open(path, clock=now)
    ctx.call_on_close(collection.close)
    return collection


def first_run(collection: Collection) -> str | None:
    """An empty collection gets the shipped decks, so `blueprint` alone is useful at once; what
    was done, or None."""
    report = collection.import_shipped_decks()
    if report is None:
        return None
    message = f"First run: imported the shipped decks ({report.summary()})"
    click.echo(message, err=True)  # kept in the terminal's scrollback after the TUI ends
    return message


def run_tui(ctx: click.Context, **app_options: Any) -> None:
    """Open the TUI on the collection (an empty one first gets the shipped decks)."""
    app = build_tui(open_collection(ctx), **app_options)
    app.run()
    if app.return_code:  # a damaged collection was told on the way out
        sys.exit(app.return_code)


def build_tui(collection: Collection, **app_options: Any) -> Any:
    """The app `run_tui` runs; the first run's import is told inside it, not only after it."""
    notice = first_run(collection)
    deck = app_options.get("review_deck")
    if deck is not None and not collection.has_deck(deck):
        raise UsageError(f"no deck named {deck!r}",
                         "run 'blueprint list' to see the decks (names are case-sensitive)")
    try:
        from app.tui.app import make_app
    except ImportError as exc:  # pragma: no cover - the TUI ships with the package
        raise BlueprintError(f"the terminal interface cannot start ({exc})",
                             "reinstall Blueprint") from exc
    return make_app(collection, notice=notice, **app_options)


def write_json_array(items: Iterable[object]) -> None:
    """Print `items` as `json.dumps(list(items), ensure_ascii=False, indent=1)` would, one item
    at a time: the output is the same, the memory stays constant."""
    out = sys.stdout
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ")
        out.write(("[\n " if first else ",\n ") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()
