"""来庁予約と窓口の順番 (visits): services with slots, reservations, counters and tickets.

Times are stored in UTC with seconds (DESIGN.md); people read them in Asia/Tokyo.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel

# A slot offers at most this many places (a counter with many windows, a 交付 session).
CAPACITY_MAX = 50
NAME_MAX = 60
PHONE_MAX = 20
EMAIL_MAX = 254  # RFC 5321 §4.5.3.1.3 less the angle brackets


class ServiceKind(models.TextChoices):
    COUNTER = "counter", _("窓口")
    # 出張申請: staff and a vehicle go to a care home or hospital (マイナンバーカードの出張申請受付).
    OUTREACH = "outreach", _("出張")


class Service(TenantOwnedModel):
    """予約できる用件 (a service): 住民異動, 証明書, マイナンバーカード交付・更新, 子育て …

    Slots of `slot_minutes` from `opens_at` to `closes_at` on every 開庁日, `capacity`
    places each; tickets are numbered with `prefix` (A-001).
    """

    key = models.SlugField(_("識別子"), max_length=30)
    name = models.CharField(_("用件"), max_length=60)
    kind = models.CharField(
        _("種類"), max_length=10, choices=ServiceKind.choices, default=ServiceKind.COUNTER
    )
    prefix = models.CharField(_("番号札の記号"), max_length=2)
    slot_minutes = models.PositiveSmallIntegerField(_("予約枠の長さ（分）"), default=30)
    capacity = models.PositiveSmallIntegerField(_("1枠の定員"), default=2)
    opens_at = models.TimeField(_("受付開始"))
    closes_at = models.TimeField(_("受付終了"))
    # 出張申請: who goes and with which car; shown to staff with the day's bookings.
    staff_names = models.CharField(_("担当職員"), max_length=100, blank=True)
    vehicle = models.CharField(_("公用車"), max_length=40, blank=True)
    is_active = models.BooleanField(_("受付中"), default=True)

    class Meta:
        verbose_name = _("用件")
        verbose_name_plural = _("用件")
        ordering = ["municipality", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="service_unique_key"),
            models.UniqueConstraint(
                fields=["municipality", "prefix"], name="service_unique_prefix"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=CAPACITY_MAX),
                name="service_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="service_slot_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.name}"


class Slot(TenantOwnedModel):
    """予約枠 (one slot): its places and how many are taken.

    `booked <= capacity` is a CHECK constraint: every booking raises `booked` by one in the
    database, so the last place can be taken once only, however many requests race for it.
    Slots are created the first time someone books them.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(_("開始"))
    capacity = models.PositiveSmallIntegerField(_("定員"))
    booked = models.PositiveSmallIntegerField(_("予約数"), default=0)

    class Meta:
        verbose_name = _("予約枠")
        verbose_name_plural = _("予約枠")
        ordering = ["municipality", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service", "starts_at"], name="slot_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(booked__gte=0, booked__lte=F("capacity")),
                name="slot_booked_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.starts_at:%Y-%m-%d %H:%M} {self.booked}/{self.capacity}"

    @property
    def free(self) -> int:
        return self.capacity - self.booked


class ReservationStatus(models.TextChoices):
    BOOKED = "booked", _("予約済み")
    CHECKED_IN = "checked_in", _("受付済み")
    CANCELLED = "cancelled", _("取消し")


class ReservationChannel(models.TextChoices):
    WEB = "web", _("インターネット")
    PORTAL = "portal", _("住民ポータル（カード）")
    PHONE = "phone", _("電話（職員が代行）")


class Reservation(TenantOwnedModel):
    """来庁予約 (a reservation): who comes, for what, when; `code` is what they show.

    The contact (email or phone) is the resident's own, for the confirmation and the
    reminder; `resident_id` is the register's id when they signed in with their card.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reservations")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="reservations")
    code = models.CharField(_("予約番号"), max_length=8)
    name = models.CharField(_("氏名"), max_length=NAME_MAX)
    email = models.EmailField(_("メールアドレス"), max_length=EMAIL_MAX, blank=True)
    phone = models.CharField(_("電話番号"), max_length=PHONE_MAX, blank=True)
    resident_id = models.BigIntegerField(_("住民"), null=True, blank=True)
    # 出張申請: where staff go (a care home or hospital).
    visit_place = models.CharField(_("訪問先"), max_length=100, blank=True)
    channel = models.CharField(_("受付方法"), max_length=10, choices=ReservationChannel.choices)
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=ReservationStatus.choices,
        default=ReservationStatus.BOOKED,
    )
    created_at = models.DateTimeField(_("予約日時"))

    class Meta:
        verbose_name = _("来庁予約")
        verbose_name_plural = _("来庁予約")
        ordering = ["municipality", "slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="reservation_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 予約 {self.code}"


class Confirmation(TenantOwnedModel):
    """確認コード (a one-time code) sent to the contact a booking gives; the booking waits
    here until the code comes back. Only the code's keyed hash is stored."""

    code_hash = models.CharField(max_length=64)
    # What will be booked: service, slot start, name, contact (or the reservation to change).
    request = models.JSONField()
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("確認コード")
        verbose_name_plural = _("確認コード")
        ordering = ["municipality", "-expires_at"]

    def __str__(self) -> str:
        return f"{self.municipality_id} 確認コード #{self.pk}"


class Counter(TenantOwnedModel):
    """窓口 (a counter or window) where staff call tickets: 1番窓口 …"""

    number = models.PositiveSmallIntegerField(_("窓口番号"))
    name = models.CharField(_("名称"), max_length=40)
    # Through CounterService (it carries municipality, so the table can be distributed by it;
    # tenants/citus.py): writers pass through_defaults={"municipality_id": …}.
    services = models.ManyToManyField(
        Service, through="CounterService", related_name="counters", verbose_name=_("用件")
    )
    is_open = models.BooleanField(_("開いている"), default=True)

    class Meta:
        verbose_name = _("窓口")
        verbose_name_plural = _("窓口")
        ordering = ["municipality", "number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="counter_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.name}"


class CounterService(TenantOwnedModel):
    """窓口で扱う用件: which services a counter calls tickets for (the many-to-many of
    `Counter.services`, with the municipality of both, for Citus distribution)."""

    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="counter_links")

    class Meta:
        verbose_name = _("窓口の用件")
        verbose_name_plural = _("窓口の用件")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "counter", "service"], name="counter_service_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 窓口 #{self.counter_id} 用件 #{self.service_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One form (the admin's inline) sets only counter and service: the counter's
        # municipality is the row's.
        if not self.municipality_id and self.counter_id:
            self.municipality_id = self.counter.municipality_id
        super().save(*args, **kwargs)


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("お待ちください")
    CALLED = "called", _("呼出し中")
    SERVING = "serving", _("対応中")
    DONE = "done", _("終了")
    NO_SHOW = "no_show", _("不在")


