"""One application error type; views and the API map it to a clear message."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.forms import BaseForm


class ApplicationError(Exception):
    """A business rule refused the action. ``message`` is safe to show to the user."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ImportRejected(ApplicationError):
    """An import was refused as a whole; ``problems`` lists every rejected record."""

    def __init__(self, message: str, problems: list[tuple[str, str]]):
        super().__init__(message, code="import_rejected")
        self.problems = problems

    def report(self) -> str:
        lines = [self.message]
        lines += [f"  {where}: {why}" for where, why in self.problems]
        return "\n".join(lines)


def add_form_error(form: BaseForm, exc: ApplicationError) -> None:
    """Show a refusal on ``form`` to re-render: next to the field the error names if the form
    has that field, else as a non-field error."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
