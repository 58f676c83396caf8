"""The sim-control API (``/sim``)."""
