"""The labelled set in data/ holds the matcher to its promises (see docs/names.md)."""

from tests.names.evaluation import evaluate


def test_spellings_of_one_person_are_same_at_least_90_percent_and_others_at_most_0_1_percent():
    result = evaluate()
    assert result.same_rate >= 0.90 and result.false_same_rate <= 0.001


def test_search_keys_find_a_person_from_any_other_spelling_at_least_95_percent():
    assert evaluate().search_rate >= 0.95
