"""az 2.91 itself against the stand-in through scripts/az-local: cloud registration and login (done by
az-local once), resource groups, role assignments with --assignee-object-id and with --assignee <UPN>
(resolved through the stand-in's Microsoft Graph), and the signed-in user."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from armstandin import constants as c
from armstandin.testing import running_standin

from .conftest import Raw

AZ_LOCAL = Path(__file__).resolve().parents[2] / 'scripts' / 'az-local'


@pytest.fixture(scope='module')
def az(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('az')
    with running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0.2) as standin:
        env = {k: v for k, v in os.environ.items() if not k.startswith(('AZURE_', 'EMULATOR_', 'AZ_LOCAL'))}
        env.update(ARMSTANDIN_STATE_DIR=str(standin.state_dir), AZ_LOCAL_EXTENSION_DIR=str(tmp / 'no-extensions'))

        def run(*args, expect=0):
            done = subprocess.run([str(AZ_LOCAL), *args, '--only-show-errors'], env=env, capture_output=True,
                                  text=True, timeout=120, check=False)
            assert done.returncode == expect, 'az {} -> {}\n{}'.format(' '.join(args), done.returncode, done.stderr)
            return json.loads(done.stdout) if done.stdout.strip() else None

        run.standin = standin
        yield run


def test_group_create_and_show(az):
    created = az('group', 'create', '-n', 'rg-az', '-l', 'westus2', '-o', 'json')
    assert created['id'] == '/subscriptions/{}/resourceGroups/rg-az'.format(c.SUBSCRIPTION_ID)
    assert created['properties']['provisioningState'] == 'Succeeded'
    profile = az.standin.state_dir / 'azure'
    assert (profile / 'azureProfile.json').exists()  # az-local logged in, in its own profile
    assert os.stat(profile).st_mode & 0o777 == 0o700  # which holds tokens: private
    shown = az('group', 'show', '-n', 'rg-az', '-o', 'json')
    assert (shown['name'], shown['location']) == ('rg-az', 'westus2')
    az('group', 'show', '-n', 'rg-missing', expect=3)
    logins = [r for r in az.standin.requests() if r['path'].endswith('/token')]
    assert len(logins) == 1  # logged in once, not per command


def test_signed_in_user(az):
    me = az('ad', 'signed-in-user', 'show', '-o', 'json')
    assert (me['id'], me['userPrincipalName']) == (c.USER_OBJECT_ID, c.USER_UPN)


def test_role_assignments_by_object_id_and_by_upn(az):
    group = Raw(az.standin)('PUT', '/subscriptions/{}/resourcegroups/rg-rbac'.format(c.SUBSCRIPTION_ID),
                            {'location': 'westus2'}, api='2024-11-01')
    assert group.status_code == 201
    scope = '/subscriptions/{}/resourceGroups/rg-rbac'.format(c.SUBSCRIPTION_ID)
    by_id = az('role', 'assignment', 'create', '--role', 'Durable Task Worker', '--scope', scope,
               '--assignee-object-id', c.WORKER_APP_OBJECT_ID, '--assignee-principal-type', 'ServicePrincipal',
               '-o', 'json')
    assert by_id['roleDefinitionId'].endswith('/' + c.ROLE_DURABLE_TASK_WORKER)
    assert (by_id['principalId'], by_id['scope']) == (c.WORKER_APP_OBJECT_ID, scope)
    by_upn = az('role', 'assignment', 'create', '--role', 'Durable Task Data Reader', '--scope', scope,
                '--assignee', c.USER2_UPN, '-o', 'json')
    assert (by_upn['principalId'], by_upn['principalType']) == (c.USER2_OBJECT_ID, 'User')

    listed = az('role', 'assignment', 'list', '--scope', scope, '-o', 'json')
    assert sorted((a['principalName'], a['roleDefinitionName']) for a in listed) == [
        (c.WORKER_APP_ID, 'Durable Task Worker'), (c.USER2_UPN, 'Durable Task Data Reader')]

    az('role', 'assignment', 'delete', '--assignee', c.USER2_UPN, '--scope', scope)
    az('role', 'assignment', 'delete', '--ids', by_id['id'])
    assert az('role', 'assignment', 'list', '--scope', scope, '-o', 'json') == []

    graph = [r['path'] for r in az.standin.requests() if r['path'].startswith('/v1.0/')]
    assert '/v1.0/users' in graph  # --assignee <upn> went through Graph


def test_az_asks_arm_tokens_for_arms_audience_and_graph_tokens_for_the_stand_in(az):
    """What az 2.91 requests with az-local's cloud (read from its MSAL token cache, plain JSON on Linux)."""
    import jwt
    az('ad', 'signed-in-user', 'show', '-o', 'json')  # a Graph token too
    cache = json.loads((az.standin.state_dir / 'azure' / 'msal_token_cache.json').read_text())
    audiences = {jwt.decode(entry['secret'], options={'verify_signature': False})['aud']
                 for entry in cache['AccessToken'].values()}
    assert audiences == {'https://management.core.windows.net/', az.standin.url + '/'}
