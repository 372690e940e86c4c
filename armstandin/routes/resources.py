"""Microsoft.Resources: tenants, subscriptions, locations, resource groups, cloud metadata.

Also the helpers every provider module uses first: `require_subscription(request)` and
`require_group(request, subscription, group)`.
"""

import re
from urllib.parse import urlencode

from .. import constants as c
from ..arm import (ArmError, ArmRoute, api_version, base_url, ctx, json_response, no_content, normalise_location,
                   retry_after,
                   page, read_json, register_renderer, resource_group_not_found, subscription_not_found,
                   system_data)

GROUP_TYPE = 'Microsoft.Resources/resourceGroups'
_GROUP_NAME = re.compile(r'^[-\w._()]{1,90}$')


def subscription_body(sub=c.SUBSCRIPTION_ID):
    return {
        'id': '/subscriptions/{}'.format(sub),
        'authorizationSource': 'RoleBased',
        'managedByTenants': [],
        'subscriptionId': sub,
        'tenantId': c.TENANT_ID,
        'displayName': c.SUBSCRIPTION_NAME,
        'state': 'Enabled',
        'subscriptionPolicies': {'locationPlacementId': 'Public_2014-09-01', 'quotaId': 'PayAsYouGo_2014-09-01',
                                 'spendingLimit': 'Off'},
    }


def require_subscription(request, sub=None):
    """The subscription of the URL (or `sub`); 404 SubscriptionNotFound unless it is the seeded one."""
    sub = sub or request.path_params.get('subscription')
    if sub is None or sub.lower() != c.SUBSCRIPTION_ID:
        raise subscription_not_found(sub)
    return sub


def group_id(sub, rg):
    return '/subscriptions/{}/resourceGroups/{}'.format(sub, rg)


def require_group(request, sub, rg, for_write=False):
    """The stored resource group, or 404 ResourceGroupNotFound. A group being deleted is still shown
    (provisioningState Deleting) but refuses new resources (409 ResourceGroupBeingDeleted)."""
    store, _ = ctx(request)
    group = store.get(group_id(sub, rg))
    if group is None:
        raise resource_group_not_found(rg)
    if for_write and group.state == 'Deleting':
        raise ArmError(409, 'ResourceGroupBeingDeleted',
                       "The resource group '{}' is in deprovisioning state and cannot perform this "
                       "operation.".format(rg))
    return group


def render_group(request, res):
    sub, name = res.id.split('/')[2], res.id.split('/')[4]
    body = {
        'id': group_id(sub, name),
        'name': name,
        'type': GROUP_TYPE,
        'location': res.body['location'],
        'tags': res.body.get('tags') or {},
        'properties': {'provisioningState': res.state},
    }
    if res.body.get('managedBy'):
        body['managedBy'] = res.body['managedBy']
    return body


register_renderer(GROUP_TYPE, render_group)


# --- tenants and subscriptions ----------------------------------------------------------------------

async def list_tenants(request):
    api_version(request)
    return json_response({'value': [{
        'id': '/tenants/{}'.format(c.TENANT_ID),
        'tenantId': c.TENANT_ID,
        'countryCode': 'US',
        'displayName': c.TENANT_DISPLAY_NAME,
        'domains': [c.TENANT_DOMAIN],
        'tenantCategory': 'Home',
        'defaultDomain': c.TENANT_DOMAIN,
        'tenantType': 'AAD',
    }]})


async def list_subscriptions(request):
    api_version(request)
    return json_response({'value': [subscription_body()]})


async def get_subscription(request):
    api_version(request)
    require_subscription(request)
    return json_response(subscription_body())


async def list_locations(request):
    api_version(request)
    sub = require_subscription(request)
    return json_response({'value': [{
        'id': '/subscriptions/{}/locations/{}'.format(sub, loc),
        'name': loc,
        'displayName': loc,
        'regionalDisplayName': loc,
        'type': 'Region',
        'metadata': {'regionType': 'Physical', 'regionCategory': 'Recommended'},
    } for loc in c.AZURE_LOCATIONS]})


# --- resource groups ------------------------------------------------------------------------------------

