"""OR-Library generalized assignment files: the reader, the published optima, the command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from acollida.housing.solver import GapFormatError, read_gap, solve_gap, solve_gap_file

# OR-Library's gap1 (public, 2 KB), kept with the tests so they run from any checkout.
GAP_DIR = Path(__file__).with_name("data")
GAP1_OPTIMA = [336, 327, 339, 341, 326]
SMALL = "1\n2 3\n5 6 7\n1 2 3\n2 2 2\n2 2 2\n4 5\n"


def test_a_small_file_is_read_agent_by_job() -> None:
    (instance,) = read_gap(SMALL)
    assert (instance.agents, instance.jobs) == (2, 3)
    assert instance.profit == ((5, 6, 7), (1, 2, 3))
    assert instance.capacity == (4, 5)


def test_a_small_instance_is_solved_to_its_optimum_both_ways() -> None:
    (instance,) = read_gap(SMALL)
    # capacity 4 on agent 1 (weight 2 each): two jobs there, one on agent 2
    assert solve_gap(instance).objective == 6 + 7 + 1
    assert solve_gap(instance, minimize=True).objective == 5 + 2 + 3


def test_a_word_where_a_number_belongs_names_its_line_and_column() -> None:
    with pytest.raises(GapFormatError) as error:
        read_gap("1\n2 3\n5 6 seven\n")
    assert (error.value.line, error.value.column) == (3, 5)
    assert "profit [1, 3] of instance 1" in str(error.value)


def test_a_file_that_ends_early_says_what_was_missing() -> None:
    with pytest.raises(GapFormatError, match="capacity 2 of instance 1"):
        read_gap(SMALL.rsplit(" ", 1)[0])


def test_numbers_after_the_last_instance_are_an_error() -> None:
    with pytest.raises(GapFormatError, match="line 8, column 1"):
        read_gap(SMALL + "9\n")


def test_a_negative_capacity_is_an_error() -> None:
    with pytest.raises(GapFormatError, match="capacity 1 of instance 1 must be at least 0"):
        read_gap(SMALL.replace("4 5", "-4 5"))


def test_an_instance_with_no_possible_assignment_is_infeasible(tmp_path: Path) -> None:
    path = tmp_path / "tight.txt"
    path.write_text("1\n1 2\n1 1\n3 3\n5\n")
    (result,) = solve_gap_file(path)
    assert result.status == "infeasible"
    assert result.objective is None


@pytest.mark.parametrize("backend", ["cp-sat", "highs"])
def test_gap1_is_solved_to_its_published_optima(backend: str) -> None:
    results = solve_gap_file(GAP_DIR / "gap1.txt", backend=backend)  # type: ignore[arg-type]
    assert [r.objective for r in results] == GAP1_OPTIMA
    assert {r.status for r in results} == {"optimal"}


def test_the_command_prints_one_json_line_per_instance() -> None:
    out = StringIO()
    call_command("placement", "solve-gap", str(GAP_DIR / "gap1.txt"), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["instance"] for line in lines] == [1, 2, 3, 4, 5]
    assert [line["objective"] for line in lines] == GAP1_OPTIMA
    assert {line["status"] for line in lines} == {"optimal"}
    assert all(set(line) == {"instance", "objective", "status", "seconds"} for line in lines)


def test_the_command_minimizes_on_request(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(SMALL)
    out = StringIO()
    call_command("placement", "solve-gap", str(path), "--minimize", "--json", stdout=out)
    assert json.loads(out.getvalue())["objective"] == 10


def test_the_command_reports_a_malformed_file_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("1\n2 3\n5 6 x\n")
    with pytest.raises(CommandError, match="bad.txt: line 3, column 5"):
        call_command("placement", "solve-gap", str(path), "--json", stdout=StringIO())


def test_the_command_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("placement", "solve-gap", str(tmp_path / "nope.txt"), "--json", stdout=StringIO())
