"""The three languages: aliases, Traditional Chinese from the reviewed table, labels in each."""

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_examples import CsatInputError, terms
from csat_examples.lang import LANGUAGES, check_lang, hant, html_lang, pick, simplified_only
from csat_examples.scales import FIVE_LEVEL, SEVEN_LEVEL


@pytest.mark.parametrize("alias, code", [("zh-CN", "zh"), ("zh-Hans", "zh"), ("ZH_hant", "zh-Hant"),
                                          ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), (" en ", "en")])
def test_aliases_name_the_three_languages(alias, code):
    assert check_lang(alias) == code


@pytest.mark.parametrize("bad", ["fr", "", None, 3, "zh-Hantt"])
def test_unknown_language_is_refused_with_the_choices(bad):
    with pytest.raises(CsatInputError, match="zh-Hant"):
        check_lang(bad)


def test_every_term_has_a_traditional_label_without_simplified_only_characters():
    table = terms.terms_table()
    for column in ("zh_hant", "definition_zh_hant"):
        for key, text in zip(table["key"], table[column]):
            left = simplified_only(text)
            assert not left, f"{key}: {column} keeps Simplified characters {sorted(left)} in {text!r}"


def test_reviewed_trade_terms_override_opencc():
    # 项目 is a survey item (項目), not a "project" (專案, what s2twp writes); 质量管理 is 品質管理.
    assert hant("各项目均值及 95% 置信区间") == "各項目均值及 95% 置信區間"
    assert terms.label("level_very_satisfied", "zh-Hant") == "很滿意"


def test_level_names_in_each_language():
    assert [lv.name("zh-Hant") for lv in FIVE_LEVEL.levels] == ["很不滿意", "不滿意", "一般", "滿意", "很滿意"]
    assert [lv.name("en") for lv in SEVEN_LEVEL.levels][3] == "Neutral"


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=30))
def test_hant_keeps_the_length_of_unknown_text(text):
    # The character map is one-to-one, so positions in a label never shift.
    assert len(hant(text)) == len(text)


def test_pick_and_html_lang_cover_every_language():
    assert [pick("a", "满意", code) for code in LANGUAGES] == ["a", "满意", "滿意"]
    assert html_lang("zh-TW") == "zh-Hant"


def test_the_library_table_is_what_the_converter_writes():
    pytest.importorskip("opencc")
    from book import hant as converter

    assert converter.main(["--check"]) == 0, "run: python -m book.hant"


def test_the_stored_terms_table_is_the_yaml_merged():
    """The library reads terms.json in place of the YAML files only while its digest matches them."""
    stored = json.loads((resources.files("csat_examples") / "data" / terms.TABLE_FILE).read_text(encoding="utf-8"))
    assert stored == terms.compiled_table(), "run: python -m book.hant"


def _rate_label_with(monkeypatch, target, name, replacement) -> str:
    """The Chinese label of satisfaction_rate read afresh with ``target.name`` replaced; the cache and
    the attribute are restored after."""
    monkeypatch.setattr(target, name, replacement)
    terms._load.cache_clear()
    try:
        return terms.label("satisfaction_rate", "zh")
    finally:
        monkeypatch.undo()
        terms._load.cache_clear()


def test_an_edited_terms_file_counts_at_once_even_before_the_table_is_written(monkeypatch):
    edited = [(name, raw.replace("满意率".encode(), "满意比率".encode())) for name, raw in terms._sources()]
    assert edited != terms._sources()
    assert _rate_label_with(monkeypatch, terms, "_sources", lambda: edited) == "满意比率"
    assert terms.label("satisfaction_rate", "zh") == "满意率"


def test_a_key_defined_in_two_files_is_refused_by_name(monkeypatch):
    sources = terms._sources()
    duplicated = [*sources, ("zz_extra.yml", b"satisfaction_rate: {en: Rate, zh: x}\n")]
    with pytest.raises(CsatInputError, match="defined twice .*zz_extra.yml"):
        terms._merge(duplicated)


@pytest.mark.parametrize("stored", ["{not json", "[]", '{"digest": 1}'])
def test_a_damaged_terms_table_is_ignored(monkeypatch, stored):
    assert _rate_label_with(monkeypatch, terms.json, "loads", lambda text: json.JSONDecoder().decode(stored)) == "满意率"
