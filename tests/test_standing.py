"""The standing of a cut figure (index.standing): counted, only reported, denied, or no cut at
all. Every rule is tested on real sentences (the news corpus's development half, paraphrased
from the outlet named, and published reporting), in each language it claims, from at least
two outlets."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from index import ledger_answer as la
from index.companies import CompanyTable
from index.events import REPORTED, build_ledger
from index.extract import Mention, extract_mentions
from index.ingest import load_articles
from index.ledger import SCHEMA, read_mentions, write_mentions
from index.models import Citation
from index.numbers import find_quantities
from index.standing import CONFIRMED, DENIED, Standing, classify, judge
from tests.test_events import M, day


def standing(sentence: str, figure: str, lang: str, **context: object) -> Standing:
    """The standing of the quantity written ``figure`` (its text, qualifier included)."""
    found = [q for q in find_quantities(sentence, lang) if q.text == figure]
    assert found, f"{figure!r} not read in {sentence!r}: {find_quantities(sentence, lang)}"
    q = found[0]
    return classify(sentence, q.start, q.end, lang, **context)  # type: ignore[arg-type]


# Sources. "dev": the news corpus's development half (corpora/news/dev, paraphrased from the
# outlet named); "sample": the bundled corpus (index/data/corpus); "after X": published
# reporting by X, paraphrased with the figure and the words that decide kept as written.

# (outlet, sentence, figure) ------------------------------------------------------------------

COUNTED = {
    "en": [
        ("Channel NewsAsia (dev)", "SINGAPORE: Grab Holdings, Southeast Asia's leading "
         "ride-hailing and food delivery app, is cutting 1,000 jobs, or 11 per cent of its "
         "workforce, chief executive Anthony Tan said on Tuesday (Jun 20).", "1,000"),
        ("Pocket Gamer (dev)", "Unity is to lay off approximately 1,800 staff as its "
         "restructuring continues, the company disclosed in a regulatory filing today.",
         "approximately 1,800"),
        ("Globe and Mail (dev)", "Lightspeed Commerce Inc., the Montreal payments and retail "
         "software platform, said on Tuesday it will lay off about 300 people, or roughly 10 per "
         "cent of its workforce.", "about 300"),
        ("Washington Post (sample)", "Salesforce will cut about 10% of its workforce and shrink "
         "its office footprint to reduce costs, the company said on Wednesday. With more than "
         "79,000 employees, that means nearly 8,000 people could lose their jobs.",
         "nearly 8,000"),
        ("after Forbes", "Robinhood's layoffs are expected to affect 150 employees, according to "
         "an internal memo obtained by the Wall Street Journal.", "150"),
    ],
    "fr": [
        ("La Presse (dev)", "Lightspeed, l'entreprise montréalaise de logiciels pour "
         "commerçants, abolit 300 emplois.", "300"),
        ("BFM (dev)", "La licorne française Ledger, valorisée 1,3 milliard d'euros, a annoncé ce "
         "jeudi qu'elle va se séparer de 12 % de ses salariés, soit 90 personnes sur 750 "
         "employés.", "90"),
        ("Le Monde Informatique (sample)", "Le groupe de services informatiques a présenté aux "
         "syndicats un projet de réorganisation qui pourrait entraîner la suppression de 135 "
         "postes en CDI au maximum, sur les 9 631 qu'il compte en France.", "135"),
        ("TV5 Monde (sample)", "Selon un document interne, près de la moitié des quelque 7 500 "
         "employés sont concernés, soit environ 3 700 personnes.", "environ 3 700"),
        ("after La Tribune", "La direction affirme qu'il n'y aura que 661 suppressions de "
         "postes, sans licenciements.", "661"),
        ("Kulture Geek (sample)", "La baisse, obtenue par des licenciements et des départs "
         "naturels, porte donc sur quelque 24 000 postes.", "quelque 24 000"),
    ],
    "de": [
        ("Dow Jones (dev)", "Siemens wird weltweit rund 6.000 Stellen abbauen.", "rund 6.000"),
        ("dpa-AFX (dev)", "Von den derzeit noch 5.900 Stellen sollen bis Jahresende 1.600 "
         "wegfallen, wie ein Unternehmenssprecher auf Anfrage bestätigte.", "1.600"),
        ("Spiegel (dev)", "Laut der internen Kommunikation sind 156 Menschen von den Kündigungen "
         "betroffen, die meisten von ihnen in Berlin, wo Delivery Hero seinen Sitz hat.", "156"),
        ("Computerbase (dev)", "Unity will kurzfristig 1.800 Stellen streichen, das entspricht "
         "25 Prozent der Belegschaft.", "1.800"),
        ("after Saarbrücker Zeitung", "Die Verlagerung führe bis Ende 2024 zu einem erwarteten "
         "Abbau von insgesamt rund 160 Arbeitsplätzen an deutschen Standorten.", "rund 160"),
    ],
    "es": [
        ("Telemadrid (dev)", "Glovo prescindirá de 250 trabajadores.", "250"),
        ("El Comercio (dev)", "Dropbox anunció este miércoles que reducirá un 20% su plantilla "
         "global, lo que supone 528 puestos de trabajo.", "528"),
        ("Ar de Tierra del Fuego (dev)", "Globant, el unicornio tecnológico de origen argentino, "
         "confirmó que recorta el 3 por ciento de su personal en todo el mundo, lo que equivale "
         "a unos 1000 empleados.", "unos 1000"),
        ("News Report (dev)", "Lo que llevaba semanas circulando como rumor ya es oficial: "
         "Globant, uno de los unicornios tecnológicos más conocidos de Argentina, ha confirmado "
         "el despido de aproximadamente 1000 empleados en todo el mundo.",
         "aproximadamente 1000"),
        ("El País (dev)", "El acuerdo fija una salida mínima de 4.525 trabajadores, aunque la "
         "empresa calcula que al final se apuntarán 5.500.", "4.525"),
    ],
}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in COUNTED.items() for case in cases])
def test_a_cut_the_text_says_is_made_is_counted(lang: str, outlet: str, sentence: str,
                                                figure: str) -> None:
    got = standing(sentence, figure, lang)
    assert got.counted, (outlet, got)


# Not a cut at all ------------------------------------------------------------------------------

NOT_A_CUT = {
    "base": {  # staff counts, workforce sizes, headcount changes, comparison bases
        "en": [
            ("Bloomberg (dev)", "The automation business employs about 68,000 people and has "
             "suffered from persistently muted demand in China.", "about 68,000"),
            ("Bloomberg (dev)", "Cariad holds stakes in about 40 companies and has roughly 6,500 "
             "employees, most of them in Europe.", "roughly 6,500"),
            ("VentureBeat (dev)", "Once they are gone, Unity will still have a staff of around "
             "7,000.", "around 7,000"),
            ("Tech.eu (dev)", "Delivery Hero's half-year financial report put its workforce at "
             "47,208 on June 30, 2023, down from 51,118 at the end of 2022.", "51,118"),
            ("California18 (dev)", "Back Market, the French leader in refurbished electronics, "
             "is carrying out a departure plan to shrink its workforce by 13%, out of 715 "
             "employees worldwide, the company told AFP.", "715"),
            ("after CNET", "Over 32,000 people now work for Apple.", "Over 32,000"),
            ("after WSWS", "After the cuts, the German-based company will employ less than 4,000 "
             "to handle its international shipping to and from the US.", "less than 4,000"),
        ],
        "fr": [
            ("La Presse (dev)", "Ces économies concernent environ 2 % des effectifs de Siemens, "
             "qui compte 313 000 salariés dans le monde.", "313 000"),
            ("Siècle Digital (dev)", "Le projet prévoit de supprimer 700 postes sur les 5 700 que "
             "compte Orange Business.", "5 700"),
            ("La Tribune (dev)", "Orange Business emploie au total près de 30.000 personnes dans "
             "le monde.", "près de 30.000"),
            ("La Presse (dev)", "L'effectif de Lightspeed a grimpé de 700 à plus de 3000 "
             "personnes depuis son inscription en Bourse en 2019.", "plus de 3000"),
            ("20 Minutes (dev)", "Back Market a engagé un plan de départ destiné à réduire ses "
             "effectifs de 13 %, sur un total de 715 salariés dans le monde, a fait savoir "
             "l'entreprise.", "715"),
            ("after AFP", "Dans le détail, Auchan, qui emploie environ 54 000 personnes en "
             "France, prévoit de supprimer 784 postes au sein de ses sièges.", "environ 54 000"),
        ],
        "de": [
            ("Golem (dev)", "Siemens streicht in seiner Sparte Digital Industries weltweit 5.600 "
             "von rund 68.000 Arbeitsplätzen.", "rund 68.000"),
            ("dpa-AFX (dev)", "Von den derzeit noch 5.900 Stellen sollen bis Jahresende 1.600 "
             "wegfallen, wie ein Unternehmenssprecher auf Anfrage bestätigte.", "5.900"),
            ("Personalwirtschaft (dev)", "Zurzeit beschäftigt das Unternehmen rund 2.100 "
             "Menschen.", "rund 2.100"),
            ("Spiegel (dev)", "Schon im vergangenen November hatte das Unternehmen dort einen "
             "„kleinen Prozentsatz\" seiner mehr als 49.000 Beschäftigten entlassen.",
             "mehr als 49.000"),
            ("Dow Jones (dev)", "Im Geschäft mit Ladelösungen sollen von insgesamt gut 1.300 "
             "Stellen rund 450 bis Ende September dieses Jahres gestrichen werden.", "gut 1.300"),
            ("after Spiegel", "In Deutschland sollen bis März nächsten Jahres 1300 von 14.300 "
             "Vollzeit-Stellen wegfallen.", "14.300"),
            ("after dpa", "Der Reifenhersteller Michelin beschäftigt nach eigenen Angaben "
             "deutschlandweit nur 5400 Mitarbeiter.", "5400"),
        ],
        "es": [
            ("Europa Press (dev)", "Grab, en cambio, sumó más de 3.000 personas a su plantilla en "
             "2022, de modo que hoy cuenta con unos 11.000 trabajadores.", "unos 11.000"),
            ("DF (dev)", "Contando el centro corporativo, la compañía española da empleo a unos "
             "25.000 trabajadores en su mercado de origen.", "unos 25.000"),
            ("Ar de Tierra del Fuego (dev)", "Al cierre del primer trimestre, Globant contaba "
             "con 31.102 trabajadores.", "31.102"),
            ("El País (dev)", "Equivale al 26,2% de la plantilla de las siete sociedades, que "
             "suman 17.248 empleados.", "17.248"),
            ("Libertad Digital (dev)", "El último ERE de la compañía terminó con la salida de "
             "3.420 trabajadores, un 33% menos que las 5.124 bajas con las que la empresa abrió "
             "la negociación.", "5.124"),
            ("after La Pandereta", "Vodafone España ha difundido un comunicado en el que informa "
             "de un despido colectivo que puede afectar hasta a 1200 de los 5100 que tiene en "
             "plantilla.", "5100"),
            ("after Telecinco", "Renault ha decidido parar la producción de sus cuatro plantas en "
             "España, en las que trabajan unas 10.000 personas.", "unas 10.000"),
        ],
    },
    "not_affected": {
        "en": [("issue 13", "Most of its more than 300,000 staff are not affected.",
                "more than 300,000")],
    },
    "hires": {
        "en": [("after China Economic Review", "Alibaba denied speculation that it is planning "
                "mass lay-offs and pledged to hire 15,000 new employees in 2023.", "15,000"),
               ("after Bullnews", "Around 200 positions will be eliminated, although they plan "
                "to recruit an additional 2,000 by 2025.", "2,000"),
               ("after Sourcing Journal", "Target last month said it would hire 100,000 season "
                "workers, the same as in 2023.", "100,000")],
        "fr": [("after La Dépêche", "Il prévoit également la création de 114 postes dans les "
                "activités « drive » et 205 au sein des fonctions support.", "114"),
               ("after La Dépêche", "Il prévoit également la création de 114 postes dans les "
                "activités drive et 205 au sein des fonctions support.", "205")],
        "de": [("Gründerszene (dev)", "Den derzeit ausgeschriebenen Stellen zufolge will das "
                "Unternehmen mehr als 200 Menschen für die Zentrale einstellen, etwa die Hälfte "
                "davon für die Technikabteilung.", "mehr als 200"),
               ("after Spiegel", "In kundennahen Bereichen, etwa im Service und in der Technik, "
                "sollen hingegen 400 Stellen aufgebaut werden.", "400")],
        "es": [("News Report (dev)", "El directivo subrayó que en lo que va de año ha "
                "incorporado a 1000 nuevos empleados y abierto sedes en Europa.", "1000"),
               ("Europa Press (dev)", "Grab, en cambio, sumó más de 3.000 personas a su "
                "plantilla en 2022.", "más de 3.000")],
    },
    "vacancies": {
        "en": [("CNET (sample)", "Chief executive Mark Zuckerberg said on Tuesday that the "
                "company plans to eliminate about 10,000 positions and will also stop recruiting "
                "for roughly 5,000 open roles it had not yet filled.", "roughly 5,000")],
        "de": [("BR24 (dev)", "Busch betonte zugleich, dass der Konzern derzeit rund 8000 offene "
                "Stellen habe.", "rund 8000")],
    },
    "attrition": {
        "fr": [("Clubic (dev)", "Ajouté aux départs naturels, ce dispositif devrait entraîner le "
                "départ d'environ 20.000 personnes en France au cours des trois prochaines "
                "années.", "environ 20.000"),
               ("after Assemblée nationale", "Chaque année, 12 000 à 15 000 fonctionnaires "
                "partent à la retraite sans être remplacés.", "12 000 à 15 000")],
    },
    "relocated": {
        "en": [("after Blind Bat News", "Company administrators claim all 62 employees will be "
                "moved to other Save Marts.", "62"),
               ("after NBC News", "The company plans to shift the remaining 250 or so workers to "
                "a new plant in the nearby town of Hickory.", "250 or so")],
    },
    "temporary": {
        "en": [("after Washington Post", "Two of the nation's largest airlines said tens of "
                "thousands of workers again could face furloughs.", "tens of thousands")],
        "fr": [("after France 2", "À cause de l'épidémie de coronavirus, 1,2 million de "
                "salariés sont actuellement placés en chômage partiel.", "1,2 million"),
               ("after L'Opinion", "Le recours au chômage partiel a été demandé par 220 000 "
                "entreprises pour 2,2 millions de salariés.", "2,2 millions")],
        "de": [("after Krone", "800 Mitarbeiter der insgesamt 4400 am Standort werden ab 1. "
                "September zur Kurzarbeit angemeldet.", "800"),
               ("after Finanznachrichten", "Betroffen von Kurzarbeit sind knapp 85.000 "
                "Mitarbeiterinnen und Mitarbeiter.", "knapp 85.000")],
        "es": [("after Telecinco", "El ERTE de la multinacional sueca IKEA afectará al 83% de la "
                "plantilla en España.", "83%"),
               ("after Vozpópuli", "H&M confirmaba este jueves que aplicaría un ERTE para cerca "
                "de 6.000 trabajadores.", "cerca de 6.000"),
               ("after Cinco Días", "El Corte Inglés llevará a cabo un ERTE que afectará a 26.000 "
                "personas en el conjunto del grupo.", "26.000")],
    },
    "part": {
        "en": [("Bloomberg (dev)", "According to the company's statement on Tuesday, the digital "
                "industries unit will eliminate about 5,600 jobs by the end of fiscal 2027, 2,600 "
                "of them in Germany.", "2,600"),
               ("California18 (dev)", "Of the 93 jobs being eliminated, 26 have already gone at "
                "the offices in New York, Barcelona and Berlin, according to a spokeswoman.",
                "26"),
               ("after CNBC", "The layoffs include roughly 600 jobs at General Motors' tech "
                "campus near Detroit.", "roughly 600")],
        "fr": [("Novethic (dev)", "Au total, 13 % du personnel doit partir, dont 67 personnes en "
                "France dans le cadre d'un plan de départs volontaires.", "67"),
               ("Cerfia (dev)", "Cela représente 93 emplois supprimés, dont 70 en France.", "70"),
               ("20 Minutes (dev)", "Parmi eux, 26 ont déjà été supprimés dans les bureaux de "
                "New York, de Barcelone et de Berlin, a précisé une porte-parole.", "26")],
        "de": [("Dow Jones (dev)", "Konkret sollen in der Automatisierung bis Ende September 2027 "
                "etwa 5.600 Stellen wegfallen, rund 2.600 davon in Deutschland.", "rund 2.600"),
               ("Golem (dev)", "Hinzu kommt das Geschäft mit Ladetechnik für Elektroautos, wo "
                "rund 450 Stellen weltweit wegfallen sollen, darunter rund 250 in Deutschland.",
                "rund 250"),
               ("after dpa", "Auf die deutschen Standorte werden hiervon bis zu 300 Stellen "
                "entfallen, teilte der Automobilzulieferer mit.", "bis zu 300")],
    },
}


@pytest.mark.parametrize(("kind", "lang", "outlet", "sentence", "figure"), [
    (kind, lang, *case) for kind, langs in NOT_A_CUT.items()
    for lang, cases in langs.items() for case in cases])
def test_a_figure_that_is_no_cut_is_dropped(kind: str, lang: str, outlet: str, sentence: str,
                                            figure: str) -> None:
    prev = sentence.startswith(("Parmi", "Of the", "The layoffs include", "Auf die"))
    got = standing(sentence, figure, lang, prev_figure=prev)
    assert got.dropped == kind, (outlet, got)


def test_a_cut_of_everyone_working_there_is_a_cut_not_a_headcount() -> None:
    """La Pandereta: the plants' 686 employees are the ones dismissed (a hedged report)."""
    sentence = ("Alcoa ha hablado del posible cierre de dos plantas en Avilés y A Coruña, que "
                "supondrían el despido de los 686 empleados que trabajan en ellas actualmente.")
    got = standing(sentence, "686", "es")
    assert got.dropped is None and got.status == "reported"


