"""Controller API handlers, one module per section of spec 001; importing registers them."""

from . import login, settings, system, transactions  # noqa: F401
