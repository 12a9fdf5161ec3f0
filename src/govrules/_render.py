"""Reports and packs as text a person reads: a terminal summary, or Markdown to paste into a report."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ._pack import (
    AnyRule,
    ChangeControl,
    Deadline,
    Funding,
    MoneyParameter,
    Ordering,
    Pack,
    Parameter,
    PeriodParameter,
    Prohibition,
    RatioParameter,
    Requirement,
)
from ._project import MILESTONES
from ._report import Finding, Report
from .calendar import weekday_zh

_WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "project": "项目",
        "as_of": "评估日期",
        "applicable": "适用",
        "yes": "是",
        "no": "否",
        "violations": "违规",
        "overdue_obl": "逾期义务",
        "pending": "待办义务",
        "met": "已履行",
        "next": "下一步",
        "consequences": "资金后果",
        "warnings": "提示",
        "none": "无",
        "due": "截止",
        "left": "剩余{n}天",
        "past": "已逾期{n}天",
        "today": "今日到期",
        "basis": "依据",
        "responsible": "责任",
        "authority": "主管",
        "article": "第{a}条",
        "counted": "自{m}（{d}）起算，{p}",
        "estimated": "（估算）",
        "done": "完成于",
        "kind": {
            "overdue": "逾期未办",
            "late": "逾期办理",
            "missing": "缺少前置程序",
            "out_of_order": "顺序不当",
            "too_early": "早于规定时间",
            "prohibited": "禁止情形",
        },
        "status": {"pending": "待办", "overdue": "逾期", "met": "已履行", "met_late": "逾期履行"},
        "withhold": {
            "construction": "后续建设资金",
            "operations": "运行维护经费",
            "additional": "追加投资",
            "all": "全部资金",
        },
        "withheld": "暂停拨付",
        "change": "变更",
        "calendar": "日历",
        "not_applicable": "不适用",
        "earliest": "最早",
    },
    "en": {
        "project": "Project",
        "as_of": "As of",
        "applicable": "Applicable",
        "yes": "yes",
        "no": "no",
        "violations": "Violations",
        "overdue_obl": "Overdue obligations",
        "pending": "Pending obligations",
        "met": "Met",
        "next": "Next steps",
        "consequences": "Funding consequences",
        "warnings": "Warnings",
        "none": "none",
        "due": "due",
        "left": "{n} days left",
        "past": "{n} days overdue",
        "today": "due today",
        "basis": "Basis",
        "responsible": "Responsible",
        "authority": "Authority",
        "article": "Art. {a}",
        "counted": "counted from {m} ({d}), {p}",
        "estimated": " (estimated)",
        "done": "done",
        "kind": {
            "overdue": "overdue",
            "late": "done late",
            "missing": "prerequisite missing",
            "out_of_order": "out of order",
            "too_early": "too early",
            "prohibited": "prohibited",
        },
        "status": {"pending": "pending", "overdue": "overdue", "met": "met", "met_late": "met late"},
        "withhold": {
            "construction": "further construction funds",
            "operations": "O&M funds",
            "additional": "additional investment",
            "all": "all funds",
        },
        "withheld": "withheld",
        "change": "change",
        "calendar": "Calendar",
        "not_applicable": "Not applicable",
        "earliest": "earliest",
    },
}


def _w(lang: str) -> dict[str, Any]:
    return _WORDS["zh" if lang == "zh" else "en"]


def milestone_name(name: str, lang: str) -> str:
    zh, en = MILESTONES.get(name, (name, name))
    return zh if lang == "zh" else en


def _article(f: Finding, lang: str) -> str:
    text = str(_w(lang)["article"]).format(a=f.article)
    if f.item:
        text += f"第{f.item}项" if lang == "zh" else f" item {f.item}"
    return text


def _date(day: object, lang: str) -> str:
    import datetime as dt

    if not isinstance(day, dt.date):
        return "—"
    return f"{day.isoformat()}（{weekday_zh(day)}）" if lang == "zh" else f"{day.isoformat()} ({day:%a})"


def _when(f: Finding, lang: str) -> str:
    w = _w(lang)
    parts: list[str] = []
    if f.due:
        due = f"{w['due']} {_date(f.due, lang)}" + (str(w["estimated"]) if f.due_estimated else "")
        if f.done is None and f.days_left is not None:
            if f.days_left > 0:
                due += "，" if lang == "zh" else ", "
                due += str(w["left"]).format(n=f.days_left)
            elif f.days_left == 0:
                due += "，" if lang == "zh" else ", "
                due += str(w["today"])
            else:
                due += "，" if lang == "zh" else ", "
                due += str(w["past"]).format(n=-f.days_left)
        parts.append(due)
    elif f.earliest:
        parts.append(f"{w['earliest']} {_date(f.earliest, lang)}")
    if f.done:
        parts.append(f"{w['done']} {_date(f.done, lang)}")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def _line(f: Finding, lang: str, mark: str, message: str | None = None) -> list[str]:
    w = _w(lang)
    head = f"  {mark} [{_article(f, lang)}] {message or f.message}"
    if f.change is not None:
        amount = f"{Decimal(f.change.amount):,}"
        head += (
            f"（{w['change']} #{f.change.index + 1}，{f.change.date.isoformat()}，¥{amount}）"
            if lang == "zh"
            else f" ({w['change']} #{f.change.index + 1}, {f.change.date.isoformat()}, ¥{amount})"
        )
    lines = [head]
    when = _when(f, lang)
    if f.kind:
        kinds = w["kind"]
        assert isinstance(kinds, dict)
        when = kinds[f.kind] + ("；" + when if when and lang == "zh" else ("; " + when if when else ""))
    if when:
        lines.append(f"      {when}")
    if f.counted_from and f.period:
        lines.append(
            "      "
            + str(w["counted"]).format(
                m=milestone_name(f.counted_from.milestone, lang), d=f.counted_from.date.isoformat(), p=f.period
            )
        )
    who = f"{w['responsible']}：{f.responsible.name}" if lang == "zh" else f"{w['responsible']}: {f.responsible.name}"
    if f.authority:
        who += f"　{w['authority']}：{f.authority.name}" if lang == "zh" else f"; {w['authority']}: {f.authority.name}"
    lines.append(f"      {who}")
    lines.append(f"      {w['basis']}：“{f.quote}”" if lang == "zh" else f"      {w['basis']}: “{f.quote}”")
    return lines


def _section(title: str, findings: Iterable[Finding], lang: str, mark: str) -> list[str]:
    items = list(findings)
    if not items:
        return []
    lines = [f"{title}（{len(items)}）" if lang == "zh" else f"{title} ({len(items)})"]
    for f in items:
        lines.extend(_line(f, lang, mark))
    lines.append("")
    return lines


def report_text(report: Report) -> str:
    """A readable summary grouped by status, with due dates and days left or overdue."""
    lang = report.lang
    w = _w(lang)
    sep = "：" if lang == "zh" else ": "
    lines = [
        f"{report.policy.title}（{report.policy.document_number}）"
        if lang == "zh"
        else f"{report.policy.title} ({report.policy.document_number})",
        f"{w['project']}{sep}{report.project}　{w['as_of']}{sep}{_date(report.as_of, lang)}",
        f"{w['applicable']}{sep}{w['yes'] if report.applicable else w['no']}",
        "",
    ]
    if not report.applicable and report.not_applicable is not None:
        lines.extend(_section(str(w["not_applicable"]), [report.not_applicable], lang, "∅"))
        return "\n".join(lines).rstrip() + "\n"
    lines.extend(_section(str(w["violations"]), report.violations, lang, "✗"))
    lines.extend(_section(str(w["pending"]), [o for o in report.obligations if o.status == "pending"], lang, "•"))
    lines.extend(_section(str(w["next"]), report.next_steps, lang, "→"))
    if report.consequences:
        kinds = w["withhold"]
        assert isinstance(kinds, dict)
        title = str(w["consequences"])
        lines.append(
            f"{title}（{len(report.consequences)}）" if lang == "zh" else f"{title} ({len(report.consequences)})"
        )
        for c in report.consequences:
            funds = ("、" if lang == "zh" else ", ").join(kinds[k] for k in c.withhold)
            note = f"（{w['withheld']}：{funds}）" if lang == "zh" else f" ({w['withheld']}: {funds})"
            lines.extend(_line(c, lang, "!", message=c.message + note))
        lines.append("")
    done = [o for o in report.obligations if o.status in ("met", "met_late")]
    if done:
        lines.append(f"{w['met']}（{len(done)}）" if lang == "zh" else f"{w['met']} ({len(done)})")
        statuses = w["status"]
        assert isinstance(statuses, dict)
        for o in done:
            lines.append(
                f"  ✓ [{_article(o, lang)}] {o.message} — {statuses[o.status]}"
                + (
                    f"，{_date(o.done, lang)}"
                    if lang == "zh" and o.done
                    else (f", {_date(o.done, lang)}" if o.done else "")
                )
            )
        lines.append("")
    if report.warnings:
        lines.append(str(w["warnings"]))
        lines.extend(f"  ⚠ {text}" for text in report.warnings)
        lines.append("")
    lines.append(f"{w['calendar']}{sep}{report.calendar_version}")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def report_markdown(report: Report) -> str:
    """The report as Markdown tables, one per section."""
    lang = report.lang
    w = _w(lang)
    zh = lang == "zh"
    out = [
        f"# {report.policy.title}（{report.policy.document_number}）"
        if zh
        else f"# {report.policy.title} ({report.policy.document_number})",
        "",
        f"- {w['project']}：{report.project}" if zh else f"- {w['project']}: {report.project}",
        f"- {w['as_of']}：{report.as_of.isoformat()}" if zh else f"- {w['as_of']}: {report.as_of.isoformat()}",
        f"- {w['applicable']}：{w['yes'] if report.applicable else w['no']}"
        if zh
        else f"- {w['applicable']}: {w['yes'] if report.applicable else w['no']}",
        "",
    ]
    header = (
        "| 条款 | 事项 | 状态 | 截止 | 责任 | 主管 | 依据原文 |"
        if zh
        else "| Article | Item | Status | Due | Responsible | Authority | Quote |"
    )
    statuses, kinds = w["status"], w["kind"]
    assert isinstance(statuses, dict) and isinstance(kinds, dict)

    def table(title: str, findings: Iterable[Finding], status_of: str) -> None:
        items = list(findings)
        if not items:
            return
        out.extend([f"## {title}", "", header, "|---|---|---|---|---|---|---|"])
        for f in items:
            status = kinds[f.kind] if status_of == "kind" and f.kind else statuses.get(f.status or "", "")
            out.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        _article(f, lang),
                        f.message,
                        status,
                        f.due.isoformat() if f.due else "—",
                        f.responsible.name,
                        f.authority.name if f.authority else "—",
                        f.quote,
                    )
                )
                + " |"
            )
        out.append("")

    if not report.applicable and report.not_applicable is not None:
        table(str(w["not_applicable"]), [report.not_applicable], "status")
        return "\n".join(out).rstrip() + "\n"
    table(str(w["violations"]), report.violations, "kind")
    table(str(w["pending"]), [o for o in report.obligations if o.status == "pending"], "status")
    table(str(w["next"]), report.next_steps, "status")
    table(str(w["consequences"]), report.consequences, "status")
    table(str(w["met"]), [o for o in report.obligations if o.status in ("met", "met_late")], "status")
    if report.warnings:
        out.extend([f"## {w['warnings']}", "", *[f"- {t}" for t in report.warnings], ""])
    return "\n".join(out).rstrip() + "\n"


# -- packs ------------------------------------------------------------------------------------------------


def describe_rule(rule: AnyRule, pack: Pack, *, code: bool = True) -> str:
    """What a rule demands, in one line: with ``code``, identifiers in backticks plus the parameter,
    record and triggering rules (pack pages); without, the plain text rule alignment compares."""

    def q(name: str) -> str:
        return f"`{name}`" if code else name

    if isinstance(rule, Requirement):
        text = f"须有 {q(rule.milestone)}"
        if rule.after:
            text += f"，在 {q(rule.after)} 之后"
        if rule.before:
            text += "，不晚于 " + "、".join(q(m) for m in rule.before)
        return text
    if isinstance(rule, Deadline):
        param = pack.spec.parameters[rule.period]
        period = param.value.describe("zh") if isinstance(param, PeriodParameter) else rule.period
        named = f"（{q('$' + rule.period)}）" if code else " "
        return f"{q(rule.trigger)} 后 {period}{named}须有 {q(rule.milestone)}"
    if isinstance(rule, Ordering):
        return f"{q(rule.then)} 不得早于 {q(rule.first)}"
    if isinstance(rule, Prohibition):
        return "违规"
    if isinstance(rule, ChangeControl):
        outcomes = []
        for index, branch in enumerate(rule.branches):
            cond = pack.branch_conditions[(rule.id, index)].text()
            record = f"（{q(branch.record)}）" if code else ""
            outcomes.append(f"{'否则' if cond == 'always' else q(cond)} → {branch.outcome}{record}")
        return ("每项变更：" if code else "") + "；".join(outcomes)
    if isinstance(rule, Funding):
        text = "暂停拨付 " + "、".join(rule.withhold)
        if code and rule.if_violated:
            text += "（违反 " + "、".join(rule.if_violated) + " 时）"
        return text
    return "不适用本办法" if code else "不适用"


def _what(rule: AnyRule, pack: Pack) -> str:
    """What the engine checks for a rule, in one line (Chinese-first, identifiers as written)."""
    condition = pack.conditions[rule.id].text()
    when = "" if condition == "always" else f"当 `{condition}`："
    return when + describe_rule(rule, pack)


def parameter_value(param: Parameter) -> str:
    """A parameter's value as the regulation states it: 30个工作日内, ≥ ¥300,000, > 15%, ≥ 3."""
    if isinstance(param, PeriodParameter):
        return param.value.describe("zh")
    symbol = _SYMBOL[param.comparison]
    if isinstance(param, RatioParameter):
        return f"{symbol} {f'{param.value * 100:f}'.rstrip('0').rstrip('.')}%"
    if isinstance(param, MoneyParameter):
        return f"{symbol} ¥{param.value:,}"
    return f"{symbol} {param.value}"


