"""jichitai reset-totp USERNAME: remove a staff member's authenticator app (platform operators).

For a lost or replaced phone when the municipality's 管理者 cannot do it in the product.
The next sign-in asks for the password and then enrols a new authenticator app.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.identity.errors import StaffNotFound
from jichitai.identity.models import StaffUser
from jichitai.identity.services import totp_device_reset


class Command(BaseCommand):
    help = "職員の二要素認証（認証アプリ）を初期化します。次回のログインで新しい認証アプリを登録します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = StaffUser.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"職員 {username} が見つかりません。")
        try:
            totp_device_reset(user_id=user.pk, actor=None)
        except StaffNotFound as error:
            raise CommandError(error.detail) from None
        self.stdout.write(f"{username} の二要素認証を初期化しました。")
