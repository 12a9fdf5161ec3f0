"""govrules: Chinese government-IT regulations as YAML policy packs, evaluated with citations.

>>> import datetime as dt, govrules
>>> pack = govrules.load_pack("jincheng")
>>> project = govrules.parse_project('''
... id: demo
... name: 一网通办平台升级
... budget: 300000
... milestones: {tech_review: 2026-02-03, budget_approved: 2026-02-13}
... ''')
>>> report = govrules.evaluate(project, pack, as_of=dt.date(2026, 3, 10))
>>> [(v.rule, v.kind, v.due) for v in report.violations]
[('jc-12-collective-decision', 'missing', None), ('jc-12-expert-review', 'missing', None), \
('jc-14-financial-review', 'missing', None), ('jc-14-budget-report', 'overdue', datetime.date(2026, 2, 25))]
"""

from ._check import Problem, check_pack
from ._diff import ComparisonMatrix, PackDiff, compare, diff
from ._diff_render import WhatIf, whatif
from ._engine import evaluate
from ._errors import (
    CalendarCoverageError,
    CalendarOverlayError,
    EngineUnavailableError,
    GovRulesError,
    InputError,
    PackError,
    ProjectError,
    UnknownPolicyError,
    UsageError,
)
from ._pack import Pack, load_pack, parse_pack, shipped_packs, verify_quotes
from ._project import MILESTONES, Change, Project, load_project, parse_project, project_schema
from ._render import pack_markdown, report_markdown, report_text
from ._report import ChangeRef, CountedFrom, Finding, Party, PolicyRef, Report
from .calendar import DueDate, WorkCalendar, load_overlay

__version__ = "0.1.0"

__all__ = [
    "MILESTONES",
    "CalendarCoverageError",
    "CalendarOverlayError",
    "Change",
    "ChangeRef",
    "ComparisonMatrix",
    "CountedFrom",
    "DueDate",
    "EngineUnavailableError",
    "Finding",
    "GovRulesError",
    "InputError",
    "Pack",
    "PackDiff",
    "PackError",
    "Party",
    "PolicyRef",
    "Problem",
    "Project",
    "ProjectError",
    "Report",
    "UnknownPolicyError",
    "UsageError",
    "WhatIf",
    "WorkCalendar",
    "__version__",
    "check_pack",
    "compare",
    "diff",
    "evaluate",
    "load_overlay",
    "load_pack",
    "load_project",
    "pack_markdown",
    "parse_pack",
    "parse_project",
    "project_schema",
    "report_markdown",
    "report_text",
    "shipped_packs",
    "verify_quotes",
    "whatif",
]
