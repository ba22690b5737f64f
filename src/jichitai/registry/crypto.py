"""個人番号 at rest: AES-256-GCM bound to the record, and a keyed hash for exact lookup.

Keys come from settings (JICHITAI_ENCRYPTION_KEYS, JICHITAI_LOOKUP_KEY); the associated data
ties a ciphertext to one municipality and 宛名番号, so it cannot be pasted onto another record.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from jichitai.common.crypto import KeyRing, keyed_hash


@lru_cache(maxsize=4)
def _keyring(setting: str) -> KeyRing:
    return KeyRing.from_setting(setting)


def keyring() -> KeyRing:
    return _keyring(settings.JICHITAI_ENCRYPTION_KEYS)


def _associated_data(lg_code: str, atena_number: str) -> bytes:
    return f"my_number:{lg_code}:{atena_number}".encode()


def my_number_encrypt(value: str, *, lg_code: str, atena_number: str) -> str:
    return keyring().encrypt(value, associated_data=_associated_data(lg_code, atena_number))


def my_number_decrypt(token: str, *, lg_code: str, atena_number: str) -> str:
    return keyring().decrypt(token, associated_data=_associated_data(lg_code, atena_number))


def my_number_reencrypt(token: str, *, lg_code: str, atena_number: str) -> str:
    return keyring().reencrypt(token, associated_data=_associated_data(lg_code, atena_number))


def my_number_lookup_hash(value: str, *, lg_code: str) -> str:
    """Keyed per municipality: equal numbers in two municipalities hash differently."""
    return keyed_hash(f"{lg_code}:{value}", key=settings.JICHITAI_LOOKUP_KEY)


def my_number_mask(value: str) -> str:
    """表示用: only the last 4 digits (the rest is never needed to tell records apart)."""
    return "●●●● ●●●● " + value[-4:]


def _move_out_associated_data(lg_code: str, certificate_id: str, position: int) -> bytes:
    return f"move_out_certificate:{lg_code}:{certificate_id}:{position}".encode()


def move_out_my_number_encrypt(
    value: str, *, lg_code: str, certificate_id: str, position: int
) -> str:
    """個人番号 of the `position`-th person of a 転出証明書情報, bound to that certificate."""
    return keyring().encrypt(
        value, associated_data=_move_out_associated_data(lg_code, certificate_id, position)
    )


def move_out_my_number_decrypt(
    token: str, *, lg_code: str, certificate_id: str, position: int
) -> str:
    return keyring().decrypt(
        token, associated_data=_move_out_associated_data(lg_code, certificate_id, position)
    )


def move_out_my_number_reencrypt(
    token: str, *, lg_code: str, certificate_id: str, position: int
) -> str:
    return keyring().reencrypt(
        token, associated_data=_move_out_associated_data(lg_code, certificate_id, position)
    )


def _search_conditions_associated_data(lg_code: str, user_id: int) -> bytes:
    return f"search_conditions:{lg_code}:{user_id}".encode()


def search_conditions_encrypt(value: str, *, lg_code: str, user_id: int) -> str:
    """検索履歴の条件 (§2.1.1), bound to the municipality and the user who searched."""
    return keyring().encrypt(
        value, associated_data=_search_conditions_associated_data(lg_code, user_id)
    )


def search_conditions_decrypt(token: str, *, lg_code: str, user_id: int) -> str:
    return keyring().decrypt(
        token, associated_data=_search_conditions_associated_data(lg_code, user_id)
    )
