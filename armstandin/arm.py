"""ARM conventions shared by the provider modules: errors, routes, api-version checks, paging,
long-running-operation headers, systemData, resource ids."""

import datetime
import json
import re
import time
from urllib.parse import urlencode

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import constants as c


# --- errors ----------------------------------------------------------------------------------------

class ArmError(Exception):
    """Raise anywhere in a handler: the app answers with ARM's error body."""

    def __init__(self, status, code, message, target=None, details=None, headers=None, bare=False):
        super().__init__('{} {}: {}'.format(status, code, message))
        self.bare = bare  # Azure's body is {"error": {"code", "message"}} and nothing else
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.details = details or []
        self.headers = headers or {}

    def response(self):
        if self.bare:
            return JSONResponse({'error': {'code': self.code, 'message': self.message}}, status_code=self.status,
                                headers=self.headers)
        return error_response(self.status, self.code, self.message, self.target, self.details, self.headers)


def error_body(code, message, target=None, details=None):
    error = {'code': code, 'message': message}
    if target:
        error['target'] = target
    error['details'] = [dict(d) for d in (details or [])]
    error['additionalInfo'] = []
    return {'error': error}


def error_response(status, code, message, target=None, details=None, headers=None):
    return JSONResponse(error_body(code, message, target, details), status_code=status, headers=headers)


def bad_request(message, target=None, code='InvalidRequestContent'):
    return ArmError(400, code, message, target=target)


def resource_group_not_found(rg):
    return ArmError(404, 'ResourceGroupNotFound', "Resource group '{}' could not be found.".format(rg))


def resource_not_found(rtype, name, rg):
    """`rtype` like 'Microsoft.DurableTask/schedulers', `name` like 'a' or 'a/taskHubs/b'."""
    return ArmError(404, 'ResourceNotFound',
                    "The Resource '{}/{}' under resource group '{}' was not found. For more details please go "
                    "to https://aka.ms/ARMResourceNotFoundFix".format(rtype, name, rg))


def subscription_not_found(sub):
    return ArmError(404, 'SubscriptionNotFound', "The subscription '{}' could not be found.".format(sub))


# --- routing ---------------------------------------------------------------------------------------

class ArmRoute(Route):
    """A Starlette Route whose path matches case-insensitively, as ARM's do (`resourcegroups`,
    `Microsoft.DurableTask` and `microsoft.durabletask` are the same thing)."""

    def __init__(self, path, endpoint, **kwargs):
        super().__init__(path, endpoint, **kwargs)
        self.path_regex = re.compile(self.path_regex.pattern, re.IGNORECASE)


# --- requests ---------------------------------------------------------------------------------------

def api_version(request, supported=None):
    """The api-version of the request; with `supported`, refuse any other (InvalidApiVersionParameter)."""
    value = request.query_params.get('api-version')
    if not value:
        raise ArmError(400, 'MissingApiVersionParameter',
                       "The api-version query parameter (?api-version=) is required for all requests.")
    if supported and value not in supported:
        raise ArmError(400, 'InvalidApiVersionParameter',
                       "The api-version '{}' is invalid. The supported versions are '{}'.".format(
                           value, ','.join(supported)))
    return value


async def read_json(request, required=True):
    raw = await request.body()
    if not raw.strip():
        if required:
            raise bad_request('The request content was invalid and could not be deserialized: the body is empty.')
        return {}
    try:
        body = json.loads(raw)
    except ValueError as ex:
        raise bad_request('The request content was invalid and could not be deserialized: {}.'.format(ex)) from ex
    if not isinstance(body, dict):
        raise bad_request('The request content was invalid and could not be deserialized: '
                          'expected a JSON object.')
    return body


def caller(request):
    """{'oid', 'name', 'type'} of the authenticated caller (set by the auth middleware)."""
    return request.scope.get('state', {}).get('caller') or {'oid': None, 'name': 'unknown', 'type': 'User'}


def ctx(request):
    """(store, settings) of the running app."""
    return request.app.state.store, request.app.state.settings


def base_url(request):
    return '{}://{}'.format(request.url.scheme, request.url.netloc)


# --- responses ---------------------------------------------------------------------------------------

def json_response(body, status=200, headers=None):
    return JSONResponse(body, status_code=status, headers=headers)


