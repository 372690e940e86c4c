"""Microsoft.DurableTask: the model side. Resource types and ids, the checks every call makes (subscription,
registration, api-version, group), validation and normalisation of request bodies, Azure's limits (names, tags,
SKUs, quotas per region and subscription, retention), the ETag precondition, and the derived values Azure
generates (endpoint label, dashboard URL). Nothing here renders a response: see responses.py."""

import hashlib
import ipaddress
import re
import time
from urllib.parse import quote

from ... import constants as c
from ...arm import ArmError, bad_request, ctx, normalise_location
from ...store import PENDING  # noqa: F401  (a replaced scheduler's new body, applied when its update settles)
from ..providers import declare_provider, require_registered  # noqa: F401  (handlers use m.require_registered)
from ..resources import require_group, require_subscription  # noqa: F401

NS = c.DURABLETASK_NAMESPACE
SCHEDULER_TYPE = NS + '/schedulers'
TASK_HUB_TYPE = NS + '/schedulers/taskHubs'
RETENTION_TYPE = NS + '/schedulers/retentionPolicies'
PEC_TYPE = NS + '/schedulers/privateEndpointConnections'
PRIVATE_LINK_TYPE = NS + '/schedulers/privateLinkResources'
PRIVATE_LINK_GROUP = 'scheduler'
API_VERSIONS = c.DURABLETASK_API_VERSIONS
SUBSCRIPTION_PATH = '/subscriptions/{subscription}/providers/Microsoft.DurableTask'
GROUP_PATH = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.DurableTask'
SCHEDULER_PATH = GROUP_PATH + '/schedulers/{scheduler}'
# From this api-version on Azure fills `publicNetworkAccess: Enabled` when it was not sent and answers a missing
# scheduler with the provider's short 404 text (both recorded with 2026-02-01; older versions recorded otherwise).
API_2026 = '2026-02-01'

declare_provider(NS, ['schedulers', 'schedulers/taskHubs', 'schedulers/retentionPolicies',
                      'schedulers/privateEndpointConnections', 'schedulers/privateLinkResources', 'operations',
                      'locations', 'locations/operationStatuses'],
                 api_versions=API_VERSIONS, locations=c.DURABLETASK_LOCATIONS,
                 registered=lambda settings: not settings.unregistered)

_NAME = re.compile(r'[a-zA-Z0-9-]{3,64}')
_SKUS = {'dedicated': 'Dedicated', 'consumption': 'Consumption'}
_NETWORK_ACCESS = {'enabled': 'Enabled', 'disabled': 'Disabled'}
_PURGEABLE = {s.lower(): s for s in ('Completed', 'Failed', 'Terminated', 'Canceled')}
_CONNECTION_STATUS = {s.lower(): s for s in ('Pending', 'Approved', 'Rejected')}
_TAG_FORBIDDEN = set('<>%&\\?/')
MAX_TAGS, MAX_TAG_NAME, MAX_TAG_VALUE = 50, 512, 256


# --- ids ---------------------------------------------------------------------------------------------------

def scheduler_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/schedulers/{}'.format(sub, rg, NS, name)


def name_of(resource_id):
    return resource_id.rsplit('/', 1)[-1]


def subscription_of(resource_id):
    return resource_id.split('/')[2]


# --- the checks of every call ---------------------------------------------------------------------------------

def check_api_version(request, location=None):
    """Azure: an api-version the provider does not have is 400 NoRegisteredProviderFound (ARM's text)."""
    value = request.query_params.get('api-version')
    if not value:
        raise ArmError(400, 'MissingApiVersionParameter',
                       "The api-version query parameter (?api-version=) is required for all requests.")
    if value not in API_VERSIONS:
        raise ArmError(400, 'NoRegisteredProviderFound',
                       "No registered resource provider found for location '{}' and API version '{}' for type "
                       "'schedulers'. The supported api-versions are '{}'. The supported locations are '{}'.".format(
                           location or 'global', value, ', '.join(API_VERSIONS),
                           ', '.join(c.DURABLETASK_LOCATIONS)))
    return value


