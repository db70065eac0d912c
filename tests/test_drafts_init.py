"""CardDraft's own __init__ (a plain dict fill, cheaper than the frozen dataclass's) must stay the
dataclass it replaces: every field, in order, defaults, frozen, equal and hashed by value."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from importers.model import CardDraft


def _values() -> dict[str, object]:
    return {f.name: f"v-{f.name}" for f in dataclasses.fields(CardDraft)}


def test_the_init_takes_every_field_in_order_with_the_dataclass_defaults() -> None:
    params = list(inspect.signature(CardDraft.__init__).parameters.values())[1:]
    fields = dataclasses.fields(CardDraft)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, field in zip(params, fields, strict=True):
        assert param.default == (inspect.Parameter.empty if field.default is dataclasses.MISSING
                                 else field.default), field.name


def test_a_draft_holds_what_it_was_given_and_stays_frozen() -> None:
    values = _values()
    draft = CardDraft(**values)  # type: ignore[arg-type]
    assert dataclasses.asdict(draft) == values
    assert list(vars(draft)) == list(values)  # field order: the same pickles as before
    assert CardDraft(*values.values()) == draft  # type: ignore[arg-type]
    assert hash(CardDraft(**values)) == hash(draft)  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.front = "changed"  # type: ignore[misc]
    changed = dataclasses.replace(draft, front="other")
    assert changed.front == "other" and changed.back == draft.back
    assert pickle.loads(pickle.dumps(draft)) == draft


def test_defaults_and_the_content_hash_are_unchanged() -> None:
    draft = CardDraft(kind="basic", front="q", back="a", deck="d", source_path="n.md", line=1)
    assert (draft.tags, draft.breadcrumb, draft.explicit_id, draft.quiz) == ((), (), None, None)
    # sha256 of the JSON list ["basic","q","a"]: the identity of every stored basic card
    assert draft.content_hash == (
        "a2144a3331bc05d0e0ca0b76e08ce983946bf846e742866e5426d7b828cff2ee")
