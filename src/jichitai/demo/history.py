"""デモの申請履歴 (demo case history): a year of decided cases per demo municipality, so the
insights dashboard tells a story on first start.

What the story holds, on purpose:
- the 3・4月 peak of moves and their follow-ups (転出, 国保, 児童手当, 転入学, 保育);
- online filing growing month by month (about a quarter to nearly half);
- counter filings around the lunch hour, staff steps in office hours on weekdays;
- one real bottleneck: the second step of 要介護認定 and 保育の利用調整 waits for a committee
  (介護認定審査会, 利用調整会議) that meets every other week, so 次の段階へ回付 → 審査開始 is
  by far the slowest transition on the process map, longest in spring;
- returns for correction (差戻し → 再提出) on about one case in eight, a few 却下 and 取下げ.

Deterministic by the seed and the day it runs (the year ends yesterday).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from jichitai.insights.services import figures_publish
from jichitai.procedures.models import Activity, ActorType, Case, Channel
from jichitai.procedures.selectors import Procedure, procedure_list
from jichitai.procedures.services import PastCase, PastEvent, case_history_import
from jichitai.tenants.models import Municipality

JST = ZoneInfo("Asia/Tokyo")
# Cases a day, on average, outside the peak; the year of a small city (みどり市: 49,000
# people) files a few thousand, a 町 fewer.
_DAILY_CASES = {"102121": 7.0, "104493": 3.0}
# 月ごとの繁忙: March and April are the moving season (年度替わり).
_MONTH_LOAD = {3: 2.4, 4: 2.1, 5: 1.1, 8: 0.8, 12: 0.8, 1: 0.9}
# How often each procedure is filed, and how much of it follows the moving season.
_WEIGHTS = {
    "juminhyo_request": (10, False),
    "move_out": (3, True),
    "move_within": (2, True),
    "nhi_membership": (3, True),
    "child_allowance_claim": (2, True),
    "child_allowance_revision": (1, False),
    "child_allowance_status": (2, False),
    "school_transfer": (1, True),
    "nursery_application": (1.5, True),
    "pregnancy_notification": (1, False),
    "care_need_certification": (1.5, False),
    "care_insurance_card_reissue": (1, False),
}
_HOUR = 3600
_DAY = 86_400


@dataclass(frozen=True)
class DemoHistory:
    lg_code: str
    cases: int
    events: int


def demo_history_seed(*, municipality: Municipality, seed: int, today: dt.date) -> DemoHistory:
    """A year of decided cases up to `today` (not included), once: a municipality that already
    has cases is left alone, so a second `seed-demo` adds nothing."""
    if Case.objects.for_municipality(municipality).exists():
        return DemoHistory(municipality.lg_code, 0, 0)
    rng = random.Random(f"{seed}-{municipality.lg_code}-history")  # noqa: S311 (demo data)
    procedures = {p.id: p for p in procedure_list() if p.id in _WEIGHTS}
    cases = []
    start = today - dt.timedelta(days=365)
    for offset in range(365):
        day = start + dt.timedelta(days=offset)
        for _ in range(_cases_on(rng, municipality.lg_code, day)):
            procedure_id = _pick_procedure(rng, day)
            case = _past_case(rng, procedures[procedure_id], day, start)
            # The history holds decided cases only: one still open at `today` is left out
            # (the inbox would otherwise fill with cases nobody filed).
            if case.events[-1].at < dt.datetime.combine(today, dt.time(), JST):
                cases.append(case)
    events = sum(len(case.events) for case in cases)
    written = case_history_import(municipality=municipality, cases=cases, actor=None)
    return DemoHistory(municipality.lg_code, written, events)


def _cases_on(rng: random.Random, lg_code: str, day: dt.date) -> int:
    if day.weekday() >= 5:
        # Online filing does not close at the weekend, the counter does.
        return int(rng.random() < 0.3 * _DAILY_CASES[lg_code] / 3)
    mean = _DAILY_CASES[lg_code] * _MONTH_LOAD.get(day.month, 1.0)
    return max(0, round(rng.gauss(mean, mean**0.5)))


def _pick_procedure(rng: random.Random, day: dt.date) -> str:
    spring = day.month in (3, 4)
    ids = list(_WEIGHTS)
    weights = [w * (2.5 if spring and seasonal else 1) for w, seasonal in _WEIGHTS.values()]
    return rng.choices(ids, weights)[0]


def _past_case(rng: random.Random, procedure: Procedure, day: dt.date, start: dt.date) -> PastCase:
    # オンライン申請の割合: grows from about 25 % to 45 % over the year.
    online_share = 0.25 + 0.2 * (day - start).days / 365
    online = "online" in procedure.channels and (
        "counter" not in procedure.channels or rng.random() < online_share
    )
    if online:
        submitted = _moment(day, rng.uniform(6, 23.5))
    else:
        # 窓口: busiest just before and after noon, when people come in their lunch break.
        submitted = _moment(day, min(16.8, max(8.6, rng.gauss(12.2, 2.0))))
    events = [
        PastEvent(Activity.SUBMIT, submitted, ActorType.RESIDENT if online else ActorType.STAFF)
    ]
    _process(rng, procedure.id, len(procedure.workflow), events)
    signed = online and procedure.signature_required
    return PastCase(
        procedure=procedure,
        channel=Channel.ONLINE if online else Channel.COUNTER,
        applicant_key=f"demo-history-{rng.getrandbits(48):012x}" if online else "",
        signature_verified_at=submitted if signed else None,
        events=events,
    )


def _process(rng: random.Random, procedure_id: str, steps: int, events: list[PastEvent]) -> None:
    """The staff steps after 申請: claim, maybe a return and resubmission, forward through the
    workflow's steps, then a decision (rarely a withdrawal while waiting)."""
    spring = events[0].at.month in (3, 4)
    if rng.random() < 0.02:
        _add(events, Activity.WITHDRAW, ActorType.RESIDENT, rng.uniform(2, 72) * _HOUR, False)
        return
    queue_hours = 20 if spring else 6
    for step in range(steps):
        if step == 0:
            wait = rng.expovariate(1 / (queue_hours * _HOUR))
        else:
            # 審査会・調整会議: held every other week, busier and later in spring.
            wait = rng.uniform(3, 14) * _DAY + (rng.uniform(3, 10) * _DAY if spring else 0)
        _add(events, Activity.CLAIM, ActorType.STAFF, wait, True)
        if step == 0 and rng.random() < 0.13:
            _add(events, Activity.RETURN, ActorType.STAFF, rng.uniform(0.3, 4) * _HOUR, True)
            resident_days = rng.expovariate(1 / 2.5) * _DAY
            _add(events, Activity.RESUBMIT, ActorType.RESIDENT, resident_days, False)
            _add(events, Activity.CLAIM, ActorType.STAFF, rng.expovariate(1 / (8 * _HOUR)), True)
        # 住民票の写し or a 転居届 takes an hour or so at the desk; the others a day's work.
        quick = procedure_id in ("juminhyo_request", "move_within")
        work = rng.uniform(0.2, 3 if quick else 30) * _HOUR
        last = step == steps - 1
        if not last:
            _add(events, Activity.FORWARD, ActorType.STAFF, work, True)
        elif rng.random() < 0.03:
            _add(events, Activity.REJECT, ActorType.STAFF, work, True)
        else:
            _add(events, Activity.APPROVE, ActorType.STAFF, work, True)


