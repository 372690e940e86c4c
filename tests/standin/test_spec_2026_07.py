"""Every Microsoft.DurableTask response the stand-in gives the official SDK at api-version 2026-07-01 validates
against the 2026-07-01 OpenAPI spec, made strict as in test_spec_conformance.py (whose schema helpers this reuses),
and the run reaches every operation of that spec: the 2026-02-01 ones plus restart, transparent data encryption,
scheduler identity and task hub capabilities.

tests/spec/durabletask-2026-07-01.json is a copy of the public spec (Azure/azure-rest-api-specs,
specification/durabletask/resource-manager/Microsoft.DurableTask/stable/2026-07-01/durabletask.json, as
shared/spec/2026-07-01 holds it); tests/spec/common-types-managedidentity.json the common type it adds."""

import json
from unittest import mock

import jsonschema
import pytest
from azure.mgmt.durabletask import models as m

from armstandin import constants as c
from armstandin.testing import running_standin
from azext_durabletask._client_factory import API_VERSION, PREVIEW_API_VERSION, _stable_api_version_policy

from . import test_spec_conformance as base
from .conftest import Raw, Recorder, dt_client, resource_client, sub_path

SPEC = json.loads((base.SPEC_DIR / 'durabletask-2026-07-01.json').read_text(encoding='utf-8'))
COMMON = dict(base.COMMON, **json.loads((base.SPEC_DIR / 'common-types-managedidentity.json').read_text(
    encoding='utf-8')))
BY_TYPE = dict(base.BY_TYPE, **{
    'microsoft.durabletask/schedulers/transparentdataencryptions': {'$ref': '#/definitions/TransparentDataEncryption'}})
CRYPTO_ROLE = 'e147488a-f6f5-4113-8e2d-b22465e65bf6'


def test_spec_is_2026_07_01():
    assert SPEC['info']['version'] == API_VERSION
    assert '/restart' in ' '.join(SPEC['paths'])


def test_sdk_responses_match_the_2026_07_01_spec(tmp_path):
    recorder = Recorder()
    with mock.patch.multiple(base, SPEC=SPEC, COMMON=COMMON, BY_TYPE=BY_TYPE):
        operations = base._operations()  # pylint: disable=protected-access
        with mock.patch.object(base, 'OPERATIONS', operations), \
                running_standin(tmp_path, EMULATOR_PAGE_SIZE=2, EMULATOR_PROVISIONING_SECONDS=0.1,
                                EMULATOR_RETRY_AFTER=0, EMULATOR_PRINCIPAL_REPLICATION_SECONDS=0) as standin:
            resource_client(standin).resource_groups.create_or_update('rg-spec', {'location': 'westus2'})
            client = dt_client(standin, recorder, api_version=PREVIEW_API_VERSION,
                               per_call_policies=[_stable_api_version_policy()])
            base.exercise_every_operation(client)
            exercise_2026_07(client, Raw(standin))
            validated, reached = _validate(recorder)
        every_operation = {op[0] for op in operations}

    assert {r['url'].split('api-version=')[1].split('&')[0] for r in recorder.responses} == {API_VERSION}
    assert every_operation <= reached, 'not exercised: {}'.format(sorted(every_operation - reached))
    for label in ('Schedulers_Restart', 'TransparentDataEncryptions_CreateOrReplace',
                  'TransparentDataEncryptions_Get', 'TransparentDataEncryptions_ListByScheduler',
                  'TransparentDataEncryptions_Delete'):
        assert label in reached, label
    with_identity = [r for r in recorder.responses if isinstance(r['body'], dict) and r['body'].get('identity')]
    assert {r['body']['identity']['type'] for r in with_identity} >= {'SystemAssigned', 'SystemAssigned,UserAssigned'}
    hubs = [r['body'] for r in recorder.responses if isinstance(r['body'], dict)
            and (r['body'].get('properties') or {}).get('capabilities')]
    assert hubs and validated.get('TaskHubs_Get', 0) >= 1


