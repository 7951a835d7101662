"""Given names whose vowels differ between Azerbaijani, Arabic, Persian, Turkish and Russian.

Spelling rules alone cannot tell that Məhəmməd, Mohammad and Магомед are one name: their
vowels change between languages, while other names that differ only in vowels (Rəşad and
Rəşid, Elnur and Elnar) are different names. Each group below lists forms of one name;
forms in one group count as the same given name.
"""

from __future__ import annotations

from korpu.names.translit import split_tokens, token_plf

_GROUPS = """
Məhəmməd Mahammad Muhammad Mohammad Mohammed Muhammed Mehemmed Mahomed Magomed Магомед
  Мухаммед Мухаммад Мохаммад Мамед Məmməd Mammad Mamed محمد
Hüseyn Hüseyin Huseyn Husein Hussein Hossein Hosein Husayn Гусейн Хусейн حسین حسين
Həsən Hasan Hassan Hasson Гасан Хасан حسن
Yusif Yusuf Yousef Yusef Youssef Юсиф Юсуф یوسف يوسف
Röya Roya Rüya Roja Роя Рёя رویا
Fatimə Fatima Fatma Fatemeh Fatimeh Фатима فاطمه فاطمة
Xədicə Khadija Hatice Khadijeh Chadidscha Хадиджа Хадижа خدیجه خديجة
İbrahim Ibrahim Ebrahim Ibragim Ибрагим ابراهیم إبراهيم
İsmayıl Ismayil Ismail Esmail Исмаил Измаил اسماعیل إسماعيل
Mehdi Mahdi Mehti Мехти Мехди Махди مهدی مهدي
Rza Reza Riza Rıza Рза Риза Реза رضا
Cəfər Jafar Jafer Cafer Djafar Dschafar Джафар Джафер جعفر
Zəhra Zahra Zehra Zohreh Захра Зухра زهرا
Əbülfəz Abulfaz Abulfez Ebulfez Абульфаз ابوالفضل
Rüstəm Rustam Rostam Rüstem Рустам رستم
Rövşən Rovshan Rovşan Revşen Rövşen Ровшан روشن
Məryəm Maryam Meryem Mariam Марьям Мариам مریم
Səkinə Sakina Sekine Сакина سکینه
Tofiq Tofig Tevfik Tofik Tawfiq Тофик Тауфик توفیق
Yaqub Yagub Yakub Yaghoub Якуб Ягуб یعقوب
Ömər Omar Omer Омар عمر
Osman Usman Othman Осман Усман عثمان
Əbdülrəhim Abdurrahim Abdulrahim Абдуррагим عبدالرحیم
Nəsrulla Nasrulla Nasrullah Насрулла نصرالله
"""


def _build() -> dict[str, int]:
    groups: dict[str, int] = {}
    for number, line in enumerate(_GROUPS.replace("\n  ", " ").strip().splitlines()):
        for word in split_tokens(line):
            groups.setdefault(token_plf(word)[1], number)
    return groups


VARIANT_GROUPS = _build()
"""PLF of a given-name form → number of its group."""
