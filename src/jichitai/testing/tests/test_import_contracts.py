"""The import rule of docs/architecture.md: an app may import another app's public modules and
the listed interfaces, and nothing else of it."""

from __future__ import annotations

import grimp

from jichitai.testing.import_contracts import PublicSurfaceContract


def _check(*imports: tuple[str, str]) -> list[tuple[str, str]]:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(
            importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}"
        )
    contract = PublicSurfaceContract(
        name="public surface",
        session_options={},
        contract_options={
            "container": "jichitai",
            "public_modules": ["jichitai.*.services", "jichitai.*.selectors"],
            "interfaces": ["jichitai.common", "jichitai.common.**"],
            "ignore_imports": ["jichitai.*.tests.** -> jichitai.**"],
            "unmatched_ignore_imports_alerting": "none",
        },
    )
    result = contract.check(graph, verbose=False)
    return [(link["importer"], link["imported"]) for link in result.metadata["illegal_imports"]]


def test_public_modules_and_interfaces_may_be_imported() -> None:
    assert not _check(
        ("jichitai.portal.views", "jichitai.procedures.services"),
        ("jichitai.portal.views", "jichitai.procedures.selectors"),
        ("jichitai.portal.views", "jichitai.common.wareki"),
    )


def test_another_apps_internal_module_is_refused() -> None:
    assert _check(("jichitai.portal.views", "jichitai.procedures.summary")) == [
        ("jichitai.portal.views", "jichitai.procedures.summary")
    ]


def test_a_module_behind_a_services_package_is_refused() -> None:
    assert _check(("jichitai.demo.seed", "jichitai.registry.services.entries")) == [
        ("jichitai.demo.seed", "jichitai.registry.services.entries")
    ]


def test_an_app_may_import_its_own_modules_and_tests_anything() -> None:
    assert not _check(
        ("jichitai.procedures.views", "jichitai.procedures.summary"),
        ("jichitai.portal.tests.test_x", "jichitai.procedures.summary"),
    )
