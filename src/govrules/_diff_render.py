"""Diffs, matrices and what-if comparisons as text, Markdown and self-contained HTML."""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ._diff import ComparisonMatrix, PackDiff, ParameterSide, RuleSide, SemanticExample
from ._engine import evaluate
from ._pack import TOPICS, Pack
from ._project import Project
from ._render import milestone_name
from ._report import Finding, Report
from .calendar import WorkCalendar

_WORDS = {
    "zh": {
        "params": "参数",
        "rules": "规则",
        "semantics": "语义差异",
        "only_a": "仅{a}",
        "only_b": "仅{b}",
        "different": "不同",
        "same": "相同",
        "agree": "在建模的事实空间内处处一致（{n}个点，穷举证明）",
        "not_proven": "事实空间过大（{n}个点）：已按相互独立的事实组逐组穷举，所列差异均为实例，未证明其余一致",
        "regions": "{k}个差异区域（{n}个点，穷举）",
        "example": "示例",
        "due_on": "自{d}起算的到期日",
        "none": "无差异",
        "topic": "主题",
        "trigger": "到期日比较的起算日",
        "whatif": "同一项目在多个办法下的评估",
        "violations": "违规",
        "pending": "待办",
        "consequences": "资金后果",
        "differs": "有差异",
    },
    "en": {
        "params": "Parameters",
        "rules": "Rules",
        "semantics": "Semantic differences",
        "only_a": "only {a}",
        "only_b": "only {b}",
        "different": "different",
        "same": "same",
        "equivalent": "same value",
        "agree": "agree everywhere in the modelled fact space ({n} points, proven by enumeration)",
        "not_proven": "fact space too large ({n} points): each independent group of facts enumerated; the "
        "differences listed are real, agreement elsewhere is not proven",
        "regions": "{k} regions of difference ({n} points, exhaustive)",
        "example": "example",
        "due_on": "due dates counted from {d}",
        "none": "no differences",
        "topic": "topic",
        "trigger": "trigger date for due dates",
        "whatif": "One project under several regulations",
        "violations": "violations",
        "pending": "pending",
        "consequences": "funding",
        "differs": "differs",
    },
}


def _w(lang: str) -> dict[str, str]:
    return _WORDS["zh" if lang == "zh" else "en"]


def _side(side: ParameterSide | None) -> str:
    return side.cell() if side is not None else "—"


def _rules(sides: Sequence[RuleSide]) -> str:
    return "; ".join(f"{s.rule} 第{s.article}条 “{s.quote}”" for s in sides) or "—"


def _example(e: SemanticExample, a: str, b: str) -> str:
    return f"{e.description}: {a} → {', '.join(e.a.summary)}; {b} → {', '.join(e.b.summary)} ({e.points} points)"


def diff_text(d: PackDiff, lang: str = "zh") -> str:
    w = _w(lang)
    a, b = d.a.id, d.b.id
    out = [f"{d.a.title}（{d.a.document_number}） ↔ {d.b.title}（{d.b.document_number}）", ""]
    params = [p for p in d.parameters if p.status not in ("same", "equivalent")]
    out.append(f"{w['params']}  ({w['due_on'].format(d=d.trigger.isoformat())})")
    for p in params or []:
        status = w[p.status].format(a=a, b=b) if p.status.startswith("only") else w[p.status]
        label = (p.a or p.b).label if (p.a or p.b) else p.name  # type: ignore[union-attr]
        out.append(f"  {p.name} {label} [{status}]: {a} {_side(p.a)} | {b} {_side(p.b)}")
    if not params:
        out.append(f"  {w['none']}")
    out.extend(["", w["rules"]])
    changed = [r for r in d.rules if r.status != "same"]
    for r in changed:
        status = w[r.status].format(a=a, b=b) if r.status.startswith("only") else w[r.status]
        out.append(f"  [{r.topic}] {r.shape} {r.subject} [{status}]")
        if r.a:
            out.append(f"      {a}: {_rules(r.a)}")
        if r.b:
            out.append(f"      {b}: {_rules(r.b)}")
        out.extend(f"      · {note}" for note in r.differences)
    if not changed:
        out.append(f"  {w['none']}")
    if d.semantics:
        out.extend(["", w["semantics"]])
        for s in d.semantics:
            out.append(f"  [{s.topic}] " + _verdict(s.agree, s.exhaustive, len(s.examples), s.points, w))
            out.extend(f"      • {_example(e, a, b)}" for e in s.examples)
    return "\n".join(out) + "\n"


