"""CardRow and ScheduleState are records (app/core/record.py): own __init__, equality, hash and
repr instead of the ones @dataclass compiles at import. They must stay the frozen dataclasses
they replace: fields in order, the same repr, equal and hashed by value, frozen, replace,
asdict, pickle."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from datetime import UTC, datetime

import pytest

from app.core.schedule_state import ScheduleState
from app.core.store_base import CardRow

RECORDS = [CardRow, ScheduleState]


def _reference(cls: type) -> type:
    """The plain frozen dataclass with the same fields."""
    return dataclasses.make_dataclass(
        cls.__name__, [(f.name, f.type, f) if f.default is not dataclasses.MISSING
                       else (f.name, f.type) for f in dataclasses.fields(cls)], frozen=True)


def _values(cls: type, salt: str = "") -> dict[str, object]:
    when = datetime(2026, 3, 2, 12, tzinfo=UTC)
    out: dict[str, object] = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        out[f.name] = (when if "datetime" in str(f.type) else
                       (i, salt) if "tuple" in str(f.type) else f"{f.name}{salt}")
    return out


@pytest.mark.parametrize("cls", RECORDS)
def test_the_init_takes_every_field_in_order_with_the_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert cls._names == tuple(f.name for f in fields)  # every annotation is a field
    for param, field in zip(params, fields, strict=True):
        assert param.default == (inspect.Parameter.empty if field.default is dataclasses.MISSING
                                 else field.default), field.name


@pytest.mark.parametrize("cls", RECORDS)
def test_a_record_behaves_as_the_frozen_dataclass(cls: type) -> None:
    ref = _reference(cls)
    values, other = _values(cls), _values(cls, "x")
    record, same = cls(**values), ref(**values)
    assert repr(record) == repr(same)
    assert list(vars(record)) == list(values)  # field order: the same pickles as before
    assert dataclasses.asdict(record) == values
    assert cls(*values.values()) == record and hash(cls(**values)) == hash(record)
    assert hash(record) == hash(same)
    assert cls(**other) != record
    assert record != same and (record == same) is False  # another class: not equal, as before
    assert record.__eq__(same) is NotImplemented
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.state = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.state
    first = dataclasses.fields(cls)[0].name
    changed = dataclasses.replace(record, **{first: other[first]})
    assert getattr(changed, first) == other[first] and changed != record
    assert pickle.loads(pickle.dumps(record)) == record
    assert {record: 1}[cls(**values)] == 1


def test_a_schedule_state_keeps_its_defaults() -> None:
    assert ScheduleState() == ScheduleState(0, None, None, None, None, None)
    assert repr(ScheduleState()) == ("ScheduleState(state=0, step=None, stability=None, "
                                     "difficulty=None, due=None, last_review=None)")