def test_ne_que_is_only_not_a_negation() -> None:
    """After La Tribune: "il n'y aura que 661 suppressions" is 661 cuts."""
    assert standing("La direction affirme qu'il n'y aura que 661 suppressions de postes, sans "
                    "licenciements.", "661", "fr").counted


# Status ----------------------------------------------------------------------------------------

REPORTED_CASES = {
    "en": [
        ("Reuters (dev)", "Volkswagen is planning to eliminate 2,000 jobs at Cariad, its "
         "struggling software subsidiary, as part of a restructuring, the German business "
         "publication manager magazin reported on Friday.", "2,000"),
        ("Tech.eu (dev)", "According to the Turkish tech site Webrazzi, closing the Global "
         "Technology and Innovation Center in Türkiye means that up to 250 people will be laid "
         "off.", "up to 250"),
        ("Momentum Works (dev)", "Some people we spoke to, however, say that more than 600 people "
         "are leaving in this round: several sources put the real figure at between 1,000 and "
         "1,500.", "between 1,000 and 1,500"),
        ("Mobile World Live (dev)", "The official figure arrives a month after Reuters reported "
         "that Telefonica had told unions it would cut more than 5,000 jobs in Spain by 2026, a "
         "number that was never confirmed.", "more than 5,000"),
        ("Business Insider (sample)", "Amazon is getting ready to eliminate roughly 10,000 "
         "positions in its corporate and technology ranks, The New York Times reported on "
         "Monday, citing people with knowledge of the plans.", "roughly 10,000"),
        ("after Forbes", "Ford is gearing up for a round of layoffs affecting at least 1,000 "
         "salaried and contracted employees, sources familiar with the matter told the Wall "
         "Street Journal on Tuesday.", "at least 1,000"),
        ("after Khaleej Times", "The statement came after Bloomberg News reported that the "
         "Emirates Group was planning to cut about 30,000 jobs to reduce costs.", "about 30,000"),
    ],
    "fr": [
        ("Vierzonitude (dev)", "De son côté, le site Cryptonaute avance que Ledger voudrait "
         "réorganiser ses activités et pourrait bientôt se passer de 10 % de son personnel.",
         "10 %"),
        ("Boursorama (dev)", "Ces dernières semaines, la presse espagnole avait fait état d'une "
         "mesure susceptible de toucher jusqu'à 6.000 emplois, un chiffre que le groupe n'a pas "
         "confirmé pour l'instant.", "jusqu'à 6.000"),
        ("Clubic (dev)", "D'après Le Figaro, l'opérateur historique s'apprêtait à supprimer "
         "45.000 postes sur trois ans dans le cadre d'un vaste plan social.", "45.000"),
        ("after La Tribune", "Selon les syndicats du groupe, 945 postes vont être supprimés, avec "
         "721 licenciements, touchant près d'un quart des effectifs.", "945"),
        ("after Journal du Net", "De sources syndicales, ce plan pourrait donner lieu à 15.000 "
         "suppressions d'emplois.", "15.000"),
        ("after CGT Pôle emploi", "Le directeur général aurait annoncé lors d'une convention des "
         "managers la suppression de 4000 postes d'ici 2022.", "4000"),
    ],
    "de": [
        ("Freenet (dev)", "Laut dem Medienbericht geht es um den Abbau von insgesamt 2.000 "
         "Stellen.", "2.000"),
        ("BR24 (dev)", "In diesem Bereich könnten weltweit bis zu 5000 Stellen wegfallen.",
         "bis zu 5000"),
        ("after taz", "Siemens-Chef Joe Kaeser opfert seinem Konzernumbau einem Insider zufolge "
         "weltweit mehr als 7.000 Stellen.", "mehr als 7.000"),
        ("after TV Touring", "Ende Januar erhalten laut Medienberichten 180 statt der zunächst "
         "geplanten 214 Arbeitnehmer eine Kündigung.", "180"),
        ("after Südthüringen", "Um wie viele Arbeitsplätze es geht, blieb offen, dem Vernehmen "
         "nach könnten aber rund 3.000 bis 4.000 Jobs in Gefahr sein.", "rund 3.000 bis 4.000"),
    ],
    "es": [
        ("DF (dev)", "Personas conocedoras del proceso sostienen que las salidas rondarán entre "
         "6.000 y 7.000 trabajadores.", "entre 6.000 y 7.000"),
        ("Libertad Digital (dev)", "La aclaración llega horas después de que el diario Expansión "
         "publicara que la compañía estudia un nuevo ERE que afectaría a unos 6.000 empleados.",
         "unos 6.000"),
        ("Bloomberg Línea (dev)", "Según varios testimonios reunidos por Bloomberg Línea, su "
         "filial en Brasil ha despedido personal: se habla de al menos 50 personas que han "
         "dejado la empresa.", "al menos 50"),
        ("NotiMX (dev)", "Kavak anunció despidos masivos en su planta argentina, en el marco de "
         "la decisión global de la firma de recortar gastos, y recortaría el 50% de su plantilla "
         "a nivel global.", "50%"),
        ("Ar de Tierra del Fuego (dev)", "En cuanto al impacto local, Manuel Alonso, secretario "
         "de la Asociación Gremial de Computación, calculó en declaraciones a la AM 750 que en "
         "Argentina las cesantías llegan a un centenar.", "un centenar"),
        ("after El País", "La mayoría, más de mil, según varias fuentes sindicales, supondrá "
         "abocar a otros tantos interinos al paro.", "más de mil"),
        ("after Vanguardia de Sevilla", "Según el comité, este cuarto ERE ha sido planteado para "
         "despedir, al menos, a 30 trabajadores.", "30"),
    ],
}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in REPORTED_CASES.items() for case in cases])
def test_an_unconfirmed_report_is_reported(lang: str, outlet: str, sentence: str,
                                           figure: str) -> None:
    got = standing(sentence, figure, lang)
    assert got.status == "reported" and got.dropped is None, (outlet, got)


