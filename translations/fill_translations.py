#!/usr/bin/env python3
"""Adds translations to translations/ldm_studio_{zh_CN,de}.ts from a tab-separated list.

The .ts files are the one place the translations live (Qt Linguist edits them as well). For a
string that is new or changed in the sources:
  1. `cmake --build --preset release --target update_translations` (lupdate adds it, unfinished);
  2. write one line per string to a file, fields separated by tabs:
         source<TAB>zh_CN<TAB>de
     and for a plural message (`tr("...%n...", nullptr, n)`) the German plural as a fourth field and
     English's singular and plural as the fifth and sixth (ldm_studio_en.ts holds plurals only):
         source<TAB>zh_CN<TAB>de singular<TAB>de plural<TAB>en singular<TAB>en plural
     then `python3 translations/fill_translations.py that-file` (or `-` for standard input);
  3. update_translations again, so that lupdate writes its own layout back (keeps diffs small).
The test translations_are_complete fails while any string has no finished translation.
A line whose source is not in the .ts files is reported (a typo, or step 1 was skipped); the
strings left unfinished are listed on stderr and make the exit status 1.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

LANGUAGES = ("zh_CN", "de", "en")  # the order of the fields after the source (en: plurals only)


def read_table(lines) -> dict:
    table = {}
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (3, 4, 6):
            sys.exit(f"line {number}: expected source, zh_CN, de [, de plural [, en singular, en plural]] separated by tabs; "
                     f"got {len(fields)} field(s)")
        source, zh, de = fields[:3]
        table[source] = {"zh_CN": [zh], "de": [de] + fields[3:4], "en": fields[4:6]}
    return table


def fill(path: Path, table: dict, used: set) -> int:
    tree = ET.parse(path)
    language = tree.getroot().get("language")
    unfinished = 0
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if source in table and table[source][language]:
            used.add(source)
            forms = table[source][language]
            for child in list(translation):
                translation.remove(child)
            if message.get("numerus") == "yes":
                translation.text = None
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = forms[0]
            translation.attrib.pop("type", None)
        elif translation.get("type"):
            print(f"{path.name}: no translation for {source!r}", file=sys.stderr)
            unfinished += 1
    ET.indent(tree, "    ")
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    return unfinished


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8")
    table = read_table(source)
    root = Path(__file__).resolve().parent
    used = set()
    unfinished = sum(fill(root / f"ldm_studio_{language}.ts", table, used) for language in LANGUAGES)
    for text in table.keys() - used:
        print(f"not in the .ts files: {text!r}", file=sys.stderr)
    sys.exit(1 if unfinished or table.keys() - used else 0)
