"""Counting the rounds of a stage that starts over: a long text is summarized in rounds,
each reported as the same stage counted from 0 again. The command line and the app both say
which round it is, in their own words."""

from __future__ import annotations

from engine.api import Progress


class Rounds:
    """Feed it every progress event of one job; it answers the event's round (1, 2, …)."""

    def __init__(self) -> None:
        self._last: Progress | None = None
        self._round = 1

    def __call__(self, event: Progress) -> int:
        last = self._last
        if last is not None and last.stage == event.stage and event.done < last.done:
            self._round += 1  # the same stage from the start: its next round
        elif last is not None and last.stage != event.stage:
            self._round = 1
        self._last = event
        return self._round


__all__ = ["Rounds"]
