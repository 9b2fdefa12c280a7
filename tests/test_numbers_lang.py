"""Numbers in German and Spanish news, read through each language's vocabulary file.

Every sentence is quoted from the development corpus (corpora/news/dev/articles); the outlet is
named beside it. Each rule is shown on at least two outlets.
"""

from __future__ import annotations

import pytest

from index.numbers import find_quantities, format_number, parse_int


def _read(sentence: str, lang: str) -> list[tuple[int | None, str, float | None, str]]:
    return [(q.value, q.qualifier, q.percent, q.unit) for q in find_quantities(sentence, lang)]


# (outlet, sentence, expected quantities as (value, qualifier, percent, unit))
GERMAN = [
    # dotted thousands, "rund" (about)
    ("Dow Jones Newswires", "Siemens wird weltweit rund 6.000 Stellen abbauen.",
     [(6000, "about", None, "")]),
    ("Golem", "Siemens streicht in seiner Sparte Digital Industries weltweit 5.600 von rund "
     "68.000 Arbeitsplätzen.", [(5600, "exact", None, ""), (68000, "about", None, "")]),
    # "bis zu" (up to), a plain four-digit count, and a space-grouped one
    ("BR24", "In diesem Bereich könnten weltweit bis zu 5000 Stellen wegfallen.",
     [(5000, "up_to", None, "")]),
    ("cash", "Der Industriekonzern Siemens hat einen Pressebericht zurückgewiesen, wonach im "
     "Zuge der neuen Konzernstrategie weltweit bis zu 20 000 Stellen in den zentralen Funktionen "
     "überflüssig werden könnten.", [(20000, "up_to", None, "")]),
    # "Prozent", in digits and in words; "mehr als"
    ("Spiegel", "Der Berliner Lieferdienst Delivery Hero entlässt nach Informationen des SPIEGEL "
     "mehr als vier Prozent der Belegschaft in seiner Firmenzentrale.",
     [(None, "more_than", 4.0, "percent")]),
    ("Gründerszene", "Das sind rund sechs Prozent der Belegschaft.",
     [(None, "about", 6.0, "percent")]),
    ("ComputerBase", "Das neue Jahr beginnt für ein Viertel der Beschäftigten mit einer "
     "schlechten Nachricht: Unity will kurzfristig 1.800 Stellen streichen, das entspricht 25 "
     "Prozent der Belegschaft.",
     [(None, "exact", 25.0, "percent"), (1800, "exact", None, ""),
      (None, "exact", 25.0, "percent")]),
    # "knapp" (nearly), "gut" (a good: more than)
    ("Personalwirtschaft", "Neben diesen Investitionen passe man die Zusammensetzung der "
     "bestehenden Abteilung an, was sich direkt auf knapp 100 Personen auswirke.",
     [(100, "nearly", None, "")]),
    ("Dow Jones Newswires", "Im Geschäft mit Ladelösungen, das zum Konzernbereich Smart "
     "Infrastructure gehört, sollen von insgesamt gut 1.300 Stellen rund 450 bis Ende September "
     "dieses Jahres gestrichen werden, 250 davon in Deutschland.",
     [(1300, "more_than", None, ""), (450, "about", None, ""), (250, "exact", None, "")]),
    # money: "Milliarden Euro", decimal comma before a scale word, a number word before one
    ("freenet", "Bei der Gründung hatte man mit rund 1,5 Milliarden Euro im Jahr gerechnet.",
     [(1_500_000_000, "about", None, "money")]),
    ("Golem", "Die IG Metall München sieht darin einen offenen Widerspruch: Im Geschäftsjahr 2024 "
     "habe Siemens einen Nettogewinn von neun Milliarden Euro erzielt und gleichzeitig "
     "ehrgeizige Pläne für eine sogenannte One Tech Company vorgelegt.",
     [(9_000_000_000, "exact", None, "money")]),
    # a date with a day number is not a count
    ("Golem", "Das hat der Industrieausrüster am 18. März 2025 mitgeteilt.", []),
    ("Dow Jones Newswires", "Konkret sollen in der Automatisierung bis Ende September 2027 etwa "
     "5.600 Stellen wegfallen, rund 2.600 davon in Deutschland.",
     [(5600, "about", None, ""), (2600, "about", None, "")]),
]