def _verdict(agree: bool, exhaustive: bool, regions: int, points: int, w: dict[str, str]) -> str:
    if agree:
        return w["agree"].format(n=points)
    if not exhaustive:
        return w["not_proven"].format(n=points)
    return w["regions"].format(k=regions, n=points)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def diff_markdown(d: PackDiff, lang: str = "zh") -> str:
    w = _w(lang)
    a, b = d.a.id, d.b.id
    out = [
        f"# {d.a.title} ↔ {d.b.title}",
        "",
        f"{d.a.document_number} ↔ {d.b.document_number}; {w['trigger']}: {d.trigger.isoformat()}",
        "",
        f"## {w['params']}",
        "",
        f"| | {a} | {b} | |",
        "|---|---|---|---|",
    ]
    for p in d.parameters:
        label = (p.a or p.b).label if (p.a or p.b) else p.name  # type: ignore[union-attr]
        status = w[p.status].format(a=a, b=b) if p.status.startswith("only") else w[p.status]
        out.append(f"| `{p.name}` {label} | {_cell(_side(p.a))} | {_cell(_side(p.b))} | {status} |")
    out.extend(["", f"## {w['rules']}", "", f"| {w['topic']} | | {a} | {b} | |", "|---|---|---|---|---|"])
    for r in d.rules:
        if r.status == "same":
            continue
        status = w[r.status].format(a=a, b=b) if r.status.startswith("only") else w[r.status]
        notes = "<br>".join(_cell(n) for n in r.differences)
        out.append(
            f"| {r.topic} | {r.shape} `{_cell(r.subject)}` | {_cell(_rules(r.a))} | {_cell(_rules(r.b))} | "
            f"{status}{'<br>' + notes if notes else ''} |"
        )
    if d.semantics:
        out.extend(["", f"## {w['semantics']}", ""])
        for s in d.semantics:
            out.append(f"### {s.topic}")
            out.append("")
            out.append(_verdict(s.agree, s.exhaustive, len(s.examples), s.points, w))
            out.append("")
            if s.examples:
                out.extend([f"| {w['example']} | {a} | {b} |", "|---|---|---|"])
                out.extend(
                    f"| {_cell(e.description)} | {_cell(', '.join(e.a.summary))} | {_cell(', '.join(e.b.summary))} |"
                    for e in s.examples
                )
                out.append("")
    return "\n".join(out).rstrip() + "\n"


_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}"
    "th{background:#eee}.differs{background:#fff4d6}"
)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>'
        + html.escape(title)
        + f"</title><style>{_STYLE}</style></head><body><h1>"
        + html.escape(title)
        + "</h1>"
        + "".join(body)
        + "</body></html>\n"
    )


def _row(cells: Sequence[object], header: bool = False, differs: bool = False) -> str:
    tag = "th" if header else "td"
    css = ' class="differs"' if differs else ""
    return f"<tr{css}>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def diff_html(d: PackDiff, lang: str = "zh") -> str:
    w = _w(lang)
    a, b = d.a.id, d.b.id
    body = [
        f"<p>{html.escape(d.a.document_number)} ↔ {html.escape(d.b.document_number)}; "
        f"{html.escape(w['trigger'])}: {d.trigger.isoformat()}</p>",
        f"<h2>{html.escape(w['params'])}</h2><table>",
        _row(["", a, b, ""], header=True),
    ]
    for p in d.parameters:
        label = (p.a or p.b).label if (p.a or p.b) else p.name  # type: ignore[union-attr]
        body.append(_row([f"{p.name} {label}", _side(p.a), _side(p.b), p.status], differs=p.status != "same"))
    body.append("</table>")
    for topic in TOPICS:
        rules = [r for r in d.rules if r.topic == topic and r.status != "same"]
        sems = [s for s in d.semantics if s.topic == topic]
        if not rules and not any(s.examples for s in sems):
            continue
        body.append(f"<h2>{html.escape(topic)}</h2><table>")
        body.append(_row(["", a, b, ""], header=True))
        for r in rules:
            body.append(
                _row(
                    [f"{r.shape} {r.subject}", _rules(r.a), _rules(r.b), "; ".join([r.status, *r.differences])],
                    differs=True,
                )
            )
        for s in sems:
            for e in s.examples:
                body.append(
                    _row([e.description, ", ".join(e.a.summary), ", ".join(e.b.summary), w["example"]], differs=True)
                )
        body.append("</table>")
        for s in sems:
            body.append(f"<p>{html.escape(_verdict(s.agree, s.exhaustive, len(s.examples), s.points, w))}</p>")
    return _page(f"{d.a.title} ↔ {d.b.title}", body)


# -- the matrix ---------------------------------------------------------------------------------------


