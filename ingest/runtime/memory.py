"""Memory a finished step no longer uses, given back to the system.

Under `make run` every task runs in one long-lived process. A step with a large working set (the loader holds
every record of the run's batches: ~300 MB on 1,000 reports) frees its objects when it returns, but the C
allocator keeps the freed pages in its free lists, so the process stays that large through the dbt build that
follows — when the keyword workers and the helper are at their largest. glibc's `malloc_trim` returns them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def return_freed_memory() -> bool:
    """Collect garbage and hand the allocator's free pages back to the system; False where the C library has
    no `malloc_trim` (not glibc): the memory is then reused by the process as before."""
    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        trim = None
    if trim is None:
        return False
    trim(0)
    return True
