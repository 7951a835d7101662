"""Registry entities found in text across scripts, and topics by editable rules."""


from korpu.media.pipeline import Gazetteer, classify, find_mentions

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



GAZETTEER = [
    (
        "org-dc",
        "organisation",
        ["State Committee on Work with Diaspora", "اللجنة الحكومية للعمل مع المغتربين"],
    ),
    ("person-muradov", "person", ["Fuad Muradov", "Фуад Мурадов", "فؤاد مرادوف", "Muradov"]),
    (
        "country-az",
        "country",
        ["Azerbaijan", "Azərbaycan", "Азербайджан", "أذربيجان", "Azerbaycan"],
    ),
    ("place-shusha", "place", ["Şuşa", "Shusha", "Шуша", "شوشا"]),
    ("place-karabakh", "place", ["Qarabağ", "Karabakh", "كاراباخ", "Карабах", "Karabağ"]),
]


def ids(text):
    return [m.entity_id for m in find_mentions(text, GAZETTEER)]


def test_arabic_attached_preposition_is_stripped():
    assert ids("ممثلي الشتات الصديق لأذربيجان") == ["country-az"]


def test_arabic_conjunction_and_article_are_stripped():
    assert ids("والكاراباخ وشوشا") == ["place-karabakh", "place-shusha"]


def test_arabic_tatweel_after_preposition_is_ignored():
    assert ids("بـشوشا") == ["place-shusha"]


def test_azerbaijani_case_endings_match():
    assert ids("Şuşada və Qarabağın dirçəldilməsi") == ["place-shusha", "place-karabakh"]


def test_russian_inflected_names_match():
    assert ids("заявил Фуада Мурадова в Шуше") == ["person-muradov", "place-shusha"]


def test_longest_name_wins():
    mentions = find_mentions(
        "Chairman of the State Committee on Work with Diaspora Fuad Muradov", GAZETTEER
    )
    assert [(m.entity_id, m.surface) for m in mentions] == [
        ("org-dc", "State Committee on Work with Diaspora"),
        ("person-muradov", "Fuad Muradov"),
    ]


def test_mention_offsets_point_into_the_original_text():
    text = "وأضاف فؤاد مرادوف في شوشا"
    (muradov, shusha) = find_mentions(text, GAZETTEER)
    assert text[shusha.start : shusha.end] == "شوشا"


def test_case_and_diacritics_are_folded():
    assert ids("AZERBAIJAN and SUSA") == ["country-az", "place-shusha"]


def test_unrelated_words_do_not_match():
    assert ids("Shushanik went to Baku") == []


def test_compiled_gazetteer_gives_the_same_mentions():
    assert find_mentions("Şuşada", Gazetteer(GAZETTEER)) == find_mentions("Şuşada", GAZETTEER)


RULES = {
    "diaspora": {"az": ["diaspor"], "en": ["diaspora"], "ar": ["الشتات", "المغتربين"]},
    "oil": {"*": ["brent", "re:\\bwti\\b"]},
    "restoration": {"az": ["bərpa"], "en": ["restoration", "restored"]},
}


def test_topic_patterns_match_word_starts_in_the_language():
    assert classify("Diaspor təşkilatları arasında koordinasiya; diasporun rolu", "az", RULES) == [
        "diaspora"
    ]


def test_topic_rules_for_every_language_apply():
    assert classify("Цена нефти Brent и WTI", "ru", RULES) == ["oil"]


def test_topics_are_ordered_by_hits():
    text = "Restoration of the mosque; restoration of the minaret; the diaspora helped"
    assert classify(text, "en", RULES) == ["restoration", "diaspora"]


def test_other_languages_patterns_do_not_apply():
    assert classify("bərpa", "en", RULES) == []
