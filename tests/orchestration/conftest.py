# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Fixtures: a durabletask.testing backend on 127.0.0.1 with a real worker, and `az` run in-process through
az's own parser (DummyCli), so every command goes through its validators, its gRPC calls and its errors."""

import io
import json
import logging
import time
from collections import namedtuple
from contextlib import redirect_stderr

import pytest

from tests.orchestration.backend import LocalBackend, start_worker

AzResult = namedtuple('AzResult', 'exit_code stdout stderr error')


class Az:
    """`az(...)` runs one command in-process; `target` is prepended to every call (the task hub's address)."""

    def __init__(self, target=(), group=('durabletask', 'orchestration')):
        self.target = list(target)
        self.group = list(group)

    def __call__(self, *args, target=True):
        from azure.cli.core.mock import DummyCli
        cli = DummyCli()
        out, err = io.StringIO(), io.StringIO()
        cli.out_file = out  # where commands that stream their output write
        # az's console handlers keep the stream of the first invocation: collect the warnings ourselves.
        warnings = _Collect()
        logging.getLogger('cli').addHandler(warnings)
        try:
            with redirect_stderr(err):
                code = cli.invoke(self.group + list(args) + (self.target if target else []),
                                  out_file=out)
        finally:
            logging.getLogger('cli').removeHandler(warnings)
        error = getattr(cli.result, 'error', None)
        return AzResult(code, out.getvalue(), err.getvalue() + ''.join(warnings.lines), error)

    def json(self, *args, **kwargs):
        result = self(*args, '-o', 'json', **kwargs)
        assert result.exit_code == 0, '{}\n{}'.format(result.error, result.stderr)
        return json.loads(result.stdout) if result.stdout.strip() else None

    def status(self, instance_id):
        return self.json('show', '-i', instance_id)['runtimeStatus']

    def wait_for(self, instance_id, *statuses, timeout=10):
        """The instance's state once its status is one of `statuses` (the worker runs asynchronously)."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.json('show', '-i', instance_id)
            if state['runtimeStatus'] in statuses or time.monotonic() > deadline:
                assert state['runtimeStatus'] in statuses, state
                return state
            time.sleep(0.05)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append('WARNING: {}\n'.format(record.getMessage()))


@pytest.fixture(scope='module')
def hub():
    """A backend with a worker; the hub 'denied' refuses every caller, as a hub without a role assignment."""
    backend = LocalBackend(deny=['denied']).start()
    worker = start_worker(backend.address)
    yield backend
    worker.stop()
    backend.stop()


@pytest.fixture
def az(hub):
    return Az(['--endpoint', hub.endpoint, '--task-hub', 'default'])
