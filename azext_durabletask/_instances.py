# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Selecting orchestration instances at scale: which instances a set of filters selects, read newest first in
creation-time windows (so `--max-items 20` reads about 20 instances, not the hub), output streamed when there is
no limit, and bulk actions run with bounded parallelism. grpc/durabletask are imported by the callers' sessions."""

import json
import time

from knack.log import get_logger

logger = get_logger(__name__)

_NANOS = 10 ** 9
# The first window looked at when nothing tells us the hub's density (a page's token carries the last one).
FIRST_WINDOW_NANOS = 60 * _NANOS
# No window is narrower: below it, a window's instances are all read, page after page.
MIN_WINDOW_NANOS = 1000
# Instances one window query may return when there is no limit: memory stays bounded by it.
WINDOW_CAP = 2000
# Windows never reach further back than this (the protocol's timestamps start in 1970).
_EPOCH_NANOS = 0
# Statuses an instance can be stuck in.
STUCK_STATUSES = ('Pending', 'Running')


def to_nanos(moment):
    """Nanoseconds since the epoch for an aware datetime (microsecond precision, as Python keeps)."""
    from datetime import datetime, timezone
    delta = moment - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * _NANOS + delta.microseconds * 1000


def timestamp_nanos(timestamp):
    return timestamp.seconds * _NANOS + timestamp.nanos


def _set_timestamp(field, nanos):
    field.seconds, field.nanos = divmod(nanos, _NANOS)


class Selection:  # pylint: disable=too-few-public-methods,too-many-instance-attributes
    """What the list filters select. The service filters status, creation time and id prefix; name and last-update
    time are checked here (the protocol has no filter for them). `stuck` is a timedelta: Pending or Running and not
    updated for that long."""

    def __init__(self, statuses=None, created_after=None, created_before=None, *, name=None, instance_id_prefix=None,
                 stuck=None, updated_after=None, updated_before=None):
        from datetime import datetime, timezone
        statuses = list(statuses or [])
        if stuck is not None:
            statuses = [s for s in statuses if s in STUCK_STATUSES] if statuses else list(STUCK_STATUSES)
            limit = datetime.now(timezone.utc) - stuck
            updated_before = min(updated_before, limit) if updated_before else limit
        self.statuses = statuses
        self.created_from = to_nanos(created_after) if created_after else None
        self.created_to = to_nanos(created_before) if created_before else None
        self.name = name.lower() if name else None
        self.prefix = instance_id_prefix or None
        self.updated_from = to_nanos(updated_after) if updated_after else None
        self.updated_to = to_nanos(updated_before) if updated_before else None

    def query(self, hub, lower=None, upper=None, cap=WINDOW_CAP, payloads=False):
        """The protocol's query for [lower, upper) intersected with the creation-time filters."""
        from azext_durabletask.orchestration import status_value
        query = hub.pb.InstanceQuery(maxInstanceCount=cap, fetchInputsAndOutputs=payloads)
        query.runtimeStatus.extend(status_value(hub.pb, status) for status in self.statuses)
        lower = max(x for x in (lower, self.created_from) if x is not None) \
            if lower is not None or self.created_from is not None else None
        upper = min(x for x in (upper, self.created_to) if x is not None) \
            if upper is not None or self.created_to is not None else None
        if lower is not None:
            _set_timestamp(query.createdTimeFrom, lower)
        if upper is not None:
            _set_timestamp(query.createdTimeTo, upper)
        if self.prefix:
            query.instanceIdPrefix.value = self.prefix
        return query

    def matches(self, state):
        """The filters the service cannot apply."""
        if self.name and state.name.lower() != self.name:
            return False
        if self.updated_from is not None or self.updated_to is not None:
            updated = timestamp_nanos(state.lastUpdatedTimestamp)
            if self.updated_from is not None and updated < self.updated_from:
                return False
            if self.updated_to is not None and updated >= self.updated_to:
                return False
        return True

    @property
    def server_side_only(self):
        return not (self.name or self.updated_from is not None or self.updated_to is not None)


