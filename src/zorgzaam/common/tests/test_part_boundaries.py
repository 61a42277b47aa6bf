"""Parts reach each other only through declared modules, also by name.

import-linter (`lint-imports`, the "parts" contract in pyproject.toml) checks the import
statements. A part that may not be installed is reached by a module name in a string instead
(`importlib.import_module("zorgzaam.help.selectors")`, see reports/sources.py and
casework/providers.py), which import-linter cannot see: this test holds those strings to the
same declared modules, read from the contract.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SRC = ROOT / "src" / "zorgzaam"
PARTS = ("socialmap", "help", "casework", "stories", "reports", "work")
PART_MODULE = re.compile(rf"zorgzaam\.({'|'.join(PARTS)})\.[a-z_][a-z0-9_.]*")


def declared_modules() -> list[re.Pattern]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "parts"]
    patterns = []
    for expression in contract["ignore_imports"]:
        importer, imported = (side.strip() for side in expression.split("->"))
        if importer == "zorgzaam.**":  # open to every module: a declared module
            regex = re.escape(imported).replace(r"\*", "[a-z_]+")
            patterns.append(re.compile(rf"{regex}(\..+)?"))
    return patterns


def module_names_in_strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = PART_MODULE.fullmatch(node.value)
                if match and match.group(1) != relative.parts[0]:
                    found.append((str(relative), node.lineno, node.value))
    return found


def test_the_contract_declares_modules():
    patterns = declared_modules()
    assert any(p.fullmatch("zorgzaam.help.selectors") for p in patterns)
    assert not any(p.fullmatch("zorgzaam.help.models") for p in patterns)


def test_other_parts_are_named_only_by_their_declared_modules():
    found = module_names_in_strings()
    assert found, "reports/sources.py names the parts' selectors: the scan finds nothing"
    patterns = declared_modules()
    undeclared = [f for f in found if not any(p.fullmatch(f[2]) for p in patterns)]
    assert not undeclared, f"another part's module that is not declared: {undeclared}"
