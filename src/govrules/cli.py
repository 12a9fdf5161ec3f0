"""The ``govrules`` command line.

Every bad input — an unreadable file, a malformed pack or project, a date that is not a date, a
year the calendar does not cover in strict mode — ends in one paragraph on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from ._errors import GovRulesError, UsageError
from .calendar import CalendarDays, DueDate, Months, WorkCalendar, WorkingDays, load_overlay, weekday_zh

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one clear line and exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def parse_date(text: str, what: str = "date") -> dt.date:
    """A strict ISO date (YYYY-MM-DD), or a UsageError naming ``what``.

    >>> parse_date("2026-02-10")
    datetime.date(2026, 2, 10)
    """
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date", field=what, expected="a date as YYYY-MM-DD") from None


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    calendar = load_overlay(args.calendar) if args.calendar else WorkCalendar.default()
    return calendar.strict_mode(args.strict_calendar)


def _add_calendar_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--calendar", metavar="FILE", help="calendar overlay YAML adding or correcting holiday years (docs/calendar.md)"
    )
    parser.add_argument(
        "--strict-calendar",
        action="store_true",
        help="refuse (exit 2) instead of estimating years without official holiday data",
    )


def _cmd_deadline(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "FROM")
    period: WorkingDays | CalendarDays | Months
    if args.working_days is not None:
        period = WorkingDays(working_days=_positive(args.working_days, "--working-days"))
    elif args.days is not None:
        period = CalendarDays(days=_positive(args.days, "--days"))
    else:
        period = Months(months=_positive(args.months, "--months"))
    due: DueDate = period.count(start, _calendar(args))
    if args.format == "json":
        print(json.dumps(due.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        assert due.due is not None
        mark = "（估算）" if due.estimated else ""
        print(f"{due.due.isoformat()} {weekday_zh(due.due)}{mark}")
    warning = due.warning()
    if warning:
        print(f"govrules: 注意 / warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise UsageError(f"{value} is not a positive count", field=option, expected="a whole number ≥ 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govrules",
        description="Evaluate government IT projects against Chinese local regulations (policy packs).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    deadline = commands.add_parser(
        "deadline",
        help="count a statutory period from a date in Chinese working days",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  govrules deadline 2026-02-10 --working-days 10      # 2026-03-02 星期一\n"
            "  govrules deadline 2026-09-01 --days 30 --format json\n"
            "  govrules deadline 2026-12-20 --working-days 30 --calendar calendar-2027.yaml\n"
        ),
    )
    deadline.add_argument("start", metavar="FROM", help="the trigger date, YYYY-MM-DD (not counted itself)")
    how = deadline.add_mutually_exclusive_group(required=True)
    how.add_argument("--working-days", type=int, metavar="N", help="N个工作日内")
    how.add_argument("--days", type=int, metavar="N", help="N日内 (calendar days, extended past rest days)")
    how.add_argument("--months", type=int, metavar="N", help="N个月内 (半年 = 6)")
    _add_calendar_options(deadline)
    deadline.add_argument("--format", choices=("text", "json"), default="text")
    deadline.set_defaults(handler=_cmd_deadline)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings with --fail-on, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except GovRulesError as exc:
        print(f"govrules {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and closed early
        return EXIT_OK
    except Exception as exc:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("GOVRULES_DEBUG"):
            raise
        print(
            f"govrules {args.command}: internal error ({type(exc).__name__}: {exc}); "
            "please report it; set GOVRULES_DEBUG=1 for a traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
