"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds every key widget whenever the screen's bindings are refreshed: after
each keypress, each focus change, and about ten times while a screen starts. Most of those
refreshes change nothing it shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

_Key = tuple[object, ...]  # key, display, description, action, enabled, tooltip, group


class QuietFooter(Footer):
    """A Footer that skips the rebuild when the keys, labels and enabled states are the same."""

    _shown: tuple[_Key, ...] | None = None

    def _keys(self, screen: Screen) -> tuple[_Key, ...]:
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             enabled, tooltip, binding.group.description if binding.group else None)
            for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and self.is_attached and screen is self.screen:
            keys = self._keys(screen)
            if keys == self._shown:
                return
            if self._same_but_enabled(keys):  # dim or undim in place: no rebuild, no layout
                for widget, key in zip(self.query(FooterKey), keys, strict=True):
                    _dim(widget, not key[4])
                self._shown = keys
                return
        super().bindings_changed(screen)

    def _same_but_enabled(self, keys: tuple[_Key, ...]) -> bool:
        """Only enabled states differ, and each key has its own widget in the same order."""
        assert self._shown is not None
        widgets = list(self.query(FooterKey))
        if len(keys) != len(self._shown) or len(widgets) != len(keys):
            return False
        return all(_without_enabled(a) == _without_enabled(b)
                   for a, b in zip(keys, self._shown, strict=True)) and all(
            widget.action == key[3] for widget, key in zip(widgets, keys, strict=True))

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A FooterKey starts compact and is then bound to the footer's (not compact):
                # each key's class flipped twice, each flip a style pass over the key. Starting
                # it with the footer's value gives the same classes without those passes. (The
                # palette key is not bound: it stays compact, as Textual draws it.)
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget


def _without_enabled(key: _Key) -> _Key:
    return key[:4] + key[5:]


def _dim(widget: FooterKey, disabled: bool) -> None:
    """Dim or undim a key as its `-disabled` class does, without the style pass over the key
    that changing a class costs (about 1 ms a grade): the class changes (it is what Textual and
    a later restyle read) and the same look, `text-style: dim`, is set inline."""
    if widget._disabled == disabled and widget.has_class("-disabled") == disabled:
        return
    widget._disabled = disabled  # read by FooterKey's click handler
    widget.set_class(disabled, "-disabled", update=False)
    widget.styles.text_style = "dim" if disabled else "none"
