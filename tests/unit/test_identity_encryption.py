"""Managed identities, encryption options and the stable api-version policy, without HTTP."""

from argparse import Namespace

import pytest
from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)
from azure.mgmt.durabletask import models as m

from azext_durabletask import _format
from azext_durabletask._client_factory import API_VERSION, with_api_version
from azext_durabletask._validators import (validate_identity_change, validate_task_hub_create, validate_tde_create,
                                           validate_tde_update)
from azext_durabletask.encryption import parse_key_uri
from azext_durabletask.identity import Identities, requested_identity, split_user_assigned

UAI = '/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}'


def test_identities_add_and_remove_keep_the_rest():
    current = Identities.of(m.ManagedServiceIdentity(type='SystemAssigned,UserAssigned', user_assigned_identities={
        UAI.format('a'): m.UserAssignedIdentity()}))
    assert current.system and current.user == [UAI.format('a')]
    more = current.plus(user=[UAI.format('A'), UAI.format('b')])  # ids compare without case
    assert more.type == 'SystemAssigned,UserAssigned' and more.user == [UAI.format('a'), UAI.format('b')]
    assert more.minus(system=True).type == 'UserAssigned'
    assert more.minus(user=[UAI.format('B')]).user == [UAI.format('a')]
    assert more.minus(system=True, user=[]).type == 'None'
    assert more.minus(system=True, user=[]).model().as_dict() == {'type': 'None'}
    assert Identities.of(None).type == 'None'


def test_system_element_in_user_assigned_means_the_system_identity():
    assert split_user_assigned(['[system]', UAI.format('a')]) == (True, [UAI.format('a')])
    assert requested_identity(False, ['[system]']).as_dict() == {'type': 'SystemAssigned'}
    assert requested_identity(False, None) is None
    body = requested_identity(True, [UAI.format('a')]).as_dict()
    assert body == {'type': 'SystemAssigned,UserAssigned', 'userAssignedIdentities': {UAI.format('a'): {}}}


def test_identity_change_needs_an_identity_and_real_ids():
    with pytest.raises(RequiredArgumentMissingError, match='--system-assigned'):
        validate_identity_change(Namespace(scheduler_name='sched', system_assigned=False, user_assigned=None))
    with pytest.raises(InvalidArgumentValueError, match="--user-assigned 'myidentity'"):
        validate_identity_change(Namespace(scheduler_name='sched', system_assigned=False, user_assigned=['myidentity']))
    validate_identity_change(Namespace(scheduler_name='sched', system_assigned=False, user_assigned=[]))


def _tde(**kwargs):
    values = dict(scheduler_name='sched', key_source='CustomerManaged', key_vault_key_uri=None, grant=False)
    values.update(kwargs)
    return Namespace(**values)


def test_key_uri_and_key_source_are_checked_before_any_request():
    assert parse_key_uri('https://myvault.vault.azure.net/keys/mykey') == ('myvault', 'mykey', None)
    assert parse_key_uri('https://myvault.vault.azure.net/keys/mykey/' + 'a' * 32) == ('myvault', 'mykey', 'a' * 32)
    assert parse_key_uri('https://myvault.vault.azure.net/secrets/mykey') is None
    with pytest.raises(RequiredArgumentMissingError, match='--key-vault-key-uri'):
        validate_tde_create(_tde())
    with pytest.raises(InvalidArgumentValueError, match='not a Key Vault key URI'):
        validate_tde_create(_tde(key_vault_key_uri='https://myvault.example.com/k'))
    with pytest.raises(MutuallyExclusiveArgumentError, match='CustomerManaged'):
        validate_tde_create(_tde(key_source='MicrosoftManaged', key_vault_key_uri='https://kv1.vault.azure.net/keys/k'))
    with pytest.raises(RequiredArgumentMissingError, match='Nothing to update'):
        validate_tde_update(_tde(key_source=None))
    validate_tde_create(_tde(key_source='MicrosoftManaged'))


def test_capabilities_accept_spaces_commas_and_brackets():
    namespace = Namespace(scheduler_name='sched', task_hub_name='hub', capabilities=['[a,b]', 'a', 'c'])
    validate_task_hub_create(namespace)
    assert namespace.capabilities == ['a', 'b', 'c']
    with pytest.raises(InvalidArgumentValueError):
        validate_task_hub_create(Namespace(scheduler_name='sched', task_hub_name='hub', capabilities=['[]']))


def test_stable_api_version_replaces_only_the_api_version():
    url = 'https://management.azure.com/x?api-version=2026-07-01-preview&$skiptoken=a%2Bb'
    assert with_api_version(url, API_VERSION) == \
        'https://management.azure.com/x?api-version=2026-07-01&$skiptoken=a%2Bb'
    assert with_api_version('https://h/x', API_VERSION) == 'https://h/x?api-version=2026-07-01'
    assert with_api_version('https://h/x?a=1', API_VERSION) == 'https://h/x?a=1&api-version=2026-07-01'


def test_tables_of_identity_encryption_and_capabilities():
    assert _format.transform_identity({'type': 'UserAssigned', 'userAssignedIdentities': {UAI.format('a'): {}}}) == {
        'Type': 'UserAssigned', 'PrincipalId': None, 'TenantId': None, 'UserAssigned': 'a'}
    row = _format.transform_tde({'id': '/subscriptions/s/resourceGroups/g/providers/Microsoft.DurableTask/schedulers/'
                                       'sched/transparentDataEncryptions/default', 'resourceGroup': 'g',
                                 'properties': {'keySource': 'CustomerManaged', 'provisioningState': 'Succeeded'}})
    assert row['Scheduler'] == 'sched' and row['KeySource'] == 'CustomerManaged'
    hub = _format.transform_task_hub({'name': 'h', 'properties': {'capabilities': ['a', 'b']}})
    assert hub['Capabilities'] == 'a, b'
