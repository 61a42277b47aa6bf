from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import public, requires
from zorgzaam.audit.services import audit_record, client_ip
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.http import post_form
from zorgzaam.stories.models import Audience
from zorgzaam.stories.periods import period_of, period_parse, period_recent, period_shift
from zorgzaam.tenancy.models import Municipality

from . import opendata, pdf_cache
from .forms import BudgetForm
from .models import BudgetEntry
from .selectors import annex_build, report_build
from .services import budget_set


def default_period() -> str:
    """The last completed quarter."""
    return period_shift(period_of(timezone.localdate()), -1)


def _period(request) -> tuple[str, str]:
    period = (request.GET.get("period") or "").strip() or default_period()
    try:
        period_parse(period)
    except ApplicationError as exc:
        return default_period(), exc.message
    return period, ""


def _urls(public_slug: str, period: str) -> tuple[str, str, str]:
    """The report's, its annex's and the annex PDF's address for ``period``."""
    if public_slug:
        report = reverse("reports:public", args=[public_slug])
        annex = reverse("reports:public_annex", args=[public_slug])
        annex_pdf = reverse("reports:public_annex_pdf", args=[public_slug])
    else:
        report, annex = reverse("reports:index"), reverse("reports:annex")
        annex_pdf = reverse("reports:annex_pdf")
    query = f"?period={period}"
    return report + query, annex + query, annex_pdf + query


def _page(request, municipality, audience, *, public_slug=""):
    period, error = _period(request)
    report = report_build(municipality, period, audience=audience)
    _report_url, annex_url, annex_pdf_url = _urls(public_slug, report.period)
    context = {
        "report": report,
        "periods": period_recent(timezone.localdate(), 8),
        "error": error,
        "public_slug": public_slug,
        "annex_url": annex_url,
        "annex_pdf_url": annex_pdf_url,
    }
    return render(request, "reports/report.html", context, status=400 if error else 200)


def _annex(request, municipality, audience, *, public_slug=""):
    """The annex on its own page: every other published story of the quarter."""
    period, error = _period(request)
    annex = annex_build(municipality, period, audience=audience)
    report_url, _annex_url, annex_pdf_url = _urls(public_slug, annex.period)
    context = {
        "report": annex,
        "villages": annex.annex_by_village(),
        "report_url": report_url,
        "annex_pdf_url": annex_pdf_url,
        "error": error,
    }
    return render(request, "reports/annex.html", context, status=400 if error else 200)


def _pdf(request, municipality, audience, target_id, document=pdf_cache.REPORT):
    """The report (or its annex, a document of its own) as PDF, served from the store
    (``pdf_cache``). The council's is audited for every download; the public one (anonymous,
    public figures) only when rendered, and limited per client address."""
    period, error = _period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    public = audience == Audience.PUBLIC
    if public:
        allowed, retry_after = pdf_cache.public_allowed(client_ip(request) or "unknown")
        if not allowed:
            response = HttpResponse(
                _("Too many downloads from your address; try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(retry_after)
            return response
    data, rendered = pdf_cache.pdf_serve(municipality, period, audience, get_language(), document)
    suffix = "" if document == pdf_cache.REPORT else "-bijlage"
    if rendered or not public:
        audit_record(
            event="reports.export_pdf",
            request=request,
            target=("reports.report", f"{target_id}:{period}{':annex' if suffix else ''}"),
            municipality_code=municipality.code,
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="raadsrapportage-{municipality.slug}-{period}{suffix}.pdf"'
    )
    return response


# The open-data files: (builder, file name after the stem, content type).
_OPEN_DATA = {
    "csv": (opendata.tidy_csv, ".csv", "text/csv; charset=utf-8"),
    "excel": (opendata.excel_csv, "-excel.csv", "text/csv; charset=utf-8"),
    "datapackage": (opendata.datapackage_zip, "-datapackage.zip", "application/zip"),
}


def _csv(request, municipality, audience, target_id, kind="csv"):
    """The report's figures as open data (``opendata``): tidy CSV, the same for Dutch
    Excel, or the Frictionless data package; audited like every export."""
    period, error = _period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    build, suffix, content_type = _OPEN_DATA[kind]
    report = report_build(municipality, period, audience=audience)
    audit_record(
        event="reports.export_csv",
        request=request,
        target=("reports.report", f"{target_id}:{period}"),
        municipality_code=municipality.code,
    )
    response = HttpResponse(build(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{opendata.file_stem(report)}{suffix}"'
    return response


@requires("reports.view")
def report_index(request):
    audit_record(event="reports.view", request=request, target=("reports.report", "council"))
    return _page(request, request.user.municipality, Audience.COUNCIL)


@requires("reports.view")
def report_annex(request):
    audit_record(event="reports.view", request=request, target=("reports.report", "council"))
    return _annex(request, request.user.municipality, Audience.COUNCIL)


@requires("reports.view")
def report_pdf_view(request):
    return _pdf(request, request.user.municipality, Audience.COUNCIL, "council")


@requires("reports.view")
def report_annex_pdf_view(request):
    return _pdf(request, request.user.municipality, Audience.COUNCIL, "council", pdf_cache.ANNEX)


@requires("reports.view")
def report_csv_view(request):
    return _csv(request, request.user.municipality, Audience.COUNCIL, "council")


@requires("reports.view")
def report_excel_view(request):
    return _csv(request, request.user.municipality, Audience.COUNCIL, "council", "excel")


@requires("reports.view")
def report_datapackage_view(request):
    return _csv(request, request.user.municipality, Audience.COUNCIL, "council", "datapackage")


def _municipality(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


@public
def public_report(request, slug):
    municipality = _municipality(slug)
    return _page(request, municipality, Audience.PUBLIC, public_slug=municipality.slug)


@public
def public_annex(request, slug):
    municipality = _municipality(slug)
    return _annex(request, municipality, Audience.PUBLIC, public_slug=municipality.slug)


@public
def public_pdf(request, slug):
    return _pdf(request, _municipality(slug), Audience.PUBLIC, "public")


@public
def public_annex_pdf(request, slug):
    return _pdf(request, _municipality(slug), Audience.PUBLIC, "public", pdf_cache.ANNEX)


@public
def public_csv(request, slug):
    return _csv(request, _municipality(slug), Audience.PUBLIC, "public")


@public
def public_excel(request, slug):
    return _csv(request, _municipality(slug), Audience.PUBLIC, "public", "excel")


@public
def public_datapackage(request, slug):
    return _csv(request, _municipality(slug), Audience.PUBLIC, "public", "datapackage")


@requires("reports.budget")
def budget(request):
    form = BudgetForm(request.POST or None, initial={"period": default_period()})
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: budget_set(
                actor=request.user,
                period=f.cleaned_data["period"],
                amounts={c: f.cleaned_data.get(c) for c in BudgetEntry.Category.values},
                request=request,
            ),
            _("Budget table saved."),
            redirect_to="reports:budget",
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    entries = BudgetEntry.objects.for_municipality(request.user.municipality)
    table: dict[str, dict[str, object]] = {}
    for entry in entries:
        table.setdefault(entry.period, {})[entry.category] = entry.amount
    rows = [
        (p, [table[p].get(c) for c in BudgetEntry.Category.values])
        for p in sorted(table, reverse=True)
    ]
    return render(
        request,
        "reports/budget.html",
        {"form": form, "rows": rows, "categories": BudgetEntry.Category.choices},
        status=400 if request.method == "POST" else 200,
    )
