"""Run a command without root's power over file permissions, so a test of an unreadable folder
or a read-only collection means something under root too (CI runs as root).

Root keeps uid 0 but loses the capabilities that let it ignore permission bits
(`setpriv --bounding-set`): a folder chmod 000 is then unreadable to it, a folder chmod 555
unwritable, exactly as for any user."""

from __future__ import annotations

import os
import shutil

import pytest

_DROP = "-dac_override,-dac_read_search,-fowner"


def unprivileged(argv: list[str]) -> list[str]:
    """`argv` as it runs for a plain user: unchanged when not root, else through setpriv."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop root's file permissions")
    return [setpriv, f"--bounding-set={_DROP}", *argv]
