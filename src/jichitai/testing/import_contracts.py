"""The import-linter contract type behind docs/architecture.md「Allowed imports」: an app uses
another app only through that app's public modules.

import-linter's own `forbidden` contract lists what may not be imported, so every new internal
module would be open until someone remembered to forbid it. This contract lists what is
allowed instead: a direct import from one app into another must land on one of
`public_modules` (the same names in every app: services, selectors, models, errors…) or one
of the named `interfaces`. Configured in pyproject.toml (`[tool.importlinter]`, type
`public_surface`); lint-imports loads it through `contract_types`. Never imported by product
code.
"""

from __future__ import annotations

from typing import cast

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils
from importlinter.domain import helpers
from importlinter.domain.imports import ImportExpression, ModuleExpression


class PublicSurfaceContract(Contract):
    """Direct imports between the apps of `container` (its top-level packages) must land on a
    module matched by `public_modules` or `interfaces` (module expressions, as in import-linter's
    own contracts: `jichitai.*.services`, `jichitai.common.**`). `ignore_imports` works as
    there too. Imports within one app are not checked."""

    type_name = "public_surface"

    container = fields.StringField()
    public_modules = fields.ListField(subfield=fields.ModuleExpressionField())
    interfaces = fields.ListField(subfield=fields.ModuleExpressionField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    # Contract.__init__ replaces each field with its parsed value: the casts below say so.

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=list(cast("set[ImportExpression] | None", self.ignore_imports) or ()),
            unmatched_alerting=cast(
                "contract_utils.AlertLevel", self.unmatched_ignore_imports_alerting
            ),
        )
        allowed = self._allowed(graph)
        illegal = [
            {
                "importer": importer,
                "imported": imported,
                "line_numbers": tuple(
                    detail["line_number"]
                    for detail in graph.get_import_details(importer=importer, imported=imported)
                ),
            }
            for importer in sorted(graph.modules)
            for imported in sorted(graph.find_modules_directly_imported_by(importer))
            if self._crosses_apps(importer, imported) and imported not in allowed
        ]
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"illegal_imports": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for link in check.metadata["illegal_imports"]:
            lines = ", ".join(str(n) for n in link["line_numbers"])
            output.print_error(
                f"- {link['importer']} -> {link['imported']} (l.{lines})", bold=False
            )
            output.new_line()
        output.print(
            "Import the other app's services, selectors, models or errors instead (re-export the "
            "name there), or add an interface to this contract and to docs/architecture.md."
        )
        output.new_line()

    def _allowed(self, graph: grimp.ImportGraph) -> set[str]:
        public = helpers.module_expressions_to_modules(
            graph, cast("list[ModuleExpression]", self.public_modules)
        )
        interfaces = helpers.module_expressions_to_modules(
            graph, cast("list[ModuleExpression] | None", self.interfaces) or ()
        )
        return {module.name for module in public | interfaces}

    def _app(self, module: str) -> str | None:
        """The app a module belongs to (`jichitai.registry` for `jichitai.registry.views.x`)."""
        parts = module.split(".")
        if parts[0] != cast("str", self.container) or len(parts) < 2:
            return None
        return ".".join(parts[:2])

    def _crosses_apps(self, importer: str, imported: str) -> bool:
        importer_app, imported_app = self._app(importer), self._app(imported)
        return None not in (importer_app, imported_app) and importer_app != imported_app
