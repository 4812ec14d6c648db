"""A multiprocessing pool whose worker-keeping thread wakes only when it has something to do.

CPython's `Pool` keeps its workers from a thread that waits on the workers' exits, on the
pool's change notifier, and on the pipe the results come back through. It thus wakes, polls
every worker and goes back to sleep on each result, though a result never needs it: what it
acts on (a worker gone, the pool closed or terminated, the last pending task done) each wakes
it through the first two. On a 2-core batch (/tmp/pset, 518 notices, -j 2) those wake-ups cost
the parent 0.7-1.5 s of CPU, taken from the workers. Without the result pipe, the parent's
CPU in the batch fell from 2.6-3.3 s to 1.8-2.0 s. Should a Python rename `_get_sentinels`, the
override is simply unused and the pool behaves as CPython's.
"""
from __future__ import annotations

from multiprocessing.pool import Pool


class QuietPool(Pool):
    def _get_sentinels(self):
        return [self._change_notifier._reader]
