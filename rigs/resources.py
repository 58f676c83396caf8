"""Errors of rigs and their resources, named so a vendor knows what to fix."""


class RigError(Exception):
    """A rig file is wrong (syntax, missing key, unknown feature)."""


class ResourceError(Exception):
    """A resource of the rig is missing or unreachable; the message names it."""
