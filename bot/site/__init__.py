"""The book as a website: a static page for every figure and event, a timeline, topics, a search
index and an Atom feed of anniversaries, built from a ``FactBook`` alone (no platform import)."""

from bot.site.build import Built, SiteError, build_site

__all__ = ["Built", "SiteError", "build_site"]
