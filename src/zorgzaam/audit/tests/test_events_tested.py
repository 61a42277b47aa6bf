"""Every audit event is named in a test (issue #16): an event no test mentions may be written
wrongly, or never, without anyone noticing. A test mentions an event by its name in quotes
(``"case.note"``) or by the constant its ``events.py`` binds it to (``events.CASE_NOTE``)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from django.apps import apps

from zorgzaam.audit.events import EVENTS, EventType

ROOT = Path(__file__).resolve().parents[4]

#: Events allowed to be named in no test: none (#16). Keep it empty.
NOT_YET_EVENTS: frozenset[str] = frozenset()


def _test_sources() -> str:
    files = [*(ROOT / "src").rglob("tests/**/*.py"), *(ROOT / "tests").rglob("*.py")]
    files += list((ROOT / "src").rglob("conftest.py"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _constants() -> dict[str, list[str]]:
    """Event name -> the constant names events modules bind it to."""
    names: dict[str, list[str]] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.events")
        except ModuleNotFoundError:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, EventType) and attr.isupper():
                names.setdefault(value.name, []).append(attr)
    return names


def _parts() -> dict[str, str]:
    """Event name -> the app whose events.py defines it (read from the source)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "src" / "zorgzaam").glob("*/events.py")):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"define\(\s*[\"']([\w.]+)[\"']", text):
            found.setdefault(name, path.parent.name)
    return found


def test_every_audit_event_is_named_in_a_test():
    text = _test_sources()
    constants = _constants()
    untested = []
    for name in sorted(EVENTS):
        if name in NOT_YET_EVENTS:
            continue
        quoted = re.search(rf"[\"']{re.escape(name)}[\"']", text)
        by_constant = any(re.search(rf"\b{c}\b", text) for c in constants.get(name, []))
        if not (quoted or by_constant):
            untested.append(name)
    assert untested == [], f"audit events no test names: {untested}"


def test_every_event_is_defined_in_an_events_module():
    parts = _parts()
    assert "access.denied" in parts and parts["access.denied"] == "audit"
    assert sorted(set(EVENTS) - set(parts)) == []
