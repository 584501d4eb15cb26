"""Demo housing network (filled in by ``acollida demo``)."""

from typing import Any


def load_demo(stdout: Any) -> None:
    """Nothing yet."""