class Ticket(TenantOwnedModel):
    """番号札 (a queue ticket): numbered per service and day; arrival, call, start and end
    are kept with seconds for the waiting-time figures (insights)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("発行日"))
    number = models.PositiveIntegerField(_("番号"))
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    counter = models.ForeignKey(
        Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    call_count = models.PositiveSmallIntegerField(_("呼出し回数"), default=0)
    arrived_at = models.DateTimeField(_("到着"))
    called_at = models.DateTimeField(_("呼出し"), null=True, blank=True)
    # The latest call or recall: the board lists the tickets called last first.
    announced_at = models.DateTimeField(_("直近の呼出し"), null=True, blank=True)
    started_at = models.DateTimeField(_("対応開始"), null=True, blank=True)
    ended_at = models.DateTimeField(_("対応終了"), null=True, blank=True)

    class Meta:
        verbose_name = _("番号札")
        verbose_name_plural = _("番号札")
        ordering = ["municipality", "day", "arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service", "day", "number"], name="ticket_unique_number"
            ),
            # A reservation checks in once (with the municipality, as every tenant key).
            models.UniqueConstraint(
                fields=["municipality", "reservation"], name="ticket_one_per_reservation"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "day", "status"]),
            # The waiting-time estimate reads a service's latest finished tickets on every
            # poll of every board: without it, a sort of all the service's tickets ever.
            models.Index(fields=["service", "status", "ended_at"], name="ticket_recent_done"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.label}"

    @property
    def label(self) -> str:
        """The number people hear and see: A-007."""
        return f"{self.service.prefix}-{self.number:03d}"
