"""ingest.runtime.memory: freed memory goes back to the system after a large step."""

from __future__ import annotations

import sys

import psutil
import pytest

from ingest.runtime.memory import return_freed_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_to_the_system():
    process = psutil.Process()
    rows = [bytes([i % 251]) * 2048 + str(i).encode() for i in range(100_000)]  # ~200 MB from malloc's heap
    pin = rows[-1]  # the heap's last chunk stays in use: free() alone cannot shrink the heap
    grown = process.memory_info().rss
    del rows
    freed = process.memory_info().rss
    assert return_freed_memory() is True
    after = process.memory_info().rss
    assert freed > grown - 50 * 2**20  # freed, but kept by the allocator
    assert after < freed - 100 * 2**20  # given back
    assert pin
