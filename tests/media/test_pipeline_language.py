"""Language detection among the configured languages."""

import pytest

from korpu.media.pipeline import detect_language

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Vətən müharibəsindəki tarixi qələbədən sonra xaricdəki Azərbaycan diasporu yeni mərhələyə qədəm qoyub.",
            "az",
        ),
        (
            "Azerbaycan Diaspora ile Çalışma Devlet Komitesi Başkanı, kapanış töreninde konuştu.",
            "tr",
        ),
        ("В Москве открылись три новые станции метро.", "ru"),
        ("اكتملت أعمال الترميم في مسجد الجمعة التاريخي بمدينة أغدام.", "ar"),
        ("رئیس جمهور امروز با نمایندگان جامعه دیدار کرد و گفت که همکاری ادامه خواهد یافت.", "fa"),
        ("Ein bundesweiter Streik der Lokführer hat den Bahnverkehr lahmgelegt.", "de"),
        ("Restoration work at the historic mosque has been completed.", "en"),
    ],
)
def test_configured_language_is_detected(text, code):
    guess = detect_language(text)
    assert (guess.code, guess.low_confidence) == (code, False)


def test_unconfigured_language_is_flagged_low_confidence():
    guess = detect_language(
        "Il presidente della Repubblica ha incontrato oggi i rappresentanti della comunità."
    )
    assert guess.low_confidence
    assert guess.other == "it"
    assert guess.code in ("es", "fr", "en", "de")


def test_restricted_language_list_returns_only_those():
    guess = detect_language(
        "В Москве открылись три новые станции метро.", languages=("az", "en"), sentinels=()
    )
    assert guess.code in ("az", "en")


def test_empty_text_has_no_language():
    assert detect_language("   ").code is None
