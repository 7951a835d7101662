"""Every catalogue under korpu/ is complete, and makemessages would add nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "korpu"
TRANSLATED = ["az", "ru", "tr", "ar"]
ALL = ["az", "en", "ru", "tr", "ar"]


def catalogues(base: Path = PACKAGE) -> list[Path]:
    return sorted(base.glob("**/locale/*/LC_MESSAGES/django.po"))


def entry_ids(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_every_app_with_strings_has_all_five_catalogues():
    dirs = {p.parents[2] for p in catalogues()}
    for locale_dir in dirs:
        for language in ALL:
            assert (locale_dir / language / "LC_MESSAGES" / "django.po").exists(), f"{locale_dir} lacks {language}"


@pytest.mark.parametrize("path", [p for p in catalogues() if p.parts[-3] in TRANSLATED], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.slow
def test_makemessages_would_add_no_string(tmp_path):
    copy = tmp_path / "korpu"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "fonts"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "KORPU_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Each app's strings go to the catalogue beside them; strings outside the apps to korpu/locale.
    subprocess.run(
        [sys.executable, "-P", "-m", "korpu", "manage", "makemessages", "--no-obsolete", "-v", "0",
         *[f"-l{language}" for language in ALL]],
        cwd=copy, env=env, check=True, timeout=600,
    )
    added = {}
    for new in catalogues(copy):
        old = PACKAGE / new.relative_to(copy)
        before = entry_ids(old) if old.exists() else set()
        extra = entry_ids(new) - before
        if extra:
            added[str(new.relative_to(copy))] = sorted(m for _c, m in extra)[:10]
    assert not added, f"makemessages would add: {added}"


def test_azerbaijani_upper_case_keeps_the_dotted_i(client, db, settings):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("az"):
        assert Template("{{ 'istiqlal ılıq'|upper_l }}").render(Context()) == "İSTİQLAL ILIQ"
    with translation.override("en"):
        assert Template("{{ 'istiqlal'|upper_l }}").render(Context()) == "ISTIQLAL"
