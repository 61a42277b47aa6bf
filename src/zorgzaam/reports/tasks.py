"""Background tasks of the council report (django-tasks; database backend in dev and prod)."""

from django_tasks import task


@task()
def report_pdf_render(
    municipality_id: int, period: str, audience: str, language: str, document: str = "report"
) -> str:
    """Render and store the report's PDF (``document`` "report") or its annex's ("annex")
    unless the stored one is of the current data."""
    from zorgzaam.tenancy.models import Municipality

    from .pdf_cache import pdf_render

    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        return "gone"
    _row, rendered = pdf_render(municipality, period, audience, language, document)
    return "rendered" if rendered else "current"
