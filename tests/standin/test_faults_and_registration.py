"""ARM's transient faults (EMULATOR_FAULT_RATE) and an unregistered provider (EMULATOR_UNREGISTERED): the
official clients get through both, and nothing is done twice."""

import time
import types

import azure.mgmt.core.policies._base as arm_policies
import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.durabletask import models as m

from armstandin.testing import running_standin

from .conftest import dt_client, resource_client


def scheduler_model():
    return m.Scheduler(location='westus2', properties=m.SchedulerProperties(
        ip_allowlist=['0.0.0.0/0'], sku=m.SchedulerSku(name='Dedicated')))


def test_faults_are_retried_and_nothing_is_done_twice(tmp_path):
    with running_standin(tmp_path, EMULATOR_FAULT_RATE=0.3, EMULATOR_FAULT_SEED=7, EMULATOR_PROVISIONING_SECONDS=0,
                         EMULATOR_RETRY_AFTER=0) as standin:
        resource_client(standin).resource_groups.create_or_update('rg-faults', {'location': 'westus2'})
        client = dt_client(standin, retry_backoff_factor=0.05)
        created = client.schedulers.begin_create_or_update('rg-faults', 'sched-faults', scheduler_model()).result()
        assert created.properties.provisioning_state == 'Succeeded'
        client.task_hubs.begin_create_or_update('rg-faults', 'sched-faults', 'hub', m.TaskHub()).result()
        assert [s.name for s in client.schedulers.list_by_subscription()] == ['sched-faults']
        assert [h.name for h in client.task_hubs.list_by_scheduler('rg-faults', 'sched-faults')] == ['hub']
        client.task_hubs.begin_delete('rg-faults', 'sched-faults', 'hub').result()
        client.schedulers.begin_delete('rg-faults', 'sched-faults').result()
        assert list(client.schedulers.list_by_subscription()) == []
        log = standin.requests()

    statuses = [r['status'] for r in log]
    assert 429 in statuses and 503 in statuses
    faulted = [r for r in log if r['status'] in (429, 503)]
    assert len(faulted) >= 5
    assert all(r['path'].startswith('/subscriptions') or r['path'].startswith('/providers') for r in faulted)
    # every write reached the provider exactly once: no create, no delete done twice
    puts = [r['status'] for r in log if r['method'] == 'PUT' and r['path'].endswith('/schedulers/sched-faults')]
    assert puts.count(201) == 1 and set(puts) <= {201, 429, 503}
    deletes = [r['status'] for r in log if r['method'] == 'DELETE' and r['path'].endswith('/schedulers/sched-faults')]
    assert deletes.count(202) == 1 and set(deletes) <= {202, 429, 503}


def test_unregistered_provider_is_registered_by_the_arm_pipeline(tmp_path, monkeypatch):
    # ARMAutoResourceProviderRegistrationPolicy sleeps 10 s before it checks the registration: shorten it
    monkeypatch.setattr(arm_policies, 'time', types.SimpleNamespace(sleep=lambda s: time.sleep(min(s, 0.3))))
    with running_standin(tmp_path, EMULATOR_UNREGISTERED=1, EMULATOR_PROVISIONING_SECONDS=0.2,
                         EMULATOR_RETRY_AFTER=0) as standin:
        resources = resource_client(standin)
        resources.resource_groups.create_or_update('rg-reg', {'location': 'westus2'})
        assert resources.providers.get('Microsoft.DurableTask').registration_state == 'NotRegistered'
        client = dt_client(standin)
        # The policy reads the 409's body, which an LRO's first (streamed) response does not give it: the
        # first DurableTask call of a command must be a plain one, e.g. the existence check before a create.
        with pytest.raises(ResourceNotFoundError):
            client.schedulers.get('rg-reg', 'sched-reg')
        created = client.schedulers.begin_create_or_update('rg-reg', 'sched-reg', scheduler_model()).result()
        assert created.properties.provisioning_state == 'Succeeded'
        assert resources.providers.get('Microsoft.DurableTask').registration_state == 'Registered'
        log = standin.requests()

    dt = [(r['method'], r['path'].split('/providers/', 1)[-1], r['status']) for r in log
          if 'DurableTask' in r['path']]
    rejected = dt.index(('GET', 'Microsoft.DurableTask/schedulers/sched-reg', 409))
    register = dt.index(('POST', 'Microsoft.DurableTask/register', 200))
    retried = dt.index(('GET', 'Microsoft.DurableTask/schedulers/sched-reg', 404))
    created = dt.index(('PUT', 'Microsoft.DurableTask/schedulers/sched-reg', 201))
    assert rejected < register < retried < created
    assert ('GET', 'Microsoft.DurableTask', 200) in dt[register:retried]  # the policy polls the provider


def test_an_lro_first_call_cannot_trigger_the_registration(tmp_path):
    """What the extension has to know: a create sent first gets MissingSubscriptionRegistration back."""
    with running_standin(tmp_path, EMULATOR_UNREGISTERED=1) as standin:
        resource_client(standin).resource_groups.create_or_update('rg-reg', {'location': 'westus2'})
        with pytest.raises(HttpResponseError) as err:
            dt_client(standin).schedulers.begin_create_or_update('rg-reg', 'sched-reg', scheduler_model())
        assert err.value.status_code == 409 and err.value.error.code == 'MissingSubscriptionRegistration'
        assert "namespace 'Microsoft.DurableTask'" in err.value.message