def context(request, write=False):
    """Checks every resource-group-scoped call makes, in ARM's order. Returns (store, settings, api, sub, rg)."""
    sub = require_subscription(request)
    require_registered(request, NS, sub)
    api = check_api_version(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, settings = ctx(request)
    return store, settings, api, sub, rg


def scheduler_not_found(name, rg, api):
    if api >= API_2026:
        return ArmError(404, 'ResourceNotFound', "The resource '{}/{}' could not be found.".format(
            SCHEDULER_TYPE, name), bare=True)
    return ArmError(404, 'ResourceNotFound',
                    "The Resource '{}/{}' under resource group '{}' was not found. For more details please go to "
                    "https://aka.ms/ARMResourceNotFoundFix".format(SCHEDULER_TYPE, name, rg), bare=True)


def child_not_found(scheduler, segment, name):
    return ArmError(404, 'ResourceNotFound', "The resource '{}/{}/{}/{}' could not be found.".format(
        SCHEDULER_TYPE, name_of(scheduler.id), segment, name), bare=True)


def get_scheduler(request, store, sub, rg, api):
    name = request.path_params['scheduler']
    res = store.get(scheduler_id(sub, rg, name))
    if res is None:
        raise scheduler_not_found(name, rg, api)
    return res


def get_child(store, scheduler, segment, name):
    res = store.get('{}/{}/{}'.format(scheduler.id, segment, name))
    if res is None:
        raise child_not_found(scheduler, segment, name)
    return res


def parent_ready(scheduler):
    if scheduler.state not in ('Succeeded', 'Updating'):
        raise ArmError(409, 'ParentResourceNotReady',
                       "The scheduler '{}' is {}: child resources can be changed only once it has "
                       "succeeded.".format(name_of(scheduler.id), scheduler.state.lower()))


def refuse_if_busy(res, what):
    if res.busy:
        raise ArmError(409, 'AnotherOperationInProgress',
                       "The {} '{}' is {}: another operation is in progress on it. Retry when it has "
                       "finished.".format(what, name_of(res.id), res.state.lower()))


# --- ETag and If-Match ---------------------------------------------------------------------------------------------

def etag(res):
    """Changes whenever what a GET shows changes (body or provisioning state), like Azure's."""
    digest = hashlib.sha256('{}|{}|{}'.format(res.id.lower(), res.state, sorted(res.body.items())).encode())
    hexed = digest.hexdigest()
    return '"{}-0000-0000-0000-{}"'.format(hexed[:8], hexed[8:20])


def check_if_match(request, existing):
    """PUT/PATCH/DELETE with If-Match: 412 PreconditionFailed unless it names the current ETag (`*`: any)."""
    wanted = request.headers.get('if-match')
    if wanted is None:
        return
    tags = [t.strip() for t in wanted.split(',')]
    if existing is not None and ('*' in tags or etag(existing) in tags):
        return
    raise ArmError(412, 'PreconditionFailed',
                   'The condition specified using HTTP conditional header(s) is not met.', bare=True)


# --- validation ------------------------------------------------------------------------------------------------

def validate_name(kind, name, target='name'):
    if not _NAME.fullmatch(name) or name.startswith('-') or name.endswith('-'):
        raise ArmError(400, 'InvalidResourceName',
                       "The {} name '{}' is invalid. It must be 3 to 64 characters long, contain only letters, "
                       "digits and hyphens (^[a-zA-Z0-9-]{{3,64}}$), and must not start or end with a "
                       "hyphen.".format(kind, name), target=target)


def required(value, target):
    if value is None:
        raise bad_request("Required property '{}' is missing from the request body.".format(target), target)
    return value


def json_object(value, target):
    if not isinstance(value, dict):
        raise bad_request("The property '{}' must be a JSON object.".format(target), target)
    return value


def enum(value, choices, target):
    if not isinstance(value, str) or value.lower() not in choices:
        raise ArmError(400, 'InvalidParameter', "The value '{}' of '{}' is invalid. Allowed values: {}.".format(
            value, target, ', '.join(choices.values())), target=target)
    return choices[value.lower()]


def validate_tags(tags):
    """ARM's tag rules: at most 50, names up to 512 characters without < > % & \\ ? /, values up to 256."""
    if tags is None:
        return {}
    if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
        raise bad_request("The property 'tags' must be an object of string values.", 'tags')
    if len(tags) > MAX_TAGS:
        raise ArmError(400, 'InvalidTagCount', 'The resource has {} tags: at most {} are allowed.'.format(
            len(tags), MAX_TAGS), target='tags')
    bad = [k for k in tags if _TAG_FORBIDDEN & set(k) or any(ord(ch) < 32 for ch in k)]
    if bad:
        raise ArmError(400, 'InvalidTagNameCharacters',
                       "The tag names '{}' have reserved characters '<,>,%,&,\\,?,/' or control "
                       "characters.".format(','.join(bad)), target='tags')
    long_names = [k for k in tags if len(k) > MAX_TAG_NAME]
    if long_names:
        raise ArmError(400, 'InvalidTagNameLength', "The tag name '{}…' exceeds the maximum length of {} "
                       "characters.".format(long_names[0][:40], MAX_TAG_NAME), target='tags')
    long_values = [k for k, v in tags.items() if len(v) > MAX_TAG_VALUE]
    if long_values:
        raise ArmError(400, 'InvalidTagValueLength', "The value of tag '{}' exceeds the maximum length of {} "
                       "characters.".format(long_values[0], MAX_TAG_VALUE), target='tags')
    return tags


def validate_ip_allowlist(values, target='properties.ipAllowlist'):
    if not isinstance(values, list):
        raise bad_request("The property '{}' must be an array of strings.".format(target), target)
    for i, entry in enumerate(values):
        item_target = '{}[{}]'.format(target, i)
        try:
            if not isinstance(entry, str):
                raise ValueError(entry)
            if '/' in entry:
                ipaddress.ip_network(entry, strict=False)
            else:
                ipaddress.ip_address(entry)
        except ValueError:
            raise ArmError(400, 'InvalidParameter',
                           "The IP allow list entry '{}' is invalid: each entry must be an IPv4 or IPv6 address or "
                           "a CIDR range (for example 10.0.0.0/24).".format(entry), target=item_target) from None
    return list(values)


def validate_sku(sku_in, target='properties.sku', current=None):
    """(canonical name, capacity or None) from a request's `sku` (merged over `current` for a PATCH)."""
    json_object(sku_in, target)
    if 'redundancyState' in sku_in:
        raise ArmError(400, 'InvalidRequestContent', "The property '{}.redundancyState' is read-only: the service "
                       "sets it; do not send it.".format(target), target=target + '.redundancyState')
    name = sku_in.get('name') or (current or {}).get('name')
    name = enum(required(name, target + '.name'), _SKUS, target + '.name')
    capacity = sku_in['capacity'] if 'capacity' in sku_in else (current or {}).get('capacity')
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)):
        raise bad_request("The property '{}.capacity' must be an integer.".format(target), target + '.capacity')
    if name == 'Consumption':
        if capacity is not None and 'capacity' in sku_in:
            raise ArmError(400, 'InvalidParameter',
                           'The Consumption SKU does not take a capacity: omit sku.capacity '
                           '(capacity units exist only for the Dedicated SKU).', target=target + '.capacity')
        return name, None
    low, high = c.DEDICATED_CAPACITY_RANGE
    capacity = low if capacity is None else capacity
    if not low <= capacity <= high:
        raise ArmError(400, 'InvalidParameter',
                       'The Dedicated SKU capacity must be between {} and {} capacity units, got {}.'.format(
                           low, high, capacity), target=target + '.capacity')
    return name, capacity


