"""The pure SimPy domain model: no I/O, no wall clock."""
