"""The project record: the public input contract.

A project is what the record says and nothing more. Milestones are a closed world — a milestone
absent from ``milestones`` did not happen (nor did one dated after the evaluation date). Every other
fact defaults to its benign value, so a violation is only ever derived from what the record states.

>>> p = Project.model_validate({"id": "p1", "name": "一网通办", "budget": 300000,
...                             "milestones": {"tech_review": "2026-03-02"}})
>>> p.budget, p.milestones["tech_review"]
(Decimal('300000'), datetime.date(2026, 3, 2))
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError, field_validator

from ._errors import ProjectError, suggest
from ._yaml import Located, load_yaml, raise_validation, read_input

#: Every milestone a record may carry: name → (中文, English). Order follows a project's life.
MILESTONES: dict[str, tuple[str, str]] = {
    "collective_decision": ("“三重一大”集体决策", "collective (三重一大) decision"),
    "expert_review": ("专家论证", "expert review"),
    "pre_assessment": ("事前绩效评估", "ex-ante performance assessment"),
    "resource_catalog_submitted": ("提交信息资源目录", "resource catalogue submitted"),
    "demand_submitted": ("需求申报", "demand / application submitted"),
    "classified_review": ("涉密审查", "classified-information review"),
    "demand_review": ("需求审核（需求性论证）", "demand review"),
    "pre_review": ("前置审查", "preliminary review"),
    "project_submitted": ("项目申报", "project application submitted"),
    "registered": ("备案（免技术审核）", "registered (no technical review)"),
    "security_review": ("网络安全审核", "network-security review"),
    "tech_review": ("技术审核", "technical review"),
    "financial_review": ("财政评审", "financial (budget) review"),
    "joint_review": ("联合评审", "joint review"),
    "budget_approved": ("预算批复", "budget approved"),
    "budget_approval_reported": ("预算批复报备", "budget approval reported"),
    "government_approval": ("政府批准", "government approval"),
    "private_network_approved": ("业务专网审批", "private network approved"),
    "approved": ("立项批复", "project approved (立项)"),
    "funded": ("资金安排", "funds allocated"),
    "allocation_published": ("资金分配计划公示", "fund allocation published"),
    "procurement_filed": ("政府采购备案", "procurement filed"),
    "contract_signed": ("签订合同", "contract signed"),
    "contract_filed": ("合同备案", "contract filed"),
    "confidentiality_agreement": ("签订保密协议", "confidentiality agreement signed"),
    "supervisor_engaged": ("委托监理", "supervisor engaged"),
    "supervisor_filed": ("监理备案", "supervisor filed"),
    "construction_started": ("开工建设", "construction started"),
    "progress_reported": ("报告建设进度和预算执行情况", "progress and budget execution reported"),
    "incident_reported": ("报告严重逾期或重大损失", "serious delay or loss reported"),
    "completed": ("建成", "construction completed"),
    "security_testing": ("网络安全测评", "network-security testing"),
    "crypto_assessment": ("密码应用安全性评估", "cryptography assessment"),
    "software_testing": ("软件测评", "software testing"),
    "security_assessment": ("安全风险评估", "security risk assessment"),
    "cloud_migrated": ("迁移至政务云", "migrated to the government cloud"),
    "contingency_plan": ("制定安全事件应急预案", "security contingency plan made"),
    "data_sharing_connected": ("对接政务数据共享交换平台", "connected to the data-sharing platform"),
    "data_resources_provided": ("提供信息资源", "data resources provided"),
    "initial_acceptance": ("初步验收", "initial acceptance"),
    "trial_started": ("试运行开始", "trial run started"),
    "data_registered": ("数据资源登记归集", "data resources registered"),
    "trial_ended": ("试运行结束", "trial run ended"),
    "acceptance_applied": ("申请验收", "acceptance applied for"),
    "acceptance_prereview": ("验收前置审查", "pre-acceptance review"),
    "security_inspection": ("网络安全实地审查", "on-site network-security inspection"),
    "technical_acceptance": ("技术验收", "technical acceptance"),
    "accepted": ("竣工验收合格", "accepted (竣工验收合格)"),
    "acceptance_filed": ("验收备案", "acceptance filed"),
    "put_into_use": ("投入使用", "put into use"),
    "performance_evaluated": ("绩效评价", "performance evaluated"),
    "rectification_notified": ("收到整改通知", "rectification notice received"),
    "rectified": ("报送整改结果", "rectification reported"),
    "deregistration_applied": ("提出系统注销申请", "deregistration applied for"),
    "deregistration_reviewed": ("注销申请审核完成", "deregistration reviewed"),
    "decommission_reviewed": ("停用专家论证", "decommissioning reviewed by experts"),
    "decommission_decided": ("停用集体决策", "decommissioning decided collectively"),
    "decommission_filed": ("停用备案", "decommissioning filed"),
    "decommissioned": ("停用报废", "decommissioned"),
    "decommission_reported": ("处置情况报告", "disposal reported"),
}

Kind = Literal["new", "expansion", "upgrade", "operations", "service"]
Category = Literal["system", "infrastructure", "equipment"]
Deployment = Literal["gov_cloud", "public_cloud", "own_room"]
Build = Literal["data_center", "machine_room", "cloud_platform", "private_network"]
ChangeReason = Literal["policy", "optimization", "business", "other"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _to_date(value: Any) -> Any:
    """Accept a real date or a YYYY-MM-DD string; refuse datetimes, numbers and other spellings."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time is expected")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError(f"{value!r} is not a date; expected YYYY-MM-DD")