def _validate(recorder):
    validated, reached = {}, set()
    for response in recorder.responses:
        found = base.schema_for(response)
        assert found is not None, 'the spec does not describe {method} {url}'.format(**response)
        label, schema = found
        reached.add(label)
        if response['body'] is None:
            assert schema is None or response['status'] in (202, 204), '{} {}: empty body'.format(
                label, response['status'])
            continue
        assert schema is not None, '{} {} has a body the spec does not allow'.format(label, response['status'])
        body = response['body']
        for key in base.AZURE_BEYOND_SPEC.get(label, ()):  # where Azure's recordings answer beyond the spec
            if key in body:
                assert body[key] is None, '{}: {!r}'.format(key, body[key])
                body = {k: v for k, v in body.items() if k != key}
        try:
            jsonschema.validate(body, base.strict(schema))
        except jsonschema.ValidationError as ex:
            pytest.fail('{} {} {}: {} at {}\n{}'.format(
                response['method'], response['status'], label, ex.message, list(ex.absolute_path),
                json.dumps(response['body'])[:600]))
        validated[label] = validated.get(label, 0) + 1
    return validated, reached


def exercise_2026_07(client, raw):
    group, name = 'rg-spec', 'spec-2026'
    identity_id = sub_path('resourceGroups', group, 'providers/Microsoft.ManagedIdentity/userAssignedIdentities',
                           'spec-identity')
    assert raw('PUT', identity_id, {'location': 'westus2'}, api='2023-01-31').status_code == 201
    scheduler = client.schedulers.begin_create_or_update(group, name, m.Scheduler(
        location='westus2', identity=m.ManagedServiceIdentity(type='SystemAssigned'),
        properties=m.SchedulerProperties(ip_allowlist=['0.0.0.0/0'], sku=m.SchedulerSku(name='Dedicated')))).result()
    client.schedulers.begin_update(group, name, m.SchedulerUpdate(identity=m.ManagedServiceIdentity(
        type='SystemAssigned,UserAssigned', user_assigned_identities={identity_id: m.UserAssignedIdentity()}))).result()
    client.schedulers.get(group, name)
    client.schedulers.restart(group, name)

    vault = sub_path('resourceGroups', group, 'providers/Microsoft.KeyVault/vaults/spec-vault')
    raw('PUT', vault, {'location': 'westus2', 'properties': {'tenantId': c.TENANT_ID, 'sku': {
        'family': 'A', 'name': 'standard'}, 'enablePurgeProtection': True}}, api='2023-07-01')
    key_uri = raw('PUT', vault + '/keys/spec-key', {'properties': {'kty': 'RSA', 'keySize': 2048}},
                  api='2023-07-01').json()['properties']['keyUri']
    raw('PUT', vault + '/providers/Microsoft.Authorization/roleAssignments/6f1d1f4c-1d7e-4c1a-9a55-3f0b4b1c2d3e',
        {'properties': {'roleDefinitionId': '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'
                        .format(c.SUBSCRIPTION_ID, CRYPTO_ROLE), 'principalId': scheduler.identity.principal_id,
                        'principalType': 'ServicePrincipal'}}, api='2022-04-01')
    tde = client.transparent_data_encryptions
    tde.begin_create_or_replace(group, name, m.TransparentDataEncryption(
        properties=m.TransparentDataEncryptionProperties(key_source='CustomerManaged',
                                                         key_vault_key_uri=key_uri))).result()
    tde.begin_create_or_replace(group, name, m.TransparentDataEncryption(
        properties=m.TransparentDataEncryptionProperties(key_source='MicrosoftManaged'))).result()
    tde.get(group, name)
    list(tde.list_by_scheduler(group, name))
    tde.begin_delete(group, name).result()

    client.task_hubs.begin_create_or_update(group, name, 'hub-cap', m.TaskHub(properties=m.TaskHubProperties(
        capabilities=['ExtendedSessions']))).result()
    client.task_hubs.get(group, name, 'hub-cap')
    client.task_hubs.begin_delete(group, name, 'hub-cap').result()
    client.schedulers.begin_delete(group, name).result()


def test_one_handler_per_2026_07_operation_named_after_it():
    from armstandin.routes import durabletask
    handlers = durabletask.operation_handlers()
    with mock.patch.object(base, 'SPEC', SPEC):
        operation_ids = {op[0] for op in base._operations()}  # pylint: disable=protected-access
    name_of = base._handler_name  # pylint: disable=protected-access
    for operation_id in sorted(operation_ids):
        assert operation_id in handlers, operation_id
        assert handlers[operation_id].__name__ == name_of(operation_id), operation_id
