"""govrules: Chinese government-IT regulations as YAML policy packs, evaluated with citations."""

from ._errors import (
    CalendarCoverageError,
    CalendarOverlayError,
    GovRulesError,
    InputError,
    PackError,
    ProjectError,
    UnknownPolicyError,
    UsageError,
)
from .calendar import DueDate, WorkCalendar, load_overlay

__version__ = "0.1.0"

__all__ = [
    "CalendarCoverageError",
    "CalendarOverlayError",
    "DueDate",
    "GovRulesError",
    "InputError",
    "PackError",
    "ProjectError",
    "UnknownPolicyError",
    "UsageError",
    "WorkCalendar",
    "__version__",
    "load_overlay",
]
