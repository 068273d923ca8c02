"""Compile the .po catalogues into .mo files with polib, so that no gettext is needed to run.

The compiled files are committed: `make run` on a laptop with nothing but Python gets English
without GNU gettext. The test suite checks that every .mo matches its .po.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(ROOT)}")
