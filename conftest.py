"""Root of the test tree: every fixture and step module is a plugin (pytest-bdd finds
steps only where they are loaded as plugins)."""

pytest_plugins = [
    "fixtures.nfc",
    "fixtures.target",
    "fixtures.factories",
    "fixtures.reporting",
    "steps.context",
    "steps.common",
    "steps.controller",
    "steps.controller_data",
    "steps.charging",
    "steps.nfc",
    "steps.backend",
    "steps.roaming",
    "steps.backend_webhooks",
    "steps.bench",
]
