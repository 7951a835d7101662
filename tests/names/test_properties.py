import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from korpu.names import compare, search_keys

PARTS = ["Fuad", "Фуад", "فؤاد", "Məmmədov", "Мамедов", "ممدوف", "Əliyev", "Алиев", "علی‌یف",
         "Hüseynov", "Гусейнов", "Gussejnow", "Leyla", "Лейла", "Əli", "oğlu", "оглы", "Алиевич",
         "Şükürova", "Xədicə", "Çingiz", "İlham", "ILHAM", "Qasımov", "Kazımov"]
name = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map(" ".join)
anything = st.text(max_size=40)
BIDI = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200e"]


@given(anything, anything)
@settings(max_examples=300)
def test_score_is_between_0_and_1(a, b):
    assert 0.0 <= compare(a, b).score <= 1.0


@given(name, name)
@settings(max_examples=300)
def test_compare_is_symmetric(a, b):
    ab, ba = compare(a, b), compare(b, a)
    assert (ab.score, ab.same) == (ba.score, ba.same)


@given(name)
def test_a_name_is_the_same_as_itself(a):
    assert compare(a, a).same


@given(name)
def test_keys_do_not_change_under_nfd(a):
    assert search_keys(unicodedata.normalize("NFD", a)) == search_keys(a)


@given(name)
def test_keys_do_not_change_under_upper_case(a):
    assert search_keys(a.upper().replace("I\u0307", "İ")) == search_keys(a) or not a.isascii()


@given(name, st.sampled_from(BIDI), st.integers(min_value=0, max_value=60))
def test_keys_do_not_change_when_bidi_controls_are_inserted(a, mark, at):
    assert search_keys(a[:at] + mark + a[at:]) == search_keys(a)


@given(anything)
def test_keys_never_fail_on_arbitrary_text(a):
    assert all(isinstance(k, str) and k for k in search_keys(a))