CONFIRMED_REPORTS = {  # a report, and the company's own word: confirmed
    "en": [("California18 (dev)", "According to Le Monde, in a report confirmed by Les Echos, "
            "management intends to launch a collective contractual termination scheme covering "
            "700 positions in the Orange Business division.", "700"),
           ("NBC News (sample)", "Meta plans to cut about 5% of its workforce, focusing on "
            "employees it considers its lowest performers, according to an internal memo from "
            "chief executive Mark Zuckerberg that was first reported by Bloomberg and confirmed "
            "by the company on Tuesday.", "about 5%"),
           ("RTTNews (sample)", "International Business Machines Corp. plans to eliminate about "
            "3,900 jobs, or roughly 1.5% of its global workforce, according to several media "
            "reports citing comments from a company spokesperson.", "about 3,900")],
    "fr": [("La Tribune (dev)", "D'après La Lettre A et Le Monde, des informations que "
            "l'opérateur a confirmées à La Tribune, Orange veut réduire les effectifs d'Orange "
            "Business et supprimer près de 700 emplois.", "près de 700"),
           ("Le Vif (sample)", "Meta Platforms va se séparer de plusieurs milliers d'employés "
            "jugés « sous-performants », selon une note interne de Mark Zuckerberg consultée par "
            "l'agence Bloomberg.", "plusieurs milliers")],
    "de": [("Spiegel (dev)", "Der Berliner Lieferdienst Delivery Hero entlässt nach "
            "Informationen des SPIEGEL mehr als vier Prozent der Belegschaft in seiner "
            "Firmenzentrale.", "mehr als vier Prozent")],
    "es": [("News Report (dev)", "Lo que llevaba semanas circulando como rumor ya es oficial: "
            "Globant ha confirmado el despido de aproximadamente 1000 empleados en todo el "
            "mundo.", "aproximadamente 1000"),
           ("El País (dev)", "El acuerdo fija una salida mínima de 4.525 trabajadores, aunque "
            "la empresa calcula que al final se apuntarán 5.500.", "5.500")],
}