def _to_money(value: Any) -> Any:
    """Accept yuan as an integer, a decimal string or a plain float; never a bool."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not an amount of yuan")
    if isinstance(value, float):
        value = repr(value)  # 0.1 stays 0.1, not its binary approximation
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount of yuan") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    return amount


IsoDate = Annotated[dt.date, BeforeValidator(_to_date)]
Money = Annotated[Decimal, BeforeValidator(_to_money), Field(ge=0, decimal_places=2)]
SignedMoney = Annotated[Decimal, BeforeValidator(_to_money), Field(decimal_places=2)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Frozen):
    """A change to the project during construction (项目变更)."""

    date: IsoDate = Field(description="when the change was decided")
    amount: SignedMoney = Field(description="资金调整数额: yuan, positive adds funds, negative removes them")
    reason: ChangeReason = Field(
        description="policy: 上级部署确需改变; optimization: 技术方案完善优化; business: 业务发展需要; other"
    )
    objective_changed: StrictBool = Field(default=False, description="建设目标改变")
    within_estimate: StrictBool = Field(default=True, description="变更后项目投资规模未超出概算批复")
    filed: IsoDate | None = Field(default=None, description="date the change was filed (备案)")
    approved: IsoDate | None = Field(default=None, description="date the change or re-application was approved")


class Project(_Frozen):
    """A government IT project, as its record states it."""

    id: str = Field(min_length=1, description="the record's identifier")
    name: str = Field(min_length=1, description="项目名称")
    unit: str | None = Field(default=None, description="建设单位")
    kind: Kind = Field(default="new", description="新建/扩建/改造升级/运行维护/购买服务")
    category: Category = Field(default="system", description="信息系统 / 基础设施 / 非系统性设备采购")
    budget: Money = Field(description="申报金额 / 概算总投资, yuan")
    annual_om_fee: Money | None = Field(default=None, description="年度运维费, yuan")
    contract_amount: Money | None = Field(default=None, description="采购（合同）金额, yuan")

    classified: StrictBool = Field(default=False, description="涉密")
    emergency: StrictBool = Field(default=False, description="突发事件紧急建设")
    key_project: StrictBool = Field(default=False, description="列入省市重点工程或涉及工程建设")
    unified: StrictBool = Field(default=False, description="上级统建")
    centralized_procurement: StrictBool = Field(default=False, description="集中采购")
    cross_department: StrictBool = Field(default=False, description="跨部门共建")

    deployment: Deployment = Field(default="gov_cloud", description="政务云 / 公有云 / 自建机房")
    builds: tuple[Build, ...] = Field(default=(), description="builds a data centre, machine room, cloud or network")

    contradicts_policy: StrictBool = Field(default=False, description="与政务资源共享和集约化建设政策相违背")
    interoperable: StrictBool = Field(default=True, description="能实现互联互通、数据共享、业务协同")
    shares_data: StrictBool = Field(default=True, description="已按要求实现业务协同和数据共享")
    disguised_packaging: StrictBool = Field(default=False, description="变相包装或纳入其他项目建设")
    contractor_qualified: StrictBool = Field(default=True, description="承建单位具备承建资质")
    classified_qualification_required: StrictBool = Field(
        default=False, description="非涉密项目设定了承建方涉密资质要求"
    )
    unlawful_subcontracting: StrictBool = Field(default=False, description="转包，或分包给无资质单位")

    in_budget: StrictBool = Field(default=True, description="已列入预算安排")
    in_plan: StrictBool = Field(default=True, description="已纳入政务信息化规划")
    new_department: StrictBool = Field(default=False, description="新设立部门的项目")
    superior_mandated: StrictBool = Field(default=False, description="因上级主管部门要求需要新建信息系统并对接")
    phased: StrictBool = Field(default=False, description="分年度实施")
    annual_budgets_stated: StrictBool = Field(default=True, description="已明确项目总预算和分年度预算")
    in_system_catalog: StrictBool = Field(default=True, description="已列入信息系统目录")
    secure_products_stated: StrictBool = Field(default=True, description="申报时已说明软硬件产品的安全可靠情况")
    controllable_products: StrictBool = Field(default=True, description="关键产品安全自主可控")
    negative_list: StrictBool = Field(default=False, description="列入项目管理负面清单")
    need_unclear: StrictBool = Field(default=False, description="建设无依据且需求不明确、效益不明显")
    duplicates_unified_system: StrictBool = Field(default=False, description="不符合集约化要求，或可利用统建系统实现")
    xinchuang_compliant: StrictBool = Field(default=True, description="符合信创、政务内网、业务协同、资源共享等要求")
    security_compliant: StrictBool = Field(default=True, description="符合密码应用和网络安全要求，无重大安全隐患")
    resource_ledger_maintained: StrictBool = Field(default=True, description="已完成数字资源“一本账”信息维护")
    on_management_platform: StrictBool = Field(default=True, description="已纳入项目管理平台")
    performance_failed: StrictBool = Field(default=False, description="绩效评价不合格")
    unified_platforms_connected: StrictBool = Field(default=True, description="已按规范接入各级统建平台")
    connected_to_sharing_platform: StrictBool = Field(default=True, description="已接入数据共享开放平台")
    added_after_budget: StrictBool = Field(default=False, description="预算安排完成后追加的项目")
    seriously_delayed: StrictBool = Field(default=False, description="工程严重逾期")
    major_loss: StrictBool = Field(default=False, description="投资重大损失")
    obsolete: StrictBool = Field(default=False, description="系统符合注销情形（无使用必要、被覆盖、停滞等）")
    free_om_years: int | None = Field(default=None, ge=0, le=50, description="免费运维服务期（年）")
    spent: Money | None = Field(default=None, description="实际支出, yuan")

    milestones: dict[str, IsoDate] = Field(default_factory=dict, description="milestone → the date it happened")
    changes: tuple[Change, ...] = ()

    @field_validator("milestones")
    @classmethod
    def _known_milestones(cls, value: dict[str, dt.date]) -> dict[str, dt.date]:
        for name in value:
            if name not in MILESTONES:
                hint = suggest(name, MILESTONES)
                raise ValueError(
                    f"unknown milestone {name!r}"
                    + (f"; did you mean {hint!r}?" if hint else "")
                    + " (the milestone names are listed in docs/project.md)"
                )
        return value


FIELD_DOCS: dict[str, str] = {name: info.description or "" for name, info in Project.model_fields.items()}


def _project_from(located: Located) -> Project:
    data = located.data
    if not isinstance(data, dict):
        raise ProjectError(
            "a project must be a mapping of fields",
            source=located.source,
            line=1,
            expected="fields such as id, name, budget, milestones",
        )
    milestones = data.get("milestones")
    if isinstance(milestones, dict):  # locate an unknown milestone at its own line, with a suggestion
        for name in milestones:
            if name not in MILESTONES:
                raise ProjectError(
                    f"unknown milestone {name!r}",
                    source=located.source,
                    line=located.line(("milestones", name)),
                    field=f"milestones.{name}",
                    expected="a milestone name from docs/project.md",
                    suggestion=suggest(str(name), MILESTONES),
                )
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, located, Project, ProjectError)


def parse_project(text: str | bytes, source: str = "<project>") -> Project:
    """Validate a project from YAML or JSON text (JSON is YAML); numbers stay exact."""
    return _project_from(load_yaml(text, source, ProjectError))


def load_project(path: str | Path) -> Project:
    """Read and validate a project file (.yaml, .yml or .json)."""
    file = Path(path)
    return parse_project(read_input(file, ProjectError, "the project file"), str(file))


def project_schema() -> dict[str, Any]:
    """The project model as JSON Schema (``govrules schema project``)."""
    schema = Project.model_json_schema()
    schema["properties"]["milestones"]["propertyNames"] = {"enum": list(MILESTONES)}
    return schema


def dumps_project(project: Project) -> str:
    """JSON text of a project (money as strings, so no precision is lost)."""
    return json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2)