def same_sku_family(existing, sku_name):
    if existing.body['sku']['name'] != sku_name:
        raise ArmError(400, 'InvalidParameter',
                       "The SKU of scheduler '{}' cannot change from {} to {}: create a new scheduler "
                       "instead.".format(name_of(existing.id), existing.body['sku']['name'], sku_name),
                       target='properties.sku.name')


def network_access(value):
    return None if value is None else enum(value, _NETWORK_ACCESS, 'properties.publicNetworkAccess')


def validate_location(raw_location):
    location = normalise_location(required(raw_location, 'location'))
    if location not in c.DURABLETASK_LOCATIONS:
        raise ArmError(400, 'LocationNotAvailableForResourceType',
                       "The provided location '{}' is not available for resource type '{}'. List of available "
                       "regions for the resource type is '{}'.".format(raw_location, SCHEDULER_TYPE,
                                                                       ','.join(c.DURABLETASK_LOCATIONS)),
                       target='location')
    return location


def scheduler_body(body):
    """The stored form of a scheduler PUT body (validated): location, tags, sku, ipAllowlist, publicNetworkAccess
    (None when not sent)."""
    location = validate_location(body.get('location'))
    tags = validate_tags(body.get('tags'))
    props = json_object(required(body.get('properties'), 'properties'), 'properties')
    sku_name, capacity = validate_sku(required(props.get('sku'), 'properties.sku'))
    allowlist = validate_ip_allowlist(required(props.get('ipAllowlist'), 'properties.ipAllowlist'))
    return {'location': location, 'tags': tags, 'sku': {'name': sku_name, 'capacity': capacity},
            'ipAllowlist': allowlist, 'publicNetworkAccess': network_access(props.get('publicNetworkAccess'))}


