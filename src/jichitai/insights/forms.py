"""The dashboard's filters: one procedure, one channel, a period of months. A GET form: a
bad value is named in Japanese and the figures are shown without that filter."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jichitai.insights.kpis import Filters
from jichitai.insights.models import ImportedLog
from jichitai.procedures.models import Channel
from jichitai.procedures.selectors import procedure_list

_MONTH = re.compile(r"(\d{4})-(\d{2})")
# Months before this are no one's event log: it bounds the year typed.
_FIRST_YEAR = 2000


def _month(text: str) -> dt.date:
    match = _MONTH.fullmatch(text)
    if match is None or not (_FIRST_YEAR <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12):
        raise forms.ValidationError(_("年月は 2026-04 のように入力してください。"), code="month")
    return dt.date(int(match[1]), int(match[2]), 1)


class FilterForm(forms.Form):
    procedure = forms.ChoiceField(label=_("手続"), required=False)
    channel = forms.ChoiceField(
        label=_("受付チャネル"),
        required=False,
        choices=[("", _("すべて")), *Channel.choices],
    )
    since = forms.CharField(
        label=_("申請した月（から）"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-04"}),
    )
    until = forms.CharField(
        label=_("申請した月（まで）"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2027-03"}),
    )

    log = forms.TypedChoiceField(
        label=_("分析するログ"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("取り込んだログを選ぶと、手続・チャネル・月の絞り込みは使いません。"),
    )

    def __init__(self, *args: Any, logs: Sequence[ImportedLog] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [  # type: ignore[attr-defined]
            ("", _("すべて")),
            *((p.id, p.name) for p in procedure_list()),
        ]
        # Only the process map offers imported logs (`jichitai import-xes`).
        if logs:
            self.fields["log"].choices = [  # type: ignore[attr-defined]
                ("", _("この団体の申請の記録")),
                *((str(log.pk), log.name) for log in logs),
            ]
        else:
            del self.fields["log"]

    def log_id(self) -> int | None:
        """The imported log chosen, if the field is offered and valid."""
        if not self.is_bound or "log" not in self.fields or "log" in self.errors:
            return None
        value: int | None = self.cleaned_data.get("log")
        return value

    def clean_since(self) -> dt.date | None:
        text = self.cleaned_data["since"]
        return _month(text) if text else None

    def clean_until(self) -> dt.date | None:
        text = self.cleaned_data["until"]
        if not text:
            return None
        last = _month(text)
        # The form says "until March": the filter excludes from the first of April.
        return (last + dt.timedelta(days=32)).replace(day=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since >= until:
            self.add_error("until", _("「まで」は「から」と同じ月かそれより後にしてください。"))
        return data

    def filters(self) -> Filters:
        """The filters of the valid fields (a field in error filters nothing)."""
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}

        def valid(name: str) -> Any:
            return None if name in errors else (data.get(name) or None)

        return Filters(
            procedure_id=valid("procedure"),
            channel=valid("channel"),
            since=valid("since"),
            until=valid("until"),
        )
