"""Bulk invitation of staff from a CSV file, all or nothing.

The file has the columns username, first_name, last_name, email, role and team (the team
may be empty), with a header row, separated by ``;`` or ``,`` and in UTF-8 (with or without
the byte-order mark Excel writes) or Windows-1252 (Excel's plain "CSV"). Every row goes
through ``user_invite`` inside one transaction; when any row is refused, every row's problem
is reported with its line number and the transaction is rolled back: nothing is written, not
even an audit row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError

from ..models import User
from ..selectors import team_get
from ..services import invitation_url, user_invite

COLUMNS = ("username", "first_name", "last_name", "email", "role", "team")
REQUIRED = ("username", "email", "role")
MAX_ROWS = 1000


@dataclass(frozen=True)
class StaffRow:
    line: int  # the line in the file (the header is line 1), as a spreadsheet shows it
    values: dict[str, str]


@dataclass(frozen=True)
class Invited:
    line: int
    user: User
    url: str


class BulkInviteRejected(ApplicationError):
    """The file was refused as a whole; ``problems`` lists (line, message), line 0 for the
    file itself."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__(_("Nothing was written: correct the file and upload it again."))
        self.problems = problems


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def staff_csv_parse(data: bytes) -> list[StaffRow]:
    """The rows of the file, keyed by column; BulkInviteRejected when the file itself is not
    usable (no header, missing columns, empty, too long)."""
    if data.startswith(b"PK\x03\x04"):
        raise BulkInviteRejected(
            [
                (
                    0,
                    _(
                        "This is an Excel workbook, not a CSV file. In Excel choose Save as, "
                        "then CSV UTF-8, and upload that file."
                    ),
                )
            ]
        )
    text = _decode(data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise BulkInviteRejected([(0, _("The file is empty."))])
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[StaffRow] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().lower().replace(" ", "_") for cell in record]
            missing = [c for c in COLUMNS if c not in header and c != "team"]
            if missing:
                raise BulkInviteRejected(
                    [
                        (
                            line,
                            _("Missing columns: %(missing)s. The header must be: %(columns)s.")
                            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
                        )
                    ]
                )
            continue
        if len(record) > len(header):
            extra = record[len(header) :]
            if any(cell.strip() for cell in extra):
                raise BulkInviteRejected(
                    [(line, _("This line has more cells than the header has columns."))]
                )
        values = {
            column: (record[i].strip() if i < len(record) else "")
            for i, column in enumerate(header)
            if column in COLUMNS
        }
        values.setdefault("team", "")
        rows.append(StaffRow(line, values))
        if len(rows) > MAX_ROWS:
            raise BulkInviteRejected([(0, _("At most %(n)d people per file.") % {"n": MAX_ROWS})])
    if not rows:
        raise BulkInviteRejected([(0, _("The file has a header but no people."))])
    return rows


def _row_problems(rows: list[StaffRow]) -> dict[int, list[str]]:
    """Problems the services cannot see one row at a time: empty required cells, a username
    twice in the file."""
    problems: dict[int, list[str]] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        for column in REQUIRED:
            if not row.values.get(column):
                problems.setdefault(row.line, []).append(
                    _("The column %(column)s is empty.") % {"column": column}
                )
        key = row.values.get("username", "").lower()
        if key:
            if key in first_line:
                problems.setdefault(row.line, []).append(
                    _("The username %(username)s is also on line %(line)d.")
                    % {"username": row.values["username"], "line": first_line[key]}
                )
            else:
                first_line[key] = row.line
    return problems


def users_bulk_invite(*, actor, data: bytes, request=None) -> list[Invited]:
    """Invite every person in the file, or nobody. Returns the invitations with their links
    (shown once: only hashes are stored). BulkInviteRejected lists every line's problems."""
    rows = staff_csv_parse(data)
    problems = _row_problems(rows)
    invited: list[Invited] = []
    with transaction.atomic():
        for row in rows:
            if row.line in problems:
                continue
            values = row.values
            try:
                teams = []
                if values["team"]:
                    teams = [team_get(municipality=actor.municipality, name=values["team"])]
                user, token = user_invite(
                    actor=actor,
                    username=values["username"],
                    role=values["role"],
                    municipality=actor.municipality,
                    email=values["email"],
                    first_name=values.get("first_name", ""),
                    last_name=values.get("last_name", ""),
                    teams=teams,
                    request=request,
                )
            except ApplicationError as exc:
                problems.setdefault(row.line, []).append(exc.message)
                continue
            invited.append(Invited(row.line, user, invitation_url(token)))
        if problems:
            # Raised inside the transaction: every invitation above is rolled back.
            raise BulkInviteRejected(
                [(line, message) for line in sorted(problems) for message in problems[line]]
            )
    return invited
