"""The JPKI test CA and virtual cards of the identity tests, for the portal's tests."""

from jichitai.identity.tests.conftest import jpki, jpki_world  # noqa: F401
