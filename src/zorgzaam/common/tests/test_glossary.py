"""Every identifier docs/glossary.md names in backticks exists in src/ (the convention is in
the glossary's header): a glossary that names what is not there sends a reader looking for it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SRC = ROOT / "src" / "zorgzaam"
GLOSSARY = ROOT / "docs" / "glossary.md"


@dataclass
class Index:
    classes: dict[str, list[tuple[Path, set[str]]]] = field(default_factory=dict)  # qualname
    names: set[str] = field(default_factory=set)  # functions, variables, fields, modules
    strings: set[str] = field(default_factory=set)  # string values (roles, choice values)


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    return []


def _add_classes(index: Index, path: Path, body: list[ast.stmt], prefix: str = "") -> None:
    for node in body:
        if isinstance(node, ast.ClassDef):
            qualname = prefix + node.name
            members = {name for child in node.body for name in _targets(child)}
            index.classes.setdefault(qualname, []).append((path, members))
            _add_classes(index, path, node.body, qualname + ".")


@cache
def source_index() -> Index:
    index = Index()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        index.names.add(path.stem)
        index.names.update(path.relative_to(SRC).parts[:-1])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _add_classes(index, path, tree.body)
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt):
                index.names.update(_targets(node))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                index.strings.add(node.value)
    return index


def _class_member(index: Index, parts: list[str], package: Path | None) -> bool:
    """``parts`` is a class's qualified name, optionally followed by one member's name."""
    for cut in (len(parts), len(parts) - 1):
        if cut < 1:
            continue
        qualname, rest = ".".join(parts[:cut]), parts[cut:]
        for path, members in index.classes.get(qualname, []):
            if package is not None and package not in path.parents:
                continue
            if not rest or rest[0] in members:
                return True
    return False


def exists(identifier: str) -> bool:
    index = source_index()
    if "/" in identifier:
        return (SRC / identifier).exists()
    parts = identifier.split(".")
    if len(parts) > 1:
        package = SRC / parts[0]
        if package.is_dir() and _class_member(index, parts[1:], package):
            return True
        return _class_member(index, parts, None)
    if identifier[:1].isupper():
        return identifier in index.classes
    return identifier in index.names or identifier in index.strings


def glossary_identifiers() -> list[str]:
    found: list[str] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith(("| Dutch", "|---")):
            found.extend(re.findall(r"`([^`]+)`", line))
    return list(dict.fromkeys(found))


def test_the_glossary_names_identifiers():
    assert len(glossary_identifiers()) > 50


@pytest.mark.parametrize("identifier", glossary_identifiers())
def test_glossary_identifier_exists_in_src(identifier):
    assert exists(identifier), f"docs/glossary.md names `{identifier}`, which src/ lacks"


@pytest.mark.parametrize(
    "identifier",
    ["vog_valid_until", "LifeDomain", "CouncilReport", "Action.Provision.NOPE", "stories.Hub"],
)
def test_the_check_refuses_what_is_not_there(identifier):
    assert not exists(identifier)
