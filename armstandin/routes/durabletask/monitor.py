"""Microsoft.DurableTask's long-running operations, as Azure answers them (tests/real-azure):

- create (PUT of a new scheduler or task hub): 201, the resource `Accepted`, `Azure-AsyncOperation` only;
- replace (PUT over an existing scheduler): 201, the resource `Updating` (its old body shows until done);
- delete: 202, body `null`, `Location` and `Azure-AsyncOperation`, both operationStatuses URLs;
- the status URL `…/locations/<REGION>/operationStatuses/<uuid>*<HEX>?api-version=…&t=…&c=…&s=…&h=…` answers
  `{id, name, resourceId, status, startTime}`: 200 `Accepted` then `Provisioning` (`Updating` for a replace) while
  creating, 202 `Deleting` with fresh Location and Azure-AsyncOperation URLs while deleting, then 200 `Succeeded`
  with `endTime` (absent for a scheduler delete) and `"properties": null`.
No Retry-After unless EMULATOR_RETRY_AFTER is set. Operation ids live in the generic store's operations table.
"""

import base64
import datetime
import hashlib
import re
import time
import uuid

from ...arm import ArmError, base_url, ctx, json_response, retry_after
from . import models as m
from . import responses as r

STATUS_PATH = m.SUBSCRIPTION_PATH + '/locations/{location}/operationStatuses/{op}'
# Share of an operation's time during which its status is still `Accepted`.
_ACCEPTED_SHARE = 0.3


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip('=')


def iso7(ts):
    """Azure's timestamps in operation statuses: 7 fractional digits."""
    stamp = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return stamp.strftime('%Y-%m-%dT%H:%M:%S.%f') + str(int(ts * 10_000_000) % 10) + 'Z'


def new_operation_id(resource_id):
    return '{}*{}'.format(uuid.uuid4(), hashlib.sha256(resource_id.lower().encode()).hexdigest().upper())


def display_id(op_id):
    """The stored (lower-case) id in Azure's form: `<uuid>*<HEX>`."""
    head, _, tail = op_id.partition('*')
    return '{}*{}'.format(head, tail.upper())


def status_url(request, op_id, location, api, refreshed=False):
    """A signed-looking operationStatuses URL; each call gives new t/s/h values. Azure's first URL names the region
    in upper case, the refreshed ones in lower case."""
    sub = request.path_params.get('subscription') or m.subscription_of(request.url.path)
    ticks = str(int(time.time() * 10_000_000) + 621_355_968_000_000_000)
    nonce = uuid.uuid4().bytes
    query = 'api-version={}&t={}&c={}&s={}&h={}'.format(
        api, ticks, _b64(hashlib.sha256(b'c' + op_id.encode()).digest() * 2),
        _b64(hashlib.sha512(nonce + ticks.encode()).digest()), _b64(hashlib.sha256(nonce).digest()))
    region = location.lower() if refreshed else location.upper()
    return '{}/subscriptions/{}/providers/{}/locations/{}/operationStatuses/{}?{}'.format(
        base_url(request), sub, m.NS, region, display_id(op_id), query)


def _fails(settings, name):
    return bool(settings.fail_provisioning) and re.fullmatch(settings.fail_provisioning, name, re.IGNORECASE)


def _operation(store, rid, action, seconds, final='Succeeded', error=None):
    return store.new_operation(rid, action, seconds, final, error, op_id=new_operation_id(rid))


