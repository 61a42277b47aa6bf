"""Command line: read a story on stdin, print the de-identified text.

    PYTHONPATH=src python -m zorgzaam.stories.deid [--json] [--known FILE] [--keep WORD]

Later wired as ``zorgzaam stories deidentify``. Exit codes: 0 ok, 2 bad input or usage,
3 deduce unavailable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO, Any

from zorgzaam.stories.deid.model import KnownEntities

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_ENGINE = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zorgzaam stories deidentify",
        description="De-identify a Dutch story read from stdin (UTF-8).",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print {text, annotations} with tags and offsets (never the original strings)",
    )
    parser.add_argument(
        "--known",
        metavar="FILE",
        help='JSON file with the record\'s entities: {"persons": [{"first": ..., "infix": ..., '
        '"last": ...}], "addresses": [...], "phones": [...], "emails": [...], "postcodes": [...]}',
    )
    parser.add_argument(
        "--keep",
        metavar="WORD",
        action="append",
        default=[],
        help="extra word or phrase that must survive (repeatable)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help="deduce lookup cache directory (default: $ZORGZAAM_DEDUCE_CACHE, else in the venv)",
    )
    return parser


def _read_input(stdin: IO[Any]) -> str:
    """Read stdin strictly as UTF-8; raises UnicodeDecodeError on anything else."""
    buffer = getattr(stdin, "buffer", None)
    data = buffer.read() if buffer is not None else stdin.read()
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return data.decode("utf-8", errors="strict")
    return str(data)


def _load_known(path: str | None) -> KnownEntities:
    if not path:
        return KnownEntities()
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError("known-entities file must contain a JSON object")
    return KnownEntities.from_dict(data)


def main(
    argv: Sequence[str] | None = None,
    stdin: IO[Any] = sys.stdin,
    stdout: IO[str] = sys.stdout,
) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse already printed the message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_INPUT

    try:
        text = _read_input(stdin)
    except UnicodeDecodeError as exc:
        print(
            f"error: input is not valid UTF-8 (byte offset {exc.start}); "
            "convert it first, e.g. with iconv -t UTF-8",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if not text.strip():
        print("error: empty input: pipe a story into stdin", file=sys.stderr)
        return EXIT_INPUT

    try:
        known = _load_known(args.known)
    except (OSError, ValueError) as exc:
        print(f"error: cannot read --known file: {type(exc).__name__}", file=sys.stderr)
        return EXIT_INPUT

    from zorgzaam.stories.deid.engine import DeduceUnavailableError, get_deidentifier

    try:
        deidentifier = get_deidentifier(args.cache_dir)
    except DeduceUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ENGINE

    result = deidentifier.deidentify(text, known=known, extra_keep_words=tuple(args.keep))
    if args.json:
        json.dump(result.as_dict(), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(result.text)
        if not result.text.endswith("\n"):
            stdout.write("\n")
    stdout.flush()
    return EXIT_OK
