"""pytest-bdd step definitions, one module per domain (loaded as plugins by conftest.py)."""