def begin_create(request, rid, rtype, body, location, api, busy_state='Provisioning', answer_state='Accepted'):
    """201 + Azure-AsyncOperation, the body `answer_state`; the resource is `busy_state` for
    EMULATOR_PROVISIONING_SECONDS (a name matching EMULATOR_FAIL_PROVISIONING ends Failed)."""
    store, settings = ctx(request)
    seconds = settings.provisioning_seconds
    final, error = 'Succeeded', None
    if _fails(settings, m.name_of(rid)):
        final = 'Failed'
        error = {'code': 'ProvisioningFailed', 'message': "Provisioning of '{}' failed (EMULATOR_FAIL_PROVISIONING "
                                                          "matched its name).".format(m.name_of(rid))}
    res = store.put(rid, rtype, body, state=busy_state, seconds=seconds, final_state=final)
    op = _operation(store, rid, 'create', seconds, final, error)
    body = r.render(request, res, provisioning_state=answer_state)
    return r.resource_response(request, body, res, status=201, headers={
        'Azure-AsyncOperation': status_url(request, op.id, location, api), **retry_after(settings)})


def begin_replace(request, existing, new_body, location, api):
    """PUT over an existing resource: 201, `Updating`; the old body shows until the update settles."""
    store, settings = ctx(request)
    seconds = settings.provisioning_seconds
    held = dict(existing.body, **{m.PENDING: new_body})
    res = store.update(existing.id, held, state='Updating', seconds=seconds)
    op = _operation(store, existing.id, 'update', seconds)
    return r.resource_response(request, r.render(request, res), res, status=201, headers={
        'Azure-AsyncOperation': status_url(request, op.id, location, api), **retry_after(settings)})


def begin_delete(request, res, location, api, what):
    """202, body null, Location and Azure-AsyncOperation; the resource (and its children) `Deleting`, then gone."""
    store, settings = ctx(request)
    if res.state != 'Deleting':
        m.refuse_if_busy(res, what)
        store.begin_delete(res.id, settings.provisioning_seconds)
    op = _operation(store, res.id, 'delete', settings.provisioning_seconds)
    headers = {'Location': status_url(request, op.id, location, api),
               'Azure-AsyncOperation': status_url(request, op.id, location, api),
               'ETag': m.etag(res), 'api-supported-versions': r.SUPPORTED_VERSIONS, **retry_after(settings)}
    return json_response(None, status=202, headers=headers)


def _status(op, now):
    if now >= op.until:
        return op.final_status
    if op.action == 'delete':
        return 'Deleting'
    if now < op.started + (op.until - op.started) * _ACCEPTED_SHARE:
        return 'Accepted'
    return 'Provisioning' if op.action == 'create' else 'Updating'


async def operation_statuses_get(request):
    """GET of an Azure-AsyncOperation / Location URL (not in the spec: ARM's async operation pattern)."""
    store, settings = ctx(request)
    api = m.check_api_version(request)
    op = store.get_operation(request.path_params['op'])
    if op is None or m.subscription_of(op.resource_id).lower() != request.path_params['subscription'].lower():
        raise ArmError(404, 'OperationNotFound', "The operation '{}' could not be found.".format(
            request.path_params['op']), bare=True)
    status = _status(op, time.time())
    body = {'id': request.url.path, 'name': display_id(op.id), 'resourceId': op.resource_id, 'status': status,
            'startTime': iso7(op.started)}
    headers = {}
    if status in ('Succeeded', 'Failed', 'Canceled'):
        scheduler_delete = op.action == 'delete' and '/' not in op.resource_id.lower().split('/schedulers/', 1)[1]
        if not scheduler_delete:  # Azure's 2026 scheduler delete results carry no endTime
            body['endTime'] = iso7(op.until)
        if status == 'Failed' and op.error:
            body['error'] = op.error
        body['properties'] = None
        code = 200
    elif op.action == 'delete':
        code = 202
        location = request.path_params['location']
        headers = {'Location': status_url(request, op.id, location, api, refreshed=True),
                   'Azure-AsyncOperation': status_url(request, op.id, location, api, refreshed=True),
                   **retry_after(settings)}
    else:
        code = 200
        headers = retry_after(settings)
    headers['ETag'] = '"{}"'.format(hashlib.sha256(repr(body).encode()).hexdigest()[:32])
    return json_response(body, status=code, headers=headers)


ROUTES = [
    ('OperationStatuses_Get', 'GET', STATUS_PATH, operation_statuses_get),
]
