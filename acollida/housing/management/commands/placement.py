"""``acollida placement ACTION``: the placement optimizer's engine from the command line.

* ``solve-gap FILE [--minimize] [--time-limit SECONDS] [--backend cp-sat|highs] --json``: solve
  every generalized assignment instance of an OR-Library file (format in
  ``acollida/housing/solver/gap.py``) on the optimizer's integer program and print one JSON
  object per instance: ``{"instance": k, "objective": value, "status": ..., "seconds": t}``.
  Status is ``optimal``, ``feasible`` (time limit reached with a solution), ``infeasible``, or
  ``unknown`` (time limit reached before any solution; objective null). Maximisation by default.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acollida.housing.solver import BACKENDS, DEFAULT_BACKEND, GapFormatError, solve_gap_file


def _seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Run the placement optimizer's engine from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        gap = actions.add_parser(
            "solve-gap", help="Solve the generalized assignment instances of an OR-Library file."
        )
        gap.add_argument("file", help="OR-Library GAP file (gap1.txt, gapa.txt, ...)")
        gap.add_argument("--minimize", action="store_true", help="minimise total cost (default: maximise)")
        gap.add_argument(
            "--time-limit", type=_seconds, default=60.0, help="seconds per instance (default 60)"
        )
        gap.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
        gap.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
        gap.add_argument("--json", action="store_true", help="one JSON object per instance (the only output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "solve-gap":  # pragma: no cover - argparse allows no other
            raise CommandError(f"unknown action {options['action']}")
        try:
            results = solve_gap_file(
                options["file"],
                minimize=options["minimize"],
                time_limit=options["time_limit"],
                backend=options["backend"],
                num_workers=max(1, options["workers"]),
            )
        except GapFormatError as error:
            raise CommandError(f"{options['file']}: {error}") from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']}: cannot be read ({error})") from error
        for result in results:
            line = result.as_json()
            if options["json"]:
                self.stdout.write(json.dumps(line))
            else:
                objective = "-" if line["objective"] is None else line["objective"]
                self.stdout.write(
                    f"instance {line['instance']}: {objective} ({line['status']}, {line['seconds']} s)"
                )
