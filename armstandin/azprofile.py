"""Point an az profile (AZURE_CONFIG_DIR) at the stand-in and log in: what `scripts/az-local` runs first.

`python -m armstandin az-login --state-dir S [--config-dir D] [--identity user|sp]`
1. starts the stand-in of S unless it runs (on the port it had last time when that port is free, so the
   profile stays valid across restarts);
2. unless D already points at that URL with that identity (a marker file, checked without loading az):
   registers (or updates) the cloud `LocalStandIn` (ARM, Entra ID, Graph all at the stand-in), makes it
   active, sets core.instance_discovery=false, and logs in once;
3. prints nothing on the fast path; a line on stderr when it (re)logs in.

Identity `user` (the default, or AZ_LOCAL_IDENTITY=user): `az login -u dev@contoso.example -p ...`, so that
"the signed-in user" exists (`az ad signed-in-user show`). For that the cloud's Active Directory endpoint is
`<url>/adfs`: MSAL 1.39 sends a user-realm request for username/password logins to
https://<host>/common/userrealm/... with the port dropped (it builds the URL from the host name), which
cannot reach a stand-in on a random port; for an ADFS authority MSAL skips that request.
Identity `sp`: `az login --service-principal` as the CI login app.

az runs in this process (one Python start instead of four `az` processes).
"""

import hashlib
import json
import os
import socket
import sys
import time

from . import constants as c
from .cli import running_info, start
from .config import AZ_PROFILE_DIR, SIGNING_KEY_FILE, private_dir

CLOUD_NAME = 'LocalStandIn'
MARKER_FILE = 'armstandin-login.json'
# Bumped when cloud_args change, so that existing profiles register the cloud and log in again.
CLOUD_VERSION = 2
# The ARM resource id az asks tokens for (ARM refuses other audiences, as Azure's does).
ARM_RESOURCE_ID = 'https://management.core.windows.net/'


def _fingerprint(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def az_environment(config_dir, cert):
    """Environment variables under which az talks to the stand-in with this profile."""
    return {'AZURE_CONFIG_DIR': str(config_dir), 'REQUESTS_CA_BUNDLE': str(cert),
            'AZURE_CORE_COLLECT_TELEMETRY': 'no'}


def cloud_args(url):
    """ARM at the stand-in with Azure's ARM token audience; Graph's resource id has to be the stand-in's URL: az
    calls Graph at its resource id (`<resource id>v1.0/...`)."""
    return ['--endpoint-resource-manager', url + '/', '--endpoint-active-directory', url + '/adfs',
            '--endpoint-active-directory-resource-id', ARM_RESOURCE_ID,
            '--endpoint-active-directory-graph-resource-id', url + '/',
            '--endpoint-microsoft-graph-resource-id', url + '/']


def login_args(identity):
    if identity == 'sp':
        return ['login', '--service-principal', '-u', c.LOGIN_APP_ID, '-p', c.LOGIN_APP_SECRET,
                '--tenant', c.TENANT_ID]
    return ['login', '-u', c.USER_UPN, '-p', c.USER_PASSWORD]


def _previous_port(config_dir):
    marker = _read_marker(config_dir)
    try:
        return int(marker['url'].rsplit(':', 1)[1])
    except (KeyError, ValueError, IndexError, TypeError):
        return 0


def _read_marker(config_dir):
    try:
        with open(os.path.join(config_dir, MARKER_FILE), encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _has_account(config_dir):
    try:
        with open(os.path.join(config_dir, 'azureProfile.json'), encoding='utf-8-sig') as f:
            return bool(json.load(f).get('subscriptions'))
    except (OSError, ValueError, AttributeError):
        return False


def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(('127.0.0.1', port))
            return True
        except OSError:
            return False


def _ensure_server(state_dir, config_dir, port):
    info = running_info(state_dir)
    if info:
        return info
    preferred = port or _previous_port(config_dir)
    if preferred and _port_free(preferred) and start(state_dir, preferred, quiet=True) == 0:
        return running_info(state_dir)
    if start(state_dir, port, quiet=True) != 0:
        return None
    return running_info(state_dir)


def az_login(state_dir, config_dir=None, identity=None, port=0):
    config_dir = os.path.abspath(config_dir or os.path.join(state_dir, AZ_PROFILE_DIR))
    identity = identity or os.environ.get('AZ_LOCAL_IDENTITY') or 'user'
    info = _ensure_server(state_dir, config_dir, port)
    if info is None:
        return 1
    # the key's fingerprint: a profile holding tokens signed with another key (a reset state dir) logs in again
    want = {'url': info['url'], 'identity': identity, 'cert': _fingerprint(info['cert']),
            'key': _fingerprint(os.path.join(state_dir, SIGNING_KEY_FILE)), 'cloud': CLOUD_VERSION}
    if _read_marker(config_dir) == want and _has_account(config_dir):
        return 0

    started = time.time()
    private_dir(config_dir)  # az keeps tokens (and a service principal's secret) there
    os.environ.update(az_environment(config_dir, info['cert']))
    rc = _configure_and_login(info['url'], identity)
    if rc != 0:
        print('armstandin: az login against {} failed (exit {})'.format(info['url'], rc), file=sys.stderr)
        return rc
    with open(os.path.join(config_dir, MARKER_FILE), 'w', encoding='utf-8') as f:
        json.dump(want, f)
    print('armstandin: az profile {} logged in to {} as {} ({:.1f} s)'.format(
        config_dir, info['url'], c.USER_UPN if identity == 'user' else c.LOGIN_APP_DISPLAY_NAME,
        time.time() - started), file=sys.stderr)
    return 0


def _configure_and_login(url, identity):
    os.environ['AZURE_CORE_ONLY_SHOW_ERRORS'] = 'true'  # this process only: no preview/experimental notes
    from azure.cli.core import get_default_cli  # after AZURE_CONFIG_DIR is set

    def az(*args):
        with open(os.devnull, 'w', encoding='utf-8') as devnull:
            try:
                return get_default_cli().invoke(list(args), out_file=devnull)
            except SystemExit as ex:  # knack exits on argument errors
                return ex.code or 1

    from azure.cli.core.cloud import get_clouds
    known = {cloud.name for cloud in get_clouds(get_default_cli())}
    verb = 'update' if CLOUD_NAME in known else 'register'
    for args in (['cloud', verb, '-n', CLOUD_NAME, *cloud_args(url), '--skip-endpoint-discovery'],
                 ['cloud', 'set', '-n', CLOUD_NAME],
                 ['config', 'set', 'core.instance_discovery=false', 'core.login_experience_v2=off'],
                 login_args(identity)):
        rc = az(*args)
        if rc != 0:
            return rc
    return 0