def no_content(status=204, headers=None):
    return Response(status_code=status, headers=headers)


def page(request, items, settings, render=lambda x: x):
    """One page of a list, with nextLink ($skiptoken = offset) when more remain."""
    offset, size = skip_token(request), settings.page_size
    return _page_body(request, items[offset:offset + size], offset + size < len(items), offset + size, render)


def store_page(request, store, rtype, under, settings, render=lambda x: x):
    """Like `page`, reading only the page's rows (and one more, to know whether another page follows)."""
    offset, size = skip_token(request), settings.page_size
    rows = store.list(rtype, under=under, offset=offset, limit=size + 1)
    return _page_body(request, rows[:size], len(rows) > size, offset + size, render)


def skip_token(request):
    try:
        return max(int(request.query_params.get('$skiptoken') or request.query_params.get('$skipToken') or 0), 0)
    except ValueError:
        return 0


def _page_body(request, chunk, more, next_offset, render):
    body = {'value': [render(x) for x in chunk]}
    if more:
        params = [(k, v) for k, v in request.query_params.multi_items() if k.lower() != '$skiptoken']
        params.append(('$skiptoken', str(next_offset)))
        body['nextLink'] = '{}{}?{}'.format(base_url(request), request.url.path, urlencode(params))
    return body


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def system_data(request, existing=None, now=None):
    """systemData for a write by the caller; keeps the created* part of `existing`."""
    who = caller(request)
    stamp = iso(time.time() if now is None else now)
    data = dict(existing or {})
    if not data.get('createdBy'):
        data.update({'createdBy': who['name'], 'createdByType': who['type'], 'createdAt': stamp})
    data.update({'lastModifiedBy': who['name'], 'lastModifiedByType': who['type'], 'lastModifiedAt': stamp})
    return data


def operation_urls(request, namespace, location, op_id, api):
    """(Azure-AsyncOperation URL, Location URL) of an operation, ARM style."""
    sub = request.path_params.get('subscription') or c.SUBSCRIPTION_ID
    prefix = '{}/subscriptions/{}/providers/{}/locations/{}'.format(base_url(request), sub, namespace, location)
    query = urlencode({'api-version': api})
    return ('{}/operationStatuses/{}?{}'.format(prefix, op_id, query),
            '{}/operationResults/{}?{}'.format(prefix, op_id, query))


def normalise_location(location):
    return (location or '').replace(' ', '').lower()


def require_location(body, resource_type):
    """The body's location, normalised; ARM's 400 when it is missing or not a region."""
    from . import constants
    location = normalise_location(body.get('location'))
    if location not in constants.AZURE_LOCATIONS:
        raise ArmError(400, 'LocationRequired' if not location else 'LocationNotAvailableForResourceType',
                       "The location '{}' is not available for resource type '{}'.".format(location, resource_type),
                       target='location')
    return location


# --- rendering and long-running operations --------------------------------------------------------------

RENDERERS = {}


def register_renderer(rtype, fn):
    """`fn(request, resource) -> dict` turns a stored resource of `rtype` into its response body; the
    generic operationResults monitor uses it to answer a finished PATCH/PUT with the resource."""
    RENDERERS[rtype.lower()] = fn


def render(request, resource):
    return RENDERERS[resource.type.lower()](request, resource)


def retry_after(settings):
    """{'Retry-After': n} when EMULATOR_RETRY_AFTER is set, else {} (Azure sends none for DurableTask LROs)."""
    return {} if settings.retry_after is None else {'Retry-After': settings.retry_after_header()}


def async_operation_response(request, body, op, namespace, location, api, status=201):
    """PUT answered asynchronously: 201 + Azure-AsyncOperation + Retry-After (final state via the monitor)."""
    _, settings = ctx(request)
    status_url, _ = operation_urls(request, namespace, location, op.id, api)
    return json_response(body, status=status, headers={'Azure-AsyncOperation': status_url, **retry_after(settings)})


def location_response(request, op, namespace, location, api):
    """PATCH/DELETE answered asynchronously: 202 + Location + Retry-After (final state via location)."""
    _, settings = ctx(request)
    _, result_url = operation_urls(request, namespace, location, op.id, api)
    return no_content(202, headers={'Location': result_url, **retry_after(settings)})