def patched_scheduler_body(existing, body):
    new = dict(existing.body)
    if body.get('tags') is not None:
        new['tags'] = validate_tags(body['tags'])
    props = body.get('properties')
    if props is not None:
        json_object(props, 'properties')
        if props.get('ipAllowlist') is not None:
            new['ipAllowlist'] = validate_ip_allowlist(props['ipAllowlist'])
        if props.get('publicNetworkAccess') is not None:
            new['publicNetworkAccess'] = network_access(props['publicNetworkAccess'])
        if props.get('sku') is not None:
            sku_name, capacity = validate_sku(props['sku'], current=existing.body['sku'])
            same_sku_family(existing, sku_name)
            new['sku'] = {'name': sku_name, 'capacity': capacity}
    return new


def validate_retention(policies, sku_name, target='properties.retentionPolicies'):
    if policies is None:
        return []
    if not isinstance(policies, list):
        raise bad_request("The property '{}' must be an array.".format(target), target)
    maximum = c.RETENTION_MAX_DAYS[sku_name]
    seen, result = set(), []
    for i, item in enumerate(policies):
        where = '{}[{}]'.format(target, i)
        json_object(item, where)
        days = required(item.get('retentionPeriodInDays'), where + '.retentionPeriodInDays')
        if isinstance(days, bool) or not isinstance(days, int):
            raise bad_request("The property '{}.retentionPeriodInDays' must be an integer.".format(where),
                              where + '.retentionPeriodInDays')
        if not 0 <= days <= maximum:  # 0: purge as soon as the orchestration finishes
            raise ArmError(400, 'InvalidParameter',
                           'The retention period must be between 0 and {} days for the {} SKU, got {}.'.format(
                               maximum, sku_name, days), target=where + '.retentionPeriodInDays')
        state = item.get('orchestrationState')
        if state is not None:
            state = enum(state, _PURGEABLE, where + '.orchestrationState')
        if state in seen:
            raise ArmError(400, 'InvalidParameter', 'More than one retention policy applies to {}.'.format(
                'orchestrations in state ' + state if state else 'all orchestration states (no '
                'orchestrationState)'), target=where)
        seen.add(state)
        result.append({'retentionPeriodInDays': days, **({'orchestrationState': state} if state else {})})
    return result


