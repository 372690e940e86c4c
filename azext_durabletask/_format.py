# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Table output (`-o table`): one transform per output shape, applied to az's JSON (camelCase) form."""

from collections import OrderedDict


def _properties(result):
    return result.get('properties') or {}


def transform_scheduler(result):
    properties = _properties(result)
    sku = properties.get('sku') or {}
    return OrderedDict([
        ('Name', result.get('name')),
        ('ResourceGroup', result.get('resourceGroup')),
        ('Location', result.get('location')),
        ('State', properties.get('provisioningState')),
        ('Sku', sku.get('name')),
        ('Capacity', sku.get('capacity')),
        ('Endpoint', properties.get('endpoint')),
    ])


def transform_scheduler_list(results):
    return [transform_scheduler(result) for result in results]


def transform_task_hub(result):
    properties = _properties(result)
    return OrderedDict([
        ('Name', result.get('name')),
        ('ResourceGroup', result.get('resourceGroup')),
        ('Scheduler', _parent_name(result.get('id'))),
        ('State', properties.get('provisioningState')),
        ('DashboardUrl', properties.get('dashboardUrl')),
    ])


def transform_task_hub_list(results):
    return [transform_task_hub(result) for result in results]


def _parent_name(resource_id):
    """The scheduler's name in a task hub id (.../schedulers/<name>/taskHubs/<hub>)."""
    parts = (resource_id or '').split('/')
    lowered = [part.lower() for part in parts]
    if 'schedulers' in lowered:
        index = lowered.index('schedulers') + 1
        return parts[index] if index < len(parts) else None
    return None


# --- retention policies: one row per rule ------------------------------------------------------------------

def transform_retention_policy(result):
    rules = _properties(result).get('retentionPolicies') or []
    return [OrderedDict([('State', rule.get('orchestrationState') or 'Default'),
                         ('Days', rule.get('retentionPeriodInDays'))]) for rule in rules]


def transform_retention_policy_list(results):
    return [row for result in results for row in transform_retention_policy(result)]


# --- private endpoint connections and private link resources ----------------------------------------------

def transform_private_endpoint_connection(result):
    properties = _properties(result)
    state = properties.get('privateLinkServiceConnectionState') or {}
    endpoint_id = (properties.get('privateEndpoint') or {}).get('id') or ''
    return OrderedDict([
        ('Name', result.get('name')),
        ('Status', state.get('status')),
        ('Description', state.get('description')),
        ('PrivateEndpoint', endpoint_id.rstrip('/').split('/')[-1] or None),
        ('ProvisioningState', properties.get('provisioningState')),
    ])


def transform_private_endpoint_connection_list(results):
    return [transform_private_endpoint_connection(result) for result in results]


def transform_private_link_resource(result):
    properties = _properties(result)
    return OrderedDict([
        ('Name', result.get('name')),
        ('GroupId', properties.get('groupId')),
        ('RequiredMembers', ', '.join(properties.get('requiredMembers') or [])),
        ('RequiredZoneNames', ', '.join(properties.get('requiredZoneNames') or [])),
    ])


def transform_private_link_resource_list(results):
    return [transform_private_link_resource(result) for result in results]