async def resource_group(request):
    api = api_version(request)
    sub = require_subscription(request)
    rg = request.path_params['group']
    store, settings = ctx(request)
    rid = group_id(sub, rg)
    existing = store.get(rid)

    if request.method == 'HEAD':
        return no_content(204 if existing else 404)
    if request.method == 'GET':
        if existing is None:
            raise resource_group_not_found(rg)
        return json_response(render_group(request, existing))
    if request.method == 'DELETE':
        if existing is None:
            raise resource_group_not_found(rg)
        op = store.new_operation(existing.id, 'delete', settings.provisioning_seconds)
        if existing.state != 'Deleting':
            store.begin_delete(existing.id, settings.provisioning_seconds)
        location = '{}/subscriptions/{}/operationresults/{}?{}'.format(
            base_url(request), sub, op.id, urlencode({'api-version': api}))
        return no_content(202, headers={'Location': location, **retry_after(settings)})

    body = await read_json(request)
    if existing is not None and existing.state == 'Deleting':
        raise ArmError(409, 'ResourceGroupBeingDeleted',
                       "The resource group '{}' is in deprovisioning state and cannot perform this "
                       "operation.".format(rg))
    tags = body.get('tags')
    if tags is not None and not isinstance(tags, dict):
        raise ArmError(400, 'InvalidRequestContent', "The property 'tags' must be an object.", target='tags')

    if request.method == 'PATCH':
        if existing is None:
            raise resource_group_not_found(rg)
        new = dict(existing.body)
        if tags is not None:
            new['tags'] = tags
        if 'managedBy' in body:
            new['managedBy'] = body['managedBy']
        new['systemData'] = system_data(request, existing.body.get('systemData'))
        return json_response(render_group(request, store.update(existing.id, new)))

    # PUT
    if not _GROUP_NAME.fullmatch(rg) or rg.endswith('.'):
        raise ArmError(400, 'InvalidResourceGroupName',
                       "Resource group name '{}' is invalid. It must be 1-90 characters of letters, digits, "
                       "underscores, hyphens, periods and parentheses, and must not end in a period.".format(rg))
    location = normalise_location(body.get('location'))
    if not location:
        raise ArmError(400, 'LocationRequired', 'The location property is required for this definition.',
                       target='location')
    if location not in c.AZURE_LOCATIONS:
        raise ArmError(400, 'LocationNotAvailableForResourceGroup',
                       "The provided location '{}' is not available for resource group. List of available "
                       "regions is '{}'.".format(body.get('location'), ','.join(c.AZURE_LOCATIONS)))
    if existing is not None and existing.body['location'] != location:
        raise ArmError(409, 'InvalidResourceGroupLocation',
                       "Invalid resource group location '{}'. The Resource group already exists in location "
                       "'{}'.".format(location, existing.body['location']))
    new = {'location': location, 'tags': tags or {},
           'systemData': system_data(request, existing.body.get('systemData') if existing else None)}
    if body.get('managedBy'):
        new['managedBy'] = body['managedBy']
    stored = store.put(existing.id if existing else rid, GROUP_TYPE, new)
    return json_response(render_group(request, stored), status=200 if existing else 201)


async def list_groups(request):
    api_version(request)
    sub = require_subscription(request)
    store, settings = ctx(request)
    groups = store.list(GROUP_TYPE, under='/subscriptions/{}'.format(sub))
    return json_response(page(request, groups, settings, lambda g: render_group(request, g)))


def _generic(res):
    body = {'id': res.id, 'name': res.id.rsplit('/', 1)[-1], 'type': res.type}
    for key in ('location', 'tags', 'kind', 'sku', 'identity', 'managedBy'):
        if res.body.get(key) is not None:
            body[key] = res.body[key]
    return body


def _top_level(res):
    # /subscriptions/s/resourceGroups/g/providers/Ns/type/name: tracked, not a child or an extension
    parts = res.id.split('/')
    return len(parts) == 9 and parts[5].lower() == 'providers' and 'location' in res.body


async def list_resources(request):
    api_version(request)
    sub = require_subscription(request)
    store, settings = ctx(request)
    rg = request.path_params.get('group')
    if rg is not None:
        require_group(request, sub, rg)
        under = group_id(sub, rg)
    else:
        under = '/subscriptions/{}'.format(sub)
    items = [r for r in store.list(under=under) if _top_level(r)]
    return json_response(page(request, items, settings, _generic))


# --- cloud metadata -----------------------------------------------------------------------------------

async def metadata_endpoints(request):
    """Cloud metadata in the 2022-09-01 shape, so `az cloud register --endpoint-resource-manager <url>/`
    (without --skip-endpoint-discovery) finds every endpoint here. The login endpoint ends in /adfs: see
    armstandin/azprofile.py for why."""
    base = base_url(request) + '/'
    return json_response({
        'name': 'LocalStandIn',
        'resourceManager': base,
        'portal': base,
        'gallery': base,
        'graph': base,
        'graphAudience': base,
        'microsoftGraphResourceId': base,
        'authentication': {'loginEndpoint': base + 'adfs', 'audiences': [base], 'tenant': 'common',
                           'identityProvider': 'AAD'},
        'suffixes': {'acrLoginServer': 'azurecr.io', 'keyVaultDns': 'vault.azure.net',
                     'storage': 'core.windows.net', 'sqlServerHostname': 'database.windows.net'},
    })


def routes():
    return [
        ArmRoute('/metadata/endpoints', metadata_endpoints, methods=['GET']),
        ArmRoute('/tenants', list_tenants, methods=['GET']),
        ArmRoute('/subscriptions', list_subscriptions, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}', get_subscription, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/locations', list_locations, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/resourcegroups', list_groups, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/resources', list_resources, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/resourcegroups/{group}', resource_group,
                 methods=['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute('/subscriptions/{subscription}/resourcegroups/{group}/resources', list_resources, methods=['GET']),
    ]


PUBLIC_PATTERNS = (r'^/metadata/endpoints\Z',)  # \Z: '$' would also match before a trailing newline


def list_in_scope(request, rtype, render_fn):
    """GET .../providers/<type> by subscription or by resource group: one page of `rtype`, rendered."""
    from ..arm import ctx, json_response, page
    sub = require_subscription(request)
    rg = request.path_params.get('group')
    under = '/subscriptions/' + sub
    if rg is not None:
        require_group(request, sub, rg)
        under += '/resourceGroups/' + rg
    store, settings = ctx(request)
    return json_response(page(request, store.list(rtype, under=under), settings, lambda r: render_fn(request, r)))
