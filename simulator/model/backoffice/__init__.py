"""The ABS back office: users and roles, resources, charging sessions, pricing, smart grid, notifications."""

from .access import SYSTEM, Caller, Family, Role
from .backoffice import BackOffice
from .catalogue import RESOURCES, Resource
from .status import AbsError, Status

__all__ = ["BackOffice", "AbsError", "Status", "Caller", "Family", "Role", "RESOURCES", "Resource", "SYSTEM"]