_NEXT = {"mehr als vier Prozent": "Das geht aus einer internen E-Mail von Konzernchef Niklas "
                                  "Östberg hervor."}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in CONFIRMED_REPORTS.items() for case in cases])
def test_a_report_the_company_confirms_is_counted(lang: str, outlet: str, sentence: str,
                                                  figure: str) -> None:
    got = standing(sentence, figure, lang, after=_NEXT.get(figure, ""))
    assert got.status == CONFIRMED, (outlet, got)


DENIED_CASES = {
    "en": [("after Inquisitr", "IBM denies a rumor that the company is about to eliminate "
            "about 110,000 jobs, Fast Company's Fast Feed reported yesterday.", "about 110,000"),
           ("after Next TV", "AT&T Chairman and CEO C. Michael Armstrong on Tuesday denied "
            "reports that AT&T is planning to lay off 10,000 to 15,000 employees.",
            "10,000 to 15,000"),
           ("after San Jose Mercury News", "IBM on Monday dismissed a report that said the "
            "technology giant plans to lay off 1 in 4 of its workers, or 100,000 people.",
            "100,000")],
    "de": [("Cash (dev)", "Der Industriekonzern Siemens hat einen Pressebericht zurückgewiesen, "
            "wonach im Zuge der neuen Konzernstrategie weltweit bis zu 20 000 Stellen in den "
            "zentralen Funktionen überflüssig werden könnten.", "bis zu 20 000"),
           ("after nd", "Siemens hat einen Bericht des »Manager Magazins« dementiert, wonach mit "
            "der Umstrukturierung des Konzerns bis zu 20 000 Jobs gestrichen werden könnten.",
            "bis zu 20 000"),
           ("after New Business", "Der Medienkonzern Bertelsmann hat aktuelle Presseberichte "
            "über den Abbau von 10.000 Arbeitsplätzen im Haus als Spekulation ohne Grundlage "
            "zurückgewiesen.", "10.000")],
}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in DENIED_CASES.items() for case in cases])
def test_a_denied_report_is_denied(lang: str, outlet: str, sentence: str, figure: str) -> None:
    assert standing(sentence, figure, lang).status == DENIED, outlet


