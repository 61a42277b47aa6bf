"""Need-to-know per field (issue #15): which pages and API responses show which personal or
special-category field, and so which roles can see it.

``FIELDS`` is the declared registry: for each sensitive field, the URL names whose page or
API response shows its value (read from the templates, serializers and selectors behind
them). The roles per field are not typed here but derived from the code: a role sees a field
when it may open one of those URLs (the URL conf and ``accounts/roles.py``, as in the URL x
role matrix). ``accounts/tests/test_field_matrix.py`` opens every page and API response as
every role with the demo data and fails when a field's value shows anywhere this registry
does not list, so the table in ``docs/authorization.md`` cannot claim less than the code
shows."""

from __future__ import annotations

from dataclasses import dataclass

from zorgzaam.accounts.roles import Role


@dataclass(frozen=True)
class SensitiveField:
    model: str  # app label.Model
    field: str
    kind: str  # "personal" or "special" (special-category or confidential)
    shown_by: tuple[str, ...]  # URL names whose page or API response shows the value


#: a request's address and phone are copied from the person when it is made, and a
#: referral's contact phone is the person's: such a value counts for each field it is in.
_PERSON_PHONE = (
    "help:task",
    "help:coordinate_request",
    "help:my_contact",
    "casework:referral_detail",
    "casework:api_referral",
    "casework:api_referrals",
    "casework:export",
    "people:detail",
)

FIELDS: tuple[SensitiveField, ...] = (
    SensitiveField(
        "people.Person",
        "street_address",
        "personal",
        ("help:task", "help:coordinate_request", "people:detail"),
    ),
    SensitiveField(
        "people.Person", "phone", "personal", (*_PERSON_PHONE, "help:coordinate_volunteer")
    ),
    SensitiveField("people.Person", "email", "personal", ()),  # kept for notifications only
    SensitiveField(
        "casework.HouseholdMember", "bsn", "special", ("casework:bsn_reveal", "casework:export")
    ),
    SensitiveField("casework.CaseNote", "text", "special", ("casework:detail", "casework:export")),
    SensitiveField(
        "help.HelpRequest",
        "description",
        "personal",
        (
            "help:my_requests",
            "help:my_request",
            "help:tasks",
            "help:task",
            "help:coordinate_village",
            "help:coordinate_request",
        ),
    ),
    SensitiveField(
        "help.HelpRequest",
        "address",
        "personal",
        ("help:task", "help:coordinate_request", "people:detail"),
    ),
    SensitiveField("help.HelpRequest", "phone", "personal", _PERSON_PHONE),
    SensitiveField("help.ConcernReport", "text", "special", ("help:coordinate_concerns",)),
    SensitiveField(
        "help.TaskMessage",
        "text",
        "personal",
        ("help:task_messages", "help:my_request_messages", "help:coordinate_request_messages"),
    ),
    SensitiveField("stories.Story", "original_text", "special", ("stories:original",)),
    SensitiveField(
        "work.JobSeeker", "wishes", "special", ("work:jobseeker_detail", "work:jobseeker_edit")
    ),
    SensitiveField(
        "work.JobSeeker", "limits", "special", ("work:jobseeker_detail", "work:jobseeker_edit")
    ),
)


def field_cells(spec: SensitiveField) -> dict[str, str]:
    """Per role: the strongest cell of the URL x role matrix over the URLs that show the
    field (``allow+2FA``, ``allow`` or ``deny``), derived from the URL conf and the roles."""
    from zorgzaam.common.authz import ALLOW, ALLOW_2FA, DENY, cell
    from zorgzaam.common.urlwalk import routes

    by_name = {r.name: r for r in routes()}
    cells = {}
    for role in Role.values:
        seen = {cell(by_name[name], role) for name in spec.shown_by if name in by_name}
        if ALLOW_2FA in seen:
            cells[role] = ALLOW_2FA
        elif ALLOW in seen:
            cells[role] = ALLOW
        else:
            cells[role] = DENY
    return cells


def allowed_routes(model: str, field: str) -> frozenset[str]:
    return frozenset(
        name
        for spec in FIELDS
        if (spec.model, spec.field) == (model, field)
        for name in spec.shown_by
    )


def field_matrix_markdown() -> list[str]:
    head = ["object type", "field", "kind", "shown by", *Role.values]
    lines = [
        "## Per field: personal and special-category data",
        "",
        "Generated from `common/fieldmatrix.py` (the URLs whose page or API response shows the "
        "field) and the URL x role matrix below: a role sees a field where it may open one of "
        "those URLs. Object-level need-to-know narrows it further (a resident sees only their "
        "own request, a volunteer only the tasks they accepted, a professional only their "
        "team's households). `accounts/tests/test_field_matrix.py` opens every page and API "
        "response as every role with the demo data and fails when a value shows where this "
        "table does not list it.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for spec in FIELDS:
        shown = ", ".join(f"`{n}`" for n in spec.shown_by)
        values = [f"`{spec.model}`", f"`{spec.field}`", spec.kind, shown]
        values += field_cells(spec).values()
        lines.append("| " + " | ".join(values) + " |")
    return lines
