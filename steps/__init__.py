"""pytest-bdd step definitions, one module per domain (loaded as plugins by fixtures/plugin.py)."""