@pytest.mark.parametrize(("outlet", "before", "sentence", "after", "figure"), [
    ("Clubic (dev)", "", "D'après Le Figaro, l'opérateur historique s'apprêtait à supprimer "
     "45.000 postes sur trois ans dans le cadre d'un vaste plan social.", "Jeudi, le groupe a "
     "opposé un démenti catégorique : dans un communiqué, il qualifie de « totalement "
     "inexactes » les informations publiées.", "45.000"),
    ("after L'Officiel des Transporteurs", "Il dément par ailleurs catégoriquement envisager "
     "des suppressions massives d'emplois comme l'affirme dans la presse la présidente de son "
     "comité d'entreprise.", "Celle-ci évoque 10 000 postes supprimés prioritairement à "
     "l'étranger.", "", "10 000"),
])
def test_a_denial_next_to_a_report_denies_it(outlet: str, before: str, sentence: str, after: str,
                                             figure: str) -> None:
    assert standing(sentence, figure, "fr", before=before, after=after).status == DENIED, outlet


# Flags -----------------------------------------------------------------------------------------

PLAN_TOTALS = {
    "es": [("after Noticias de Álava", "El plan prevé una reducción de plantilla de 272 "
            "personas en España y se engloba dentro de la reestructuración global de un máximo "
            "de 6.000 empleados en 24 países.", "6.000")],
    "de": [("after Krone", "Das 2024 eingeleitete Vorhaben sieht vor, an dem Standort bis Ende "
            "2027 insgesamt – also inklusive Verwaltung, Entwicklung und anderen Bereichen – 2900 "
            "Stellen einzusparen.", "2900"),
           ("after Cash", "Das 2024 eingeleitete Vorhaben sieht vor, am Standort bis Ende 2027 "
            "insgesamt 2900 Stellen einzusparen.", "2900")],
}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in PLAN_TOTALS.items() for case in cases])
def test_a_plan_total_is_flagged(lang: str, outlet: str, sentence: str, figure: str) -> None:
    got = standing(sentence, figure, lang)
    assert got.plan_total and got.dropped is None, (outlet, got)


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    ("fr", "Journal de Montréal (dev)", "L'entreprise montréalaise a annoncé mercredi qu'elle "
     "abolit sur-le-champ 280 emplois, dans le cadre d'une énième restructuration.", "280"),
    ("en", "after Detroit Free Press", "Ford Motor said Monday that it is laying off about 7,000 "
     "managers and other salaried employees, about 10% of its white-collar workforce, as part "
     "of a restructuring plan designed to save $600 million annually.", "about 7,000"),
    ("en", "after Whos Hiring", "Unilever will slash 149 positions from its New Jersey "
     "operations during the next 13 months as part of a global productivity program.", "149"),
    ("es", "after Noticias de Álava", "El plan prevé una reducción de plantilla de 272 personas "
     "en España y se engloba dentro de la reestructuración global de un máximo de 6.000 "
     "empleados.", "272"),
])
def test_a_round_of_a_plan_is_not_a_plan_total(lang: str, outlet: str, sentence: str,
                                               figure: str) -> None:
    assert not standing(sentence, figure, lang).plan_total, outlet


