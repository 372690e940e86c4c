"""Who may write what: ARM checks every write against the caller's role assignments at or above the scope, and
role assignment PUTs follow ARM's rules (principalType, updates, duplicates)."""

import time
import uuid

import pytest

from armstandin import constants as c
from armstandin.testing import running_standin

from .conftest import Raw, scheduler_path, sub_path

GROUP, OTHER_GROUP = 'rg-authz', 'rg-authz-other'
ASSIGN_API = '2022-04-01'
GROUP_API = '2024-11-01'
REPLICATION = 1.5
SCHEDULER_BODY = {'location': 'westus2', 'properties': {'ipAllowlist': ['0.0.0.0/0'], 'sku': {'name': 'Consumption'}}}


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('authz'), EMULATOR_PROVISIONING_SECONDS=0,
                         EMULATOR_PRINCIPAL_REPLICATION_SECONDS=REPLICATION) as s:
        owner = Raw(s)
        for group in (GROUP, OTHER_GROUP):
            assert owner('PUT', sub_path('resourcegroups', group), {'location': 'westus2'},
                         api=GROUP_API).status_code in (200, 201)
        yield s


def _as(standin, app_id, secret):
    raw = Raw(standin)
    raw.headers = {'Authorization': 'Bearer ' + standin.token(app_id, secret)}
    return raw


def _role_id(role):
    return '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'.format(c.SUBSCRIPTION_ID, role)


def _assign(raw, scope, principal_id, role, name=None, principal_type='ServicePrincipal'):
    props = {'roleDefinitionId': _role_id(role), 'principalId': principal_id}
    if principal_type:
        props['principalType'] = principal_type
    return raw('PUT', '{}/providers/Microsoft.Authorization/roleAssignments/{}'.format(scope, name or uuid.uuid4()),
               {'properties': props}, api=ASSIGN_API)


def _denied(answer, oid, action, scope):
    assert answer.status_code == 403, answer.text
    assert answer.json()['error']['code'] == 'AuthorizationFailed'
    assert answer.json()['error']['message'] == (
        "The client '{0}' with object id '{0}' does not have authorization to perform action '{1}' over scope '{2}' "
        "or the scope is invalid. If access was recently granted, please refresh your credentials.".format(
            oid, action, scope))


def test_a_reader_reads_but_every_write_is_refused(standin):
    owner, reader = Raw(standin), _as(standin, c.READER_APP_ID, c.READER_APP_SECRET)
    scheduler = scheduler_path(GROUP, 'sched-read')
    assert owner('PUT', scheduler, SCHEDULER_BODY).status_code == 201
    assert reader('GET', scheduler).status_code == 200
    assert reader('GET', sub_path('resourcegroups'), api=GROUP_API).status_code == 200

    oid = c.READER_APP_OBJECT_ID
    _denied(reader('PUT', scheduler_path(GROUP, 'sched-new'), SCHEDULER_BODY), oid,
            'Microsoft.DurableTask/schedulers/write', scheduler_path(GROUP, 'sched-new'))
    _denied(reader('PATCH', scheduler, {'tags': {'a': 'b'}}), oid, 'Microsoft.DurableTask/schedulers/write', scheduler)
    _denied(reader('DELETE', scheduler), oid, 'Microsoft.DurableTask/schedulers/delete', scheduler)
    hub = scheduler + '/taskHubs/hub1'
    _denied(reader('PUT', hub, {'properties': {}}), oid, 'Microsoft.DurableTask/schedulers/taskHubs/write', hub)
    _denied(reader('PUT', sub_path('resourcegroups', 'rg-reader'), {'location': 'westus2'}, api=GROUP_API), oid,
            'Microsoft.Resources/subscriptions/resourcegroups/write', sub_path('resourcegroups', 'rg-reader'))
    register = sub_path('providers', 'Microsoft.DurableTask', 'register')
    _denied(reader('POST', register, api='2021-04-01'), oid, 'Microsoft.DurableTask/register/action', register)
    scope = sub_path('resourceGroups', GROUP)
    name = str(uuid.uuid4())
    _denied(_assign(reader, scope, c.WORKER_APP_OBJECT_ID, c.ROLE_DURABLE_TASK_WORKER, name), oid,
            'Microsoft.Authorization/roleAssignments/write',
            scope + '/providers/Microsoft.Authorization/roleAssignments/' + name)
    assert 'a' not in (owner('GET', scheduler).json().get('tags') or {})  # the refused PATCH changed nothing


