"""Read persons from a CSV file and write candidate duplicate pairs (no Django imports).

Input: UTF-8, a header row with an ``id`` column and any of ``given_name, family_name,
date_of_birth, sex, nationality, document_number, phone, address`` (other columns are ignored);
dates as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. Output: ``id_a,id_b,score,decision``.
A malformed file raises ``InputError`` naming the line, before anything is written.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from acollida.people.linkage import PartialDate, Record, ScoredPair

FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "phone",
    "address",
)


class InputError(ValueError):
    """A problem in the input file, with the line it is on (1 = the header)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(line, "the file is not valid UTF-8 text") from exc


def read_records(path: Path) -> list[Record]:
    """Parse and validate the whole file; raise ``InputError`` at the first bad line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(0, f"cannot read {path}: {exc.strerror}") from exc
    text = _decode(raw)
    if not text.strip():
        raise InputError(1, "the file is empty; a header row with an 'id' column is required")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as exc:
        raise InputError(1, f"the header cannot be read as CSV ({exc})") from exc
    if "id" not in header:
        raise InputError(1, "the header has no 'id' column")
    duplicates = {name for name in header if name and header.count(name) > 1}
    if duplicates:
        raise InputError(1, f"the header repeats the column(s) {', '.join(sorted(duplicates))}")
    position = {name: header.index(name) for name in ("id", *FIELDS) if name in header}
    records: list[Record] = []
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(reader.line_num, f"this line cannot be read as CSV ({exc})") from exc
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(line, f"expected {len(header)} fields as in the header, found {len(row)}")
        values = {name: row[index].strip() for name, index in position.items()}
        record_id = values["id"]
        if not record_id:
            raise InputError(line, "the id is empty")
        if record_id in seen:
            raise InputError(line, f"the id {record_id!r} was already used on line {seen[record_id]}")
        seen[record_id] = line
        try:
            dob = PartialDate.parse(values.get("date_of_birth", ""))
        except ValueError as exc:
            raise InputError(
                line, f"date_of_birth {values['date_of_birth']!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
            ) from exc
        records.append(
            Record(
                id=record_id,
                given_name=values.get("given_name", ""),
                family_name=values.get("family_name", ""),
                date_of_birth=dob,
                sex=values.get("sex", ""),
                nationality=values.get("nationality", ""),
                document_number=values.get("document_number", ""),
                phone=values.get("phone", ""),
                address=values.get("address", ""),
            )
        )
    return records


def write_pairs(path: Path, pairs: Iterable[ScoredPair]) -> int:
    """Write the pairs atomically (a temporary file renamed into place); return how many."""
    directory = path.resolve().parent
    count = 0
    fd, temporary = tempfile.mkstemp(prefix=".pairs-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id_a", "id_b", "score", "decision"])
            for pair in pairs:
                writer.writerow([pair.id_a, pair.id_b, f"{pair.probability:.4f}", pair.decision])
                count += 1
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