def query_pages(hub, query):
    """Every instance the query matches, page after page (the service's continuation tokens)."""
    while True:
        response = hub.stub.QueryInstances(hub.pb.QueryInstancesRequest(query=query))
        hub.instances_read = getattr(hub, 'instances_read', 0) + len(response.orchestrationState)
        yield from response.orchestrationState
        token = response.continuationToken.value if response.HasField('continuationToken') else ''
        if not token or token == '0' or token == query.continuationToken.value:
            return
        query.continuationToken.value = token


def select_all(hub, selection, payloads=False):
    """Every selected instance, in the service's order (for bulk actions: no order needed)."""
    return (state for state in query_pages(hub, selection.query(hub, payloads=payloads)) if selection.matches(state))


class NewestFirst:  # pylint: disable=too-few-public-methods
    """The selected instances, newest first, read backwards in creation-time windows.

    A window [upper - width, upper) is asked for at most `cap` instances. When it holds more, it is too wide: it
    shrinks and is asked again; when it comes back with fewer than needed, the next window (just before it) grows;
    when it comes back empty, the next one is eight times wider, until a probe says nothing older exists. So a page
    of N reads about N instances, and an unbounded walk holds one window at a time. `position` (seconds, nanos,
    instance id) continues after the last instance of a previous page; `window` is the width last used."""

    def __init__(self, hub, selection, need=None, position=None, window=None):
        self.hub = hub
        self.selection = selection
        self.need = need
        self.position = position
        self.window = window or FIRST_WINDOW_NANOS
        self.queries = 0

    def _read(self, query):
        self.queries += 1
        response = self.hub.stub.QueryInstances(self.hub.pb.QueryInstancesRequest(query=query))
        self.hub.instances_read = getattr(self.hub, 'instances_read', 0) + len(response.orchestrationState)
        token = response.continuationToken.value if response.HasField('continuationToken') else ''
        more = bool(token) and token != '0'
        return list(response.orchestrationState), more, token

    def _whole_window(self, lower, upper):
        """Every instance of a window too narrow to shrink further, page after page."""
        query = self.selection.query(self.hub, lower, upper)
        return list(query_pages(self.hub, query))

    def _exhausted(self, upper):
        """True when nothing the service filters for was created before `upper` (a one-instance probe)."""
        if self.selection.created_from is not None:
            return upper <= self.selection.created_from
        states, _, _ = self._read(self.selection.query(self.hub, None, upper, cap=1))
        return not states

    def __iter__(self):
        from azext_durabletask.orchestration import cursor_key, sort_key
        selection = self.selection
        upper = selection.created_to if selection.created_to is not None else time.time_ns() + _NANOS
        after = None
        if self.position:
            seconds, nanos, instance_id = self.position
            # One microsecond later: backends may keep only microseconds; the cursor drops what was shown.
            upper = min(upper, seconds * _NANOS + nanos + 1000)
            after = cursor_key(seconds, nanos, instance_id)
        found = 0
        floor = selection.created_from if selection.created_from is not None else _EPOCH_NANOS
        dense = 0.0  # instances per nanosecond at least: what the windows that overflowed showed
        while upper > floor:
            remaining = None if self.need is None else self.need - found
            cap = WINDOW_CAP if remaining is None else min(WINDOW_CAP, max(remaining, 10))
            lower = max(floor, upper - self.window)
            states, more, _ = self._read(selection.query(self.hub, lower, upper, cap=cap))
            if more:
                if upper - lower > MIN_WINDOW_NANOS:
                    # Too many in this window: narrow it. When the service returned the window's oldest first, their
                    # span says the density; else an eighth.
                    dense = max(dense, cap / (upper - lower))
                    span = max(timestamp_nanos(s.createdTimestamp) for s in states) - lower
                    self.window = max(MIN_WINDOW_NANOS, min((upper - lower) // 8, span // 2))
                    continue
                states = self._whole_window(lower, upper)
            kept = sorted((s for s in states if selection.matches(s) and (after is None or sort_key(s) > after)),
                          key=sort_key)
            for state in kept:
                yield state
                found += 1
                if self.need is not None and found >= self.need:
                    return
            if not states and self._exhausted(lower):
                return
            self.window = self._next_width(upper - lower, len(states), dense,
                                           cap / 2 if remaining is None else 0.6 * (remaining - len(kept)))
            upper = lower

    @staticmethod
    def _next_width(width, count, dense, target):
        """The next window's width: expected to hold `target` instances at the density seen (at most eight times
        wider, and never as dense as a window that overflowed)."""
        density = max(count / max(width, 1), dense)
        wanted = target / density if density else width * 8
        return int(max(MIN_WINDOW_NANOS, min(width * 8, wanted)))


# --- output that streams -----------------------------------------------------------------------------------------

def stream_output(cmd, items, table_transform):
    """Write `items` (dicts) to az's output as they come, in the format the user chose, and return None; memory
    stays bounded by one item. With --query (JMESPath needs the whole result) or yaml, return the list instead."""
    data = cmd.cli_ctx.invocation.data if cmd.cli_ctx.invocation else {}
    output = data.get('output') or 'json'
    if data.get('query_active') or output not in ('json', 'jsonc', 'table', 'tsv', 'none'):
        return list(items)
    out = cmd.cli_ctx.out_file
    if output == 'none':
        for _ in items:
            pass
        return None
    if output in ('json', 'jsonc'):
        first = True
        for item in items:
            text = json.dumps(item, indent=2, ensure_ascii=False)
            out.write(('[\n' if first else ',\n') + '\n'.join('  ' + line for line in text.splitlines()))
            first = False
        out.write('[]\n' if first else '\n]\n')
    elif output == 'tsv':
        for item in items:
            out.write('\t'.join('' if v is None else str(v) for v in item.values()
                                if not isinstance(v, (dict, list))) + '\n')
    else:
        _stream_table(out, (table_transform([item])[0] for item in items))
    out.flush()
    return None


def _stream_table(out, rows):
    """az's table layout, with column widths taken from the first rows (later, longer values just run over)."""
    batch, widths = [], None
    for row in rows:
        if widths is None:
            batch.append(row)
            if len(batch) < 100:
                continue
            widths = _write_table_head(out, batch)
            for held in batch:
                _write_row(out, held, widths)
        else:
            _write_row(out, row, widths)
    if widths is None and batch:
        widths = _write_table_head(out, batch)
        for held in batch:
            _write_row(out, held, widths)


def _write_table_head(out, batch):
    columns = list(batch[0].keys())
    widths = [max([len(c)] + [len('' if row.get(c) is None else str(row.get(c))) for row in batch]) for c in columns]
    out.write('  '.join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + '\n')
    out.write('  '.join('-' * w for w in widths) + '\n')
    return widths


def _write_row(out, row, widths):
    values = ['' if v is None else str(v) for v in row.values()]
    out.write('  '.join(v.ljust(w) for v, w in zip(values, widths)).rstrip() + '\n')


# --- bulk actions ------------------------------------------------------------------------------------------------

class Progress:  # pylint: disable=too-few-public-methods
    """A one-line progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total, label):
        import sys
        self.total, self.label, self.done = total, label, 0
        self.stream = sys.stderr
        self.enabled = total > 0 and self.stream.isatty()
        self._last = 0.0

    def step(self):
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write('\n')
            self.stream.flush()


def run_bulk(targets, act, max_concurrency, label):
    """Run `act(instance_id)` for each id with at most `max_concurrency` calls in flight. Returns
    (done ids, [(id, reason)] failures). A gRPC error fails that instance only."""
    from concurrent.futures import ThreadPoolExecutor, as_completed
    done, failed = [], []
    progress = Progress(len(targets), label)
    pool = ThreadPoolExecutor(max_workers=max_concurrency)
    futures = {pool.submit(act, instance_id): instance_id for instance_id in targets}
    try:
        for future in as_completed(futures):
            instance_id = futures[future]
            try:
                future.result()
                done.append(instance_id)
            except Exception as ex:  # pylint: disable=broad-except
                details = ex.details() if callable(getattr(ex, 'details', None)) else str(ex)
                code = ex.code().name if callable(getattr(ex, 'code', None)) else type(ex).__name__
                failed.append((instance_id, f"({code}) {' '.join(str(details).split())}"))
            progress.step()
    except BaseException:
        # Ctrl-C: what has not started is dropped; the same command again does what is left.
        pool.shutdown(wait=False, cancel_futures=True)
        progress.close()
        logger.warning('Interrupted after %s of %s; run the same command again to do the rest.', len(done),
                       len(targets))
        raise
    pool.shutdown(wait=True)
    progress.close()
    return done, failed
