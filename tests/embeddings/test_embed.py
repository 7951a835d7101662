"""The shared embeddings package: shape, normalisation, and meaning across languages."""

import numpy as np
import pytest

from korpu.embeddings import dim, embed, model_name


def test_rows_are_l2_normalised_float32():
    vectors = embed(["Şuşa, 23 aprel", "Shusha, April 23", ""])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, dim())
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_list_gives_empty_matrix():
    assert embed([]).shape == (0, dim())


def test_a_single_string_is_refused():
    with pytest.raises(TypeError):
        embed("Baku")


def test_translation_is_closer_than_a_different_meaning():
    az, en, other = embed(
        [
            "Şuşada yeni tarix muzeyi açılıb.",
            "A new history museum has opened in Shusha.",
            "Heavy rains have caused flooding in Lankaran.",
        ]
    )
    assert az @ en > az @ other + 0.05


def test_azerbaijani_need_is_closest_to_the_matching_english_profile():
    need, *profiles = embed(
        [
            "Şuşa xəstəxanasına uşaq kardiologiyası üzrə təcrübəli həkim lazımdır.",
            "Paediatric cardiologist with twenty years of clinical experience.",
            "Full-stack web developer building websites for non-profit organisations.",
            "Electrical engineer designing rooftop solar installations.",
        ]
    )
    assert int(np.argmax(np.array(profiles) @ need)) == 0


def test_same_input_gives_same_vector():
    a, b = embed(["Bakı", "Bakı"])
    assert np.array_equal(a, b)


def test_model_name_names_the_model():
    assert "e5" in model_name()