def _add(
    events: list[PastEvent], activity: Activity, actor: ActorType, seconds: float, office: bool
) -> None:
    at = events[-1].at + dt.timedelta(seconds=max(60, int(seconds)))
    if office:
        at = _office_hours(at)
    events.append(PastEvent(activity, at, actor))


def _office_hours(at: dt.datetime) -> dt.datetime:
    """Staff act on weekdays 8:30 to 17:15 (JST): a step due outside waits for the next opening."""
    local = at.astimezone(JST)
    opening = local.replace(hour=8, minute=30, second=0, microsecond=0)
    closing = local.replace(hour=17, minute=15, second=0, microsecond=0)
    if local >= closing:
        local = opening + dt.timedelta(days=1, minutes=local.minute % 30)
    elif local < opening:
        local = opening + dt.timedelta(minutes=local.minute % 30)
    while local.weekday() >= 5:
        local += dt.timedelta(days=1)
    return local


def _moment(day: dt.date, hour: float) -> dt.datetime:
    seconds = int(hour * _HOUR)
    return dt.datetime.combine(day, dt.time(), JST) + dt.timedelta(seconds=seconds)


def demo_history_seed_all(*, seed: int, today: dt.date) -> list[DemoHistory]:
    """The year of history of every demo municipality (made once), each municipality's
    monthly figures then published, so the dashboard's comparison has both side by side."""
    from jichitai.demo.services import DEMO_MUNICIPALITIES

    made = []
    for demo in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.get(lg_code=demo.lg_code)
        history = demo_history_seed(municipality=municipality, seed=seed, today=today)
        if history.cases:
            figures_publish(municipality=municipality, actor=None, today=today)
        made.append(history)
    return made
