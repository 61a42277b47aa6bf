from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zorgzaam.stories.deid.cli import main
from zorgzaam.stories.deid.engine import Deidentifier

SRC = Path(__file__).resolve().parents[4]


def run(argv: list[str], data: bytes) -> tuple[int, str]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.StringIO()
    code = main(argv, stdin=stdin, stdout=stdout)
    return code, stdout.getvalue()


def test_plain_text(deid: Deidentifier) -> None:
    code, output = run([], b"Mevrouw El Idrissi belt 06-12345678.\n")
    assert code == 0
    assert output == "Mevrouw [PERSOON-1] belt [TELEFOON-1].\n"


def test_json_has_tags_and_offsets_only(deid: Deidentifier) -> None:
    code, output = run(["--json"], b"Meneer Jansen (82) woont aan de Kerkstraat.")
    assert code == 0
    data = json.loads(output)
    assert data["text"] == "Meneer [PERSOON-1] ([LEEFTIJD-1]) woont aan de [ADRES-1]."
    assert [a["tag"] for a in data["annotations"]] == ["PERSOON", "LEEFTIJD", "ADRES"]
    assert set(data["annotations"][0]) == {"start", "end", "tag", "label", "source"}
    assert "Jansen" not in output and "Kerkstraat" not in output


def test_known_and_keep_options(deid: Deidentifier, tmp_path: Path) -> None:
    known = tmp_path / "known.json"
    known.write_text(
        json.dumps({"persons": [{"first": "Truus", "last": "Bakker"}]}), encoding="utf-8"
    )
    code, output = run(
        ["--known", str(known), "--keep", "Rozenhof"], b"truus gaat naar de Rozenhof."
    )
    assert code == 0
    assert output == "[PERSOON-1] gaat naar de Rozenhof.\n"


def test_string_stdin(deid: Deidentifier) -> None:
    stdout = io.StringIO()
    assert main([], stdin=io.StringIO("Bel 06-12345678"), stdout=stdout) == 0
    assert stdout.getvalue() == "Bel [TELEFOON-1]\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t"])
def test_empty_input(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run([], data)
    assert code == 2 and output == ""
    assert "empty input" in capsys.readouterr().err


def test_non_utf8_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run([], "Mevrouw Müller".encode("latin-1"))
    assert code == 2 and output == ""
    assert "not valid UTF-8" in capsys.readouterr().err


def test_bad_known_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--known", str(tmp_path / "missing.json")], b"tekst")
    assert code == 2
    assert "--known" in capsys.readouterr().err


def test_usage_error() -> None:
    code, _ = run(["--no-such-option"], b"tekst")
    assert code == 2


def test_python_dash_m_entry_point() -> None:
    """``python -m zorgzaam.stories.deid`` goes through the same main() (fails fast here)."""
    proc = subprocess.run(
        [sys.executable, "-m", "zorgzaam.stories.deid"],
        input=b"",
        capture_output=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert b"empty input" in proc.stderr
