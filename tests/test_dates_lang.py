"""Dates in German and Spanish news, read through each language's vocabulary file.

Every sentence is quoted from the development corpus (corpora/news/dev/articles), with its outlet
and publication date (the reference for relative phrases). Each rule is shown on two outlets.
"""

from __future__ import annotations

from datetime import date

import pytest

from index.dates import bounds_from_content, find_event_spans, parse_question_period

Expected = list[tuple[str, str, str]]  # (start, end, precision)


def _spans(sentence: str, lang: str, published: date) -> Expected:
    return [(s.start.isoformat(), s.end.isoformat(), s.precision)
            for s in find_event_spans(sentence, lang, published)]


GERMAN: list[tuple[str, date, str, Expected]] = [
    # "im vergangenen November": the last November strictly before publication
    ("Spiegel", date(2023, 1, 30), "Schon im vergangenen November hatte das Unternehmen dort "
     "einen „kleinen Prozentsatz\" seiner mehr als 49.000 Beschäftigten entlassen.",
     [("2022-11-01", "2022-11-30", "month")]),
    ("Dow Jones Newswires", date(2025, 3, 18), "Den Einschnitt in der Automatisierung hatte "
     "Siemens schon im vergangenen November in Aussicht gestellt, konkrete Zahlen aber bislang "
     "nicht genannt.", [("2024-11-01", "2024-11-30", "month")]),
    # a weekday: the most recent one on or before publication
    ("cash", date(2018, 8, 24), "Der Bericht entbehre jeglicher Grundlage, liess das "
     "Unternehmen am Freitag in München verlauten.", [("2018-08-24", "2018-08-24", "day")]),
    ("BR24", date(2024, 11, 14), "Vorstandschef Roland Busch sprach auf der "
     "Bilanzpressekonferenz am Donnerstag von einem Abbau, der eine niedrige bis mittlere "
     "vierstellige Zahl von Beschäftigten betreffen werde.",
     [("2024-11-14", "2024-11-14", "day")]),
    ("Gründerszene", date(2024, 11, 6), "Mehr als 100 Beschäftigte des Münchner "
     "HR-Softwareunternehmens haben am heutigen Mittwoch eine Kalendereinladung mit dem Betreff "
     "„Changes at Personio\" erhalten – und die verheißt nichts Gutes.",
     [("2024-11-06", "2024-11-06", "day")]),
    # a day with its full stop, a month with its year
    ("Golem", date(2025, 3, 18), "Das hat der Industrieausrüster am 18. März 2025 mitgeteilt.",
     [("2025-03-18", "2025-03-18", "day")]),
    ("econlittera", date(2025, 11, 1), "Es ist nicht die erste größere Entlassungswelle: Schon im "
     "Januar 2024 und im November 2024 hatte Personio Kündigungen ausgesprochen, insgesamt sind "
     "damit mehrere hundert Stellen weggefallen.",
     [("2024-01-01", "2024-01-31", "month"), ("2024-11-01", "2024-11-30", "month")]),
    # "Ende September 2027": the end of a month; "bis" makes it a deadline (see extract)
    ("Dow Jones Newswires", date(2025, 3, 18), "Konkret sollen in der Automatisierung bis Ende "
     "September 2027 etwa 5.600 Stellen wegfallen, rund 2.600 davon in Deutschland.",
     [("2027-09-21", "2027-09-30", "range")]),
    # relative weeks and rolling windows
    ("freenet", date(2023, 10, 30), "Erst vergangene Woche zitierte der Spiegel VW-Insider, die "
     "Volkswagens Softwaretochter Cariad als Bombe bezeichneten.",
     [("2023-10-23", "2023-10-29", "range")]),
    ("econlittera", date(2025, 11, 1), "Die Serie von Restrukturierungen der vergangenen zwei "
     "Jahre sei der Versuch, diese Rechnung zu korrigieren.",
     [("2023-11-01", "2025-11-01", "range")]),
    # bare years after a preposition; a quarter
    ("dpa-AFX", date(2025, 3, 1), "Der Abbau soll sozialverträglich über Abfindungen und "
     "Vorruhestandsregelungen laufen; betriebsbedingte Kündigungen sind bis 2029 ausgeschlossen.",
     [("2029-01-01", "2029-12-31", "year")]),
    ("freenet", date(2023, 10, 30), "Der Vorstand habe dem Umbauplan bereits zugestimmt, "
     "umgesetzt werden solle er in den Jahren 2024 und 2025.",
     [("2024-01-01", "2024-12-31", "year"), ("2025-01-01", "2025-12-31", "year")]),
    ("ComputerBase", date(2024, 1, 9), "Unity geht davon aus, dass die Kosten für Abfindungen, "
     "Übergangsleistungen und weitere Leistungen an die betroffenen Mitarbeiter im Wesentlichen "
     "schon im ersten Quartal 2024 anfallen.", [("2024-01-01", "2024-03-31", "quarter")]),
]

