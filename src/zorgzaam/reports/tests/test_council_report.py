"""Issue #20: a summary first, one source of truth for every number, measures that are too
small per village shown for the municipality, and an accessible PDF."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import login
from zorgzaam.reports import pdf, sources
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.models import Audience, Level, Round, Selection
from zorgzaam.stories.tests.factories import approved_story

pytestmark = pytest.mark.django_db

PERIOD = "2026-Q3"


def _fake(monkeypatch, **funcs):
    real = sources.selector
    monkeypatch.setattr(sources, "selector", lambda m, n: funcs.get(n) or real(m, n))


@pytest.fixture
def data(world, monkeypatch, settings):
    """Exact counts that rounding changes (58 + 59 = 117 plans, 26 + 25 = 51 informal) and
    a ZRM table that is too small in every domain."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 10, 5
    a, b = world.village_a.public_id, world.village_b.public_id

    def casework(municipality, period):
        return [
            {"area_id": a, "households": 58, "plans_with_actions": 58, "plans_with_informal": 26},
            {"area_id": b, "households": 59, "plans_with_actions": 59, "plans_with_informal": 25},
        ]

    def informal(municipality, period):
        return {"plans": 117, "informal": 51}

    def zrm(municipality, period):
        return [
            {"domain": d, "name": d, "households": 4, "mean_change": 0.5}
            | {"improved": 2, "same": 1, "worse": 1}
            for d in ("Financiën", "Huisvesting", "Werk")
        ]

    _fake(
        monkeypatch,
        casework_counts_by_village=casework,
        informal_share=informal,
        zrm_progress=zrm,
    )
    stories = [
        approved_story(
            world,
            title=f"Lichtpuntje {n}",
            text="Coördinator [PERSOON-1] belt iedereen; bel [PERSOON-1] op [TELEFOON-1].",
            audience=Audience.COUNCIL,
            period=PERIOD,
            area=world.village_a if n % 2 else world.village_b,
        )
        for n in range(8)
    ]
    rnd = Round.objects.create(municipality=world.municipality, period=PERIOD, title="Ronde")
    Selection.objects.create(
        municipality=world.municipality,
        round=rnd,
        story=stories[0],
        level=Level.COUNCIL,
        selector_label="Raadscommissie",
        reason="Omdat [PERSOON-1] het dorp bij elkaar brengt.",
        reason_checked=True,
    )
    return stories


class _Figures(HTMLParser):
    """Table cells (``data-cell``), figures in text (``data-ref``) and the visible text."""

    def __init__(self):
        super().__init__()
        self.cells: dict[str, str] = {}
        self.refs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, str, list[str]]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "svg"):
            self._skip += 1
        for kind in ("data-cell", "data-ref"):
            if kind in attrs:
                self._open.append((kind, attrs[kind], []))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self._skip -= 1
        if tag in ("td", "span") and self._open:
            kind, ref, parts = self._open.pop()
            text = "".join(parts).strip()
            if kind == "data-cell":
                assert self.cells.setdefault(ref, text) == text, ref
            else:
                self.refs.append((ref, text))

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        for _kind, _ref, parts in self._open:
            parts.append(data)


def test_no_text_figure_contradicts_or_unsuppresses_a_table_cell(client, world, data):
    login(client, world.users[Role.POLICY_OFFICER])
    page = client.get(f"/report/?period={PERIOD}").content.decode()
    report = report_build(world.municipality, PERIOD)
    for html in (page, pdf.report_pdf_html(report)):
        figures = _Figures()
        figures.feed(html)
        assert figures.cells and figures.refs
        for ref, text in figures.refs:  # the summary's and the text's figures
            if ref in figures.cells:
                assert text == figures.cells[ref], ref
        summary_refs = {ref for ref, _t in figures.refs}
        assert "casework.households.all" in summary_refs
        text = " ".join(figures.text)
        # the exact counts never appear, only the published (rounded) ones
        assert not re.search(r"(?<![\d,.])(51|117)(?![\d,])", text)
        assert "50 van 115 plannen (43%)" in text
        assert figures.cells["casework.plans_with_informal.all"] == "50"
        assert figures.cells["casework.plans_with_actions.all"] == "115"
        # no raw placeholder; the chosen story and its reason read as words
        assert not re.search(r"\[[A-Z]+-\d+\]", text)
        assert "De coördinator belt iedereen" in text


