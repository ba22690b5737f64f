"""jichitai seed-demo: the demo municipalities, their staff and (with --residents N) their
residents, deterministic by --seed."""

from __future__ import annotations

import time
from argparse import BooleanOptionalAction
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jichitai.demo.counter import demo_counter_move_in_seed
from jichitai.demo.history import demo_history_seed_all
from jichitai.demo.opendata import demo_opendata_seed
from jichitai.demo.payments import demo_payments_seed
from jichitai.demo.services import (
    demo_cards_seed,
    demo_department_records_seed_all,
    demo_residents_seed,
    demo_seed,
)
from jichitai.registry.services import network_outbox_send


class Command(BaseCommand):
    help = "デモ用の自治体（市と町）と、役割ごとの職員アカウントを作成します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="乱数の種（同じ種なら同じデータ）"
        )
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="表示するURLの先頭")
        parser.add_argument(
            "--residents",
            type=int,
            default=0,
            help="自治体ごとに作成する住民の数（住民記録が空の自治体だけ。既定 0）",
        )
        parser.add_argument(
            "--cards",
            type=int,
            default=0,
            help=(
                "自治体ごとに仮想カード（デモ用）を発行する世帯主の数。山田花子さんの家族と、"
                "書かない窓口の転入待ちの家族も作成します（既定 0）"
            ),
        )

        parser.add_argument(
            "--history",
            action=BooleanOptionalAction,
            default=True,
            help="過去1年分の申請の履歴（業務の見える化のデモ用）を作成します（既定: 作成する）",
        )

    def handle(
        self,
        *args: Any,
        seed: int,
        base_url: str,
        residents: int,
        cards: int,
        history: bool,
        **options: Any,
    ) -> None:
        logins = demo_seed(seed=seed)
        self.stdout.write(self.style.SUCCESS("デモデータを作成しました。"))
        if residents > 0:
            started = time.monotonic()
            for made in demo_residents_seed(seed=seed, count=residents):
                self.stdout.write(
                    f"  {made.lg_code}: 住民 {made.residents}人（現住 {made.living}人、"
                    f"外国人住民 {made.foreign}人）、世帯 {made.households}、"
                    f"住民履歴 {made.history}件"
                )
            self.stdout.write(f"  住民の作成: {time.monotonic() - started:.1f}秒")
        self.stdout.write(f"\n  自治体の選択:  {base_url}/")
        current = None
        for login in logins:
            if login.lg_code != current:
                current = login.lg_code
                where = (
                    f"{base_url}/{login.lg_code}/staff/login/"
                    if login.lg_code
                    else (f"{base_url}/admin/")
                )
                self.stdout.write(f"\n  {login.municipality_name}  {where}")
            self.stdout.write(f"    {login.username:<26} {login.password:<16} {login.role_label}")
        if cards > 0:
            self._cards(cards, base_url)
            # Like 山田花子's family, the counter's family comes with the cards.
            waiting = demo_counter_move_in_seed(card=True)
            self.stdout.write(
                f"\n  書かない窓口: {base_url}/{waiting.municipality_id}/counter/  転入待ち 1件"
                "（佐藤美和さんの家族。カードは「デモ端末のカード」、暗証番号 1234）"
            )
        self._department_records(seed)
        for published in demo_opendata_seed():
            self.stdout.write(
                f"\n  {published.lg_code}: オープンデータ 公共施設一覧 {published.facilities}件、"
                f"地域・年齢別人口 {published.population_areas}地域"
            )
        if history:
            self._history(seed)
        issued = demo_payments_seed(today=timezone.localdate())
        if issued:
            self.stdout.write(f"\n  公金収納: 納付書 {issued}件（軽自動車税、保育料）")
        # The demo's changes told 住基ネット (the demo network) what they changed: the
        # 住基ネット送信 page then shows them sent, as a real deployment's sender would.
        sent = network_outbox_send().sent
        if sent:
            self.stdout.write(f"\n  住基ネット送信（デモのネットワーク）: {sent}件")
        self.stdout.write(f"\n  API (OpenAPI): {base_url}/api/v1/docs\n")

    def _department_records(self, seed: int) -> None:
        for made in demo_department_records_seed_all(seed=seed):
            if made.counts:
                counts = "、".join(f"{label} {count}件" for label, count in made.counts.items())
                self.stdout.write(f"\n  {made.lg_code}: 各業務の記録（符号で管理） {counts}")

    def _history(self, seed: int) -> None:
        started = time.monotonic()
        made = demo_history_seed_all(seed=seed, today=timezone.localdate())
        for history in made:
            if history.cases:
                self.stdout.write(
                    f"\n  {history.lg_code}: 過去1年の申請 {history.cases}件（事象 {history.events}件）"
                )
        if any(history.cases for history in made):
            self.stdout.write(f"  申請履歴の作成: {time.monotonic() - started:.1f}秒")

    def _cards(self, per_municipality: int, base_url: str) -> None:
        made = demo_cards_seed(per_municipality=per_municipality)
        self.stdout.write(
            "\n  住民ポータル（デモ用の仮想カードでログイン。暗証番号 1234、署名用パスワード JICHITAI1）"
        )
        for card in made:
            self.stdout.write(
                f"    {base_url}/{card.lg_code}/portal/  {card.name}（{card.card_id}）"
            )
