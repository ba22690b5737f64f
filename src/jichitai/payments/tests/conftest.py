"""Fixtures of procedures that the online fee's tests need (a signed 交付請求, its family)."""

from jichitai.procedures.tests.conftest import fake_jpki, family

__all__ = ["fake_jpki", "family"]
