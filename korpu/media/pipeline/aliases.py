"""Canonical news agencies and places, with their names across scripts and languages.

Each entry: canonical id → display names by language, plus extra spellings met in the press.
Lookups go through `fold()`, so case, diacritics and Arabic letter forms need not be listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from korpu.media.pipeline.text import fold


@dataclass(frozen=True)
class Alias:
    """A canonical thing (agency or place) and every name it goes by."""

    id: str
    kind: str
    names: dict[str, str]
    extra: tuple[str, ...] = field(default=())

    def display(self, lang: str = "en") -> str:
        """Name to show a reader of `lang` (English when that language has none)."""
        return self.names.get(lang) or self.names["en"]

    def forms(self) -> set[str]:
        """Every spelling, folded."""
        return {fold(n) for n in (*self.names.values(), *self.extra)}


def _a(
    id: str,
    en: str,
    az: str = "",
    ru: str = "",
    tr: str = "",
    ar: str = "",
    de: str = "",
    *extra: str,
) -> Alias:
    names = {k: v for k, v in dict(en=en, az=az, ru=ru, tr=tr, ar=ar, de=de).items() if v}
    return Alias(id, "agency", names, tuple(extra))


def _p(id: str, en: str, az: str, ru: str, tr: str, ar: str, de: str, *extra: str) -> Alias:
    names = {k: v for k, v in dict(en=en, az=az, ru=ru, tr=tr, ar=ar, de=de).items() if v}
    return Alias(id, "place", names, tuple(extra))


AGENCIES: tuple[Alias, ...] = (
    _a(
        "azertac",
        "AZERTAC",
        "AZƏRTAC",
        "АЗЕРТАДЖ",
        "AZERTAC",
        "أذرتاج",
        "AZERTAC",
        "Azertac",
        "Azərtac",
        "Азертадж",
        "AZERTAG",
        "Азертаг",
        "آذرتاج",
        "أذرتاج/",
        "ازرتاج",
    ),
    _a("apa", "APA", "APA", "АПА", "APA", "أبا", "APA", "APA.az"),
    _a("trend", "Trend", "Trend", "Тренд", "Trend", "ترند", "Trend", "Trend.az"),
    _a("report", "Report", "Report", "Report", "Report", "ريبورت", "Report", "Report.az", "Репорт"),
    _a("turan", "Turan", "Turan", "Туран", "Turan", "توران", "Turan"),
    _a(
        "anadolu",
        "Anadolu Agency",
        "Anadolu",
        "Анадолу",
        "Anadolu Ajansı",
        "الأناضول",
        "Anadolu",
        "AA",
        "Anadolu Ajansi",
        "وكالة الأناضول",
        "AA.com.tr",
    ),
    _a("tass", "TASS", "TASS", "ТАСС", "TASS", "تاس", "TASS", "ИТАР-ТАСС"),
    _a(
        "ria",
        "RIA Novosti",
        "RİA Novosti",
        "РИА Новости",
        "RIA Novosti",
        "ريا نوفوستي",
        "RIA Nowosti",
    ),
    _a("interfax", "Interfax", "İnterfaks", "Интерфакс", "Interfax", "إنترفاكس", "Interfax"),
    _a("reuters", "Reuters", "Reuters", "Рейтер", "Reuters", "رويترز", "Reuters", "Рейтерс"),
    _a("afp", "AFP", "AFP", "АФП", "AFP", "أ ف ب", "AFP", "فرانس برس", "France-Presse"),
    _a("ap", "AP", "AP", "АП", "AP", "أ ب", "AP", "Associated Press"),
    _a("dpa", "dpa", "dpa", "ДПА", "dpa", "د ب أ", "dpa"),
    _a("efe", "EFE", "EFE", "ЭФЕ", "EFE", "إفي", "EFE"),
    _a("ansa", "ANSA", "ANSA", "АНСА", "ANSA", "آنسا", "ANSA"),
    _a("xinhua", "Xinhua", "Sinxua", "Синьхуа", "Şinhua", "شينخوا", "Xinhua"),
    _a("irna", "IRNA", "IRNA", "ИРНА", "IRNA", "إرنا", "IRNA", "ایرنا"),
    _a("wam", "WAM", "WAM", "ВАМ", "WAM", "وام", "WAM"),
    _a("qna", "QNA", "QNA", "QNA", "QNA", "قنا", "QNA"),
    _a("kuna", "KUNA", "KUNA", "КУНА", "KUNA", "كونا", "KUNA"),
    _a("spa", "SPA", "SPA", "SPA", "SPA", "واس", "SPA"),
    _a("mena", "MENA", "MENA", "MENA", "MENA", "أ ش أ", "MENA"),
    _a("petra", "Petra", "Petra", "Петра", "Petra", "بترا", "Petra"),
    _a("sputnik", "Sputnik", "Sputnik", "Спутник", "Sputnik", "سبوتنيك", "Sputnik"),
    _a("ihlas", "IHA", "İHA", "IHA", "İHA", "", "IHA", "İhlas Haber Ajansı"),
    _a("dha", "DHA", "DHA", "DHA", "DHA", "", "DHA", "Demirören Haber Ajansı"),
)

PLACES: tuple[Alias, ...] = (
    # Karabakh and East Zangezur
    _p(
        "shusha",
        "Shusha",
        "Şuşa",
        "Шуша",
        "Şuşa",
        "شوشا",
        "Schuscha",
        "Shushi",
        "Chouchi",
        "Susa",
        "Шуши",
    ),
    _p(
        "khankendi",
        "Khankendi",
        "Xankəndi",
        "Ханкенди",
        "Hankendi",
        "خانكندي",
        "Chankendi",
        "Stepanakert",
        "Степанакерт",
    ),
    _p("aghdam", "Aghdam", "Ağdam", "Агдам", "Ağdam", "أغدام", "Agdam"),
    _p("fuzuli", "Fuzuli", "Füzuli", "Физули", "Füzuli", "فضولي", "Füsuli", "Fizuli"),
    _p("jabrayil", "Jabrayil", "Cəbrayıl", "Джебраил", "Cebrail", "جبرائيل", "Dschabrajil"),
    _p("zangilan", "Zangilan", "Zəngilan", "Зангилан", "Zengilan", "زنغيلان", "Sangilan"),
    _p("gubadli", "Gubadli", "Qubadlı", "Губадлы", "Kubatlı", "قوبادلي", "Qubadli"),
    _p("lachin", "Lachin", "Laçın", "Лачин", "Laçin", "لاتشين", "Latschin"),
    _p("kalbajar", "Kalbajar", "Kəlbəcər", "Кельбаджар", "Kelbecer", "كلبجار", "Kəlbəcər"),
    _p("khojaly", "Khojaly", "Xocalı", "Ходжалы", "Hocalı", "خوجالي", "Chodschali"),
    _p("khojavend", "Khojavend", "Xocavənd", "Ходжавенд", "Hocavend", "خوجافند", "Chodschawend"),
    _p("aghdara", "Aghdara", "Ağdərə", "Агдере", "Ağdere", "أغدره", "Agdara"),
    _p("tartar", "Tartar", "Tərtər", "Тертер", "Terter", "ترتر", "Tartar"),
    # Azerbaijan
    _p("baku", "Baku", "Bakı", "Баку", "Bakü", "باكو", "Baku", "Bakou", "Baki"),
    _p("ganja", "Ganja", "Gəncə", "Гянджа", "Gence", "كنجه", "Gandscha", "Гянджи", "گنجه"),
    _p("sumgait", "Sumgait", "Sumqayıt", "Сумгайыт", "Sumgayıt", "سومقاييت", "Sumgait", "Сумгаит"),
    _p(
        "nakhchivan",
        "Nakhchivan",
        "Naxçıvan",
        "Нахчыван",
        "Nahçıvan",
        "نخجوان",
        "Nachitschewan",
        "Нахичевань",
    ),
    _p("shamakhi", "Shamakhi", "Şamaxı", "Шамахы", "Şamahı", "شماخي", "Schamachi", "Шемаха"),
    _p("lankaran", "Lankaran", "Lənkəran", "Ленкорань", "Lenkeran", "لنكران", "Lənkəran"),
    _p("quba", "Guba", "Quba", "Губа", "Kuba", "قوبا", "Quba", "Куба"),
    _p("sheki", "Sheki", "Şəki", "Шеки", "Şeki", "شكي", "Scheki"),
    _p(
        "mingachevir",
        "Mingachevir",
        "Mingəçevir",
        "Мингячевир",
        "Mingeçevir",
        "منغاتشفير",
        "Mingəçevir",
    ),
    # Neighbours and world capitals
    _p("moscow", "Moscow", "Moskva", "Москва", "Moskova", "موسكو", "Moskau", "Moscou"),
    _p("ankara", "Ankara", "Ankara", "Анкара", "Ankara", "أنقرة", "Ankara"),
    _p(
        "istanbul",
        "Istanbul",
        "İstanbul",
        "Стамбул",
        "İstanbul",
        "إسطنبول",
        "Istanbul",
        "اسطنبول",
        "Стамбуле",
    ),
    _p("tbilisi", "Tbilisi", "Tbilisi", "Тбилиси", "Tiflis", "تبليسي", "Tiflis"),
    _p("tehran", "Tehran", "Tehran", "Тегеран", "Tahran", "طهران", "Teheran", "تهران", "Téhéran"),
    _p("tabriz", "Tabriz", "Təbriz", "Тебриз", "Tebriz", "تبريز", "Täbris", "تبریز"),
    _p("yerevan", "Yerevan", "İrəvan", "Ереван", "Erivan", "يريفان", "Jerewan", "Erevan"),
    _p("kyiv", "Kyiv", "Kiyev", "Киев", "Kiev", "كييف", "Kiew", "Київ", "Kiev"),
    _p("minsk", "Minsk", "Minsk", "Минск", "Minsk", "مينسك", "Minsk"),
    _p("astana", "Astana", "Astana", "Астана", "Astana", "أستانا", "Astana"),
    _p("tashkent", "Tashkent", "Daşkənd", "Ташкент", "Taşkent", "طشقند", "Taschkent"),
    _p("bishkek", "Bishkek", "Bişkek", "Бишкек", "Bişkek", "بيشكيك", "Bischkek"),
    _p("dushanbe", "Dushanbe", "Düşənbə", "Душанбе", "Duşanbe", "دوشنبه", "Duschanbe"),
    _p("ashgabat", "Ashgabat", "Aşqabad", "Ашхабад", "Aşkabat", "عشق آباد", "Aschgabat"),
    _p("berlin", "Berlin", "Berlin", "Берлин", "Berlin", "برلين", "Berlin"),
    _p("paris", "Paris", "Paris", "Париж", "Paris", "باريس", "Paris"),
    _p("london", "London", "London", "Лондон", "Londra", "لندن", "London", "Londres"),
    _p("brussels", "Brussels", "Brüssel", "Брюссель", "Brüksel", "بروكسل", "Brüssel", "Bruxelles"),
    _p("strasbourg", "Strasbourg", "Strasburq", "Страсбург", "Strazburg", "ستراسبورغ", "Straßburg"),
    _p("geneva", "Geneva", "Cenevrə", "Женева", "Cenevre", "جنيف", "Genf", "Genève"),
    _p("vienna", "Vienna", "Vyana", "Вена", "Viyana", "فيينا", "Wien", "Vienne"),
    _p("rome", "Rome", "Roma", "Рим", "Roma", "روما", "Rom"),
    _p("madrid", "Madrid", "Madrid", "Мадрид", "Madrid", "مدريد", "Madrid"),
    _p("warsaw", "Warsaw", "Varşava", "Варшава", "Varşova", "وارسو", "Warschau", "Varsovie"),
    _p("prague", "Prague", "Praqa", "Прага", "Prag", "براغ", "Prag"),
    _p("budapest", "Budapest", "Budapeşt", "Будапешт", "Budapeşte", "بودابست", "Budapest"),
    _p("bucharest", "Bucharest", "Buxarest", "Бухарест", "Bükreş", "بوخارست", "Bukarest"),
    _p("sofia", "Sofia", "Sofiya", "София", "Sofya", "صوفيا", "Sofia"),
    _p("amsterdam", "Amsterdam", "Amsterdam", "Амстердам", "Amsterdam", "أمستردام", "Amsterdam"),
    _p("the-hague", "The Hague", "Haaqa", "Гаага", "Lahey", "لاهاي", "Den Haag", "La Haye"),
    _p("stockholm", "Stockholm", "Stokholm", "Стокгольм", "Stokholm", "ستوكهولم", "Stockholm"),
    _p("oslo", "Oslo", "Oslo", "Осло", "Oslo", "أوسلو", "Oslo"),
    _p(
        "washington",
        "Washington",
        "Vaşinqton",
        "Вашингтон",
        "Washington",
        "واشنطن",
        "Washington",
        "Vaşington",
    ),
    _p(
        "new-york",
        "New York",
        "Nyu-York",
        "Нью-Йорк",
        "New York",
        "نيويورك",
        "New York",
        "Nyu York",
    ),
    _p("beijing", "Beijing", "Pekin", "Пекин", "Pekin", "بكين", "Peking", "Pékin"),
    _p("tokyo", "Tokyo", "Tokio", "Токио", "Tokyo", "طوكيو", "Tokio"),
    _p("cairo", "Cairo", "Qahirə", "Каир", "Kahire", "القاهرة", "Kairo", "Le Caire"),
    _p("riyadh", "Riyadh", "Ər-Riyad", "Эр-Рияд", "Riyad", "الرياض", "Riad"),
    _p("doha", "Doha", "Doha", "Доха", "Doha", "الدوحة", "Doha"),
    _p("dubai", "Dubai", "Dubay", "Дубай", "Dubai", "دبي", "Dubai", "Dubaï"),
    _p(
        "abu-dhabi",
        "Abu Dhabi",
        "Əbu-Dabi",
        "Абу-Даби",
        "Abu Dabi",
        "أبوظبي",
        "Abu Dhabi",
        "أبو ظبي",
    ),
    _p("kuwait", "Kuwait City", "Küveyt", "Эль-Кувейт", "Kuveyt", "الكويت", "Kuwait-Stadt"),
    _p("amman", "Amman", "Amman", "Амман", "Amman", "عمان", "Amman"),
    _p("beirut", "Beirut", "Beyrut", "Бейрут", "Beyrut", "بيروت", "Beirut"),
    _p("damascus", "Damascus", "Dəməşq", "Дамаск", "Şam", "دمشق", "Damaskus"),
    _p("baghdad", "Baghdad", "Bağdad", "Багдад", "Bağdat", "بغداد", "Bagdad"),
    _p("islamabad", "Islamabad", "İslamabad", "Исламабад", "İslamabad", "إسلام آباد", "Islamabad"),
    _p("jerusalem", "Jerusalem", "Qüds", "Иерусалим", "Kudüs", "القدس", "Jerusalem"),
    _p("tel-aviv", "Tel Aviv", "Təl-Əviv", "Тель-Авив", "Tel Aviv", "تل أبيب", "Tel Aviv"),
)

# Azerbaijan appears after the city in Trend's datelines ("Aghdam, Azerbaijan, May 10").
COUNTRY_QUALIFIERS = frozenset(
    fold(n)
    for n in (
        "Azerbaijan",
        "Azərbaycan",
        "Азербайджан",
        "Azerbaycan",
        "أذربيجان",
        "Aserbaidschan",
        "Russia",
        "Россия",
        "Turkey",
        "Türkiye",
        "Georgia",
        "Iran",
    )
)


@cache
def _index(kind: str) -> dict[str, Alias]:
    table = AGENCIES if kind == "agency" else PLACES
    index: dict[str, Alias] = {}
    for alias in table:
        for form in alias.forms():
            index.setdefault(form, alias)
            # Domain-style names ("Report.az", "APA.az") also appear without the dot.
            index.setdefault(form.replace(".", " "), alias)
    return index


def find_agency(name: str) -> Alias | None:
    """Return the agency a name or spelling refers to, or None."""
    return _lookup("agency", name)


def find_place(name: str) -> Alias | None:
    """Return the place a name or spelling refers to, or None."""
    return _lookup("place", name)


def _lookup(kind: str, name: str) -> Alias | None:
    key = " ".join(fold(name).replace("/", " ").split()).strip(" .-'\"«»“”")
    index = _index(kind)
    if key in index:
        return index[key]
    if kind == "place":
        # Arabic writes the definite article on some city names (الدوحة ~ دوحة) and
        # Russian inflects (Шуше, Баку stays); try the bare and the stem forms.
        for variant in (key[2:] if key.startswith("ال") else "", key[:-1]):
            if len(variant) >= 4 and variant in index:
                return index[variant]
    return None


def agency(id: str) -> Alias:
    """Return the agency with this canonical id."""
    return next(a for a in AGENCIES if a.id == id)


def place(id: str) -> Alias:
    """Return the place with this canonical id."""
    return next(p for p in PLACES if p.id == id)
