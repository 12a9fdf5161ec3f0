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

from ._check import check_pack
from ._diff import DEFAULT_TRIGGER, compare, diff
from ._diff_render import (
    comparison_report,
    diff_html,
    diff_markdown,
    diff_text,
    matrix_html,
    matrix_markdown,
    matrix_text,
    whatif,
    whatif_markdown,
    whatif_text,
)
from ._engine import evaluate
from ._errors import GovRulesError, UsageError, suggest
from ._pack import TOPICS, PackFile, coverage, load_pack, shipped_packs, uncovered_articles, verify_quotes
from ._project import load_project, parse_project, project_schema
from ._render import pack_markdown, pack_text, report_markdown, report_text
from ._report import Report
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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else dt.date.today()
    pack = load_pack(args.policy)
    project = parse_project(sys.stdin.buffer.read(), "<stdin>") if args.project == "-" else load_project(args.project)
    report = evaluate(project, pack, as_of, calendar=_calendar(args), lang=args.lang, engine=args.engine)
    if args.format == "json":
        print(report.model_dump_json(indent=2))
    elif args.format == "markdown":
        print(report_markdown(report), end="")
    else:
        print(report_text(report), end="")
    if args.fail_on == "violations" and report.violations:
        return EXIT_FINDINGS
    return EXIT_OK


def _cmd_policies(args: argparse.Namespace) -> int:
    rows = []
    for name, path in shipped_packs().items():
        spec = load_pack(path).spec
        rows.append(
            {
                "id": name,
                "document_number": spec.document_number,
                "title": spec.title.zh,
                "level": spec.jurisdiction.level,
                "rules": len(spec.rules),
                "effective": spec.effective.isoformat(),
            }
        )
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            line = f"{row['id']:<10} {row['document_number']:<18} {row['level']:<7} {row['rules']:>3} 条规则"
            print(f"{line}  {row['title']}")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    pack = load_pack(args.policy)
    if args.format == "markdown":
        print(pack_markdown(pack), end="")
    elif args.format == "json":
        print(pack.spec.model_dump_json(indent=2))
    else:
        print(pack_text(pack), end="")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for name in args.packs:
        try:
            pack = load_pack(name)
            problems = [q.message(str(pack.path)) for q in verify_quotes(pack)]
            missing = uncovered_articles(pack)
            if missing:
                problems.append(
                    f"{pack.path}: articles encoded by no rule and not listed under not_checkable: "
                    f"{', '.join(map(str, missing))}"
                )
        except GovRulesError as exc:
            problems = [str(exc)]
        if problems:
            failed = True
            for problem in problems:
                print(f"govrules validate: error: {problem}", file=sys.stderr)
        else:
            print(f"ok: {pack.path} ({pack.spec.document_number}, {len(pack.spec.rules)} rules, quotes verified)")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _cmd_coverage(args: argparse.Namespace) -> int:
    pack = load_pack(args.policy)
    rows = coverage(pack)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {"article": r.article, "opening": r.opening, "rules": list(r.rules), "reason": r.reason}
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "markdown":
        print(f"# {pack.spec.title.zh}（{pack.spec.document_number}）条款覆盖\n")
        print("| 条款 | 开头 | 规则 | 无可核查内容的理由 |\n|---|---|---|---|")
        for r in rows:
            rules = "、".join(f"`{x}`" for x in r.rules) or "—"
            print(f"| 第{r.article}条 | {r.opening}… | {rules} | {r.reason or ('—' if r.rules else '**未覆盖**')} |")
    else:
        print(f"{pack.spec.title.zh}（{pack.spec.document_number}）")
        for r in rows:
            detail = (
                ", ".join(r.rules) if r.rules else (f"无可核查内容：{r.reason}" if r.reason else "未覆盖 NOT COVERED")
            )
            print(f"第{r.article:>2}条  {detail}")
        encoded = sum(1 for r in rows if r.rules)
        explained = sum(1 for r in rows if not r.rules and r.reason)
        missing = len(rows) - encoded - explained
        print(f"\n{len(rows)} 条：{encoded} 条由规则编码，{explained} 条记录了理由，{missing} 条未覆盖")
    return EXIT_OK if all(r.covered for r in rows) else EXIT_FINDINGS


