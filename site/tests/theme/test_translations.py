"""Every string of ours has its German: the catalog is complete, current and compiled.

"Ours" is what ``babel.ini`` extracts: the site package's Python and templates, the
instance's template overrides and invenio.cfg; plus the page titles of app_data/pages.yaml,
which the page layout translates. Fix a failure with the cycle in docs/theme.md.
"""

import json
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[3]
CATALOGS = REPO / "site" / "rodare_rdm" / "translations"
REACT = REPO / "site" / "rodare_rdm" / "assets" / "semantic-ui" / "js" / "rodare_rdm"
"""Our React components (webpack bundle ``rodare_rdm.webpack:theme``), German in translations/."""
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def extracted():
    """The msgids that babel.ini finds in the sources now."""
    with open(REPO / "babel.ini") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj)
    return {msgid if isinstance(msgid, str) else msgid[0]
            for _file, _line, msgid, _comments, _context
            in extract_from_dir(str(REPO), method_map, options_map, keywords=KEYWORDS)}


@pytest.fixture(scope="module")
def german():
    """The German catalog as written (.po) and as Flask-Babel reads it (.mo)."""
    folder = CATALOGS / "de" / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po, open(folder / "messages.mo", "rb") as mo:
        return read_po(po), read_mo(mo)


def test_every_string_of_ours_has_german(german):
    """No extracted string lacks a (non-fuzzy) German translation."""
    po, _mo = german
    translated = {m.id if isinstance(m.id, str) else m.id[0]  # a plural's id: (one, many)
                  for m in po if m.id and all(m.string if isinstance(m.string, tuple)
                                              else [m.string]) and not m.fuzzy}
    missing = sorted(extracted() - translated)
    assert not missing, f"strings without German (run the cycle in docs/theme.md): {missing}"


def test_page_titles_have_german(german):
    """The policy pages' titles (translated by rodare_rdm/theme/page.html) are in the catalog."""
    po, _mo = german
    pages = yaml.safe_load((REPO / "app_data" / "pages.yaml").read_text())
    for page in pages:
        message = po.get(page["title"])
        assert message and message.string, page["title"]
        assert (REPO / "app_data" / "pages" / f"{page['template']}.de").exists(), page["url"]


def test_compiled_catalog_matches_the_po(german):
    """The shipped .mo says what the .po says (``pybabel compile`` was run)."""
    po, mo = german
    def entries(catalog):  # a plural's id and strings come as a tuple from one, a list from the other
        return {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id:
                tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string
                for m in catalog if m.id and m.string}

    assert entries(po) == entries(mo)


def react_strings():
    """The keys our React components pass to i18next.t."""
    pattern = re.compile(r'i18next\.t\(\s*"((?:[^"\\]|\\.)*)"')
    sources = sorted(REACT.rglob("*.js"))
    return sources, {json.loads(f'"{key}"') for path in sources
                     for key in pattern.findall(path.read_text())}


def test_react_strings_have_german():
    """Every i18next key of ours has German in translations/de.json, through our i18next."""
    sources, keys = react_strings()
    german = json.loads((REACT / "translations" / "de.json").read_text())
    assert keys, "no i18next strings found: has the pattern gone stale?"
    assert sorted(k for k in keys if not german.get(k)) == []
    for path in sources:  # upstream's instance has no German for our keys
        assert "@translations/invenio_app_rdm/i18next" not in path.read_text(), path


def test_vocabulary_titles_have_german():
    """Our vocabularies' entries with an English title (e.g. languages) have a German one."""
    for path in sorted((REPO / "app_data" / "vocabularies").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text()) or []
        lacking = [e["id"] for e in entries
                   if isinstance(e.get("title"), dict) and "en" in e["title"]
                   and not e["title"].get("de")]
        assert not lacking, f"{path.name}: {lacking[:10]}"
