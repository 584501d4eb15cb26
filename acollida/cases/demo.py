"""Demo case files for ``acollida demo`` (filled in below)."""


def load_demo_cases() -> int:
    return 0
