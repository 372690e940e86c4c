# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The newest-first walk in creation-time windows (_instances.NewestFirst), against durabletask.testing's
backend called in-process (no gRPC): order, reads, windows that overflow, ties, tokens."""

from datetime import datetime, timedelta, timezone

import pytest

from azext_durabletask import _instances
from azext_durabletask._validators import next_token_window, parse_next_token
from azext_durabletask.orchestration import encode_next_token, sort_key
from tests.orchestration.backend import CountingBackend


class _Hub:  # pylint: disable=too-few-public-methods
    """What NewestFirst needs of a session: the protocol module and a stub."""

    def __init__(self, backend):
        from durabletask.internal import orchestrator_service_pb2 as pb
        self.pb = pb
        self.stub = self
        self.backend = backend

    def QueryInstances(self, request):  # pylint: disable=invalid-name
        return self.backend.QueryInstances(request, None)


@pytest.fixture
def backend():
    return CountingBackend()


def _ids(walk):
    return [state.instanceId for state in walk]


def test_a_page_of_a_sparse_hub_reads_about_the_page(backend):
    ids = backend.seed(20000, datetime.now(timezone.utc) - timedelta(hours=1), 90 * 86400)
    walk = _instances.NewestFirst(_Hub(backend), _instances.Selection(), need=21)
    assert _ids(walk) == ids[:21]
    assert backend.instances_read <= 63
    assert walk.window > _instances.FIRST_WINDOW_NANOS  # widened: one instance every ~6 minutes


def test_a_window_too_full_narrows_and_ties_in_one_microsecond_are_read_whole(backend):
    now = datetime.now(timezone.utc)
    ids = backend.seed(300, now, 0)  # 300 instances created in the same instant
    walk = _instances.NewestFirst(_Hub(backend), _instances.Selection(), need=50)
    got = _ids(walk)
    assert got == sorted(ids, reverse=True)[:50]  # ties: instance id, descending
    assert walk.window <= _instances.MIN_WINDOW_NANOS * 8


def test_the_walk_stops_when_nothing_older_exists(backend):
    ids = backend.seed(5, datetime.now(timezone.utc) - timedelta(days=400), 60)
    walk = _instances.NewestFirst(_Hub(backend), _instances.Selection(), need=10)
    assert _ids(walk) == ids
    assert walk.queries < 20


def test_an_unbounded_walk_holds_one_window_at_a_time(backend):
    ids = backend.seed(12000, datetime.now(timezone.utc), 86400)
    walk = _instances.NewestFirst(_Hub(backend), _instances.Selection())
    assert _ids(walk) == ids
    assert backend.instances_read < 12000 + 3 * _instances.WINDOW_CAP


def test_a_page_token_carries_the_position_and_the_window(backend):
    ids = backend.seed(100, datetime.now(timezone.utc), 3600)
    walk = _instances.NewestFirst(_Hub(backend), _instances.Selection(), need=11)
    page = list(walk)[:10]
    token = encode_next_token(sort_key(page[-1]), walk.window)
    assert next_token_window(token) == walk.window
    seconds, nanos, instance_id = parse_next_token(token)
    assert instance_id == ids[9]
    rest = _instances.NewestFirst(_Hub(backend), _instances.Selection(), need=10,
                                  position=(seconds, nanos, instance_id), window=next_token_window(token))
    assert _ids(rest) == ids[10:20]


class _Terminal:
    def __init__(self, tty):
        self.tty, self.text = tty, ''

    def isatty(self):
        return self.tty

    def write(self, text):
        self.text += text

    def flush(self):
        pass


@pytest.mark.parametrize('tty', [True, False])
def test_a_bulk_run_shows_progress_on_a_terminal_only_and_reports_failures(monkeypatch, tty):
    import sys
    stream = _Terminal(tty)
    monkeypatch.setattr(sys, 'stderr', stream)

    def act(instance_id):
        if instance_id == 'b':
            raise ValueError('busy')
    done, failed = _instances.run_bulk(['a', 'b', 'c'], act, 2, 'Terminating')
    assert sorted(done) == ['a', 'c'] and failed == [('b', '(ValueError) busy')]
    if tty:
        assert stream.text.rstrip().endswith('3/3') and 'Terminating [' in stream.text
    else:
        assert stream.text == ''


def test_an_interrupted_bulk_run_drops_what_has_not_started():
    import threading
    started = []
    gate = threading.Event()

    def act(instance_id):
        started.append(instance_id)
        if instance_id == 'i-0':
            raise KeyboardInterrupt  # as Ctrl-C reaches the loop
        gate.wait(5)
    with pytest.raises(KeyboardInterrupt):
        _instances.run_bulk(['i-{}'.format(n) for n in range(100)], act, 2, 'Terminating')
    gate.set()
    assert len(started) < 10
