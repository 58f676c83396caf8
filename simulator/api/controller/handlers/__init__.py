"""Controller API handlers, one module per section of spec 001; importing registers them."""

from . import app, kvstore, logging, login, settings, system, transactions, users, whitelist  # noqa: F401