def matrix_text(m: ComparisonMatrix) -> str:
    out = [" | ".join(["", *[p.id for p in m.packs]])]
    for row in m.rows:
        out.append(f"{'*' if row.differs else ' '} {row.name} {row.label}: " + " | ".join(row.cells))
    return "\n".join(out) + "\n"


def matrix_markdown(m: ComparisonMatrix) -> str:
    heads = [f"{p.id}<br>{p.document_number}" for p in m.packs]
    out = ["| | " + " | ".join(heads) + " |", "|---|" + "---|" * len(m.packs)]
    for row in m.rows:
        name = f"`{row.name}` {row.label}" if row.kind == "parameter" else f"**{row.name}**"
        out.append(f"| {name}{' ⚑' if row.differs else ''} | " + " | ".join(_cell(c) for c in row.cells) + " |")
    return "\n".join(out) + "\n"


def matrix_html(m: ComparisonMatrix) -> str:
    body = [
        f"<p>due dates counted from {m.trigger.isoformat()}</p><table>",
        _row(["", *[f"{p.id} {p.document_number}" for p in m.packs]], header=True),
    ]
    body.extend(_row([f"{r.name} {r.label}", *r.cells], differs=r.differs) for r in m.rows)
    body.append("</table>")
    return _page("govrules compare", body)


# -- what-if ------------------------------------------------------------------------------------------


class WhatIfRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    topic: str
    item: str
    cells: tuple[str, ...]
    differs: bool