_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def pack_markdown(pack: Pack) -> str:
    """A pack as Markdown: metadata, parameters, rules, articles with nothing checkable, workflow."""
    spec = pack.spec
    out = [
        f"# {spec.title.zh}",
        "",
        f"*{spec.title.en}*",
        "",
        "| | |",
        "|---|---|",
        f"| 文号 Document | {spec.document_number} |",
        f"| 发布 Issuer | {spec.issuer.zh} |",
        f"| 印发 Issued | {spec.issued.isoformat()} |",
        f"| 施行 Effective | {spec.effective.isoformat()} |",
        f"| 废止 Supersedes | {'、'.join(spec.supersedes) or '—'} |",
        f"| 地区 Jurisdiction | {spec.jurisdiction.province} "
        f"{spec.jurisdiction.city or ''}{spec.jurisdiction.county or ''}（{spec.jurisdiction.level}） |",
        f"| 规则 Rules | {len(spec.rules)} |",
        "",
        "## 参数 Parameters",
        "",
        "| 参数 | 名称 | 取值 | 条款 | 原文 |",
        "|---|---|---|---|---|",
    ]
    for name, param in spec.parameters.items():
        value = parameter_value(param)
        out.append(f"| `{name}` | {param.label.zh} | {_cell(value)} | 第{param.article}条 | {_cell(param.quote)} |")
    out.extend(
        ["", "## 规则 Rules", "", "| 规则 | 主题 | 条款 | 原文 | 引擎核查 | 责任 / 主管 |", "|---|---|---|---|---|---|"]
    )
    for rule in spec.rules:
        parties = spec.agencies[rule.responsible].zh + (
            f" / {spec.agencies[rule.authority].zh}" if rule.authority else ""
        )
        article = f"第{rule.article}条" + (f"第{rule.item}项" if rule.item else "")
        out.append(
            f"| `{rule.id}` | {rule.topic} | {article} | {_cell(rule.quote)} | {_cell(_what(rule, pack))} | {parties} |"
        )
    interpretations = [(r.id, r.interpretation) for r in spec.rules if r.interpretation]
    interpretations += [(f"${n}", p.interpretation) for n, p in spec.parameters.items() if p.interpretation]
    if interpretations:
        out.extend(["", "## 解释 Interpretations", ""])
        out.extend(f"- `{name}`: {_cell(text)}" for name, text in interpretations)
    if spec.not_checkable:
        out.extend(["", "## 无可核查内容的条款 Articles with nothing checkable", "", "| 条款 | 理由 |", "|---|---|"])
        out.extend(f"| 第{n.article}条 | {_cell(n.reason)} |" for n in spec.not_checkable)
    if spec.workflow:
        out.extend(["", "## 流程 Workflow", "", "| 步骤 | 里程碑 | 前置步骤 | 条件 |", "|---|---|---|---|"])
        for step in spec.workflow:
            cond = pack.step_conditions[step.id].text()
            out.append(
                f"| `{step.id}` | {milestone_name(step.milestone, 'zh')} | "
                f"{'、'.join(step.after) or '—'} | {'—' if cond == 'always' else _cell(cond)} |"
            )
    return "\n".join(out) + "\n"


def pack_text(pack: Pack) -> str:
    """A pack's parameters and rules as an aligned terminal table."""
    spec = pack.spec
    lines = [f"{spec.title.zh}（{spec.document_number}）", "", "参数 Parameters"]
    for name, param in spec.parameters.items():
        value = parameter_value(param)
        lines.append(f"  {name:<32} {value:<16} 第{param.article}条  {param.quote}")
    lines.extend(["", "规则 Rules"])
    for rule in spec.rules:
        lines.append(f"  {rule.id:<36} {rule.shape:<16} {rule.topic:<13} 第{rule.article}条  {rule.quote}")
    return "\n".join(lines) + "\n"
