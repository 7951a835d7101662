import pytest

from korpu.names import transliterate


def test_azerbaijani_latin_to_cyrillic_uses_azerbaijani_letters():
    assert transliterate("Məmmədov Hüseyn", "Cyrl") == "Мәммәдов Һүсејн"


def test_russian_to_latin_reads_iotated_e():
    assert transliterate("Алиев Фуад", "Latn") == "Aliyev Fuad"


def test_russian_soft_vowel_becomes_front_vowel():
    assert transliterate("Гюльнара", "Latn") == "Gülnara"


def test_text_already_in_target_script_is_kept():
    assert transliterate("Fuad Mamedov", "Latn") == "Fuad Mamedov"


def test_arabic_script_gets_a_best_effort_latin_form():
    assert transliterate("ممدوف", "Latn") == "Məmədov"


def test_upper_case_names_stay_upper_case_with_azerbaijani_i():
    assert transliterate("İLHAM", "Cyrl") == "ИЛҺАМ"


def test_unknown_target_is_refused():
    with pytest.raises(ValueError):
        transliterate("Fuad", "Grek")
