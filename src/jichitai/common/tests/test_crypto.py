from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.common.crypto import DecryptionError, KeyRing, keyed_hash

OLD_KEY = bytes(range(32))
NEW_KEY = bytes(range(100, 132))
CONTEXT = b"registry.resident.my_number:42"


def _setting(*entries: tuple[str, bytes]) -> str:
    return ",".join(f"{key_id}:{base64.b64encode(key).decode()}" for key_id, key in entries)


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing.from_setting(_setting(("k2", NEW_KEY), ("k1", OLD_KEY)))


def test_encrypt_then_decrypt_returns_the_plaintext(ring: KeyRing) -> None:
    token = ring.encrypt("123456789018", associated_data=CONTEXT)

    assert ring.decrypt(token, associated_data=CONTEXT) == "123456789018"


def test_token_names_version_and_active_key_and_hides_the_plaintext(ring: KeyRing) -> None:
    token = ring.encrypt("123456789018", associated_data=CONTEXT)
    version, key_id, body = token.split(".")

    assert (version, key_id) == ("v1", "k2")
    assert "123456789018" not in token
    assert set(body) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_encrypting_twice_gives_different_tokens(ring: KeyRing) -> None:
    assert ring.encrypt("山田花子", associated_data=CONTEXT) != ring.encrypt(
        "山田花子", associated_data=CONTEXT
    )


def _flip_last_byte(token: str) -> str:
    prefix, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[-1] ^= 1
    return f"{prefix}.{base64.urlsafe_b64encode(bytes(raw)).rstrip(b'=').decode()}"


def test_tampered_token_fails(ring: KeyRing) -> None:
    token = ring.encrypt("123456789018", associated_data=CONTEXT)

    with pytest.raises(DecryptionError, match="tampered"):
        ring.decrypt(_flip_last_byte(token), associated_data=CONTEXT)


@pytest.mark.parametrize(
    "token",
    ["", "v1", "v1.k2", "v1.k2.", "v2.k2.AAAA", "v1.k2.AAAA", "v1.k2.not+base64url", "v1.k2.!!!"],
)
def test_malformed_token_fails(ring: KeyRing, token: str) -> None:
    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data=CONTEXT)


def test_padded_spelling_of_a_valid_token_is_rejected(ring: KeyRing) -> None:
    token = ring.encrypt("x", associated_data=CONTEXT)

    with pytest.raises(DecryptionError):
        ring.decrypt(f"{token}=", associated_data=CONTEXT)


def test_wrong_associated_data_fails(ring: KeyRing) -> None:
    token = ring.encrypt("123456789018", associated_data=CONTEXT)

    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data=b"registry.resident.my_number:43")


def test_token_from_an_unknown_key_fails(ring: KeyRing) -> None:
    other = KeyRing.from_setting(_setting(("k9", bytes(32))))

    with pytest.raises(DecryptionError, match="'k9' is not in the key ring"):
        ring.decrypt(other.encrypt("x", associated_data=CONTEXT), associated_data=CONTEXT)


def test_rotation_keeps_old_tokens_readable_and_moves_them_to_the_new_key() -> None:
    before = KeyRing.from_setting(_setting(("k1", OLD_KEY)))
    after = KeyRing.from_setting(_setting(("k2", NEW_KEY), ("k1", OLD_KEY)))
    old_token = before.encrypt("123456789018", associated_data=CONTEXT)

    assert after.decrypt(old_token, associated_data=CONTEXT) == "123456789018"
    assert after.needs_rotation(old_token)

    new_token = after.reencrypt(old_token, associated_data=CONTEXT)

    assert new_token.startswith("v1.k2.")
    assert not after.needs_rotation(new_token)
    assert after.decrypt(new_token, associated_data=CONTEXT) == "123456789018"
    with pytest.raises(DecryptionError):
        before.decrypt(new_token, associated_data=CONTEXT)


def test_from_setting_makes_the_first_key_active(ring: KeyRing) -> None:
    assert ring.active_key_id == "k2"


def test_from_setting_tolerates_spaces_around_entries() -> None:
    ring = KeyRing.from_setting(" k1 : " + base64.b64encode(OLD_KEY).decode() + " ")

    assert ring.active_key_id == "k1"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (_setting(("k1", bytes(16))), "key 'k1' must decode to 32 bytes, not 16"),
        ("k1:not base64!", "key 'k1' is not valid base64"),
        (_setting(("k1", OLD_KEY), ("k1", NEW_KEY)), "key 'k1' appears twice"),
        ("", "key entry 1 is not 'id:base64key'"),
        (base64.b64encode(OLD_KEY).decode(), "key entry 1 is not 'id:base64key'"),
        (_setting(("k1", OLD_KEY)) + ",", "key entry 2 is not 'id:base64key'"),
        (_setting(("bad.id", OLD_KEY)), "key entry 1 is not 'id:base64key'"),
    ],
)
def test_from_setting_rejects_bad_settings_with_a_clear_message(setting: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KeyRing.from_setting(setting)


def test_from_setting_errors_never_contain_key_material() -> None:
    encoded = base64.b64encode(OLD_KEY).decode()
    for setting in (f"{encoded}:k1", f"k1:{encoded[:-4]}", f"k1:{encoded}x"):
        with pytest.raises(ValueError) as excinfo:
            KeyRing.from_setting(setting)
        assert encoded[:8] not in str(excinfo.value)


def test_repr_shows_key_ids_but_no_keys(ring: KeyRing) -> None:
    text = repr(ring)

    assert text == "KeyRing(active_key_id='k2', key_ids=['k2', 'k1'])"
    assert base64.b64encode(NEW_KEY).decode()[:8] not in text


@given(st.text())
def test_round_trip_for_any_text(plaintext: str) -> None:
    ring = KeyRing.from_setting(_setting(("k1", OLD_KEY)))

    assert ring.decrypt(
        ring.encrypt(plaintext, associated_data=CONTEXT), associated_data=CONTEXT
    ) == (plaintext)


def test_keyed_hash_is_hmac_sha256_hex() -> None:
    expected = hmac.new(b"lookup-key", b"123456789018", hashlib.sha256).hexdigest()

    assert keyed_hash("123456789018", key="lookup-key") == expected
    assert len(expected) == 64


def test_keyed_hash_depends_on_key_and_value() -> None:
    assert keyed_hash("123456789018", key="a") == keyed_hash("123456789018", key="a")
    assert keyed_hash("123456789018", key="a") != keyed_hash("123456789018", key="b")
    assert keyed_hash("123456789018", key="a") != keyed_hash("123456789026", key="a")


def test_keyed_hash_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError):
        keyed_hash("123456789018", key="")
