"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds every key widget whenever the screen's bindings are refreshed: after
each keypress, each focus change, and about ten times while a screen starts. Most of those
refreshes change nothing it shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A Footer that skips the rebuild when the keys, labels and enabled states are the same."""

    _shown: tuple[object, ...] | None = None

    def _keys(self, screen: Screen) -> tuple[object, ...]:
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             enabled, tooltip, binding.group.description if binding.group else None)
            for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        if (self._shown is not None and self.is_attached and screen is self.screen
                and self._keys(screen) == self._shown):
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        yield from super().compose()