def test_a_contributor_writes_resources_in_its_scope_but_not_role_assignments(standin):
    owner, worker = Raw(standin), _as(standin, c.WORKER_APP_ID, c.WORKER_APP_SECRET)
    group_scope = sub_path('resourceGroups', GROUP)
    _denied(worker('PUT', scheduler_path(GROUP, 'sched-c'), SCHEDULER_BODY), c.WORKER_APP_OBJECT_ID,
            'Microsoft.DurableTask/schedulers/write', scheduler_path(GROUP, 'sched-c'))
    granted = _assign(owner, group_scope, c.WORKER_APP_OBJECT_ID, c.ROLE_CONTRIBUTOR)
    assert granted.status_code == 201, granted.text
    try:
        assert worker('PUT', scheduler_path(GROUP, 'sched-c'), SCHEDULER_BODY).status_code == 201
        assert worker('DELETE', scheduler_path(GROUP, 'sched-c')).status_code in (200, 202, 204)
        # only in the group it was given
        _denied(worker('PUT', scheduler_path(OTHER_GROUP, 'sched-c'), SCHEDULER_BODY), c.WORKER_APP_OBJECT_ID,
                'Microsoft.DurableTask/schedulers/write', scheduler_path(OTHER_GROUP, 'sched-c'))
        # Contributor's notActions: no role assignment writes
        assert _assign(worker, group_scope, c.USER2_OBJECT_ID, c.ROLE_READER, principal_type='User').status_code == 403
    finally:
        assert owner('DELETE', granted.json()['id'], api=ASSIGN_API).status_code == 200


def test_a_principal_without_a_role_reads_nothing(standin):
    owner, worker = Raw(standin), _as(standin, c.WORKER_APP_ID, c.WORKER_APP_SECRET)
    scheduler = scheduler_path(OTHER_GROUP, 'sched-no-role')
    assert owner('PUT', scheduler, SCHEDULER_BODY).status_code == 201
    _denied(worker('GET', scheduler), c.WORKER_APP_OBJECT_ID, 'Microsoft.DurableTask/schedulers/read', scheduler)
    groups = sub_path('resourcegroups')
    _denied(worker('GET', groups, api=GROUP_API), c.WORKER_APP_OBJECT_ID,
            'Microsoft.Resources/subscriptions/resourcegroups/read', groups)
    granted = _assign(owner, sub_path('resourceGroups', OTHER_GROUP), c.WORKER_APP_OBJECT_ID, c.ROLE_READER)
    assert granted.status_code == 201
    try:
        assert worker('GET', scheduler).status_code == 200
        assert worker('GET', groups, api=GROUP_API).status_code == 403  # Reader of one group only
    finally:
        owner('DELETE', granted.json()['id'], api=ASSIGN_API)


def test_a_user_access_administrator_writes_role_assignments_only(standin):
    owner, worker = Raw(standin), _as(standin, c.WORKER_APP_ID, c.WORKER_APP_SECRET)
    group_scope = sub_path('resourceGroups', OTHER_GROUP)
    granted = _assign(owner, group_scope, c.WORKER_APP_OBJECT_ID, c.ROLE_USER_ACCESS_ADMINISTRATOR)
    assert granted.status_code == 201
    try:
        made = _assign(worker, group_scope, c.USER2_OBJECT_ID, c.ROLE_READER, principal_type='User')
        assert made.status_code == 201, made.text
        assert worker('DELETE', made.json()['id'], api=ASSIGN_API).status_code == 200
        assert worker('PUT', scheduler_path(OTHER_GROUP, 'sched-u'), SCHEDULER_BODY).status_code == 403
    finally:
        owner('DELETE', granted.json()['id'], api=ASSIGN_API)


