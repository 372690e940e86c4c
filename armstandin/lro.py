"""The lifecycle of ARM resources with long-running operations, for the other providers' modules (Microsoft.DurableTask
answers as Azure does, in routes/durabletask/monitor.py). Retry-After is sent only when EMULATOR_RETRY_AFTER is set.

- `begin_create`: store the resource `Provisioning` (or `busy_state`) for EMULATOR_PROVISIONING_SECONDS and
  answer 201 + Azure-AsyncOperation + Retry-After (final state via the operation status, then a GET).
  A name matching EMULATOR_FAIL_PROVISIONING (a regex) ends `Failed`, its operation too.
- `begin_update`: apply the change, `Updating` for the same time, answer 202 + Location + Retry-After; the
  Location URL answers 202 until done, then 200 + the resource (via the type's registered renderer).
- `begin_delete`: `Deleting` (children too), gone afterwards; 202 + Location + Retry-After, then 204.
- `refuse_if_busy`: 409 AnotherOperationInProgress while a resource is not in a terminal state.
The monitors themselves are served by armstandin/routes/operations.py.
"""

import re

from .arm import ArmError, async_operation_response, ctx, location_response, render


def _name(resource_id):
    return resource_id.rsplit('/', 1)[-1]


def refuse_if_busy(res, what):
    if res.busy:
        raise ArmError(409, 'AnotherOperationInProgress',
                       "The {} '{}' is {}: another operation is in progress on it. Retry when it has "
                       "finished.".format(what, _name(res.id), res.state.lower()))


def _fails(settings, name):
    return bool(settings.fail_provisioning) and re.fullmatch(settings.fail_provisioning, name, re.IGNORECASE)


def begin_create(request, rid, rtype, body, *, namespace, location, api, busy_state='Provisioning'):
    store, settings = ctx(request)
    seconds = settings.provisioning_seconds
    final, error = 'Succeeded', None
    if _fails(settings, _name(rid)):
        final = 'Failed'
        error = {'code': 'ProvisioningFailed', 'message': "Provisioning of '{}' failed (EMULATOR_FAIL_PROVISIONING "
                                                          "matched its name).".format(_name(rid))}
    res = store.put(rid, rtype, body, state=busy_state, seconds=seconds, final_state=final)
    op = store.new_operation(rid, 'create', seconds, final, error)
    return async_operation_response(request, render(request, res), op, namespace, location, api)


def begin_update(request, res, body, *, namespace, location, api, state='Updating'):
    """`state=None`: the change shows at once and the resource stays as it is (the monitor still runs)."""
    store, settings = ctx(request)
    seconds = settings.provisioning_seconds
    if state is None:
        store.update(res.id, body)
    else:
        store.update(res.id, body, state=state, seconds=seconds)
    return location_response(request, store.new_operation(res.id, 'update', seconds), namespace, location, api)


def begin_delete(request, res, *, namespace, location, api, what=None):
    store, settings = ctx(request)
    if res.state != 'Deleting':
        refuse_if_busy(res, what or 'resource')
        store.begin_delete(res.id, settings.provisioning_seconds)
    op = store.new_operation(res.id, 'delete', settings.provisioning_seconds)
    return location_response(request, op, namespace, location, api)
