from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,given_name,family_name,date_of_birth,sex,nationality,document_number,phone,address\n"


def _run(tmp_path: Path, content: bytes | str) -> Path:
    source = tmp_path / "in.csv"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    target = tmp_path / "pairs.csv"
    call_command("people", "dedupe", str(source), "--out", str(target))
    return target


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_finds_the_same_person_written_in_arabic_script(tmp_path: Path) -> None:
    target = _run(
        tmp_path,
        HEADER
        + "a1,Mohammed,al-Hassan,1990-03-07,M,SY,X1234567B,+34 600 111 222,\n"
        + "a2,محمد,الحسن,1990-03-07,M,SY,X-1234567-B,,\n"
        + "b1,Olena,Kovalenko,1985-11-02,F,UA,,,\n",
    )
    rows = _rows(target)
    assert [(r["id_a"], r["id_b"], r["decision"]) for r in rows] == [("a1", "a2", "match")]
    assert 0.99 <= float(rows[0]["score"]) <= 1.0


def test_only_id_is_required_and_other_columns_are_ignored(tmp_path: Path) -> None:
    target = _run(
        tmp_path,
        "notes,id,given_name,family_name,date_of_birth\nx,1,Awa,Diallo,1990-02-03\ny,2,Awa,Diallo,1990-02-03\n",
    )
    assert _rows(target)[0].keys() == {"id_a", "id_b", "score", "decision"}


def test_year_and_month_dates_are_accepted(tmp_path: Path) -> None:
    target = _run(
        tmp_path,
        "id,given_name,family_name,date_of_birth,phone\n"
        "1,Yusuf,Haddad,1990,+34 600 111 222\n"
        "2,Youssef,Haddad,1990-04,600111222\n",
    )
    assert [(r["id_a"], r["id_b"]) for r in _rows(target)] == [("1", "2")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("given_name\nOlena\n", "line 1: the header has no 'id' column"),
        ("id,date_of_birth\n1,1990\n2,07/03/1990\n", "line 3: date_of_birth '07/03/1990'"),
        ("id,family_name\n1,Diallo\n1,Bah\n", "line 3: the id '1' was already used on line 2"),
        ("id,family_name\n1,Diallo,extra\n", "line 2: expected 2 fields"),
        ("id,family_name\n,Diallo\n", "line 2: the id is empty"),
        ("", "line 1: the file is empty"),
        (b"id,family_name\n1,Diallo\n2,Caf\xe9\n", "line 3: the file is not valid UTF-8"),
    ],
)
def test_malformed_input_names_the_line_and_writes_nothing(
    tmp_path: Path, content: bytes | str, expected: str
) -> None:
    with pytest.raises(CommandError, match=expected):
        _run(tmp_path, content)
    assert not (tmp_path / "pairs.csv").exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


def test_an_existing_output_is_left_untouched_when_the_input_is_bad(tmp_path: Path) -> None:
    (tmp_path / "pairs.csv").write_text("previous\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _run(tmp_path, "id,date_of_birth\n1,yesterday\n")
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8") == "previous\n"


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("people", "dedupe", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))


def test_a_shared_common_name_alone_is_not_flagged(tmp_path: Path) -> None:
    target = _run(tmp_path, "id,given_name,family_name\n1,Awa,Diallo\n2,Awa,Diallo\n")
    assert _rows(target) == []
