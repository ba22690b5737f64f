"""保育料 (利用者負担額) of a child under 3 in 保育 (3号認定), from the household's 市町村民税所得割額.

The bracket table is the 国の基準 (子ども・子育て支援法施行令 第4条; the 3歳未満・保育認定 column
of the 利用者負担 upper limits), which a municipality's 条例 may lower:

| 階層 | 市町村民税 | 保育標準時間 | 保育短時間 |
|---|---|---|---|
| 第1 | 生活保護世帯 | 0 | 0 |
| 第2 | 非課税 (均等割も所得割もなし) | 9,000 before 2019-10, then 0 (幼児教育・保育の無償化: 0-2歳 of 非課税世帯) | 8,900, then 0 |
| 第3 | 所得割 48,600 円未満 (均等割のみを含む) | 19,500 | 19,300 |
| 第4 | 97,000 円未満 | 30,000 | 29,600 |
| 第5 | 169,000 円未満 | 44,500 | 43,900 |
| 第6 | 301,000 円未満 | 61,000 | 60,100 |
| 第7 | 397,000 円未満 | 80,000 | 78,800 |
| 第8 | 397,000 円以上 | 104,000 | 102,400 |

- Which year's tax: 4月〜8月 use the 前年度 市町村民税, 9月〜3月 the 当年度 (施行令 第4条: the
  tax known when the fee is set; 9月 is when the new 年度's tax is known).
- 3歳以上 (2号) is free since 2019-10 (無償化): only 3号 children are billed.
- Siblings (国の基準): among the children of the household in 保育 at the same time, counted
  from the oldest, the second pays half and the third and later nothing. Here the household
  is the guardian's 保育 符号: siblings placed under another guardian's 符号, at a 幼稚園, or in
  another municipality are not seen (said in docs/payments.md).
- The income is asked of the 個人住民税 business through the broker (exchange
  `childcare.income`, recorded as every exchange is); the 所得割 is the guardian's only (the
  household sum of both parents needs both 符号, which the 利用申込 does not carry yet).
  No assessment found → the top bracket, as 条例 commonly provide for an income that cannot be
  confirmed (未申告). 第1階層 (生活保護) is not known to this app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

NO_TAX_FREE_FROM = dt.date(2019, 10, 1)


@dataclass(frozen=True)
class Bracket:
    """One 階層: 所得割額 below `below` (None: the top), the monthly fee per 保育必要量."""

    name: str
    below: int | None
    standard: int
    short: int


NATIONAL_UNDER_3: tuple[Bracket, ...] = (
    Bracket("第3階層", 48_600, 19_500, 19_300),
    Bracket("第4階層", 97_000, 30_000, 29_600),
    Bracket("第5階層", 169_000, 44_500, 43_900),
    Bracket("第6階層", 301_000, 61_000, 60_100),
    Bracket("第7階層", 397_000, 80_000, 78_800),
    Bracket("第8階層", None, 104_000, 102_400),
)


def tax_fiscal_year(month: dt.date) -> int:
    """The 賦課年度 of the 市町村民税 that sets the fee of `month`."""
    school_year = month.year if month.month >= 4 else month.year - 1
    return school_year - 1 if 4 <= month.month <= 8 else school_year


@dataclass(frozen=True)
class Fee:
    bracket: str
    amount: int


def bracket_fee(
    *,
    income: dict[str, Any] | None,
    hours: str,
    month: dt.date,
    table: tuple[Bracket, ...] = NATIONAL_UNDER_3,
) -> Fee:
    """The monthly fee of one child (before the sibling rule)."""
    if income is not None and income["income_levy"] == 0 and income["per_capita_levy"] == 0:
        # 第2階層: 9,000 / 8,900 yen before the 無償化, free for 0-2 year olds since.
        before = 8_900 if hours == "short" else 9_000
        return Fee("第2階層", 0 if month >= NO_TAX_FREE_FROM else before)
    levy = income["income_levy"] if income is not None else None
    for bracket in table:
        if bracket.below is None or (levy is not None and levy < bracket.below):
            return Fee(bracket.name, bracket.short if hours == "short" else bracket.standard)
    raise ValueError("the table has no top bracket")


def sibling_share(fee: int, *, rank: int) -> int:
    """国の基準's 多子軽減: the oldest pays in full, the second half, the third and later 0."""
    if rank <= 1:
        return fee
    return fee // 2 if rank == 2 else 0
