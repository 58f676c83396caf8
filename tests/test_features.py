"""Binds every Gherkin feature under features/ to pytest."""

from pytest_bdd import scenarios

scenarios(".")
