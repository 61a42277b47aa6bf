"""Fill Dutch translations into the apps' .po files from a JSON dict {msgid: msgstr} or
{msgid: [singular, plural]}; reports msgids still untranslated. Usage:
    .venv/bin/python scripts/translate.py translations.json [more.json ...]
    .venv/bin/python scripts/translate.py --check   (exit 1 when any msgid lacks a msgstr)
    --app NAME (repeatable) limits the run to those apps' catalogues.
"""

import glob
import json
import sys

import polib


def main(argv: list[str]) -> int:
    table: dict = {}
    check = "--check" in argv
    apps = [argv[i + 1] for i, a in enumerate(argv) if a == "--app"]
    skip = {i + 1 for i, a in enumerate(argv) if a == "--app"}
    files = [a for i, a in enumerate(argv) if i not in skip and a not in ("--check", "--app")]
    for path in files:
        with open(path, encoding="utf-8") as fh:
            table.update(json.load(fh))
    missing = []
    pattern = "src/zorgzaam/*/locale/nl/LC_MESSAGES/django.po"
    for po_path in sorted(glob.glob(pattern)):
        if apps and po_path.split("/")[2] not in apps:
            continue
        po = polib.pofile(po_path)
        po.metadata.update(
            {
                "Language": "nl",
                "Content-Type": "text/plain; charset=UTF-8",
                "Plural-Forms": "nplurals=2; plural=(n != 1);",
            }
        )
        for entry in po:
            value = table.get(entry.msgid)
            if value is not None:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: value[0], 1: value[1]}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            untranslated = (
                not any(entry.msgstr_plural.values()) if entry.msgid_plural else not entry.msgstr
            )
            if untranslated:
                missing.append((po_path, entry.msgid))
        if not check:
            po.save(po_path)
            po.save_as_mofile(po_path[:-3] + ".mo")
    for po_path, msgid in missing:
        print(f"untranslated: {po_path}: {msgid!r}")
    return 1 if (check and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
