import pytest

from korpu.plaques.rendering import (
    EmptyPlaque,
    NameEntry,
    NameTooLong,
    PlaqueDoesNotFit,
    PlaqueSpec,
    PlaqueTooSmall,
    UnsupportedCharacters,
    az_upper,
    layout,
    sort_names,
)
from korpu.plaques.rendering.fonts import cap_height_ratio
from korpu.plaques.rendering.shaping import shape_line


def _spec(names, **kw):
    base = dict(title={"az": "Bərpa"}, names=names, width_mm=600, height_mm=400)
    base.update(kw)
    return PlaqueSpec(**base)


def test_azerbaijani_order_follows_the_azerbaijani_alphabet():
    names = ["Zaur", "Əli", "Eldar", "Çingiz", "Ceyhun", "Xəyal", "Hüseyn", "İlham", "Ilqar"]
    ordered = [n.text for n in sort_names(names, "az")]
    assert ordered == [
        "Ceyhun",
        "Çingiz",
        "Eldar",
        "Əli",
        "Hüseyn",
        "Xəyal",
        "Ilqar",
        "İlham",
        "Zaur",
    ]


def test_turkish_order_puts_dotless_i_before_dotted_i():
    assert [n.text for n in sort_names(["İpek", "Işık", "Hale"], "tr")] == ["Hale", "Işık", "İpek"]


def test_russian_order_puts_yo_after_ye():
    assert [n.text for n in sort_names(["Ёлкин", "Жуков", "Елисеев"], "ru")] == [
        "Елисеев",
        "Ёлкин",
        "Жуков",
    ]


def test_sort_key_overrides_the_engraved_text():
    names = [
        NameEntry("Ramil Zeynalov", key="Zeynalov Ramil"),
        NameEntry("Tofiq Abbasov", key="Abbasov"),
    ]
    assert [n.text for n in sort_names(names, "az")] == ["Tofiq Abbasov", "Ramil Zeynalov"]


def test_az_upper_dots_the_capital_i():
    assert az_upper("ilqar ılıca") == "İLQAR ILICA"


def test_names_are_grouped_by_tier_in_tier_order():
    names = [
        NameEntry("Aydın", "Gümüş"),
        NameEntry("Zaur", "Qızıl"),
        NameEntry("Bəxtiyar", "Qızıl"),
    ]
    panel = layout(_spec(names, tiers=["Qızıl", "Gümüş"]))[0]
    assert [line.text for line in panel.lines if line.kind in ("tier", "name")] == [
        "Qızıl",
        "Bəxtiyar",
        "Zaur",
        "Gümüş",
        "Aydın",
    ]


def test_names_are_never_uppercased_even_when_the_title_is():
    panel = layout(_spec(["ilqar İsmayılov"], uppercase_title=True, title={"az": "bərpa işi"}))[0]
    texts = [line.text for line in panel.lines]
    assert "BƏRPA İŞİ" in texts and "ilqar İsmayılov" in texts


def test_letters_are_never_smaller_than_the_minimum_cap_height():
    names = [f"Ad Soyad {i}" for i in range(150)]
    panel = layout(_spec(names))[0]
    assert panel.name_em_mm * cap_height_ratio() >= 6.35 - 1e-9


def test_a_roomy_plaque_gets_larger_letters_than_the_minimum():
    panel = layout(_spec(["Əli Həsənov", "Aynur Quliyeva"]))[0]
    assert panel.name_em_mm * cap_height_ratio() > 6.35


def test_too_many_names_raise_with_the_number_of_panels_needed():
    with pytest.raises(PlaqueDoesNotFit) as exc:
        layout(_spec([f"Ad Soyad {i}" for i in range(2000)]))
    assert exc.value.panels_needed > 1 and f"{exc.value.panels_needed} panels" in str(exc.value)


def test_allowing_panels_produces_the_needed_number_of_panels():
    names = [f"Ad Soyad {i}" for i in range(2000)]
    with pytest.raises(PlaqueDoesNotFit) as exc:
        layout(_spec(names))
    assert len(layout(_spec(names, allow_panels=True))) == exc.value.panels_needed


def test_every_name_is_placed_once_across_panels():
    names = [f"Ad Soyad {i}" for i in range(1500)]
    panels = layout(_spec(names, allow_panels=True))
    placed = sorted(line.text for p in panels for line in p.lines if line.kind == "name")
    assert placed == sorted(names)


def test_empty_name_list_is_refused():
    with pytest.raises(EmptyPlaque):
        layout(_spec([]))


def test_a_name_longer_than_a_line_is_named_in_the_error():
    long_name = "Abdurrahmanzadə " * 12
    with pytest.raises(NameTooLong, match="Abdurrahmanzadə"):
        layout(_spec(["Əli", long_name]))


def test_a_name_in_an_uncovered_script_names_the_missing_characters():
    with pytest.raises(UnsupportedCharacters) as exc:
        layout(_spec(["Əli", "李小龙"]))
    assert "李小龙" in str(exc.value) and "U+674E" in str(exc.value)


def test_margins_that_leave_no_room_are_refused():
    with pytest.raises(PlaqueTooSmall, match="margins"):
        layout(_spec(["Əli"], width_mm=100, height_mm=80, margin_mm=50))


def test_a_plaque_smaller_than_one_name_is_refused():
    with pytest.raises(PlaqueTooSmall):
        layout(_spec(["Əli Həsənov"], title={}, width_mm=30, height_mm=30, margin_mm=5))


def test_fi_ligature_is_off_for_azerbaijani_names():
    assert len(shape_line("Rafiq", "az").glyphs) == 5


def test_arabic_year_stays_left_to_right_inside_right_to_left_text():
    line = shape_line("تم الترميم عام ٢٠٢٦", "ar")
    digits = [g for g in line.glyphs if line.text[g.cluster] in "٢٠٦"]
    xs = [g.x for g in sorted(digits, key=lambda g: g.cluster)]
    assert line.rtl and xs == sorted(xs)


def test_latin_year_sits_left_of_the_arabic_words():
    line = shape_line("تم الترميم عام 2026", "ar")
    first_word = [g.x for g in line.glyphs if g.cluster < 2]
    year = [g.x for g in line.glyphs if line.text[g.cluster].isdigit()]
    assert max(year) < min(first_word)
