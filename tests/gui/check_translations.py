#!/usr/bin/env python3
"""Checks that every string the GUI shows is translated, and that the committed .ts files are current.

Runs lupdate over the ui sources (the project qt_add_translations describes) into copies of the
committed .ts files, then fails when
  - a message has no finished translation (new or changed text without one: fill it, see
    translations/fill_translations.py), or a plural message lacks a form of its language;
  - lupdate's output differs from the committed file otherwise (a message that no longer exists in
    the sources, or a file not in lupdate's layout): run the update_translations target.
The English file (*_en.ts) holds the plural messages only (lupdate -pluralonly): English's own
singular and plural of "%n step(s)".

usage: check_translations.py LUPDATE GENERATOR.cmake PROJECT.cmake TS_FILE...
"""
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

# Plural forms per language (Qt's rules: Chinese has one, German two).
PLURAL_FORMS = {"zh_CN": 1, "de": 2, "en": 2}


def problems_in(ts: Path) -> list:
    root = ET.parse(ts).getroot()
    language = root.get("language", "")
    found = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            where = f"{ts.name}: {name}: {source!r}"
            kind = translation.get("type") if translation is not None else "missing"
            if kind:
                found.append(f"{where}: {kind}")
            elif message.get("numerus") == "yes":
                forms = [f.text for f in translation.iter("numerusform") if f.text]
                if len(forms) != PLURAL_FORMS.get(language, len(forms)) or not forms:
                    found.append(f"{where}: {len(forms)} plural form(s) for {language}")
            elif not (translation.text or "").strip():
                found.append(f"{where}: empty")
    return found


def main(argv: list) -> int:
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    lupdate, generator, project, committed = argv[1], argv[2], argv[3], [Path(p) for p in argv[4:]]
    with tempfile.TemporaryDirectory() as tmp:
        json_project = Path(tmp) / "project.json"
        subprocess.run(["cmake", f"-DIN_FILE={project}", f"-DOUT_FILE={json_project}", "-P", generator],
                       check=True)
        copies = [Path(tmp) / ts.name for ts in committed]
        for ts, copy in zip(committed, copies):
            shutil.copyfile(ts, copy)
        for plural_only in (False, True):
            group = [str(c) for c in copies if c.name.endswith("_en.ts") == plural_only]
            if group:
                subprocess.run([lupdate, "-silent", "-project", str(json_project), "-no-obsolete", "-locations", "none",
                                *(["-pluralonly"] if plural_only else []), "-ts", *group], check=True)
        failures = []
        for ts, copy in zip(committed, copies):
            found = problems_in(copy)
            failures += found
            if not found and copy.read_bytes() != ts.read_bytes():
                failures.append(f"{ts}: not what lupdate writes for the current sources "
                                "(run the update_translations target)")
    for line in failures:
        print(line)
    print(f"{len(failures)} problem(s) in {len(committed)} translation file(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
