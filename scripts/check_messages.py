"""Fail when the English catalogue misses strings that the code now has (CI; needs gettext).

Regenerates the catalogue with makemessages, compares the sets of source strings with the
committed one, and puts the committed file back.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

with tempfile.TemporaryDirectory() as tmp:
    saved = Path(tmp) / "django.po"
    shutil.copy2(CATALOG, saved)
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--locale",
                "en",
                "--ignore",
                ".venv/*",
                "--ignore",
                "staticfiles/*",
                "--ignore",
                "node_modules/*",
                "--no-obsolete",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOG))}
    finally:
        shutil.copy2(saved, CATALOG)
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOG)) if not e.obsolete}

missing = sorted(m for _, m in fresh - committed)
if missing:
    print("Strings missing from locale/en/LC_MESSAGES/django.po (run `make messages`):")
    for msgid in missing:
        print("  ", msgid)
    sys.exit(1)
print(f"English catalogue current: {len(committed)} strings.")
