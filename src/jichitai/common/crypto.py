"""個人情報の暗号化 (encryption of personal data at rest): AES-256-GCM with a key ring.

A token is "v1.<key_id>.<base64url(nonce ‖ ciphertext ‖ tag)>". The key id lets old rows be
decrypted after a new key becomes active, and lets a command find and re-encrypt them
(`needs_rotation`, `reencrypt`). The associated data binds a token to its place (for example
b"registry.resident.my_number:42"), so a ciphertext copied to another row or column fails.

Generate a key with:
    python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"
_KEY_BYTES = 32
# NIST SP 800-38D §8.2.2: a random 96-bit nonce, safe for up to 2**32 encryptions per key;
# rotating keys keeps every key far below that.
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Unpadded and strict: one token, one spelling ("+", "/" or "=" would decode to the same bytes).
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


class DecryptionError(Exception):
    """復号エラー (decryption failed): malformed or tampered token, wrong context or key.

    The message never contains plaintext or key material.
    """


class KeyRing:
    """鍵束 (key ring): the active key encrypts; every key in the ring decrypts."""

    def __init__(self, keys: Mapping[str, bytes], *, active_key_id: str) -> None:
        for key_id, key in keys.items():
            if _KEY_ID.fullmatch(key_id) is None:
                raise ValueError("key ids are 1 to 32 characters of A-Z, a-z, 0-9, '_' and '-'")
            if len(key) != _KEY_BYTES:
                raise ValueError(f"key {key_id!r} must be {_KEY_BYTES} bytes (AES-256)")
        if active_key_id not in keys:
            raise ValueError(f"active key {active_key_id!r} is not in the key ring")
        self.active_key_id = active_key_id
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}

    @classmethod
    def from_setting(cls, text: str) -> KeyRing:
        """Parse "id:base64key,id2:base64key"; the first key is the active one.

        Raises ValueError naming the offending key id, never the key.
        """
        keys: dict[str, bytes] = {}
        for position, entry in enumerate(text.split(","), start=1):
            key_id, separator, encoded = (part.strip() for part in entry.partition(":"))
            # Describe a bad entry by its position: if the id and key were swapped, echoing
            # the "id" would print the key.
            if not separator or _KEY_ID.fullmatch(key_id) is None:
                raise ValueError(f"key entry {position} is not 'id:base64key'")
            if key_id in keys:
                raise ValueError(f"key {key_id!r} appears twice")
            keys[key_id] = _decode_key(key_id, encoded)
        return cls(keys, active_key_id=next(iter(keys)))

    def __repr__(self) -> str:
        return f"KeyRing(active_key_id={self.active_key_id!r}, key_ids={list(self._ciphers)!r})"

    def encrypt(self, plaintext: str, *, associated_data: bytes) -> str:
        """暗号化 (encrypt) with the active key → "v1.<key_id>.<base64url>"."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._ciphers[self.active_key_id].encrypt(
            nonce, plaintext.encode(), associated_data
        )
        body = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
        return f"{_VERSION}.{self.active_key_id}.{body}"

    def decrypt(self, token: str, *, associated_data: bytes) -> str:
        """復号 (decrypt) a token made by any key in the ring. Raises DecryptionError."""
        key_id, raw = _split(token)
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise DecryptionError(f"key {key_id!r} is not in the key ring")
        try:
            plaintext = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], associated_data)
        except InvalidTag:
            raise DecryptionError("token was tampered with or belongs elsewhere") from None
        return plaintext.decode()

    def needs_rotation(self, token: str) -> bool:
        """鍵の更新が必要か (was this token made by a key other than the active one?)."""
        key_id, _ = _split(token)
        return key_id != self.active_key_id

    def reencrypt(self, token: str, *, associated_data: bytes) -> str:
        """再暗号化 (re-encrypt) under the active key, for key rotation."""
        return self.encrypt(
            self.decrypt(token, associated_data=associated_data),
            associated_data=associated_data,
        )


def keyed_hash(value: str, *, key: str) -> str:
    """検索用ハッシュ (keyed hash for exact lookups of encrypted values): HMAC-SHA256, hex.

    Keyed because 個人番号 has only 10**11 possible values: a plain hash of one is reversed by
    trying them all. Use a key of its own, not one of the encryption keys.
    """
    if not key:
        raise ValueError("keyed_hash needs a non-empty key")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def _decode_key(key_id: str, encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValueError(f"key {key_id!r} is not valid base64") from None
    if len(key) != _KEY_BYTES:
        raise ValueError(f"key {key_id!r} must decode to {_KEY_BYTES} bytes, not {len(key)}")
    return key


def _split(token: str) -> tuple[str, bytes]:
    version, _, rest = token.partition(".")
    key_id, _, body = rest.partition(".")
    if version != _VERSION or not key_id or _BASE64URL.fullmatch(body) is None:
        raise DecryptionError("not a v1 token")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error:
        raise DecryptionError("token body is not base64url") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("token body is too short")
    return key_id, raw