SPANISH: list[tuple[str, date, str, Expected]] = [
    # "este lunes": the Monday of the publication week, on or before it
    ("Telemadrid", date(2023, 1, 30), "La plataforma de reparto a domicilio comunicó este lunes "
     "un despido que afecta al 6,5% de su plantilla y que la dirección describe como doloroso "
     "pero «necesario».", [("2023-01-30", "2023-01-30", "day")]),
    ("El Comercio", date(2024, 10, 31), "Dropbox anunció este miércoles que reducirá un 20% su "
     "plantilla global, lo que supone 528 puestos de trabajo.",
     [("2024-10-30", "2024-10-30", "day")]),
    # "el 4 de diciembre de 2023"
    ("El País", date(2025, 11, 13), "Aquella vez, Telefónica anunció el 4 de diciembre de 2023 "
     "un ajuste para 5.124 trabajadores y, tras menos de un mes de negociación, el expediente se "
     "firmó el 4 de enero de 2024 con mejores condiciones y con las salidas rebajadas a 3.421.",
     [("2023-12-04", "2023-12-04", "day"), ("2024-01-04", "2024-01-04", "day")]),
    ("Libertad Digital", date(2025, 10, 6), "El calendario pasaría por comunicárselo a los "
     "sindicatos después de presentar el plan estratégico el 4 de noviembre.",
     [("2025-11-04", "2025-11-04", "day")]),
    # a month: "en abril de 2023", "en marzo", "noviembre pasado"
    ("El Comercio", date(2024, 10, 31), "Este ajuste llega después del recorte del 16% de la "
     "plantilla que Dropbox hizo en abril de 2023, cuando despidió a 500 empleados.",
     [("2023-04-01", "2023-04-30", "month")]),
    ("Bloomberg Línea", date(2022, 6, 8), "Otros testimonios apuntan a que los despidos en Brasil "
     "empezaron ya en marzo.", [("2022-03-01", "2022-03-31", "month")]),
    ("Gestión", date(2023, 1, 30), "En noviembre pasado la empresa estrenó en Barcelona su nueva "
     "sede central, que en una primera fase acoge a algo más de 1.700 trabajadores.",
     [("2022-11-01", "2022-11-30", "month")]),
    # "a finales de": the end of a month
    ("Ar de Tierra del Fuego", date(2025, 6, 24), "Es la segunda reducción de plantilla del "
     "año: a finales de diciembre la cifra era de 31.280.",
     [("2024-12-21", "2024-12-31", "range")]),
    # "la semana pasada", "el año pasado"
    ("Bloomberg Línea", date(2022, 11, 30), "Igual que la fintech Lemon Cash, la startup "
     "mexicana de autos usados Kavak llevó a cabo la semana pasada despidos masivos en el país.",
     [("2022-11-21", "2022-11-27", "range")]),
    ("NotiMX", date(2022, 12, 6), "El caso más reciente es el de Kavak, la startup mexicana de "
     "venta de autos usados, que la semana pasada llevó a cabo despidos masivos en su filial "
     "argentina.", [("2022-11-28", "2022-12-04", "range")]),
    ("Europa Press", date(2023, 6, 21), "La empresa compite con rivales como la indonesia GoTo, "
     "que ya aplicó despidos el año pasado para proteger sus márgenes.",
     [("2022-01-01", "2022-12-31", "year")]),
    # quarters, year ranges
    ("Europa Press", date(2023, 6, 21), "En el primer trimestre de 2023, Grab registró unas "
     "pérdidas netas atribuidas de 244 millones de dólares.",
     [("2023-01-01", "2023-03-31", "quarter")]),
    ("OKDiario", date(2023, 12, 11), "En cualquier caso, la reducción de plantilla se escalonará "
     "entre 2024 y 2026, de ahí la importancia de que ahora solo se pacten las condiciones del "
     "primer año.", [("2024-01-01", "2026-12-31", "range")]),
]


