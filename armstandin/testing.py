"""Run a stand-in for a test: its own state dir, a free port, stopped on exit.

    from armstandin.testing import running_standin

    with running_standin(tmp_path, EMULATOR_PAGE_SIZE=2) as standin:
        client = DurableTaskMgmtClient(standin.credential(), standin.subscription_id,
                                       base_url=standin.url, connection_verify=standin.cert_path)
        ...
        assert any(r['status'] == 201 for r in standin.requests())

`running_standin(tmp_dir, **env)`: env are environment variables for the server (EMULATOR_*; values are
str()-ed); EMULATOR_* variables of the test's own environment are not passed on, so tests are
reproducible. The yielded `StandIn` has `.url`, `.port`, `.cert_path`, `.state_dir`, `.requests()` (the
parsed request log), `.clear_requests()`, `.token()`, `.credential()`, `.az_env(config_dir)` and
`.az_login(config_dir)`.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from . import constants as c
from .cli import answers, read_server_info
from .config import LOG_FILE, REQUEST_LOG_FILE, open_private, private_dir

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


class StandIn:
    subscription_id = c.SUBSCRIPTION_ID
    tenant_id = c.TENANT_ID

    def __init__(self, url, port, cert_path, state_dir, process):
        self.url = url
        self.port = port
        self.cert_path = cert_path
        self.state_dir = Path(state_dir)
        self.process = process

    # --- request log ------------------------------------------------------------------------------------------

    def signing_key(self):
        """The key this stand-in signs its tokens with (for tests that forge or age a token)."""
        from .tokens import ensure_signing_key
        return ensure_signing_key(self.state_dir)

    def requests(self):
        """The request log: [{'time', 'method', 'path', 'query', 'body', 'status'}, ...] in order."""
        path = self.state_dir / REQUEST_LOG_FILE
        if not path.exists():
            return []
        with open(path, encoding='utf-8') as f:
            return [json.loads(line) for line in f if line.strip()]

    def clear_requests(self):
        with open_private(self.state_dir / REQUEST_LOG_FILE, 'w'):
            pass

    # --- credentials ------------------------------------------------------------------------------------------

    ARM_SCOPE = 'https://management.core.windows.net//.default'

    def token(self, client_id=c.LOGIN_APP_ID, secret=c.LOGIN_APP_SECRET, scope=None):
        """An access token from the stand-in's token endpoint (client credentials), for ARM unless `scope` says
        otherwise (the stand-in's Graph takes `self.url + '/.default'`, the data plane
        'https://durabletask.io/.default')."""
        return self.token_response(client_id, secret, scope)['access_token']

    def token_response(self, client_id=c.LOGIN_APP_ID, secret=c.LOGIN_APP_SECRET, scope=None):
        import ssl
        scope = scope or self.ARM_SCOPE
        data = urllib.parse.urlencode({'grant_type': 'client_credentials', 'client_id': client_id,
                                       'client_secret': secret, 'scope': scope}).encode()
        context = ssl.create_default_context(cafile=self.cert_path)
        request = urllib.request.Request('{}/{}/oauth2/v2.0/token'.format(self.url, c.TENANT_ID), data=data)
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return json.loads(response.read())

    def credential(self, client_id=c.LOGIN_APP_ID, secret=c.LOGIN_APP_SECRET):
        """An azure-core TokenCredential that asks the stand-in's token endpoint (once per scope)."""
        from azure.core.credentials import AccessToken
        standin = self

        class _Credential:
            def __init__(self):
                self._cache = {}

            def get_token(self, *scopes, **kwargs):  # pylint: disable=unused-argument
                key = ' '.join(scopes)
                cached = self._cache.get(key)
                if cached is None or cached.expires_on - 60 < time.time():
                    answer = standin.token_response(client_id, secret, scope=key)
                    cached = self._cache[key] = AccessToken(answer['access_token'],
                                                            int(time.time()) + int(answer['expires_in']))
                return cached

            def close(self):
                pass

        return _Credential()

    # --- az -------------------------------------------------------------------------------------------------------

    def az_env(self, config_dir):
        """Environment for `az` subprocesses using the profile `config_dir` against this stand-in."""
        from .azprofile import az_environment
        env = {k: v for k, v in os.environ.items() if not k.startswith('AZURE_')}
        env.update(az_environment(config_dir, self.cert_path))
        return env

    def az_cli(self, config_dir, extension_dir=None, **extra_env):
        """An `AzCli` for the profile `config_dir` (see az_login), with the extension from `extension_dir`."""
        env = dict(self.az_env(config_dir), **extra_env)
        if extension_dir:
            env['AZURE_EXTENSION_DIR'] = str(extension_dir)
        return AzCli(env)

    def az_login(self, config_dir, identity='user'):
        """Register the cloud and log in (as `scripts/az-local` does) into the profile `config_dir`."""
        env = dict(os.environ, PYTHONPATH=_PACKAGE_PARENT)
        subprocess.run([sys.executable, '-m', 'armstandin', 'az-login', '--state-dir', str(self.state_dir),
                        '--config-dir', str(config_dir), '--identity', identity], check=True, env=env,
                       cwd=_PACKAGE_PARENT, timeout=120)


class AzCli:
    """`az` as a subprocess with a fixed environment: `run(...)` gives the CompletedProcess, `json(...)` the parsed
    output of a command that must succeed (or its text when it is not JSON)."""

    def __init__(self, env):
        self.env = env

    def run(self, *args, timeout=300):
        return subprocess.run([sys.executable, '-m', 'azure.cli', *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)

    def json(self, *args):
        result = self.run(*args)
        assert result.returncode == 0, 'az {} -> {}\n{}'.format(' '.join(args), result.returncode, result.stderr)
        text = result.stdout.strip()
        return json.loads(text) if text.startswith(('{', '[')) else (text or None)


@contextlib.contextmanager
def running_standin(tmp_dir, timeout=30.0, **env):
    state_dir = Path(tmp_dir) / 'standin'
    private_dir(state_dir)
    child_env = {k: v for k, v in os.environ.items() if not k.startswith('EMULATOR_')}
    child_env.update({k: str(v) for k, v in env.items()})
    child_env['PYTHONPATH'] = _PACKAGE_PARENT
    log = open_private(state_dir / LOG_FILE, 'ab')
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'armstandin', 'serve', '--state-dir', str(state_dir), '--port', '0'],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=child_env, cwd=_PACKAGE_PARENT)
    try:
        deadline = time.time() + timeout
        info = None
        while time.time() < deadline:
            if process.poll() is not None:
                raise RuntimeError('the stand-in exited with code {}:\n{}'.format(
                    process.returncode, (state_dir / LOG_FILE).read_text(errors='replace')))
            info = read_server_info(state_dir)
            if info and info.get('pid') == process.pid and answers(info, timeout=1.0):
                break
            info = None
            time.sleep(0.05)
        if info is None:
            raise RuntimeError('the stand-in did not answer within {} s'.format(timeout))
        yield StandIn(info['url'], info['port'], info['cert'], state_dir, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
