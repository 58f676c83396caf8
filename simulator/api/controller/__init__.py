"""The ebee/Bender charge controller REST API v1 (spec 001)."""
