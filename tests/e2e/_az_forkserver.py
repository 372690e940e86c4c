# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Run many `az` invocations fast and faithfully: one Python start, then one fork per invocation.

    python tests/e2e/_az_forkserver.py        (environment: AZURE_CONFIG_DIR, AZURE_EXTENSION_DIR, ...)

Reads one request per line on stdin, {"argv": [az arguments], "timeout": seconds}, and answers one JSON line
per request on stdout: {"rc": exit code, "stdout": ..., "stderr": ..., "seconds": wall, "timed_out": bool}
(an invocation still running after `timeout` seconds, default 60, is killed: rc -9). Each invocation runs in a
forked child exactly as `python -m azure.cli <args>` runs (the same `__main__`, its own stdin/stdout/stderr file
descriptors, the process exit code); only az core's imports are done once, before forking. Nothing of an
invocation outlives it: the next one starts from the same freshly imported state.
"""

import json
import os
import runpy
import signal
import sys
import tempfile
import time


# Modules every az command run imports anyway. Importing them creates no state (no CLI object, no profile, no
# extension); the environment they may read at import is the one the invocations run with.
PRELOAD = ('azure.cli.core', 'azure.cli.core.azclierror', 'azure.cli.core.commands', 'azure.cli.core.commands.arm',
           'azure.cli.core.commands.parameters', 'azure.cli.core.commands.client_factory', 'azure.cli.core.parser',
           'azure.cli.core.intercept_survey', 'azure.cli.core.telemetry', 'azure.cli.core.extension.operations',
           'azure.cli.core._help', 'azure.cli.core._output', 'azure.cli.core.azlogging', 'knack.completion', 'msal',
           'msal_extensions', 'requests', 'azure.core.pipeline.policies', 'azure.core.pipeline.transport')


def _preload():
    import importlib
    for name in PRELOAD:
        importlib.import_module(name)


def _child(argv, out_path, err_path):
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd, path in ((1, out_path), (2, err_path)):
        target = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = open(0, encoding='utf-8', closefd=False)  # pylint: disable=consider-using-with
    sys.stdout = open(1, 'w', encoding='utf-8', closefd=False)  # pylint: disable=consider-using-with
    sys.stderr = open(2, 'w', encoding='utf-8', closefd=False)  # pylint: disable=consider-using-with
    sys.argv = [sys.argv[0]] + argv
    code = 0
    try:
        runpy.run_module('azure.cli', run_name='__main__', alter_sys=True)
    except SystemExit as ex:
        code = ex.code if isinstance(ex.code, int) else (0 if ex.code is None else 1)
        if not isinstance(ex.code, (int, type(None))):
            print(ex.code, file=sys.stderr)
    except BaseException:  # pylint: disable=broad-except
        import traceback  # what the interpreter would print for an uncaught exception
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # pylint: disable=protected-access


def _wait(pid, deadline):
    """(wait status, timed out): the child's status; killed when still running at `deadline`."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, False
        if time.perf_counter() >= deadline:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1], True
        time.sleep(0.01)


def main():
    _preload()
    protocol_out = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    work = tempfile.mkdtemp(prefix='az-fork-')
    out_path, err_path = os.path.join(work, 'stdout'), os.path.join(work, 'stderr')
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        argv, timeout = request['argv'], float(request.get('timeout') or 60)
        for path in (out_path, err_path):
            open(path, 'w', encoding='utf-8').close()  # pylint: disable=consider-using-with
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            protocol_out.close()
            _child(argv, out_path, err_path)
        status, timed_out = _wait(pid, started + timeout)
        seconds = time.perf_counter() - started
        with open(out_path, encoding='utf-8', errors='replace') as f:
            out = f.read()
        with open(err_path, encoding='utf-8', errors='replace') as f:
            err = f.read()
        rc = os.waitstatus_to_exitcode(status)
        protocol_out.write(json.dumps({'rc': rc, 'stdout': out, 'stderr': err, 'seconds': seconds,
                                       'timed_out': timed_out}) + '\n')
        protocol_out.flush()
    for path in (out_path, err_path):
        os.remove(path)
    os.rmdir(work)


if __name__ == '__main__':
    main()