def _cmd_diff(args: argparse.Namespace) -> int:
    if args.topic and args.topic not in TOPICS:
        raise UsageError(
            f"unknown topic {args.topic!r}",
            field="--topic",
            expected="one of " + ", ".join(TOPICS),
            suggestion=suggest(args.topic, TOPICS),
        )
    trigger = parse_date(args.on, "--on") if args.on else DEFAULT_TRIGGER
    a, b = load_pack(args.a), load_pack(args.b)
    topics = [args.topic] if args.topic else None
    result = diff(a, b, semantic=not args.no_semantic, topics=topics, trigger=trigger)
    if args.topic:
        result = result.topic(args.topic)
    render = {"text": diff_text, "markdown": diff_markdown, "html": diff_html}
    if args.format == "json":
        print(result.model_dump_json(indent=2))
    else:
        print(render[args.format](result, args.lang), end="")
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    trigger = parse_date(args.on, "--on") if args.on else DEFAULT_TRIGGER
    packs = [load_pack(p) for p in args.packs]
    if args.format == "report":
        print(comparison_report(packs, trigger=trigger), end="")
        return EXIT_OK
    matrix = compare(packs, trigger=trigger)
    render = {"text": matrix_text, "markdown": matrix_markdown, "html": matrix_html}
    if args.format == "json":
        print(matrix.model_dump_json(indent=2))
    else:
        print(render[args.format](matrix), end="")
    return EXIT_OK


