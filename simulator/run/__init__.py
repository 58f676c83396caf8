"""Batch runs of a fleet in virtual time: the run itself, its tables, KPIs, plots and page."""
