"""連絡先 (a booking's contact): a name and an email address or a mobile number for SMS."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from jichitai.common.kana import normalize_width
from jichitai.common.text import text_is_clean
from jichitai.visits.errors import ContactInvalid
from jichitai.visits.models import EMAIL_MAX, NAME_MAX

# 電気通信番号規則: mobile numbers (SMS) are 11 digits starting 070, 080 or 090.
_MOBILE_PREFIXES = ("070", "080", "090")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""

    @property
    def address(self) -> str:
        return self.email or self.phone


def contact_parse(*, name: str, email: str = "", phone: str = "") -> Contact:
    """Check and normalise a contact. Raises ContactInvalid with what to fix."""
    # As typed: a name keeps its 全角スペース between family and given name (the register's way).
    name = name.strip()
    if not name or len(name) > NAME_MAX or not text_is_clean(name):
        raise ContactInvalid(f"お名前を{NAME_MAX}文字以内で入力してください。")
    email = normalize_width(email).strip()
    phone = "".join(ch for ch in normalize_width(phone) if ch.isdigit())
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ContactInvalid("メールアドレスの形式が正しくありません。") from None
        if len(email) > EMAIL_MAX:
            raise ContactInvalid("メールアドレスが長すぎます。")
        return Contact(name=name, email=email)
    if len(phone) == 11 and phone.startswith(_MOBILE_PREFIXES):
        return Contact(name=name, phone=phone)
    raise ContactInvalid(
        "確認コードを送るため、メールアドレスか携帯電話の番号（070・080・090で始まる11桁）を"
        "入力してください。"
    )