def test_a_measure_too_small_in_every_row_is_shown_for_the_municipality(world, data):
    report = report_build(world.municipality, PERIOD)
    zrm = next(s for s in report.sections if s.key == "zrm")
    # the audited table (also the open data) is unchanged; the page shows no column of "< 10"
    assert [c.display() for c in zrm.table.cells[0]] == ["< 10", "< 10", "< 10"]
    assert not zrm.grid.has_columns
    assert [(label, f.text) for label, f in zrm.grid.municipal] == [
        ("vooruit", "< 10"),
        ("gelijk", "< 10"),
        ("achteruit", "< 10"),
    ]
    casework = next(s for s in report.sections if s.key == "casework")
    assert "afgeronde verwijzingen" in casework.grid.columns  # all zero: that says something
    assert "ondersteunde huishoudens" in casework.grid.columns


def test_summary_per_village_with_change_and_the_lights(client, world, data):
    report = report_build(world.municipality, PERIOD)
    summary = report.summary
    assert [c.name for c in summary.cards] == [
        world.municipality.name,
        world.village_a.name,
        world.village_b.name,
    ]
    card = summary.villages[0]
    figures = {f.label: f for f in card.figures}
    assert figures["gepubliceerde lichtpuntjes"].now.text == "4"
    assert figures["gepubliceerde lichtpuntjes"].quarter == "+4"  # none the quarter before
    assert figures["ondersteunde huishoudens"].now.text == "60"
    assert figures["ondersteunde huishoudens"].quarter == "0"  # the fake is the same each quarter
    assert [light["story"] for light in summary.lights] == [data[0]]
    assert len(report.annex) == len(data) - 1
    login(client, world.users[Role.POLICY_OFFICER])
    page = client.get(f"/report/?period={PERIOD}").content.decode()
    anchor = f'id="{card.anchor}"'
    assert f'href="#{card.anchor}"' in page and anchor in page  # one click to the village
    assert (
        page.index('id="h-summary"') < page.index('id="h-themes"') < page.index('id="h-selected"')
    )
    annex = client.get(f"/report/stories/?period={PERIOD}")
    assert annex.status_code == 200
    body = annex.content.decode()
    assert "Lichtpuntje 1" in body and "Lichtpuntje 0" not in body
    assert not re.search(r"\[[A-Z]+-\d+\]", body)
    public = client.get(f"/report/public/{world.municipality.slug}/stories/?period={PERIOD}")
    assert public.status_code == 200 and "Lichtpuntje 1" not in public.content.decode()


def _walk(obj, seen=None):
    import pikepdf

    seen = seen if seen is not None else set()
    if isinstance(obj, pikepdf.Dictionary):
        if obj.objgen != (0, 0):
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        yield obj
        if "/K" in obj:
            yield from _walk(obj.K, seen)
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            yield from _walk(item, seen)


def test_pdf_is_tagged_with_bookmarks_and_keeps_captions_with_their_tables(world, data):
    import pikepdf
    from weasyprint.formatting_structure import boxes

    report = report_build(world.municipality, PERIOD)
    document = pdf.pdf_document(pdf.report_pdf_html(report))
    ids: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("id"):
                ids.setdefault(element.get("id"), number)
            if getattr(box, "is_table_wrapper", False):
                has_caption = any(isinstance(b, boxes.TableCaptionBox) for b in box.children)
                rows = [b for b in box.descendants() if isinstance(b, boxes.TableRowBox)]
                assert not has_caption or rows, f"caption without its table on page {number}"
    # the summary, with every village and the lights, on one page, after the contents
    summary = [ids[k] for k in ids if k.startswith(("h-summary", "dorp-", "gemeente"))]
    assert len(set(summary)) == 1 and summary[0] == ids["h-contents"] + 1
    # no near-empty last page
    last = document.pages[-1]._page_box
    bottom = max(
        b.position_y + b.margin_height() for b in last.descendants() if hasattr(b, "position_y")
    )
    assert bottom > 0.2 * last.height

    data_pdf = document.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    with pikepdf.open(io.BytesIO(data_pdf)) as doc:
        root = doc.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "nl"
        with doc.open_metadata() as meta:
            assert meta.get("dc:title") == report.title
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with doc.open_outline() as outline:
            titles, todo = [], list(outline.root)
            while todo:
                item = todo.pop(0)
                titles.append(item.title)
                todo.extend(item.children)
        assert titles[0] == report.title
        assert "Samenvatting" in titles and "Inhoud" in titles
        tags = {str(node.get("/S")) for node in _walk(root.StructTreeRoot) if "/S" in node}
        assert {"/TH", "/Table", "/Caption", "/H2"} <= tags


