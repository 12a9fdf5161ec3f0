"""The evaluation report: the public output contract (pydantic, frozen, JSON-serialisable).

Documented field by field in docs/output.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .calendar import Counting

Status = Literal["pending", "overdue", "met", "met_late"]
ViolationKind = Literal["overdue", "late", "missing", "out_of_order", "too_early", "prohibited"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Frozen):
    """An agency of the pack (or ``unit``, the project's 建设单位), named in the report's language."""

    id: str
    name: str


class CountedFrom(_Frozen):
    milestone: str
    date: dt.date


class ChangeRef(_Frozen):
    """The change a change-control finding is about."""

    index: int = Field(description="position in the project's changes, from 0")
    date: dt.date
    amount: str = Field(description="signed yuan, as a decimal string")
    outcome: Literal["filing", "approval", "reapply"]


class Finding(_Frozen):
    """One obligation, violation, next step or consequence, with everything needed to explain it."""

    rule: str
    shape: str
    topic: str
    article: int
    item: int | None = None
    quote: str
    interpretation: str | None = None
    message: str
    responsible: Party
    authority: Party | None = None
    milestone: str | None = Field(default=None, description="the milestone the finding is about")
    status: Status | None = Field(default=None, description="obligations: pending, overdue, met, met_late")
    kind: ViolationKind | None = Field(default=None, description="violations: what kind of breach")
    done: dt.date | None = Field(default=None, description="when the milestone happened, if it did")
    due: dt.date | None = None
    due_estimated: bool = False
    earliest: dt.date | None = None
    counted_from: CountedFrom | None = None
    period: str | None = Field(default=None, description="the period as the regulation states it")
    counted: Counting | None = Field(default=None, description="how the due date was counted")
    days_left: int | None = Field(default=None, description="calendar days from as_of to due; negative when past")
    facts: dict[str, Any] = Field(default_factory=dict, description="the record's values the rule used")
    change: ChangeRef | None = None
    consequence: str | None = None
    withhold: tuple[str, ...] = Field(default=(), description="funding consequences: the funds withheld")


class PolicyRef(_Frozen):
    id: str
    title: str
    document_number: str


class Report(_Frozen):
    """What a project owes, has breached and should do next under one policy pack, as of a date."""

    policy: PolicyRef
    project: str
    as_of: dt.date
    lang: Literal["zh", "en"]
    applicable: bool
    not_applicable: Finding | None = Field(default=None, description="the scope rule that excludes the project")
    obligations: tuple[Finding, ...] = ()
    violations: tuple[Finding, ...] = ()
    next_steps: tuple[Finding, ...] = ()
    consequences: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    calendar_version: str