def connection_state(props, current=None):
    state = props.get('privateLinkServiceConnectionState')
    if state is None:
        if current is not None:
            return current
        required(None, 'properties.privateLinkServiceConnectionState')
    json_object(state, 'properties.privateLinkServiceConnectionState')
    merged = dict(current or {'status': 'Pending', 'description': '', 'actionsRequired': 'None'})
    if state.get('status') is not None:
        merged['status'] = enum(state['status'], _CONNECTION_STATUS,
                                'properties.privateLinkServiceConnectionState.status')
        # As for other private link providers (storage, key vault): rejection is final.
        if (current or {}).get('status') == 'Rejected' and merged['status'] != 'Rejected':
            raise ArmError(400, 'PrivateEndpointConnectionRejected',
                           'A rejected private endpoint connection cannot be set to {}.'.format(merged['status']),
                           target='properties.privateLinkServiceConnectionState.status')
    for key in ('description', 'actionsRequired'):
        if state.get(key) is not None:
            if not isinstance(state[key], str):
                raise bad_request("The property 'properties.privateLinkServiceConnectionState.{}' must be a "
                                  "string.".format(key), 'properties.privateLinkServiceConnectionState.' + key)
            merged[key] = state[key]
    return merged


# --- quotas (per region and subscription, as documented) ----------------------------------------------------------

def check_scheduler_quota(store, sub, location, sku_name):
    same = [s for s in store.list(SCHEDULER_TYPE, under='/subscriptions/' + sub)
            if s.body['location'] == location and s.body['sku']['name'] == sku_name]
    if len(same) >= c.SCHEDULER_QUOTA[sku_name]:
        raise ArmError(409, 'QuotaExceeded',
                       'The subscription already has {} {} schedulers in {}, the most allowed. Delete one or '
                       'request a quota increase.'.format(len(same), sku_name, location))


def check_task_hub_quota(store, sub, parent):
    location, sku_name = parent.body['location'], parent.body['sku']['name']
    schedulers = [s for s in store.list(SCHEDULER_TYPE, under='/subscriptions/' + sub)
                  if s.body['location'] == location and s.body['sku']['name'] == sku_name]
    count = sum(len(store.list(TASK_HUB_TYPE, under=s.id)) for s in schedulers)
    if count >= c.TASK_HUB_QUOTA[sku_name]:
        raise ArmError(409, 'QuotaExceeded',
                       'The subscription already has {} task hubs on {} schedulers in {}, the most allowed. Delete '
                       'one or request a quota increase.'.format(count, sku_name, location))


# --- generated values ------------------------------------------------------------------------------------------

_LABEL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'


def endpoint_for(sub, rg, name, location, created=None):
    """`https://<label>.<region>.durabletask.io`, the label 24 characters: the first 15 of the name (lower case),
    `-`, then lower-case letters and digits (a hash of the scheduler and its creation time)."""
    prefix = name[:15].lower()
    seed = int(hashlib.sha256('{}/{}/{}/{}'.format(sub, rg, name, created or time.time()).lower().encode())
               .hexdigest(), 16)
    fill = ''
    for _ in range(24 - len(prefix) - 1):
        seed, digit = divmod(seed, len(_LABEL_CHARS))
        fill += _LABEL_CHARS[digit]
    return 'https://{}-{}.{}.durabletask.io'.format(prefix, fill, location)


def dashboard_url(sub, scheduler_name, hub_name, endpoint):
    encoded = re.sub(r'%[0-9A-F]{2}', lambda m: m.group(0).lower(), quote(endpoint, safe=''))
    return 'https://dashboard.durabletask.io/subscriptions/{}/schedulers/{}/taskhubs/{}?endpoint={}&tenantId={}'.format(
        sub, scheduler_name, hub_name, encoded, c.TENANT_ID)
