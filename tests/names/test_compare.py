from korpu.names import compare


def test_same_person_in_latin_and_russian_is_same():
    assert compare("Fuad Məmmədov", "Мамедов Фуад").same


def test_same_person_in_latin_and_arabic_script_is_same():
    assert compare("Fuad Məmmədov", "فؤاد ممدوف").same


def test_missing_patronymic_still_matches():
    assert compare("Fuad Əli oğlu Məmmədov", "Fuad Mamedov").same


def test_patronymic_word_and_russian_patronymic_match():
    assert compare("Məmmədov Fuad Əli oğlu", "Мамедов Фуад Алиевич").same


def test_english_middle_name_matches_patronymic():
    assert compare("Fuad Ali Mammadov", "Fuad Əli oğlu Məmmədov").same


def test_german_romanisation_matches():
    assert compare("Elnur Hüseynov", "Elnur Gussejnow").same


def test_same_surname_with_different_given_name_is_different():
    assert not compare("Fuad Məmmədov", "Fərid Məmmədov").same


def test_different_fathers_make_different_people():
    assert not compare("Fuad Əli oğlu Məmmədov", "Fuad Vəli oğlu Məmmədov").same


def test_huseynov_and_hasanov_are_different():
    assert not compare("Elnur Hüseynov", "Elnur Həsənov").same


def test_huseynov_and_hasanov_are_different_across_scripts():
    assert not compare("Elnur Hüseynov", "النور حسنوف").same


def test_mammadov_and_maharramov_are_different():
    assert not compare("Fuad Mamedov", "Fuad Magerramov").same


def test_aliyev_and_alizade_are_different():
    assert not compare("Fuad Aliyev", "Fuad Alizadeh").same


def test_given_name_alone_does_not_match_a_full_name():
    assert not compare("Fuad", "Fuad Məmmədov").same


def test_initial_alone_is_not_enough_for_same():
    assert not compare("F. Məmmədov", "Fuad Məmmədov").same


def test_single_tokens_are_compared_as_names():
    assert compare("Mamedov", "Мәммәдов").same


def test_reason_names_the_matched_parts():
    reason = compare("Fuad Əli oğlu Məmmədov", "Мамедов Фуад").reason
    assert reason == "surname Məmmədov≈Мамедов (key mmdv); given name Fuad≈Фуад; patronymic missing on one side"


def test_score_and_verdict_agree():
    result = compare("Fuad Məmmədov", "Fərid Məmmədov")
    assert result.score < 0.75 and not result.same


def test_empty_name_is_never_same():
    assert compare("", "").same is False
