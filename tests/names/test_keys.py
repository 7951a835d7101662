import pytest

from korpu.names import query_keys, search_keys

MAMMADOV = ["Məmmədov", "Mammadov", "Mamedov", "Мамедов", "Мәммәдов", "Memmedov", "ممدوف",
            "Mamedoff", "Mamedow", "MAMMADOV"]
ALIYEV = ["Əliyev", "Aliyev", "Aliev", "Алиев", "علييف", "علی‌یف", "Aliyew", "Alieff", "Alijew"]
HUSEYNOV = ["Hüseynov", "Huseynov", "Guseynov", "Гусейнов", "Gussejnow", "Housseinov", "حسینوف"]
FUAD = ["Fuad", "Фуад", "فؤاد", "Fouad", "Fuat"]


@pytest.mark.parametrize("spelling", MAMMADOV)
def test_every_spelling_of_mammadov_shares_the_key(spelling):
    assert search_keys(spelling) == search_keys("Məmmədov")


@pytest.mark.parametrize("spelling", ALIYEV)
def test_every_spelling_of_aliyev_shares_the_key(spelling):
    assert search_keys(spelling) == search_keys("Əliyev")


@pytest.mark.parametrize("spelling", HUSEYNOV)
def test_every_spelling_of_huseynov_shares_the_key(spelling):
    assert search_keys(spelling) == search_keys("Hüseynov")


@pytest.mark.parametrize("spelling", FUAD)
def test_every_spelling_of_fuad_shares_the_key(spelling):
    assert search_keys(spelling) == search_keys("Fuad")


def test_feminine_surname_shares_the_masculine_key():
    assert search_keys("Məmmədova") == search_keys("Мамедов")


def test_aliyev_and_alizade_have_different_keys():
    assert search_keys("Əliyev") != search_keys("Əlizadə")


def test_zade_endings_share_a_key():
    assert search_keys("Alizadeh") == search_keys("Əlizadə") == search_keys("علیزاده")


def test_li_endings_share_a_key():
    assert search_keys("Hüseynli") == search_keys("Huseynlu") == search_keys("Гусейнли")


def test_search_keys_give_one_key_per_token_without_the_patronymic_word():
    assert search_keys("Fuad Əli oğlu Məmmədov") == ["vd", "l", "mmdv"]


def test_russian_patronymic_is_keyed_as_the_fathers_name():
    assert search_keys("Мамедов Фуад Алиевич") == ["mmdv", "vd", "l"]


def test_query_keys_leave_out_the_patronymic():
    assert query_keys("Mamedov Fuad Ali oglu") == ["mmdv", "vd"]


def test_query_of_single_surname_is_found_among_person_keys():
    assert set(query_keys("Mamedov")) <= set(search_keys("Fuad Əli oğlu Məmmədov"))


def test_query_of_cyrillic_given_name_is_found_among_person_keys():
    assert set(query_keys("Фуад")) <= set(search_keys("Fuad Əli oğlu Məmmədov"))


def test_cyrillic_lookalike_letters_in_latin_word_do_not_change_the_key():
    assert search_keys("M\u0430m\u0435d\u043ev") == search_keys("Mamedov")


def test_latin_lookalike_letters_in_cyrillic_word_do_not_change_the_key():
    assert search_keys("Мамeдоv".replace("v", "в")) == search_keys("Мамедов")


def test_arabic_harakat_tatweel_and_zwnj_do_not_change_the_key():
    assert search_keys("عَلِـیّ\u200cیف") == search_keys("علییف")


def test_serbian_cyrillic_spelling_shares_the_key():
    assert search_keys("Џафаров") == search_keys("Cəfərov")


def test_bashkir_letters_are_read():
    assert search_keys("Ҡасимов") == search_keys("Qasımov")


def test_empty_name_has_no_keys():
    assert search_keys("  ") == []
