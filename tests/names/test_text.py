import unicodedata

from korpu.names import (
    az_lower,
    az_upper,
    detect_script,
    is_printable_name,
    normalize,
    validate_name,
)


def test_normalize_composes_decomposed_letters():
    assert normalize(unicodedata.normalize("NFD", "Hüseyn Şükürov")) == "Hüseyn Şükürov"


def test_normalize_removes_bidi_override_characters():
    assert normalize("\u202eFuad\u202c Məmmədov\u200f") == "Fuad Məmmədov"


def test_normalize_replaces_control_characters_and_collapses_spaces():
    assert normalize("  Fuad\t\n  Məmmədov\x00 ") == "Fuad Məmmədov"


def test_normalize_keeps_zwnj_that_persian_spelling_needs():
    assert normalize("علی\u200cیف") == "علی\u200cیف"


def test_detect_script_reads_azerbaijani_latin_as_latin():
    assert detect_script("Məmmədov Əli") == "Latn"


def test_detect_script_reads_russian_as_cyrillic():
    assert detect_script("Мамедов Фуад") == "Cyrl"


def test_detect_script_reads_arabic_letters_as_arabic():
    assert detect_script("فؤاد ممدوف") == "Arab"


def test_detect_script_reads_persian_letters_as_persian():
    assert detect_script("حسین علی‌یف") == "Pers"


def test_detect_script_flags_cyrillic_letter_inside_latin_word_as_mixed():
    assert detect_script("M\u0430medov") == "Mixed"


def test_detect_script_without_letters_is_other():
    assert detect_script("123 -") == "Other"


def test_az_upper_dots_the_capital_i():
    assert az_upper("ilham ismayılov") == "İLHAM İSMAYILOV"


def test_az_lower_keeps_dotless_i_dotless():
    assert az_lower("İLHAM İSMAYILOV") == "ilham ismayılov"


def test_validate_name_accepts_an_ordinary_name():
    assert validate_name("Fuad Əli oğlu Məmmədov") == []


def test_validate_name_rejects_empty_text():
    assert validate_name("  \u200b ") == ["invisible_chars", "empty"]


def test_validate_name_rejects_names_over_300_characters():
    assert "too_long" in validate_name("Ə" * 301)


def test_validate_name_reports_control_characters():
    assert "control_chars" in validate_name("Fuad\x07")


def test_validate_name_reports_bidi_overrides():
    assert "bidi_override" in validate_name("Fuad \u202evodəmməM")


def test_is_printable_name_is_false_for_bidi_override():
    assert not is_printable_name("\u202eFuad")