@pytest.mark.parametrize(("outlet", "published", "sentence", "expected"), GERMAN,
                         ids=[f"{o}:{s[:30]}" for o, _, s, _ in GERMAN])
def test_german(outlet: str, published: date, sentence: str, expected: Expected) -> None:
    assert _spans(sentence, "de", published) == expected


@pytest.mark.parametrize(("outlet", "published", "sentence", "expected"), SPANISH,
                         ids=[f"{o}:{s[:30]}" for o, _, s, _ in SPANISH])
def test_spanish(outlet: str, published: date, sentence: str, expected: Expected) -> None:
    assert _spans(sentence, "es", published) == expected


def test_question_periods_in_german_and_spanish() -> None:
    today = date(2026, 1, 15)
    de = parse_question_period("Wie viele Stellen hat Siemens seit 2024 gestrichen?", "de", today)
    es = parse_question_period("¿Cuántos empleos ha recortado Telefónica desde 2023?", "es",
                               today)
    assert de is not None and (de.start, de.end) == (date(2024, 1, 1), today)
    assert es is not None and (es.start, es.end) == (date(2023, 1, 1), today)


def test_undated_articles_are_bounded_by_past_dates_not_by_deadlines() -> None:
    # Golem (undated): the announcement day bounds the publication date; "bis Ende September
    # 2027" is a deadline and "sollen" a plan, so they do not
    text = ("Siemens streicht in seiner Sparte Digital Industries weltweit 5.600 von rund 68.000 "
            "Arbeitsplätzen. Das hat der Industrieausrüster am 18. März 2025 mitgeteilt.\n\n"
            "Konkret sollen in der Automatisierung bis Ende September 2027 etwa 5.600 Stellen "
            "wegfallen, rund 2.600 davon in Deutschland.")
    bound = bounds_from_content(text, "de", date(2026, 1, 1))
    assert bound is not None and bound.start == date(2025, 3, 18)
    # dpa-AFX (undated): the only date is a deadline ("bis 2029")
    text = ("Der Abbau soll sozialverträglich über Abfindungen und Vorruhestandsregelungen "
            "laufen; betriebsbedingte Kündigungen sind bis 2029 ausgeschlossen.")
    assert bounds_from_content(text, "de", date(2026, 1, 1)) is None
    # OKDiario (undated): "el 4 de diciembre de 2023" is a past date; "hasta 2026" a deadline
    # and "alcanzaría" a conditional
    text = ("Telefónica anunció el 4 de diciembre de 2023 un ajuste para 5.124 trabajadores. "
            "El ajuste alcanzaría como máximo a 5.124 empleados en España hasta 2026.")
    bound = bounds_from_content(text, "es", date(2026, 1, 1))
    assert bound is not None and bound.start == date(2023, 12, 4)
