"""Dropping root's powers for a child process, so that file permissions hold for it as for any user."""

from __future__ import annotations

import os
import shutil

import pytest


def without_root_powers() -> list[str]:
    """A command prefix under which this user's own file permissions hold. Root ignores them
    (CAP_DAC_OVERRIDE), and CI runs as root: setpriv drops those capabilities for the child."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): permissions cannot be tested")
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]
