"""The serial EV bench instrument (protocol in rigs/README.md) as drivers."""

from .bench import SerialBenchInstrument
from .link import InstrumentError, InstrumentTimeout, ScpiLink, SerialLine

__all__ = ["InstrumentError", "InstrumentTimeout", "ScpiLink", "SerialBenchInstrument", "SerialLine"]
