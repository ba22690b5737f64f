"""The people of ../shared/STORY.md in the demo: 山田花子 of みどり市 and her 2025 income."""

from __future__ import annotations

import datetime as dt

HANAKO_NAME = "山田　花子"
# A random demo resident may be called 山田花子 too: the story's is the one born that day.
HANAKO_BIRTH_DATE = dt.date(1990, 6, 15)
# 総所得金額等 that みどり市's 住民税 holds for her (what 児童手当 asks for in step 5).
HANAKO_INCOME = 2_400_000