def _cmd_whatif(args: argparse.Namespace) -> int:
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else dt.date.today()
    packs = [load_pack(name.strip()) for name in args.policies.split(",") if name.strip()]
    if len(packs) < 2:
        raise UsageError("what-if needs at least two packs", field="--policies", expected="A,B[,C…]")
    project = parse_project(sys.stdin.buffer.read(), "<stdin>") if args.project == "-" else load_project(args.project)
    result = whatif(project, packs, as_of, lang=args.lang, calendar=_calendar(args))
    if args.format == "json":
        print(result.model_dump_json(indent=2))
    elif args.format == "markdown":
        print(whatif_markdown(result), end="")
    else:
        print(whatif_text(result), end="")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    found = 0
    for name in args.packs:
        problems = check_pack(name)
        found += len(problems)
        for problem in problems:
            print(problem)
        if not problems:
            print(f"ok: {name}")
    if found:
        print(f"{found} problem{'s' if found != 1 else ''}", file=sys.stderr)
    return EXIT_FINDINGS if found else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    schemas = {"project": project_schema, "pack": PackFile.model_json_schema, "report": Report.model_json_schema}
    print(json.dumps(schemas[args.what](), ensure_ascii=False, indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govrules",
        description="Evaluate government IT projects against Chinese local regulations (policy packs).",
        epilog=(
            "examples:\n"
            "  govrules policies\n"
            "  govrules evaluate examples/jincheng-platform.yaml --policy jincheng --as-of 2026-06-30\n"
            "  govrules show jincheng --format markdown\n"
            "  govrules deadline 2026-02-10 --working-days 10\n"
            "\nexit codes: 0 ok, 1 violations (evaluate --fail-on violations), 2 bad input\n"
        ),
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

    evaluate_ = commands.add_parser(
        "evaluate",
        help="evaluate a project against a policy pack",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Say what a project owes, what it has breached and what to do next, each finding cited.",
        epilog=(
            "examples:\n"
            "  govrules evaluate examples/jincheng-platform.yaml --policy jincheng --as-of 2026-06-30\n"
            "  govrules evaluate project.json --policy jincheng --format json --lang en\n"
            "  govrules evaluate project.yaml --policy ./my-pack.yaml --fail-on violations   # exit 1 if any\n"
            "\nexit codes: 0 evaluated (whatever the findings), 1 violations with --fail-on, 2 bad input\n"
        ),
    )
    evaluate_.add_argument("project", metavar="PROJECT", help="project record, YAML or JSON ('-' for stdin)")
    evaluate_.add_argument("--policy", required=True, metavar="NAME|PATH", help="shipped pack id or a pack file")
    evaluate_.add_argument("--as-of", metavar="DATE", help="evaluation date YYYY-MM-DD (default: today)")
    evaluate_.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    evaluate_.add_argument("--lang", choices=("zh", "en"), default="zh")
    evaluate_.add_argument("--fail-on", choices=("violations",), help="exit 1 when the report has violations")
    evaluate_.add_argument(
        "--engine",
        choices=("native", "durable"),
        default="native",
        help="durable: match conditions with durable_rules (extra govrules[durable]); same report",
    )
    _add_calendar_options(evaluate_)
    evaluate_.set_defaults(handler=_cmd_evaluate)

    policies = commands.add_parser("policies", help="list the shipped policy packs")
    policies.add_argument("--format", choices=("text", "json"), default="text")
    policies.set_defaults(handler=_cmd_policies)

    show = commands.add_parser(
        "show",
        help="a pack's parameters and rules as a table",
        epilog="example: govrules show jincheng --format markdown > jincheng.md",
    )
    show.add_argument("policy", metavar="POLICY", help="shipped pack id or a pack file")
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    show.set_defaults(handler=_cmd_show)

    validate = commands.add_parser(
        "validate",
        help="load packs, verify every quote against the source, check article coverage",
        epilog="exit codes: 0 all valid, 2 any invalid (each problem on its own line with file:line)",
    )
    validate.add_argument("packs", nargs="+", metavar="PACK", help="shipped pack ids or pack files")
    validate.set_defaults(handler=_cmd_validate)

    coverage_ = commands.add_parser(
        "coverage",
        help="every article of a pack's source: the rules that encode it, or why it has none",
        epilog="exit codes: 0 every article covered, 1 some article neither encoded nor explained, 2 bad input",
    )
    coverage_.add_argument("policy", metavar="POLICY", help="shipped pack id or a pack file")
    coverage_.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    coverage_.set_defaults(handler=_cmd_coverage)

    diff_ = commands.add_parser(
        "diff",
        help="what differs between two packs: parameters, rules and outcomes, with example projects",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  govrules diff jincheng tengzhou\n"
            "  govrules diff jincheng qinyuan --format markdown --topic change > change.md\n"
            "  govrules diff jincheng ./jincheng-edited.yaml        # a local edit against the shipped pack\n"
        ),
    )
    diff_.add_argument("a", metavar="A", help="shipped pack id or a pack file")
    diff_.add_argument("b", metavar="B", help="shipped pack id or a pack file")
    diff_.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text")
    diff_.add_argument("--lang", choices=("zh", "en"), default="zh")
    diff_.add_argument("--topic", help="only this topic (scope, approval, review, …)")
    diff_.add_argument("--on", metavar="DATE", help="trigger date for comparing due dates (default 2026-09-30)")
    diff_.add_argument("--no-semantic", action="store_true", help="skip the fact-space enumeration (faster)")
    diff_.set_defaults(handler=_cmd_diff)

    compare_ = commands.add_parser(
        "compare",
        help="a matrix of parameters and topics across any number of packs",
        epilog="example: govrules compare jincheng yuncheng qinyuan tengzhou --format markdown",
    )
    compare_.add_argument("packs", nargs="+", metavar="PACK")
    compare_.add_argument(
        "--format",
        choices=("text", "markdown", "json", "html", "report"),
        default="text",
        help="report: the matrix plus every pair's differences, in Markdown (docs/diff.md)",
    )
    compare_.add_argument("--on", metavar="DATE", help="trigger date for comparing due dates (default 2026-09-30)")
    compare_.set_defaults(handler=_cmd_compare)

    whatif_ = commands.add_parser(
        "whatif",
        help="evaluate one project under several packs side by side",
        epilog="example: govrules whatif examples/jincheng-platform.yaml --policies jincheng,yuncheng,qinyuan,tengzhou",
    )
    whatif_.add_argument("project", metavar="PROJECT", help="project record, YAML or JSON ('-' for stdin)")
    whatif_.add_argument("--policies", required=True, metavar="A,B,…", help="comma-separated packs")
    whatif_.add_argument("--as-of", metavar="DATE", help="evaluation date YYYY-MM-DD (default: today)")
    whatif_.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    whatif_.add_argument("--lang", choices=("zh", "en"), default="zh")
    _add_calendar_options(whatif_)
    whatif_.set_defaults(handler=_cmd_whatif)

    check = commands.add_parser(
        "check",
        help="static checks of packs: references, quotes, coverage, unreachable rules, contradictions, gaps, "
        "deadlines, workflow order",
        epilog="exit codes: 0 clean, 1 problems found (each with file:line and the check's name); see "
        "docs/consistency.md",
    )
    check.add_argument("packs", nargs="+", metavar="PACK", help="shipped pack ids or pack files")
    check.set_defaults(handler=_cmd_check)

    schema = commands.add_parser("schema", help="JSON Schema of the project record, the pack format or the report")
    schema.add_argument("what", choices=("project", "pack", "report"))
    schema.set_defaults(handler=_cmd_schema)
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
