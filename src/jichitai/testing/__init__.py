"""Test helpers shared by every app's tests (browser harness, accessibility checks).

Never imported by product code: only tests and the repository's conftest.py use it.
"""
