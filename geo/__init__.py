"""Country and region names to ISO 3166-1 codes (``geo.names``); shapes in ``geo.boundaries``."""

from geo.names import GeoMention, Place, country_name, find_mentions, resolve

__all__ = ["GeoMention", "Place", "country_name", "find_mentions", "resolve"]
