"""The ABS back office: users and roles, resources, charging sessions, pricing, smart grid, notifications."""

from .access import SYSTEM, TABLE, Access, Caller, Role, Scope
from .backoffice import BackOffice
from .catalogue import RESOURCES, Resource
from .status import AbsError, Status

__all__ = ["BackOffice", "AbsError", "Status", "Access", "Caller", "Role", "Scope", "TABLE", "RESOURCES", "Resource", "SYSTEM"]