class WhatIf(BaseModel):
    """One project evaluated under several packs, lined up by topic and milestone."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    project: str
    as_of: dt.date
    packs: tuple[str, ...]
    reports: tuple[Report, ...]
    rows: tuple[WhatIfRow, ...]


def _cell_of(findings: list[Finding]) -> str:
    parts = []
    for f in findings:
        text = f"{f.kind or f.status}"
        if f.due:
            text += f" {f.due.isoformat()}"
        if f.change:
            text = f"change → {f.change.outcome} ({f.status})"
        if f.withhold:
            text = "withhold " + "+".join(f.withhold)
        parts.append(f"{text} [{f.rule} 第{f.article}条]")
    return "; ".join(parts) or "—"


def whatif(
    project: Project, packs: Sequence[Pack], as_of: dt.date, *, lang: str = "zh", calendar: WorkCalendar | None = None
) -> WhatIf:
    """Evaluate ``project`` under every pack and line the findings up by topic and milestone."""
    reports = tuple(evaluate(project, pack, as_of, calendar=calendar, lang=lang) for pack in packs)
    keys: dict[tuple[str, str], None] = {}
    for report in reports:
        if not report.applicable:
            keys.setdefault(("scope", "applicable"), None)
        for f in (*report.violations, *report.obligations, *report.consequences):
            keys.setdefault((f.topic, _item(f)), None)
    rows = []
    for topic, item in sorted(keys, key=lambda k: (TOPICS.index(k[0]), k[1])):
        cells = []
        for report in reports:
            if (topic, item) == ("scope", "applicable"):
                cells.append(
                    "applicable"
                    if report.applicable
                    else f"out of scope [{report.not_applicable.rule}]"
                    if report.not_applicable
                    else "out of scope"
                )
                continue
            if not report.applicable:
                cells.append("out of scope")
                continue
            breached = {(v.rule, v.milestone) for v in report.violations}
            shown = [
                *report.violations,
                *[o for o in report.obligations if (o.rule, o.milestone) not in breached],
                *report.consequences,
            ]
            found = [f for f in shown if f.topic == topic and _item(f) == item]
            cells.append(_cell_of(found))
        label = milestone_name(item, lang) if item in _milestones() else item
        rows.append(WhatIfRow(topic=topic, item=label, cells=tuple(cells), differs=len(set(cells)) > 1))
    return WhatIf(project=project.id, as_of=as_of, packs=tuple(p.id for p in packs), reports=reports, rows=tuple(rows))


def _milestones() -> set[str]:
    from ._project import MILESTONES

    return set(MILESTONES)


def _item(f: Finding) -> str:
    if f.change is not None:
        return f"change #{f.change.index + 1}"
    if f.withhold:
        return "funding: " + "+".join(f.withhold)
    if f.kind == "prohibited" or f.milestone is None:
        return f"{f.shape}: {f.rule.split('-', 1)[1] if '-' in f.rule else f.rule}"
    return f.milestone


def whatif_markdown(w: WhatIf) -> str:
    out = [
        f"# {_w('zh')['whatif']} — {w.project}（{w.as_of.isoformat()}）",
        "",
        "| 主题 topic | 事项 item | " + " | ".join(w.packs) + " |",
        "|---|---|" + "---|" * len(w.packs),
    ]
    for row in w.rows:
        mark = " ⚑" if row.differs else ""
        out.append(f"| {row.topic} | {_cell(row.item)}{mark} | " + " | ".join(_cell(c) for c in row.cells) + " |")
    return "\n".join(out) + "\n"


def whatif_text(w: WhatIf) -> str:
    out = [f"{w.project} @ {w.as_of.isoformat()}: " + " | ".join(w.packs)]
    for row in w.rows:
        out.append(f"{'*' if row.differs else ' '} [{row.topic}] {row.item}")
        out.extend(f"      {pack}: {cell}" for pack, cell in zip(w.packs, row.cells, strict=True))
    return "\n".join(out) + "\n"


REPORT_TOPICS = ("scope", "review", "change", "filing", "funding")
_HOW_TO_READ = (
    "How to read it, and the commands behind it:",
    "",
    "- `govrules compare A B C …` — the matrix below: one row per named parameter (value, bound, article, and for "
    "periods the due date from the same trigger date) and per topic (the rules encoding it); ⚑ marks a row that "
    "differs.",
    "- `govrules diff A B [--topic T] [--format text|markdown|json|html] [--on DATE]` — one pair in full: parameters "
    "(`different`, `equivalent` = the same value in other words, `only_a` / `only_b`), rules aligned by topic, shape "
    "and subject with what differs (condition, requirement, authority, consequence), and semantic differences. Two "
    "versions of one pack diff the same way, rule ids and articles included.",
    "- Semantic differences: for each topic, the facts its rules read are enumerated at every boundary (money at, a "
    "cent under and over each bound; every flag, enumeration and milestone the rules turn on). *exhaustive* means "
    "every point was evaluated under both packs, so 'agree everywhere' is proven for that space; where the space is "
    "too large, independent groups of facts are enumerated in full and milestones by lifecycle stage, and only the "
    "differences found are claimed. Each region shows its simplest example project; `tests/test_diff.py` "
    "re-evaluates every example and checks both outcomes.",
    "- `govrules whatif PROJECT --policies A,B,C,D` — one real project under several packs, side by side.",
)
REPORT_EXAMPLES = 4


def comparison_report(packs: Sequence[Pack], *, trigger: dt.date | None = None) -> str:
    """A worked comparison of ``packs`` in Markdown: the matrix, then every pair's parameter and rule
    differences and the semantic differences of the key topics with their first example projects."""
    from ._diff import DEFAULT_TRIGGER, compare, diff

    when = trigger or DEFAULT_TRIGGER
    names = "、".join(p.spec.title.zh for p in packs)
    out = [
        "# 辖区比较 Jurisdiction comparison",
        "",
        f"Generated by `govrules compare {' '.join(p.id for p in packs)} --format report`; a test keeps it in sync.",
        f"Packs: {names}. Due dates are counted from {when.isoformat()}.",
        "",
        *_HOW_TO_READ,
        "",
        "## 矩阵 Matrix",
        "",
        matrix_markdown(compare(packs, trigger=when)).rstrip(),
        "",
        f"Semantic sections list, per topic, each region of the fact space where two packs reach different "
        f"outcomes with its smallest example project (first {REPORT_EXAMPLES}; `govrules diff A B` lists all), "
        f"or state that the packs agree everywhere in the enumerated space.",
        "",
    ]
    for left, right in itertools.combinations(packs, 2):
        d = diff(left, right, trigger=when, topics=REPORT_TOPICS)
        out.extend([f"## {left.id} ↔ {right.id}", ""])
        changed = [p for p in d.parameters if p.status not in ("same", "equivalent")]
        out.extend([f"| | {left.id} | {right.id} |", "|---|---|---|"])
        out.extend(f"| `{p.name}` | {_cell(_side(p.a))} | {_cell(_side(p.b))} |" for p in changed)
        only_a = sum(1 for r in d.rules if r.status == "only_a")
        only_b = sum(1 for r in d.rules if r.status == "only_b")
        different = sum(1 for r in d.rules if r.status == "different")
        out.extend(
            [
                "",
                f"Rules: {only_a} only in {left.id}, {only_b} only in {right.id}, {different} aligned but "
                f"different (`govrules diff {left.id} {right.id}` lists them).",
                "",
            ]
        )
        for s in d.semantics:
            verdict = _verdict(s.agree, s.exhaustive, len(s.examples), s.points, _w("en"))
            out.append(f"- **{s.topic}**: {verdict}")
            for e in s.examples[:REPORT_EXAMPLES]:
                out.append(
                    f"  - {_cell(e.description)}: {left.id} → {', '.join(e.a.summary)}; "
                    f"{right.id} → {', '.join(e.b.summary)}"
                )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
