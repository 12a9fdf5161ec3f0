"""Every shipped pack loads, cites its source verbatim inside the cited article, and covers every article."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import govrules
from govrules._pack import articles, chinese_number, read_source, uncovered_articles, verify_quotes

PACKS = sorted(govrules.shipped_packs())
Variant = Callable[[str, str], Path]


@pytest.mark.parametrize("name", PACKS)
def test_quotes_are_verbatim_in_the_cited_article(name: str) -> None:
    pack = govrules.load_pack(name)
    problems = verify_quotes(pack)
    assert not problems, "\n".join(p.message(str(pack.path)) for p in problems)


@pytest.mark.parametrize("name", PACKS)
def test_every_article_is_encoded_or_explained(name: str) -> None:
    assert uncovered_articles(govrules.load_pack(name)) == []


@pytest.mark.parametrize("name", PACKS)
def test_articles_are_numbered_without_gaps(name: str) -> None:
    numbers = sorted(articles(read_source(govrules.load_pack(name))))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10


def test_a_wrong_quote_is_reported_with_rule_and_nearest_text(jincheng_variant: Variant) -> None:
    broken = jincheng_variant("quote: 在收到批复的三个工作日内", "quote: 在收到批复的五个工作日内")
    problems = verify_quotes(govrules.load_pack(broken))
    assert len(problems) == 1
    message = problems[0].message("x.yaml")
    assert "parameter budget_report_period" in message and "article 14" in message
    assert "收到批复的三个工作日" in problems[0].nearest


def test_a_quote_from_another_article_is_refused(jincheng_variant: Variant) -> None:
    broken = jincheng_variant(
        "    article: 16\n    quote: 报备政府采购计划", "    article: 17\n    quote: 报备政府采购计划"
    )
    problems = verify_quotes(govrules.load_pack(broken))
    assert [p.where for p in problems] == ["rule jc-16-procurement-plan"]


def test_chinese_numerals() -> None:
    assert [chinese_number(t) for t in ("九", "十九", "二十九", "四十八", "一百")] == [9, 19, 29, 48, 100]


def test_jincheng_parameters_state_their_boundaries() -> None:
    params = govrules.load_pack("jincheng").spec.parameters
    threshold = params["financial_review_threshold"]
    limit = params["change_limit"]
    assert threshold.type == "money" and threshold.comparison == ">=" and threshold.value == 300000
    assert limit.type == "ratio" and limit.comparison == "<=" and limit.value == Decimal("0.1")


def test_pack_load_time_is_cached_and_packs_are_shared() -> None:
    assert govrules.load_pack("jincheng") is govrules.load_pack("jincheng")
