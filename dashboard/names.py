"""Display names of countries, from ``geo`` (the one place names are decided)."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.geometry import MapGeometry
from geo import country_name


def country_names(codes: Iterable[str], geometry: MapGeometry) -> dict[str, str]:
    """ISO3 code to the name readers know ("VCT" -> "Saint Vincent and the Grenadines").

    Names of the countries on the map come with the cached geometry (the gazetteer
    behind `geo.country_name` takes most of a second to build); a code ``geo`` does not
    know keeps the boundary file's name, else the code itself,
    so an odd code in a dataset never breaks the page.
    """
    names = {}
    for code in codes:
        if code in geometry.display_names:
            names[code] = geometry.display_names[code]
            continue
        try:
            names[code] = country_name(code)
        except KeyError:
            country = geometry.countries.get(code)
            names[code] = country.name if country else code
    return names