LOOKBACKS = {
    "en": [("Pocket Gamer (dev)", "By the end of that month, Unity had said it was cutting 265 "
            "jobs and ending its deal with Weta.", "265"),
           ("Momentum Works (dev)", "It is the group's second big round of job cuts, after the "
            "1,300 jobs it eliminated last year.", "1,300"),
           ("Says (dev)", "The last time Grab cut jobs was in 2020, when 360 people, or 5% of "
            "its workforce at the time, were let go.", "360"),
           ("after Forbes", "Job cuts at KPMG mark its second major round of layoffs this year "
            "following the release of roughly 700 employees in February.", "roughly 700")],
    "fr": [("Journal de Montréal (dev)", "Ce n'est pas la première vague : en janvier 2023, "
            "Lightspeed avait déjà annoncé l'abolition de 300 postes.", "300"),
           ("Innovations (dev)", "Dès son retour aux commandes en début d'année, Dax Dasilva "
            "avait supprimé 280 postes, soit près de 10 % des effectifs.", "280"),
           ("after Cointribune", "Les suppressions d'emplois annoncées pour cette année font "
            "suite aux 20 000 postes qu'elle a déclaré supprimer l'année dernière.", "20 000")],
    "de": [("Dow Jones (dev)", "Zusammen mit dem im Januar angekündigten Abbau von 156 Stellen "
            "in Berlin habe Delivery Hero 2023 insgesamt 13 Prozent der Stellen abgebaut.",
            "156"),
           ("after Moneycab", "Es ist klar, dass es über den bereits verkündeten Abbau von 9000 "
            "Stellen hinaus zu weiteren Personalanpassungen kommen wird.", "9000")],
    "es": [("El Comercio (dev)", "Este ajuste llega después del recorte del 16% de la plantilla "
            "que Dropbox hizo en abril de 2023, cuando despidió a 500 empleados.", "500"),
           ("Europa Press (dev)", "El ajuste es mayor que el de 2020, cuando Grab prescindió del "
            "5% de sus empleados, unas 360 personas.", "unas 360"),
           ("Libertad Digital (dev)", "El último ERE de la compañía terminó con la salida de "
            "3.420 trabajadores.", "3.420")],
}


