"""Fleets: sites, an EV mix and driver populations that make a world live (issue 12)."""

from .config import FleetConfig, SiteConfig
from .drivers import Visit
from .fleet import Fleet
from .layout import FleetLayout, lay_out

__all__ = ["Fleet", "FleetConfig", "FleetLayout", "SiteConfig", "Visit", "lay_out"]
