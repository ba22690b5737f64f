"""jichitai issue-api-token USERNAME: issue an API token for a staff member."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.identity.errors import StaffInvalid
from jichitai.identity.models import StaffUser
from jichitai.identity.services import api_token_issue


class Command(BaseCommand):
    help = "職員のAPIトークンを発行します（トークンはこの一度だけ表示されます）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API", help="用途")
        parser.add_argument("--days", type=int, default=90, help="有効日数（1〜366）")

    def handle(self, *args: Any, username: str, name: str, days: int, **options: Any) -> None:
        user = StaffUser.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"職員 {username} が見つかりません。")
        try:
            issued = api_token_issue(user=user, name=name, valid_days=days, actor=None)
        except StaffInvalid as error:
            raise CommandError(error.detail) from None
        self.stdout.write(issued.plaintext)