SPANISH = [
    # "de"/"a" before the count, a share with "un"
    ("Telemadrid", "Glovo prescindirá de 250 trabajadores.", [(250, "exact", None, "")]),
    ("El Comercio", "Dropbox anunció este miércoles que reducirá un 20% su plantilla global, lo "
     "que supone 528 puestos de trabajo.",
     [(None, "exact", 20.0, "percent"), (528, "exact", None, "")]),
    # "por ciento", "unos" (about)
    ("Ar de Tierra del Fuego", "Globant, el unicornio tecnológico de origen argentino, confirmó "
     "que recorta el 3 por ciento de su personal en todo el mundo, lo que equivale a unos 1000 "
     "empleados.", [(None, "exact", 3.0, "percent"), (1000, "about", None, "")]),
    ("Libertad Digital", "La aclaración llega horas después de que el diario Expansión "
     "publicara que la compañía estudia un nuevo ERE que afectaría a unos 6.000 empleados.",
     [(6000, "about", None, "")]),
    # "alrededor de/del" (about)
    ("Europa Press", "MADRID, 21 (EUROPA PRESS). Grab, la 'superapp' del Sudeste Asiático que "
     "ofrece desde trayectos compartidos hasta reparto de comida a domicilio, eliminará 1.000 "
     "puestos de trabajo, alrededor del 11% de su plantilla, para rebajar costes y mantenerse "
     "competitiva.", [(21, "exact", None, ""), (1000, "exact", None, ""),
                      (None, "about", 11.0, "percent")]),
    ("NotiMX", "Con tanta incertidumbre sobre nuevas inversiones, tanto las startups locales como "
     "las internacionales con operaciones en Argentina se achican de cara a 2023: en las últimas "
     "semanas, las tecnológicas del país acumularon en conjunto alrededor de 450 despidos, en "
     "plena crisis económica mundial.", [(450, "about", None, "")]),
    # "hasta" (up to), "como máximo a" (at most)
    ("NotiMX", "Tras el auge de 2020 y 2021, incluso los gigantes tecnológicos tuvieron que "
     "adelgazar sus plantillas, con recortes de hasta 11.000 personas, y la ola fue bajando "
     "después a compañías grandes y, finalmente, a startups y empresas medianas.",
     [(11000, "up_to", None, "")]),
    ("Diario Financiero", "Telefónica España anuncia despidos en siete filiales: se estiman "
     "hasta 7.000 personas desvinculadas", [(7, "exact", None, ""), (7000, "up_to", None, "")]),
    ("OKDiario", "Telefónica ya se ha sentado con los sindicatos para negociar el expediente de "
     "regulación de empleo que adelantó la semana anterior, y en esa mesa ha puesto una cifra: "
     "el ajuste alcanzaría como máximo a 5.124 empleados en España hasta 2026.",
     [(5124, "up_to", None, "")]),
    # "al menos" (at least), "más de un" (more than)
    ("Bloomberg Línea", "Según varios testimonios reunidos por Bloomberg Línea, su filial en "
     "Brasil ha despedido personal: se habla de al menos 50 personas que han dejado la empresa "
     "en un proceso que se prolonga desde hace varios días.", [(50, "at_least", None, "")]),
    ("NewsRPT", "La confirmación llega después del cierre de al menos dos oficinas en Argentina "
     "que se habían abierto tras la pandemia y de un fuerte retroceso de la acción en Wall "
     "Street, que cae más de un 58% en lo que va de año.",
     [(2, "at_least", None, ""), (None, "more_than", 58.0, "percent")]),
    # money: "millones de euros", a decimal comma before "millones", "cerca de"
    ("Libertad Digital", "Aquel ajuste se concentró en Telefónica de España, Telefónica Móviles y "
     "Telefónica Soluciones y le costó a la operadora cerca de 1.300 millones de euros.",
     [(1_300_000_000, "nearly", None, "money")]),
    ("Gestión", "La compañía acumula en el país 205,3 millones de euros en multas que afectan a "
     "37.348 trabajadores, aunque todas corresponden a hechos anteriores a esa ley.",
     [(205_300_000, "exact", None, "money"), (37348, "exact", None, "")]),
    # number words
    ("Bloomberg Línea", "Uno de ellos calculó que el ajuste alcanzó en el país a unas 200 "
     "personas, en dos tandas, y añadió que hasta ese momento Kavak empleaba a más de 1.000 "
     "personas en Argentina.", [(200, "about", None, ""), (2, "exact", None, ""),
                                (1000, "more_than", None, "")]),
    ("El País", "La dirección de Telefónica y sus tres sindicatos más representativos, UGT, CC OO "
     "y Fetico-Sumados, han rubricado este lunes el expediente de regulación de empleo de las "
     "siete filiales afectadas.", [(3, "exact", None, ""), (7, "exact", None, "")]),
    # "un centenar": about a hundred; a date's day number is not a count
    ("Ar de Tierra del Fuego", "En cuanto al impacto local, Manuel Alonso, secretario de la "
     "Asociación Gremial de Computación, calculó en declaraciones a la AM 750 que en Argentina "
     "las cesantías llegan a un centenar.", [(750, "exact", None, ""), (100, "about", None, "")]),
    ("El País", "Aquella vez, Telefónica anunció el 4 de diciembre de 2023 un ajuste para 5.124 "
     "trabajadores y, tras menos de un mes de negociación, el expediente se firmó el 4 de enero "
     "de 2024 con mejores condiciones y con las salidas rebajadas a 3.421.",
     [(5124, "exact", None, ""), (3421, "exact", None, "")]),
]


