"""Detecting a legacy folder: its data package, files, headers and layout."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .layouts import (
    LEGACY_FILES,
    ORUK_FILES,
    ORUK_SERVICE_COLUMNS,
    TEMPLATE_NAME,
    LegacyInfo,
)


# --- detection ------------------------------------------------------------------------------
def _read_package(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _package_files(directory: Path, package: dict | None) -> dict[str, Path]:
    """File name -> path: the package's resource paths, else the CSV files in the folder and
    its sub-folders (the first of a name wins)."""
    found: dict[str, Path] = {}
    resources = (package or {}).get("resources")
    if isinstance(resources, list):
        for resource in resources:
            raw = resource.get("path") if isinstance(resource, dict) else None
            if isinstance(raw, str) and raw.endswith(".csv") and "://" not in raw:
                candidate = (directory / raw).resolve()
                if candidate.is_file() and directory.resolve() in candidate.parents:
                    found.setdefault(candidate.name, candidate)
    for candidate in sorted(directory.rglob("*.csv")):
        found.setdefault(candidate.name, candidate)
    return found


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _count_rows(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return max(0, sum(1 for _ in csv.reader(fh)) - 1)
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0


def detect(path) -> LegacyInfo | None:
    """A ``LegacyInfo`` when ``path`` (a folder, or its ``datapackage.json``) is an HSDS 1.x
    or Open Referral UK v1 data package (or an HSDS 2.0 one, which is named but not
    converted); None for anything else (HSDS 3.x, a single file, nothing)."""
    path = Path(path)
    if path.is_file() and path.name == "datapackage.json":
        path = path.parent
    if not path.is_dir():
        return None
    package_file = path / "datapackage.json"
    package = _read_package(package_file) if package_file.is_file() else None
    files = _package_files(path, package)
    declared = ""
    if package is not None:
        raw = package.get("version")
        declared = str(raw).strip().lstrip("vV") if raw not in (None, "") else ""
    major = declared.split(".", 1)[0] if declared else ""
    names = set(files)
    if major.isdigit() and int(major) >= 3:
        return None
    legacy_files = names & LEGACY_FILES
    if major == "2" or (not legacy_files and {"service_attributes.csv", "schedules.csv"} <= names):
        layout = "hsds-2"
    elif major == "1" or legacy_files:
        layout = "hsds-1"
    else:
        return None
    text = json.dumps(
        {k: (package or {}).get(k) for k in ("name", "title", "description", "profile")}
    ).lower()
    if layout == "hsds-1" and (
        names & ORUK_FILES
        or ORUK_SERVICE_COLUMNS
        & set(_header(files["services.csv"]) if "services.csv" in files else [])
        or "open referral uk" in text
        or "openreferraluk" in text
    ):
        layout = "oruk-1"
    name = str((package or {}).get("name") or "").strip()
    return LegacyInfo(
        layout=layout,
        version=declared if major in ("1", "2") else ("2.0" if layout == "hsds-2" else "1.x"),
        declared=bool(declared) and major in ("1", "2"),
        directory=path,
        files=files,
        services=_count_rows(files.get("services.csv")),
        name="" if name == TEMPLATE_NAME else name,
    )
