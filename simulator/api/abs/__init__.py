"""The ABS back-office API (spec 000, ABS-SURFACE.md)."""
