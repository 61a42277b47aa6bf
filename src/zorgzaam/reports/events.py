"""Audit events of the council report. Every export is audited."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

REPORT_VIEWED = define("reports.view", Action.VIEW, _("viewed the council report"))
REPORT_PDF = define("reports.export_pdf", Action.EXPORT, _("exported the council report as PDF"))
REPORT_CSV = define("reports.export_csv", Action.EXPORT, _("exported the council report as CSV"))
BUDGET_CHANGED = define("reports.budget_change", Action.CHANGE, _("changed the budget table"))