def test_the_annex_shows_only_the_own_municipality(client, world):
    from zorgzaam.stories.models import Domain, Story
    from zorgzaam.tenancy.models import Area

    other = world.other_municipality
    area = Area.objects.filter(municipality=other).first() or Area.objects.create(
        municipality=other, name="Elders", code="WK999901"
    )
    domain = Domain.objects.create(municipality=other, slug="elders", name="Elders")
    Story.objects.create(
        municipality=other,
        title="Van elders",
        text="Een verhaal uit een andere gemeente.",
        status=Story.Status.APPROVED,
        audience=Audience.PUBLIC,
        domain=domain,
        area=area,
        period=PERIOD,
    )
    approved_story(world, title="Van hier", audience=Audience.PUBLIC, period=PERIOD)
    login(client, world.users[Role.POLICY_OFFICER])
    body = client.get(f"/report/stories/?period={PERIOD}").content.decode()
    assert "Van hier" in body and "Van elders" not in body
    public = client.get(f"/report/public/{world.municipality.slug}/stories/?period={PERIOD}")
    assert "Van elders" not in public.content.decode()
    assert client.get("/report/stories/?period=2026-Q9").status_code == 400


def test_the_annex_is_a_tagged_pdf_of_its_own_with_contents_and_page_numbers(world, data, tmp_path):
    """The other published stories are a document of their own (the report's PDF within
    10 s at full size, issue #23): tagged PDF/UA-1, a bookmark per village, a contents page
    with page numbers, page numbers, and the report's PDF links to it."""
    import subprocess

    import pikepdf

    from zorgzaam.reports.selectors import annex_build

    report = report_build(world.municipality, PERIOD)
    report_html = pdf.report_pdf_html(report)
    urls = pdf.annex_urls(world.municipality, PERIOD, Audience.COUNCIL)
    assert f'href="{urls["pdf"]}"' in report_html and f'href="{urls["page"]}"' in report_html
    assert "Lichtpuntje 1" not in report_html  # not chosen: in the annex only
    annex = annex_build(world.municipality, PERIOD)
    data_pdf = pdf.annex_pdf(annex, Audience.COUNCIL)
    with pikepdf.open(io.BytesIO(data_pdf)) as doc:
        root = doc.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "nl"
        with doc.open_metadata() as meta:
            assert meta.get("dc:title").startswith("Bijlage: alle andere gepubliceerde verhalen")
        with doc.open_outline() as outline:
            top = list(outline.root)
            titles = [item.title for item in top[0].children]
        assert titles == ["Inhoud", world.village_a.name, world.village_b.name]
        tags = {str(node.get("/S")) for node in _walk(root.StructTreeRoot) if "/S" in node}
        assert {"/H1", "/H2", "/H3", "/P", "/Link"} <= tags
    path = tmp_path / "bijlage.pdf"
    path.write_bytes(data_pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert re.search(rf"{world.village_a.name} \(4\) \.+ ?1", text)  # contents: page numbers
    assert "pagina 1 / 1" in text
    assert "Lichtpuntje 1" in text and "Lichtpuntje 0" not in text  # the chosen one is not
    assert not re.search(r"\[[A-Z]+-\d+\]", text)
    assert "De coördinator belt iedereen" in text