@pytest.mark.parametrize(("lang", "outlet", "sentence", "figure"), [
    (lang, *case) for lang, cases in LOOKBACKS.items() for case in cases])
def test_an_earlier_cut_recalled_is_a_lookback(lang: str, outlet: str, sentence: str,
                                               figure: str) -> None:
    got = standing(sentence, figure, lang)
    assert got.lookback and got.dropped is None, (outlet, got)


def test_a_new_round_is_no_lookback() -> None:
    for sentence, figure, lang in [
        ("Grab is cutting 1,000 jobs, chief executive officer Anthony Tan told staff in a letter "
         "sent late on Tuesday, 20 June.", "1,000", "en"),
        ("Siemens wird weltweit rund 6.000 Stellen abbauen.", "rund 6.000", "de"),
        ("Glovo prescindirá de 250 trabajadores.", "250", "es"),
        ("Lightspeed, l'entreprise montréalaise de logiciels pour commerçants, abolit 300 "
         "emplois.", "300", "fr"),
    ]:
        assert not standing(sentence, figure, lang).lookback, sentence


# Through extraction --------------------------------------------------------------------------

DEV = Path(__file__).resolve().parents[1] / "corpora" / "news" / "dev" / "articles"
SAMPLE = Path(__file__).resolve().parents[1] / "index" / "data" / "corpus"


def mentions_of(path: Path) -> list[Mention]:
    loaded = load_articles([path], languages=["en", "fr", "de", "es"], max_bytes=5_000_000)
    [article] = loaded.articles
    return extract_mentions(article, CompanyTable.load(), today=date(2026, 1, 1))


@pytest.mark.parametrize(("name", "expected"), [
    ("cariad-2023-10-27-reuters-en.md", [(2000, "reported")]),
    # "has roughly 6,500 employees" is no mention
    ("cariad-2023-12-14-bloomberg-en.md", [(2000, "reported")]),
    # "soit 90 personnes sur 750 employés": 750 is no mention
    ("ledger-2023-10-05-bfm-fr.md", [(90, "confirmed")]),
    # "Orange Business emploie au total près de 30.000 personnes" is no mention
    ("orange-undated-la-tribune-fr.md", [(700, "confirmed")]),
])
def test_extraction_gives_each_mention_its_standing(name: str,
                                                     expected: list[tuple[int, str]]) -> None:
    assert [(m.headcount, m.status) for m in mentions_of(DEV / name)] == expected


