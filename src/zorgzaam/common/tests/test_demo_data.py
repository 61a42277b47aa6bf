"""The demo's data files: each loads and passes its schema, a malformed entry gives an error
naming the file and the entry, and a wheel would contain them (pyproject package-data)."""

import tomllib
from pathlib import Path

import pytest

from zorgzaam.common.demo_data import DemoDataError, NonEmpty, OneOf, Opt, check, load

SRC = Path(__file__).resolve().parents[2]


def _data_files() -> list[Path]:
    return sorted(SRC.glob("*/demo_data/*.toml"))


def test_every_data_file_is_read_and_checked_by_its_demo():
    """The demo modules read and check their files on import: a malformed shipped file fails
    here, and a data file no demo module names is a forgotten one."""
    import importlib

    files = _data_files()
    assert len(files) >= 6
    for path in files:
        modules = sorted(path.parents[1].glob("demo*.py"))
        for module in modules:
            importlib.import_module(f"zorgzaam.{path.parts[-3]}.{module.stem}")
        assert any(path.name in m.read_text(encoding="utf-8") for m in modules), (
            f"{path} is read by no demo module"
        )


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


def test_several_types_keep_the_value_as_written():
    schema = {"cost": (int, float)}
    assert check({"cost": 15}, schema, "f.toml") == {"cost": 15}
    assert check({"cost": 7.5}, schema, "f.toml") == {"cost": 7.5}
    with pytest.raises(DemoDataError, match="f.toml: cost: expected int or float, got bool"):
        check({"cost": True}, schema, "f.toml")


def test_missing_file_names_the_file():
    with pytest.raises(DemoDataError, match="zorgzaam/common/demo_data/nothing.toml: file not"):
        load("zorgzaam.common", "nothing.toml", SCHEMA)


def test_stories_templates_with_unknown_placeholder_are_refused():
    from zorgzaam.stories import demo

    with pytest.raises(DemoDataError, match=r"personal_lines\[0\].*'phone_number'"):
        demo._placeholders(
            "Bel {phone_number}", demo._FIELDS["personal_lines"], "texts.toml: personal_lines[0]"
        )
