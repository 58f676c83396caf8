"""chargebench's reference simulator of chargers, EVs, back office and roaming hub."""

__version__ = "0.1.0"
