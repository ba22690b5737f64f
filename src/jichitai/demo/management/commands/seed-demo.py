"""jichitai seed-demo: the demo municipalities and their staff, deterministic by --seed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jichitai.demo.services import demo_seed


class Command(BaseCommand):
    help = "デモ用の自治体（市と町）と、役割ごとの職員アカウントを作成します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="乱数の種（同じ種なら同じデータ）"
        )
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="表示するURLの先頭")

    def handle(self, *args: Any, seed: int, base_url: str, **options: Any) -> None:
        logins = demo_seed(seed=seed)
        self.stdout.write(self.style.SUCCESS("デモデータを作成しました。"))
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
        self.stdout.write(f"\n  API (OpenAPI): {base_url}/api/v1/docs\n")
