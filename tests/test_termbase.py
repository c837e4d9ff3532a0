"""TBX termbases as glossaries: the files terminology tools export (Weblate's, written here by
translate-toolkit as Weblate writes it; TBX-Basic v3 and a MultiTerm/Microsoft-style TBX 2 in
UTF-16, typed in their layouts), read for one language pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from engine.text import load_glossary
from engine.text.termbase import read_termbase

DATA = Path(__file__).parent / "data" / "tbx"


def test_weblates_tbx_gives_its_pairs_and_leaves_out_a_term_of_two_concepts() -> None:
    glossary = load_glossary(DATA / "weblate-en-de.tbx", target="de")  # (its one other: en)
    assert {e.term: e.translation for e in glossary.entries} == {
        "machine translation": "maschinelle Übersetzung",
        "translation memory": "Translation-Memory",
        "source file": "Quelldatei",
        "Quire": "Quire",
    }
    # "bank" is a river's (Ufer) and money's (Bank): which one a text means is not known.
    assert glossary.left_out == ("bank",)


def test_tbx3_synonyms_map_to_the_preferred_term_and_a_pair_takes_its_concepts() -> None:
    path = DATA / "tbx3-basic-en-de-fr.tbx"
    termbase = read_termbase(path)
    assert termbase.languages == ("en", "de", "fr")
    german = load_glossary(path, source="en", target="de")
    # Both English synonyms; the German preferred over its deprecated synonym; a superseded
    # term is no translation, and a concept with no German is left out.
    assert {e.term: e.translation for e in german.entries} == {
        "settings": "Einstellungen",
        "preferences": "Einstellungen",
        "sign in": "anmelden",
    }
    french = load_glossary(path, source="en", target="fr")
    assert {e.term: e.translation for e in french.entries} == {
        "settings": "paramètres",
        "preferences": "paramètres",
        "dashboard": "tableau de bord",
    }
    # The other way round, from German: its deprecated term still finds the French.
    assert {e.term for e in load_glossary(path, source="de", target="fr").entries} == {
        "Optionen",
        "Einstellungen",
    }


def test_a_utf16_multiterm_export_matches_languages_by_their_tags() -> None:
    """en-US and de-de in the file; the job names en and de (or de-DE)."""
    path = DATA / "multiterm-en-US-de-DE.tbx"
    glossary = load_glossary(path, source="en", target="de-DE")
    assert {e.term: e.translation for e in glossary.entries} == {
        "button": "Schaltfläche",
        "Recycle Bin": "Papierkorb",
        "check box": "Kontrollkästchen",
    }


def test_a_language_of_another_country_takes_the_termbases_variant() -> None:
    """An en-US, de-DE termbase was refused for en-GB text ("no terms in en-GB") and for a
    de-CH job, while a CSV headed de-CH served de: English terms are English, German ones
    serve Swiss German."""
    path = DATA / "multiterm-en-US-de-DE.tbx"
    expected = {
        e.term: e.translation for e in load_glossary(path, source="en", target="de").entries
    }
    assert expected
    for source, target in (("en-GB", "de"), ("en", "de-CH"), ("en-GB", "de-AT")):
        glossary = load_glossary(path, source=source, target=target)
        assert {e.term: e.translation for e in glossary.entries} == expected


def test_a_script_the_termbase_has_no_terms_in_is_still_refused(tmp_path: Path) -> None:
    """Simplified Chinese terms never serve a job into Traditional (zh-TW, zh-Hant)."""
    path = tmp_path / "simplified.tbx"
    path.write_text(
        VARIANTS.replace(
            '<langSec xml:lang="zh-TW"><termSec><term>顏色</term></termSec></langSec>', ""
        )
        .replace('<langSec xml:lang="zh-TW"><termSec><term>設定</term></termSec></langSec>', "")
        .replace('xml:lang="zh"', 'xml:lang="zh-Hans"'),
        encoding="utf-8",
    )
    assert load_glossary(path, source="en", target="zh-CN").entries
    for target in ("zh-TW", "zh-Hant"):
        with pytest.raises(InputError, match=f"no terms in {target}") as refused:
            load_glossary(path, source="en", target=target)
        assert refused.value.message_id == "glossary.tbx_language"


def test_a_termbase_needs_the_pair_it_cannot_guess(tmp_path: Path) -> None:
    path = DATA / "tbx3-basic-en-de-fr.tbx"
    with pytest.raises(InputError) as no_target:
        load_glossary(path)
    assert no_target.value.message_id == "glossary.tbx_target"
    assert no_target.value.params == {"languages": "en, de, fr"}
    with pytest.raises(InputError) as no_source:
        load_glossary(path, target="de")  # (en or fr?)
    assert no_source.value.message_id == "glossary.tbx_source"
    with pytest.raises(InputError) as absent:
        load_glossary(path, source="en", target="pt-BR")
    assert absent.value.message_id == "glossary.tbx_language" and absent.value.path == path
    assert "Its languages are en, de, fr" in str(absent.value.hint)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"term\ttranslation\n", "Start tag expected, '<' not found at line 1 ("),
        (b"<glossary><entry/></glossary>", "its root element is <glossary>"),
        (b'<martif type="TBX"><text><body/></text></martif>', "it has no terms"),
        (
            b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;">]><martif><text><body><termEntry>'
            b'<langSet xml:lang="en"><tig><term>&b;</term></tig></langSet>'
            b"</termEntry></body></text></martif>",
            "XML entity expansion",
        ),
    ],
)
def test_a_file_that_is_no_termbase_is_refused_with_what_is_wrong(
    tmp_path: Path, content: bytes, what: str
) -> None:
    path = tmp_path / "terms.tbx"
    path.write_bytes(content)
    with pytest.raises(InputError) as refused:
        load_glossary(path, source="en", target="de")
    assert refused.value.message_id == "glossary.bad_tbx" and refused.value.path == path
    assert what in str(refused.value)


VARIANTS = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en-US"><termSec><term>color</term></termSec></langSec>
      <langSec xml:lang="EN-GB"><termSec><term>colour</term></termSec></langSec>
      <langSec xml:lang="zh"><termSec><term>颜色</term></termSec></langSec>
      <langSec xml:lang="zh-TW"><termSec><term>顏色</term></termSec></langSec>
      <langSec xml:lang="de-CH"><termSec><term>Farbe (CH)</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en-us"><termSec><term>settings</term></termSec></langSec>
      <langSec xml:lang="zh-TW"><termSec><term>設定</term></termSec></langSec>
      <langSec xml:lang="de-CH">
        <termSec><term>Optionen</term>
          <min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>
        <termSec><term>Einstellungen</term>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_a_language_is_its_closest_variant_and_a_source_all_of_its_variants(
    tmp_path: Path,
) -> None:
    """zh-TW is zh-TW's terms, not zh's; en is en-US's and en-GB's together (written EN-GB,
    and en-us in one concept: one language); TBX 3's DCT style states a term's status in
    its own element."""
    path = tmp_path / "variants.tbx"
    path.write_text(VARIANTS, encoding="utf-8")
    assert read_termbase(path).languages == ("en-US", "EN-GB", "zh", "zh-TW", "de-CH")
    traditional = load_glossary(path, source="en", target="zh-TW")
    assert {e.term: e.translation for e in traditional.entries} == {
        "color": "顏色",
        "colour": "顏色",
        "settings": "設定",
    }
    simplified = load_glossary(path, source="en-GB", target="zh")
    assert {e.term: e.translation for e in simplified.entries} == {"colour": "颜色"}
    swiss = load_glossary(path, source="en", target="de")  # (de-CH, its only German)
    assert {e.term: e.translation for e in swiss.entries} == {
        "color": "Farbe (CH)",
        "colour": "Farbe (CH)",
        "settings": "Einstellungen",
    }


def test_martif_before_tbx_names_a_language_with_lang(tmp_path: Path) -> None:
    path = tmp_path / "old.tbx"
    path.write_text(
        '<martif type="TBX"><text><body><termEntry>'
        '<langSet lang="en"><tig><term>file</term></tig></langSet>'
        '<langSet lang="de"><tig><term>Datei</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    glossary = load_glossary(path, target="de")  # (its one other language: the source)
    assert [(e.term, e.translation) for e in glossary.entries] == [("file", "Datei")]


def test_the_source_is_inferred_across_the_targets_variants_or_refused_plainly(
    tmp_path: Path,
) -> None:
    """pt-PT is no other language for pt-BR: English is the one source; a termbase of the
    target's language alone says so (review)."""
    path = tmp_path / "pt.tbx"
    path.write_text(
        '<martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>file</term></tig></langSet>'
        '<langSet xml:lang="pt-BR"><tig><term>arquivo</term></tig></langSet>'
        '<langSet xml:lang="pt-PT"><tig><term>ficheiro</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    brazil = load_glossary(path, target="pt-BR")
    assert [(e.term, e.translation) for e in brazil.entries] == [("file", "arquivo")]
    alone = tmp_path / "alone.tbx"
    alone.write_text(
        '<martif type="TBX"><text><body><termEntry><langSet xml:lang="de"><tig>'
        "<term>Datei</term></tig></langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        load_glossary(alone, target="de")
    assert refused.value.message_id == "glossary.tbx_one_language"


MEMOQ_SPELLINGS = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US"><text><body>
  <termEntry id="c1">
    <langSet xml:lang="en-US"><tig><term>API</term></tig></langSet>
    <langSet xml:lang="de-DE">
      <tig><term>API-Schnittstelle</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      <tig><term>Programmierschnittstelle</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
  <termEntry id="c2">
    <langSet xml:lang="en-US"><tig><term>e-mail</term></tig></langSet>
    <langSet xml:lang="DE"><tig><term>E-Mail</term></tig></langSet>
  </termEntry>
  <termEntry id="c3">
    <langSet xml:lang="en-US"><tig><term>spam</term></tig></langSet>
    <langSet xml:lang="DE"><tig><term>Spam</term>
      <termNote type="administrativeStatus">forbidden</termNote></tig></langSet>
    <langSet xml:lang="de-DE"><tig><term>unerwünschte Werbung</term></tig></langSet>
  </termEntry>
</body></text></martif>"""


@pytest.mark.parametrize("target", ["de", "de-DE", "DE"])
def test_a_termbase_that_writes_the_target_two_ways_gives_every_concept(
    tmp_path: Path, target: str
) -> None:
    """A review found a termbase with German as de-DE in one concept and DE in the next read
    as half of it, whichever was asked for."""
    path = tmp_path / "memoq.tbx"
    path.write_text(MEMOQ_SPELLINGS, encoding="utf-8")
    glossary = load_glossary(path, source="en", target=target)
    assert {e.term: e.translation for e in glossary.entries} == {
        "API": "Programmierschnittstelle",
        "e-mail": "E-Mail",
        # (the forbidden one of the closest spelling passed over for the other's usable one)
        "spam": "unerwünschte Werbung",
    }


def test_a_termbase_with_nothing_to_use_for_the_pair_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "forbidden.tbx"
    path.write_text(
        '<martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>spam</term></tig></langSet>'
        '<langSet xml:lang="de"><tig><term>Spam</term>'
        '<termNote type="administrativeStatus">forbiddenTerm-admn-sts</termNote></tig>'
        "</langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        load_glossary(path, source="en", target="de")
    assert refused.value.message_id == "glossary.tbx_no_terms" and refused.value.path == path
    assert refused.value.params == {"source": "en", "target": "de"}


def test_a_termbase_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    """A job without --from reads it to name what it leaves out, then again for the detected
    pair: IATE's 50 MB was parsed twice."""
    path = tmp_path / "memoq.tbx"
    path.write_text(MEMOQ_SPELLINGS, encoding="utf-8")
    first = read_termbase(path)
    assert read_termbase(path) is first
    path.write_text(MEMOQ_SPELLINGS.replace("spam", "junk"), encoding="utf-8")
    again = read_termbase(path)
    assert again is not first and "junk" in str(again.concepts)
