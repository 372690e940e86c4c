"""Every Microsoft.DurableTask response body the stand-in gives the official SDK validates against the
OpenAPI spec (tests/spec/durabletask.json, 2026-02-01), made strict: no property the spec does not define,
every `required` one present, enums respected. The run also has to reach every operation of the spec."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.durabletask import models as m

from armstandin.testing import running_standin

from .conftest import Raw, Recorder, dt_client, resource_client

SPEC_DIR = Path(__file__).resolve().parents[1] / 'spec'
SPEC = json.loads((SPEC_DIR / 'durabletask.json').read_text(encoding='utf-8'))
COMMON = json.loads((SPEC_DIR / 'common-types.json').read_text(encoding='utf-8'))
_SCHEMA_KEYWORDS = ('type', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'items')


def _document(name):
    return SPEC if name == 'durabletask.json' else COMMON[name]


def _resolve_ref(ref, current):
    path, _, pointer = ref.partition('#')
    name = '/'.join(path.split('/')[-2:]) if path else current
    node = _document(name)
    for part in pointer.strip('/').split('/'):
        node = node[part]
    return node, name


def strict(schema):
    """A JSON Schema from a Swagger 2 schema: definitions under $defs, allOf merged into the object, and
    `additionalProperties: false` on every object that lists its properties."""
    defs = {}

    def ref(node, doc):
        target, name = _resolve_ref(node['$ref'], doc)
        key = '{}.{}'.format(name.replace('.json', '').replace('/', '.'), node['$ref'].rsplit('/', 1)[-1])
        if key not in defs:
            defs[key] = {}  # placeholder: recursive definitions (ErrorDetail.details) end here
            defs[key] = convert(target, name)
        return {'$ref': '#/$defs/' + key}

    def merged(node, doc):
        if '$ref' in node:
            target, name = _resolve_ref(node['$ref'], doc)
            return convert(target, name)
        return convert(node, doc)

    def convert(node, doc):
        if '$ref' in node:
            return ref(node, doc)
        out = {k: node[k] for k in _SCHEMA_KEYWORDS if k in node and k != 'items'}
        properties, required = {}, list(node.get('required', []))
        for parent in node.get('allOf', []):
            base = merged(parent, doc)
            properties.update(base.get('properties', {}))
            required += base.get('required', [])
        for key, value in node.get('properties', {}).items():
            properties[key] = convert(value, doc)
        if 'items' in node:
            out['items'] = convert(node['items'], doc)
        if isinstance(node.get('additionalProperties'), dict):
            out['additionalProperties'] = convert(node['additionalProperties'], doc)
        elif properties:
            out['additionalProperties'] = False
        if properties:
            out['properties'] = properties
        if required:
            out['required'] = sorted(set(required))
        return out

    root = convert(schema, 'durabletask.json')
    root['$defs'] = defs
    return root


def _operations():
    """[(operationId, method, compiled path regex, responses)] of the spec."""
    result = []
    for template, ops in SPEC['paths'].items():
        regex = re.compile('^' + re.sub(r'\{[^}]+\}', '[^/]+', template) + '$', re.IGNORECASE)
        for method, op in ops.items():
            if method != 'parameters':
                result.append((op['operationId'], method.upper(), regex, op['responses']))
    return result


OPERATIONS = _operations()
BY_TYPE = {
    'microsoft.durabletask/schedulers': {'$ref': '#/definitions/Scheduler'},
    'microsoft.durabletask/schedulers/taskhubs': {'$ref': '#/definitions/TaskHub'},
    'microsoft.durabletask/schedulers/retentionpolicies': {'$ref': '#/definitions/RetentionPolicy'},
    'microsoft.durabletask/schedulers/privateendpointconnections': {
        '$ref': '../v6/privatelinks.json#/definitions/PrivateEndpointConnection'},
}
OPERATION_STATUS = {'$ref': '../v6/types.json#/definitions/OperationStatusResult'}
# Where Azure (tests/real-azure) answers beyond the spec, the recording wins: {label: keys Azure adds as null}.
AZURE_BEYOND_SPEC = {'operationStatus': ('properties',)}
ERROR = {'$ref': '../v6/types.json#/definitions/ErrorResponse'}


def schema_for(response):
    """(label, Swagger schema) for a recorded response, or None when the spec does not describe it."""
    path = response['url'].split('?')[0].split('://', 1)[1].split('/', 1)[1]
    path = '/' + path
    if '/operationStatuses/' in path:
        return 'operationStatus', OPERATION_STATUS
    if '/operationResults/' in path:
        if response['status'] >= 400:
            return 'operationResult error', ERROR
        if response['body'] is None:  # 202 while running, 204 after a delete
            return 'operationResult {}'.format(response['status']), None
        return 'operationResult ' + response['body']['type'], BY_TYPE[response['body']['type'].lower()]
    for operation_id, method, regex, responses in OPERATIONS:
        if method == response['method'] and regex.match(path):
            spec_response = responses.get(str(response['status'])) or responses['default']
            return operation_id, spec_response.get('schema')
    return None


def test_sdk_responses_match_the_spec(tmp_path):
    recorder = Recorder()
    with running_standin(tmp_path, EMULATOR_PAGE_SIZE=2, EMULATOR_PROVISIONING_SECONDS=0.15) as standin:
        resource_client(standin).resource_groups.create_or_update('rg-spec', {'location': 'westus2'})
        exercise_every_operation(dt_client(standin, recorder))
        raw = Raw(standin)
        bad = raw('PUT', '/subscriptions/{}/resourceGroups/rg-spec/providers/Microsoft.DurableTask/schedulers/'
                         'x_y'.format(standin.subscription_id), {'location': 'westus2'})
        recorder.responses.append({'method': 'PUT', 'url': bad.url, 'status': bad.status_code, 'body': bad.json(),
                                   'headers': {}})

    validated, reached = {}, set()
    for response in recorder.responses:
        found = schema_for(response)
        assert found is not None, 'the spec does not describe {method} {url}'.format(**response)
        label, schema = found
        reached.add(label)
        if response['body'] is None:
            assert schema is None or response['status'] in (202, 204), \
                '{} {}: empty body'.format(label, response['status'])
            continue
        assert schema is not None, '{} {} has a body the spec does not allow'.format(label, response['status'])
        body = response['body']
        for key in AZURE_BEYOND_SPEC.get(label, ()):
            if key in body:
                assert body[key] is None, '{}: {!r}'.format(key, body[key])
                body = {k: v for k, v in body.items() if k != key}
        try:
            jsonschema.validate(body, strict(schema))
        except jsonschema.ValidationError as ex:
            pytest.fail('{} {} {}: {} at {}\n{}'.format(
                response['method'], response['status'], label, ex.message, list(ex.absolute_path),
                json.dumps(response['body'])[:600]))
        validated[label] = validated.get(label, 0) + 1

    every_operation = {op[0] for op in OPERATIONS}
    assert every_operation <= reached, 'not exercised: {}'.format(sorted(every_operation - reached))
    assert validated.get('operationStatus', 0) >= 10
    statuses = {r['body']['status'] for r in recorder.responses if '/operationStatuses/' in r['url']}
    assert {'Succeeded', 'Deleting'} <= statuses <= {'Accepted', 'Provisioning', 'Deleting', 'Succeeded'}
    assert sum(validated.values()) >= 60


def exercise_every_operation(client):
    group, name = 'rg-spec', 'spec-sched'
    client.schedulers.begin_create_or_update(group, name, m.Scheduler(
        location='westus2', tags={'a': 'b'}, properties=m.SchedulerProperties(
            ip_allowlist=['0.0.0.0/0'], sku=m.SchedulerSku(name='Dedicated', capacity=1)))).result()
    client.schedulers.begin_create_or_update(group, 'spec-consumption', m.Scheduler(
        location='westus2', properties=m.SchedulerProperties(ip_allowlist=[], sku=m.SchedulerSku(
            name='Consumption')))).result()
    client.schedulers.get(group, name)
    client.schedulers.begin_update(group, name, m.SchedulerUpdate(properties=m.SchedulerPropertiesUpdate(
        public_network_access='Disabled'))).result()
    list(client.schedulers.list_by_subscription())
    list(client.schedulers.list_by_resource_group(group))
    for hub in ('hub-a', 'hub-b', 'hub-c'):
        client.task_hubs.begin_create_or_update(group, name, hub, m.TaskHub(properties=m.TaskHubProperties())).result()
    client.task_hubs.get(group, name, 'hub-a')
    list(client.task_hubs.list_by_scheduler(group, name))
    client.retention_policies.begin_create_or_replace(group, name, m.RetentionPolicy(
        properties=m.RetentionPolicyProperties(retention_policies=[
            m.RetentionPolicyDetails(retention_period_in_days=14),
            m.RetentionPolicyDetails(retention_period_in_days=2, orchestration_state='Terminated')]))).result()
    client.retention_policies.begin_update(group, name, m.RetentionPolicy(properties=m.RetentionPolicyProperties(
        retention_policies=[m.RetentionPolicyDetails(retention_period_in_days=21)]))).result()
    client.retention_policies.get(group, name)
    list(client.retention_policies.list_by_scheduler(group, name))
    list(client.schedulers.list_private_links(group, name))
    client.schedulers.get_private_link(group, name, 'scheduler')
    client.schedulers.begin_create_or_update_private_endpoint_connection(
        group, name, 'pec', m.PrivateEndpointConnection(properties=m.PrivateEndpointConnectionProperties(
            private_link_service_connection_state=m.PrivateLinkServiceConnectionState(
                status='Pending', description='new')))).result()
    client.schedulers.begin_update_private_endpoint_connection(group, name, 'pec', m.PrivateEndpointConnectionUpdate(
        properties=m.OptionalPropertiesUpdateableProperties(private_link_service_connection_state=(
            m.PrivateLinkServiceConnectionState(status='Rejected', description='no'))))).result()
    client.schedulers.get_private_endpoint_connection(group, name, 'pec')
    list(client.schedulers.list_private_endpoint_connections(group, name))
    client.schedulers.get(group, name)  # with its connection
    list(client.operations.list())
    for call in (lambda: client.schedulers.begin_delete(group, name),  # 409: it has task hubs
                 lambda: client.schedulers.get(group, 'missing'),
                 lambda: client.task_hubs.get(group, name, 'missing'),
                 lambda: client.schedulers.begin_update(group, name, m.SchedulerUpdate(
                     properties=m.SchedulerPropertiesUpdate(sku=m.SchedulerSkuUpdate(capacity=9))))):
        with pytest.raises(HttpResponseError):
            call()
    client.schedulers.begin_delete_private_endpoint_connection(group, name, 'pec').result()
    client.retention_policies.begin_delete(group, name).result()
    for hub in ('hub-a', 'hub-b', 'hub-c'):
        client.task_hubs.begin_delete(group, name, hub).result()
    client.schedulers.begin_delete(group, name).result()
    client.schedulers.begin_delete(group, 'spec-consumption').result()


def _handler_name(operation_id):
    """`Schedulers_CreateOrUpdate` -> `schedulers_create_or_update`."""
    return '_'.join(re.sub(r'(?<!^)(?=[A-Z])', '_', part).lower() for part in operation_id.split('_'))


def test_one_handler_per_operation_named_after_it():
    from armstandin.routes import durabletask
    handlers = durabletask.operation_handlers()
    for operation_id in sorted({op[0] for op in OPERATIONS}):
        assert operation_id in handlers, operation_id
        assert handlers[operation_id].__name__ == _handler_name(operation_id), operation_id
