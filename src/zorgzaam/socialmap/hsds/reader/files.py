"""Reading a file, a folder or a data package into a ``Dataset``, and the one-line description
of what was read."""

from __future__ import annotations

import json
from pathlib import Path

from ..spec import (
    CSV_FILES,
    EXTENSION_CSV,
)
from .dataset import EXTENSION_PARENTS, FORMS, Dataset
from .json_form import read_json_document
from .tabular import NOT_HSDS, read_csv_dir, read_csv_text


# --- files ----------------------------------------------------------------------------------
def read_path(path: Path, dataset: Dataset | None = None, *, prefer: str | None = None) -> Dataset:
    """Read a file or a directory (recursively) into one dataset."""
    dataset = dataset or Dataset()
    if prefer is not None:
        if prefer not in FORMS:
            raise ValueError(f"prefer is one of {', '.join(FORMS)}, not {prefer!r}")
        dataset.prefer = prefer
    if not path.exists():
        dataset.problems.append((str(path), "no such file or directory"))
        return dataset
    if path.is_dir():
        dataset.layout = "folder"
        dirs = [path, *sorted(p for p in path.rglob("*") if p.is_dir())]
        found = False
        for directory in dirs:
            if (directory / "datapackage.json").is_file():
                dataset.layout = "folder with a data package"
                version = _declared_version(directory / "datapackage.json")
                if version:
                    dataset.version = version
            if any(directory.glob("*.csv")):
                read_csv_dir(directory, dataset)
                found = True
            for file in sorted(directory.glob("*.json")):
                if file.name == "datapackage.json":
                    continue
                _read_json_file(file, dataset)
                found = True
        if not found:
            dataset.problems.append((str(path), "holds no HSDS .json or .csv files"))
        dataset.finish()
        return dataset
    if path.suffix.lower() == ".csv":
        table = CSV_FILES.get(path.name) or EXTENSION_CSV.get(path.name)
        if table is None:
            dataset.problems.append((str(path), NOT_HSDS.split(";")[0]))
        else:
            try:
                read_csv_text(table, path.read_text(encoding="utf-8-sig"), str(path), dataset)
            except (OSError, UnicodeDecodeError) as exc:
                dataset.problems.append((str(path), f"cannot be read as UTF-8 ({exc})"))
        dataset.finish()
        return dataset
    _read_json_file(path, dataset)
    dataset.finish()
    return dataset


def _declared_version(package: Path) -> str | None:
    """The HSDS version a datapackage.json declares (``hsds_version`` or ``version``)."""
    try:
        data = json.loads(package.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key in ("hsds_version", "version"):
        value = data.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            text = str(value).strip().lstrip("vV")
            if text[:1].isdigit() and text.split(".")[0] in ("3",):
                return text
    return None


def describe(dataset: Dataset) -> str:
    """What was read, for the first line of a report: "HSDS 3.0 folder, 12 services"."""
    services = max(len(dataset.rows["service"]), len(dataset.seen.get("service", ())))
    records = dataset.count()
    files = len(dataset.sources)
    version = dataset.version
    if version.startswith("3") and any(
        key in row.extra
        for table, keys in EXTENSION_PARENTS.items()
        for row in dataset.rows[table].values()
        for key in keys
    ):
        version = "3.1" if version in ("3", "3.0") else version
    return (
        f"HSDS {version} {dataset.layout}, {services:,} service{'s' if services != 1 else ''} "
        f"({records:,} records from {files:,} source{'s' if files != 1 else ''})"
    )


def _read_json_file(path: Path, dataset: Dataset) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        dataset.problems.append((str(path), f"cannot be read as UTF-8 ({exc})"))
        return
    except json.JSONDecodeError as exc:
        dataset.problems.append((f"{path}:{exc.lineno}", f"not valid JSON: {exc.msg}"))
        return
    except RecursionError:
        dataset.problems.append((str(path), "nested too deeply to be HSDS data"))
        return
    try:
        read_json_document(data, str(path), dataset)
    except RecursionError:
        dataset.problems.append((str(path), "nested too deeply to be HSDS data"))