def test_extraction_keeps_a_unit_share_for_the_ledger_to_fold() -> None:
    """The Verge (sample): Twitch's 400 within Amazon's 9,000 stays, with its unit."""
    found = {(m.headcount, m.unit) for m in mentions_of(SAMPLE /
                                                        "amazon-2023-03-20-theverge-en.md")}
    assert {(9000, None), (400, "Twitch")} <= found


def test_a_country_share_after_the_company_wide_figure_is_dropped() -> None:
    """California18 (dev): 93 jobs, then "In France, ... 63 positions": only 93 counts."""
    path = DEV / "back-market-undated-california18-en.md"
    [article] = load_articles([path], languages=["en"], max_bytes=5_000_000).articles
    whole = next(m for m in mentions_of(path) if m.headcount == 93)
    sentence = "In France, a voluntary departure plan covering 63 positions is under way."
    part = replace(whole, headcount=63, low=None, high=None, country="France",
                   sentence=sentence)
    start = sentence.index("63")
    assert judge(part, article, start, start + 2, [whole]) is None
    assert judge(replace(part, company="Meero"), article, start, start + 2, [whole]) is not None


def test_the_ledger_holds_back_a_report_no_source_confirms() -> None:
    mentions = [m for name in ("cariad-2023-10-27-reuters-en.md",
                               "cariad-2023-12-14-bloomberg-en.md")
                for m in mentions_of(DEV / name)]
    [event] = build_ledger(mentions).events
    assert event.headcount == 2000 and event.held_back == REPORTED
    assert la.total([event]).value == 0


# Ledger: storage, events, answers -------------------------------------------------------------


def test_a_denied_mention_makes_no_event_and_joins_none() -> None:
    ledger = build_ledger([
        M("Siemens", 20000, day(2018, 8, 23), "mm", status="denied"),
        M("Telefonica", 6000, day(2025, 10, 6), "expansion", status="denied"),
        M("Telefonica", 6000, day(2025, 10, 7), "ld", status="reported"),
    ])
    assert [e.company for e in ledger.events] == ["Telefonica"]
    assert [m.doc_id for m in ledger.events[0].mentions] == ["ld"]


def test_a_report_is_held_back_until_a_source_confirms_it() -> None:
    reported = build_ledger([M("Cariad", 2000, day(2023, 10, 27), "reuters", status="reported"),
                             M("Cariad", 2000, day(2023, 10, 28), "freenet",
                               status="reported")])
    [event] = reported.events
    assert event.held_back == REPORTED
    t = la.total(reported.events)
    assert t.value == 0 and event in t.apart
    confirmed = build_ledger([M("Cariad", 2000, day(2023, 10, 27), "reuters",
                                status="reported"),
                              M("Cariad", 2000, day(2023, 10, 30), "vw", status="confirmed")])
    [event] = confirmed.events
    assert event.held_back is None and la.total(confirmed.events).value == 2000


def test_a_report_a_later_figure_includes_stays_included() -> None:
    ledger = build_ledger([
        M("Amazon", 10000, day(2022, 11, 14), "nyt", status="reported"),
        M("Amazon", 18000, day(2023, 1, 4), "variety", includes_earlier=True),
    ])
    early = next(e for e in ledger.events if e.headcount == 10000)
    assert early.held_back is None and early.included_in is not None
    assert la.total(ledger.events).value == 18000


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "reported, not confirmed by the company"),
    ("fr", "rapporté, non confirmé par l'entreprise"),
])
def test_a_held_back_report_is_shown_apart_as_reported(lang: str, words: str) -> None:
    ledger = build_ledger([M("Cariad", 2000, day(2023, 10, 27), "reuters", status="reported",
                             sentence="VW plans to cut 2,000 jobs at Cariad, the magazine "
                                      "reported.")])

    def quote_of(doc_id: str, sentence: str) -> Citation:
        return Citation(0, doc_id, doc_id, f"https://example.org/{doc_id}", doc_id, None, lang,
                        sentence)

    text = la.compose_total(la.Composer(lang, quote_of=quote_of), la.total(ledger.events), None,
                            show_company=False)
    assert words in text and "2" in text


def test_status_and_flags_are_stored_and_an_old_table_is_migrated() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (doc_id TEXT PRIMARY KEY)")
    # the table as the first release wrote it: every column after "published" came later
    table = SCHEMA.split("CREATE INDEX")[0]
    old = table[:table.index("published TEXT,")] + "published TEXT\n);\n"
    db.executescript(old)
    assert "status" not in {r[1] for r in db.execute("PRAGMA table_info(mentions)")}
    assert read_mentions(db) == []  # an old table reads, with defaults, untouched
    [mention] = mentions_of(DEV / "cariad-2023-10-27-reuters-en.md")
    stored = replace(mention, lookback=True, passing=True, prominent=False, superseded=True,
                     agreed=True)
    write_mentions(db, mention.doc_id, [stored])
    columns = {r[1] for r in db.execute("PRAGMA table_info(mentions)")}
    assert {"status", "plan_total", "lookback", "passing", "prominent", "superseded",
            "agreed"} <= columns
    [back] = read_mentions(db)
    assert back == stored and back.status == "reported"