def test_the_seeded_owners_write(standin):
    for raw in (Raw(standin), None):
        if raw is None:  # the signed-in developer, by password
            raw = Raw(standin)
            raw.headers = {'Authorization': 'Bearer ' + _user_token(standin)}
        name = 'rg-owner-{}'.format(uuid.uuid4().hex[:6])
        assert raw('PUT', sub_path('resourcegroups', name), {'location': 'westus2'}, api=GROUP_API).status_code == 201


def _user_token(standin):
    import json
    import ssl
    import urllib.parse
    import urllib.request
    data = urllib.parse.urlencode({'grant_type': 'password', 'client_id': c.AZURE_CLI_CLIENT_ID,
                                   'username': c.USER_UPN, 'password': c.USER_PASSWORD,
                                   'scope': 'https://management.core.windows.net//.default openid'}).encode()
    request = urllib.request.Request('{}/{}/oauth2/v2.0/token'.format(standin.url, c.TENANT_ID), data=data)
    with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=standin.cert_path)) as answer:
        return json.loads(answer.read())['access_token']


# --- role assignment PUT -------------------------------------------------------------------------------------------

def _new_identity(standin, name):
    answer = Raw(standin)('PUT', sub_path('resourceGroups', GROUP, 'providers/Microsoft.ManagedIdentity',
                                          'userAssignedIdentities', name), {'location': 'westus2'}, api='2023-01-31')
    assert answer.status_code in (200, 201), answer.text
    return answer.json()['properties']['principalId']


def test_principal_type_service_principal_skips_the_directory_lookup(standin):
    owner = Raw(standin)
    principal = _new_identity(standin, 'id-fresh-sp')
    scope = sub_path('resourceGroups', GROUP)
    answer = _assign(owner, scope, principal, c.ROLE_DURABLE_TASK_WORKER)  # not replicated yet: no lookup
    assert answer.status_code == 201, answer.text
    assert answer.json()['properties']['principalType'] == 'ServicePrincipal'


@pytest.mark.parametrize('principal_type', [None, 'User'])
def test_without_principal_type_or_for_users_the_lookup_waits_for_replication(standin, principal_type):
    owner = Raw(standin)
    principal = _new_identity(standin, 'id-fresh-{}'.format(principal_type or 'none').lower())
    scope = sub_path('resourceGroups', GROUP)
    early = _assign(owner, scope, principal, c.ROLE_DURABLE_TASK_WORKER, principal_type=principal_type)
    assert (early.status_code, early.json()['error']['code']) == (400, 'PrincipalNotFound')
    if principal_type is None:
        time.sleep(REPLICATION)
        assert _assign(owner, scope, principal, c.ROLE_DURABLE_TASK_WORKER, principal_type=None).status_code == 201


def test_an_assignment_is_not_updated_nor_duplicated(standin):
    owner = Raw(standin)
    scope = sub_path('resourceGroups', GROUP)
    name = str(uuid.uuid4())
    assert _assign(owner, scope, c.WORKER_APP_OBJECT_ID, c.ROLE_DURABLE_TASK_DATA_READER, name).status_code == 201
    changed = _assign(owner, scope, c.WORKER_APP_OBJECT_ID, c.ROLE_DURABLE_TASK_WORKER, name)
    assert (changed.status_code, changed.json()['error']['code']) == (400, 'RoleAssignmentUpdateNotPermitted')
    again = _assign(owner, scope, c.WORKER_APP_OBJECT_ID, c.ROLE_DURABLE_TASK_DATA_READER)
    assert (again.status_code, again.json()['error']['code']) == (409, 'RoleAssignmentExists')
