"""How a rebuild cuts the log into batches for its worker."""

from __future__ import annotations

import pytest

from projections.rebuild import TAIL_BATCH, next_batch_size


def batches(last: int, batch_size: int) -> list[int]:
    sizes, position = [], 0
    while position < last:
        size = min(next_batch_size(position, last, batch_size), last - position)
        sizes.append(size)
        position += size
    return sizes


@pytest.mark.parametrize("last", [1_000, 20_000, 21_999, 200_120, 1_000_114])
def test_full_batches_then_a_small_last_one(last: int) -> None:
    sizes = batches(last, 20_000)
    assert sum(sizes) == last
    assert sizes[-1] <= TAIL_BATCH
    # Only the end is cut small: every batch rewrites the rows it changed.
    assert len(sizes) <= -(-last // 20_000) + 2
    assert all(size == 20_000 for size in sizes[:-3])


def test_a_batch_size_below_the_tail_is_kept() -> None:
    assert batches(10, 3) == [3, 3, 3, 1]
