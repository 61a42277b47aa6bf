"""The demo's data files: each loads and passes its schema, a malformed entry gives an error
naming the file and the entry, and a wheel would contain them (pyproject package-data)."""

import tomllib
from pathlib import Path

import pytest

from zorgzaam.common.demo_data import DemoDataError, NonEmpty, OneOf, Opt, check, load

SRC = Path(__file__).resolve().parents[2]


def _data_files() -> list[Path]:
    return sorted(SRC.glob("*/demo_data/*.toml"))


def test_every_data_file_is_read_by_its_demo():
    import importlib

    files = _data_files()
    assert files, "no demo data files found"
    for path in files:
        module = importlib.import_module(f"zorgzaam.{path.parts[-3]}.demo")
        # The module loads its files on import; each file named in it must exist and parse.
        assert path.name in Path(module.__file__).read_text(encoding="utf-8") or any(
            path.name in p.read_text(encoding="utf-8")
            for p in Path(module.__file__).parent.glob("demo*.py")
        ), f"{path} is read by no demo module"


def test_data_files_are_packaged():
    pyproject = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "demo_data/*.toml" in patterns


SCHEMA = {
    "entry": NonEmpty(
        [{"name": NonEmpty(str), "kind": OneOf("a", "b"), "size": float, "note": Opt(str, "")}]
    )
}


def test_check_returns_values_with_defaults():
    data = tomllib.loads('[[entry]]\nname = "x"\nkind = "a"\nsize = 2\n')
    assert check(data, SCHEMA, "f.toml") == {
        "entry": [{"name": "x", "kind": "a", "size": 2.0, "note": ""}]
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[entry]]\nname = "x"\nkind = "a"\n', "f.toml: entry[0] \"x\": missing 'size'"),
        (
            '[[entry]]\nname = "x"\nkind = "a"\nsize = 1\n\n[[entry]]\nname = "y"\nkind = "c"\n'
            "size = 1\n",
            "f.toml: entry[1] \"y\".kind: 'c' is not one of a, b",
        ),
        (
            '[[entry]]\nname = ""\nkind = "a"\nsize = 1\n',
            'f.toml: entry[0] "a".name: must not be empty',
        ),
        ('[[entry]]\nname = "x"\nkind = "a"\nsize = "big"\n', 'entry[0] "x".size: expected'),
        ('[[entry]]\nname = "x"\nkind = "a"\nsize = 1\ncolour = 3\n', "unknown key 'colour'"),
        ("entry = []\n", "f.toml: entry: must not be empty"),
    ],
)
def test_malformed_entry_names_file_and_entry(text, message):
    with pytest.raises(DemoDataError) as caught:
        check(tomllib.loads(text), SCHEMA, "f.toml")
    assert message in str(caught.value)


def test_missing_file_names_the_file():
    with pytest.raises(DemoDataError, match="zorgzaam/common/demo_data/nothing.toml: file not"):
        load("zorgzaam.common", "nothing.toml", SCHEMA)


def test_stories_templates_with_unknown_placeholder_are_refused():
    from zorgzaam.stories import demo

    with pytest.raises(DemoDataError, match=r"personal_lines\[0\].*'phone_number'"):
        demo._placeholders(
            "Bel {phone_number}", demo._FIELDS["personal_lines"], "texts.toml: personal_lines[0]"
        )
