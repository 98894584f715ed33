"""Request rates per anonymous address and per signed-in user (session or token).

The rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] and are read
on each request (DRF reads them once at import), so a deployment or a test can
change them. The counters live in files shared by every worker process, each
changed under a lock (:mod:`.counters`), so that the limit is the limit whatever
the number of workers. DRF adds Retry-After to the 429 answer.

Each budget is counted as a sliding window of two counters (this window's requests
and the last one's, the last weighted by how much of it still overlaps), not as
DRF's list of every request's time: with a budget of 600 a minute, that list was
pickled, compressed and written back whole on every request (a quarter of a kept
answer's time, docs/benchmarks.md). The count is the usual approximation of a
sliding window: requests of the last window are taken as evenly spread.
"""

import time

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .counters import counts_of


def _rate(scope: str) -> str | None:
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope)


class WindowCounts:
    """A sliding-window counter in place of SimpleRateThrottle's list of times."""

    timer = staticmethod(time.time)

    def get_rate(self):
        return _rate(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, self.elapsed = divmod(self.now, self.duration)
        window = int(window)
        with counts_of(self.key, 2 * self.duration) as counts:
            start, current, previous = counts.read() or (window, 0, 0)
            if start != window:  # a new window: the one before is the last one, or nothing
                current, previous = 0, current if start == window - 1 else 0
            self.current, self.previous = current, previous
            if self._counted() >= self.num_requests:
                return False
            counts.write(window, current + 1, previous)
        return True

    def _counted(self) -> float:
        return self.previous * (1 - self.elapsed / self.duration) + self.current

    def wait(self) -> float:
        """Seconds until one more request fits, if no other comes meanwhile."""
        room = self.num_requests - self.current
        if room > 0:  # the last window's weight fades until it leaves room
            fade = self.duration * (1 - room / self.previous) if self.previous else 0.0
            return max(0.0, fade - self.elapsed)
        # Only in the next window, where this one's requests fade in turn.
        fade = self.duration * (1 - self.num_requests / max(self.current, 1))
        return self.duration - self.elapsed + max(0.0, fade)


class AnonymousThrottle(WindowCounts, AnonRateThrottle):
    pass


class UserThrottle(WindowCounts, UserRateThrottle):
    """Per user: a user's token and their browser session share one budget."""

    def get_cache_key(self, request, view):
        # DRF would count anonymous callers here too, by address: the anonymous
        # throttle already does, and each count is a file read and write.
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
