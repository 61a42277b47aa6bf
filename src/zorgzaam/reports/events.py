"""Audit events of the council report. Every export is audited."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

REPORT_VIEWED = define("reports.view", Action.VIEW, _("viewed the council report"))
REPORT_PDF = define("reports.export_pdf", Action.EXPORT, _("exported the council report as PDF"))
REPORT_CSV = define("reports.export_csv", Action.EXPORT, _("exported the council report as CSV"))
BUDGET_CHANGED = define("reports.budget_change", Action.CHANGE, _("changed the budget table"))
VISIT_VIEWED = define("reports.visit_view", Action.VIEW, _("viewed a work visit or hearing"))
VISIT_CREATED = define("reports.visit_create", Action.CREATE, _("planned a work visit or hearing"))
VISIT_CHANGED = define(
    "reports.visit_change",
    Action.CHANGE,
    _("changed a work visit or hearing (plan, brief, invitations or outcome)"),
)
VISIT_BRIEF = define(
    "reports.visit_brief", Action.EXPORT, _("downloaded the brief of a work visit or hearing")
)
