"""秘匿処理 (statistical disclosure control) of a table of counts of people, so that no one can
be singled out from a published table (docs/opendata.md「小さな数の秘匿」).

The rule, as Japan's official statistics tables apply it (記号「X」: 秘匿):

- 一次秘匿 (primary): a count of 1 to MINIMUM_COUNT - 1 people is shown as X. 0 is shown: that
  nobody lives somewhere tells nothing about a person.
- 二次秘匿 (complementary): a table whose totals are published (or known from elsewhere)
  lets a single hidden cell be computed as the total minus the others. So every sum the
  table states — a row's cells and its total, a column over the rows (the municipality's
  own totals are public) — is checked, and where exactly one member is hidden, the smallest
  other non-zero member is hidden too; repeated until no sum has exactly one hidden member.

A cell may be a hidden one that is never published at all (a count only a total contains,
such as 性別「適用不能」 in 総人口): it takes part in the sums and is suppressed like the rest
when it is small, so the difference that would reveal it is hidden too.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

# A count below this is shown as X (1 and 2 people).
MINIMUM_COUNT = 3
SUPPRESSED = "X"

Cell = TypeVar("Cell", bound=Hashable)


def suppressed_cells(
    counts: dict[Cell, int], sums: Sequence[Sequence[Cell]], *, unpublished: frozenset[Cell]
) -> set[Cell]:
    """The cells to show as X. `sums` lists groups of cells tied by one linear equation (a
    total and what it adds up, or a column whose total is known); `unpublished` cells are
    never shown, so they count as hidden whenever they are small, and as known otherwise."""
    hidden = {cell for cell, count in counts.items() if 0 < count < MINIMUM_COUNT}
    changed = True
    while changed:
        changed = False
        for group in sums:
            hidden_here = [cell for cell in group if cell in hidden]
            if len(hidden_here) != 1:
                continue
            partner = _complement(counts, group, hidden | unpublished)
            if partner is not None:
                hidden.add(partner)
                changed = True
    return hidden - unpublished


def _complement(counts: dict[Cell, int], group: Sequence[Cell], excluded: set[Cell]) -> Cell | None:
    """The smallest shown cell of the group, non-zero first (a hidden 0 beside a small count
    is guessed easily: 0 is the likeliest value of a complement)."""
    candidates = [cell for cell in group if cell not in excluded]
    if not candidates:
        return None
    return min(candidates, key=lambda cell: (counts[cell] == 0, counts[cell]))
