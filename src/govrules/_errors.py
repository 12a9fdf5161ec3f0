"""Every error govrules raises, in one hierarchy.

::

    GovRulesError                         root: catch this to catch everything govrules raises
    ├── InputError (ValueError)           bad input; names the file, line and field, and what was expected
    │   ├── PackError                     a policy pack that does not load or validate
    │   ├── ProjectError                  a project record that does not validate
    │   ├── CalendarOverlayError          a calendar overlay file that does not validate
    │   └── UsageError                    a bad command-line argument or library argument
    ├── UnknownPolicyError (LookupError)  ``--policy NAME`` that is neither a shipped pack nor a file
    ├── EngineUnavailableError (ImportError)
    │                                     ``engine="durable"`` without the optional extra installed
    └── CalendarCoverageError (LookupError)
                                          strict mode: a period reaches a year with no holiday data

Every error carries structured data (``source``, ``line``, ``field``, ``expected``, ``suggestion``)
besides its one-paragraph message, so a calling system can show or log it without parsing text.
The CLI turns any of them into that paragraph on stderr and exit code 2.

>>> err = ProjectError("unknown milestone", source="p.yaml", line=7, field="milestones.aproved",
...                    expected="a milestone name", suggestion="approved")
>>> str(err)
"p.yaml:7: milestones.aproved: unknown milestone; expected a milestone name; did you mean 'approved'?"
>>> isinstance(err, ValueError) and isinstance(err, GovRulesError)
True
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable


class GovRulesError(Exception):
    """Root of every error govrules raises."""


class InputError(GovRulesError, ValueError):
    """Input that govrules cannot accept, located as precisely as the input allows."""

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.line = line
        self.field = field
        self.expected = expected
        self.suggestion = suggestion
        super().__init__(self._paragraph())

    def _paragraph(self) -> str:
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        text = where + (f"{self.field}: " if self.field else "") + self.problem
        if self.expected:
            text += f"; expected {self.expected}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return text


class PackError(InputError):
    """A policy pack that does not parse or does not validate."""


class ProjectError(InputError):
    """A project record that does not validate against the project model."""


class CalendarOverlayError(InputError):
    """A calendar overlay (newly announced or corrected holiday data) that does not validate."""


class UsageError(InputError):
    """A bad argument to the command line or to a library function."""


class UnknownPolicyError(GovRulesError, LookupError):
    """A policy name that matches no shipped pack and no file."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(sorted(known))
        self.suggestion = suggest(name, self.known)
        text = f"unknown policy {name!r}: not a shipped pack and not a file; shipped packs are {', '.join(self.known)}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        super().__init__(text)


class EngineUnavailableError(GovRulesError, ImportError):
    """An optional engine whose extra is not installed (``pip install 'govrules[durable]'``)."""


class CalendarCoverageError(GovRulesError, LookupError):
    """Strict mode: counting a period needs a year the holiday data does not cover."""

    def __init__(self, date: _dt.date, covered: tuple[int, int], span: tuple[int, int] | None = None) -> None:
        self.date = date
        self.covered = covered
        if span is not None:  # beyond what govrules can count at all, estimated or not
            self.fix = f"use dates whose periods stay within {span[0]}–{span[1]}"
            super().__init__(
                f"the period reaches beyond {span[0]}–{span[1]}, the years govrules can count "
                f"(from {date.isoformat()}); {self.fix}"
            )
            return
        self.fix = (
            f"add the State Council's holiday notice for {date.year} with --calendar FILE "
            "(see docs/calendar.md, 'Adding a year'), or drop --strict-calendar to count "
            "that year with weekends only, flagged as estimated"
        )
        super().__init__(
            f"no official holiday data for {date.year} (needed for {date.isoformat()}); "
            f"the calendar covers {covered[0]}–{covered[1]}; {self.fix}"
        )


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to a misspelt ``word``, or None when nothing is close.

    >>> suggest("aproved", ["approved", "accepted"])
    'approved'
    >>> suggest("xyz", ["approved"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