@pytest.mark.parametrize(("outlet", "sentence", "expected"), GERMAN,
                         ids=[f"{o}:{s[:30]}" for o, s, _ in GERMAN])
def test_german(outlet: str, sentence: str, expected: list) -> None:
    assert _read(sentence, "de") == expected


@pytest.mark.parametrize(("outlet", "sentence", "expected"), SPANISH,
                         ids=[f"{o}:{s[:30]}" for o, s, _ in SPANISH])
def test_spanish(outlet: str, sentence: str, expected: list) -> None:
    assert _read(sentence, "es") == expected


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("5.000", "de", 5000), ("5.000", "es", 5000), ("1,2 Mio.", "de", 1_200_000),
    ("1,2 millones", "es", 1_200_000), ("tres mil", "es", 3000), ("treinta y cinco", "es", 35),
    ("doscientos cincuenta mil", "es", 250_000), ("dreitausend", "de", 3000),
    ("zweihundertfünfzig", "de", 250), ("fünfundzwanzig", "de", 25),
    ("2,5 Milliarden", "de", 2_500_000_000), ("mil millones", "es", 1_000_000_000),
], ids=str)
def test_parse_int_german_spanish(text: str, lang: str, value: int) -> None:
    assert parse_int(text, lang) == value


def test_decimal_comma_before_a_scale_is_per_language() -> None:
    # "1,250 million": 1.25 million where the comma is the decimal sign, 1,250 million in English
    assert parse_int("1,250 million", "en") == 1_250_000_000
    assert parse_int("1,250 millions", "fr") == 1_250_000
    assert parse_int("1,250 Millionen", "de") == 1_250_000
    assert parse_int("1,250 millones", "es") == 1_250_000


def test_format_number_per_language() -> None:
    assert format_number(57000, "en") == "57,000"
    assert format_number(57000, "fr") == "57\u202f000"
    assert format_number(57000, "de") == "57.000"
    assert format_number(57000, "es") == "57.000"
    assert format_number(57000, "xx") == "57,000"
