"""Demo directory content (filled in with the Valencia services)."""

from __future__ import annotations

from typing import Any


def load_demo(stdout: Any) -> None:
    return None
