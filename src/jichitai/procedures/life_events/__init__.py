"""ライフイベント (life events): declarative rules of which procedures an event of life (転入,
転出, 転居, 出生, 死亡, 婚姻・氏の変更) leads to, why, and how it fills their forms. The counter,
the portal and 手続ナビ read the same rules; other apps reach them through procedures.selectors
(`life_event_list`, `life_event_get`, `life_event_applicable`) and these names.
"""

from jichitai.procedures.life_events.definitions import (
    LifeEvent,
    LifeEventError,
    ProcedureRule,
    Question,
    Text,
    life_events,
    life_events_load,
)
from jichitai.procedures.life_events.evaluation import (
    Applicable,
    Facts,
    Person,
    age_reached,
    applicable,
    school_grade,
    school_year_age,
)

__all__ = [
    "Applicable",
    "Facts",
    "LifeEvent",
    "LifeEventError",
    "Person",
    "ProcedureRule",
    "Question",
    "Text",
    "age_reached",
    "applicable",
    "life_events",
    "life_events_load",
    "school_grade",
    "school_year_age",
]
