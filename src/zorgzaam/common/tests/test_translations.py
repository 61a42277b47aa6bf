"""Every user-facing string is Dutch in Dutch mode (#18): the nl catalogues of every app are
current with the code (templates, forms, models, messages), every entry is translated and not
fuzzy (Django does not use a fuzzy translation), and the compiled .mo holds what the .po says.

The extraction runs ``makemessages`` as ``scripts/messages.sh`` does, on a copy of each app, so
the working tree is not touched. Fix a failure with ``bash scripts/messages.sh APP`` and
``scripts/translate.py`` (docs/development.md, "Translations")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2]  # src/zorgzaam
CATALOGUES = sorted(SRC.glob("*/locale/nl/LC_MESSAGES/django.po"))
APPS = [po.parents[3].name for po in CATALOGUES if (po.parents[3] / "apps.py").exists()]


def _problems(po: polib.POFile) -> list[str]:
    entries = [e for e in po if not e.obsolete]
    untranslated = [e.msgid for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    return [f"untranslated: {m!r}" for m in untranslated] + [f"fuzzy: {m!r}" for m in fuzzy]


def test_every_app_with_templates_or_forms_has_a_dutch_catalogue():
    for app in SRC.iterdir():
        if (app / "apps.py").exists() and (
            (app / "templates").exists() or (app / "forms.py").exists()
        ):
            assert (app / "locale/nl/LC_MESSAGES/django.po").exists(), app.name


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_catalogue_is_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert _problems(po) == [], po_path
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run scripts/translate.py or compilemessages"
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path))}
    stale = []
    for entry in po.translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None or (found.msgstr, found.msgstr_plural) != (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ):
            stale.append(entry.msgid)
    assert stale == [], f"{mo_path} is older than its .po: {stale[:5]}"


def _extract(app: str, workdir: Path) -> polib.POFile:
    copy = workdir / app
    shutil.copytree(SRC / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zorgzaam.conf.test"}
    subprocess.run(
        [
            str(Path(sys.executable).with_name("django-admin")),
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "tests/*",
            "--ignore",
            "migrations/*",
            "-v0",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))


def test_catalogues_are_current_with_the_code(tmp_path):
    """A msgid in a template, form or model that is missing from the committed .po (so shown
    in English) fails here, with the app and the string."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to check the translations")
    with ThreadPoolExecutor(max_workers=2) as pool:
        extracted = dict(zip(APPS, pool.map(lambda a: _extract(a, tmp_path), APPS), strict=True))
    problems = {app: _problems(po) for app, po in extracted.items()}
    assert {app: found for app, found in problems.items() if found} == {}
