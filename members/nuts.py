"""NUTS-3 codes of region names, so indicator reports can say "per region (NUTS)".

``Organization.region`` is a free region name; this table gives the NUTS 2021 code of the names
it knows: the Swedish counties (län), where the clusters of the demo work. A name it does not
know (another country's region, a misspelling) simply has no code: reports then show the name
alone. Extend the table, rather than the model, for another country.
"""

from __future__ import annotations

# NUTS 2021, Sweden: level 3 is the county (län).
SWEDISH_COUNTIES = {
    "Stockholm": "SE110",
    "Uppsala": "SE121",
    "Södermanland": "SE122",
    "Östergötland": "SE123",
    "Örebro": "SE124",
    "Västmanland": "SE125",
    "Jönköping": "SE211",
    "Kronoberg": "SE212",
    "Kalmar": "SE213",
    "Gotland": "SE214",
    "Blekinge": "SE221",
    "Skåne": "SE224",
    "Halland": "SE231",
    "Västra Götaland": "SE232",
    "Värmland": "SE311",
    "Dalarna": "SE312",
    "Gävleborg": "SE313",
    "Västernorrland": "SE321",
    "Jämtland": "SE322",
    "Västerbotten": "SE331",
    "Norrbotten": "SE332",
}
_BY_NAME = {name.casefold(): code for name, code in SWEDISH_COUNTIES.items()}


def nuts_code(region: str) -> str:
    """The NUTS-3 code of a region name ("Gävleborg", "Gävleborgs län"), or "" if unknown."""
    name = (region or "").strip().casefold()
    for suffix in (" county", "s län", " län"):
        if name.endswith(suffix) and name[: -len(suffix)] in _BY_NAME:
            return _BY_NAME[name[: -len(suffix)]]
    return _BY_NAME.get(name, "")
