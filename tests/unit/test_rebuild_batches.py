"""How a rebuild cuts the log into batches for its worker."""

from __future__ import annotations

import pytest

from projections.rebuild import FIRST_BATCH, TAIL_BATCH, next_batch_size


def batches(last: int, batch_size: int) -> list[int]:
    sizes, position = [], 0
    while position < last:
        size = min(next_batch_size(position, last, batch_size), last - position)
        sizes.append(size)
        position += size
    return sizes


@pytest.mark.parametrize("last", [1_000, 20_000, 21_999, 200_120, 1_000_114])
def test_small_at_both_ends_full_in_between(last: int) -> None:
    sizes = batches(last, 50_000)
    assert sum(sizes) == last
    assert sizes[0] <= FIRST_BATCH
    assert sizes[-1] <= TAIL_BATCH
    growing = sizes[: sizes.index(max(sizes)) + 1]
    assert growing == sorted(growing)
    # Only the ends are cut small: every batch rewrites the rows it changed.
    assert len(sizes) <= -(-last // 50_000) + 6
    if last > 200_000:
        assert sizes[5:-2] == [50_000] * len(sizes[5:-2])


def test_a_batch_size_below_the_tail_is_kept() -> None:
    assert batches(10, 3) == [3, 3, 3, 1]
