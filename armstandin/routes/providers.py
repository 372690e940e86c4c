"""Resource providers (registration per subscription) and Microsoft.Features.

- GET  /subscriptions/{s}/providers                          list
- GET  /subscriptions/{s}/providers/{ns}                     show (registrationState)
- POST /subscriptions/{s}/providers/{ns}/register            -> Registering, Registered after
                                                                EMULATOR_PROVISIONING_SECONDS
- POST /subscriptions/{s}/providers/{ns}/unregister
- GET  /subscriptions/{s}/providers/Microsoft.Features/features
- GET  /subscriptions/{s}/providers/Microsoft.Features/providers/{ns}/features[/{name}]
- POST /subscriptions/{s}/providers/Microsoft.Features/providers/{ns}/features/{name}/register|unregister

A provider module declares its namespace with `declare_provider(...)` and calls
`require_registered(request, namespace)` before serving a subscription-scoped call: with
EMULATOR_UNREGISTERED=1, Microsoft.DurableTask starts NotRegistered and every call gets ARM's 409
MissingSubscriptionRegistration until it is registered (azure-mgmt-core's
ARMAutoResourceProviderRegistrationPolicy does that: POST .../register, then GET .../{ns} until Registered).
"""

import time

from ..arm import ArmError, ArmRoute, api_version, ctx, json_response
from .resources import require_subscription

# namespace (canonical casing) -> {'resourceTypes': [...], 'registered': bool}
PROVIDERS = {}


def declare_provider(namespace, resource_types, api_versions=('2022-09-01',), locations=(), registered=True):
    """Make a namespace known. `resource_types`: names like 'schedulers' or 'schedulers/taskHubs'.
    `registered`: the initial state in every subscription (a callable(settings) -> bool is allowed)."""
    PROVIDERS[namespace] = {
        'resourceTypes': [{'resourceType': t, 'locations': list(locations), 'apiVersions': list(api_versions),
                           'capabilities': 'None'} for t in resource_types],
        'registered': registered,
    }


declare_provider('Microsoft.Resources', ['resourceGroups', 'subscriptions', 'tenants', 'operationresults'],
                 api_versions=('2024-11-01', '2024-03-01', '2022-12-01', '2021-04-01'))
declare_provider('Microsoft.Authorization', ['roleAssignments', 'roleDefinitions'],
                 api_versions=('2022-04-01', '2022-05-01-preview'))
declare_provider('Microsoft.Features', ['features', 'providers'], api_versions=('2021-07-01', '2015-12-01'))


def _canonical(namespace):
    return next((ns for ns in PROVIDERS if ns.lower() == namespace.lower()), None)


def _state(store, settings, sub, namespace):
    """Registered | NotRegistered | Registering | Unregistering, settling timed transitions."""
    key = 'provider/{}/{}'.format(sub, namespace)
    entry = store.kv_get(key)
    if entry is None:
        default = PROVIDERS[namespace]['registered']
        registered = default(settings) if callable(default) else default
        return 'Registered' if registered else 'NotRegistered'
    if entry.get('until') is not None and time.time() >= entry['until']:
        entry = {'state': 'Registered' if entry['state'] == 'Registering' else 'NotRegistered'}
        store.kv_set(key, entry)
    return entry['state']


def is_registered(request, namespace, sub=None):
    store, settings = ctx(request)
    sub = sub or request.path_params.get('subscription')
    return _state(store, settings, sub.lower(), _canonical(namespace) or namespace) == 'Registered'


def require_registered(request, namespace, sub=None):
    if not is_registered(request, namespace, sub):
        message = ("The subscription is not registered to use namespace '{}'. See https://aka.ms/rps-not-found "
                   "for how to register subscriptions.".format(namespace))
        raise ArmError(409, 'MissingSubscriptionRegistration', message, target=namespace,
                       details=[{'code': 'MissingSubscriptionRegistration', 'target': namespace,
                                 'message': message}])


def _provider_body(store, settings, sub, namespace):
    return {
        'id': '/subscriptions/{}/providers/{}'.format(sub, namespace),
        'namespace': namespace,
        'registrationState': _state(store, settings, sub, namespace),
        'registrationPolicy': 'RegistrationRequired',
        'resourceTypes': PROVIDERS[namespace]['resourceTypes'],
    }


def _namespace(request):
    namespace = _canonical(request.path_params['namespace'])
    if namespace is None:
        raise ArmError(404, 'InvalidResourceNamespace',
                       "The resource namespace '{}' is invalid.".format(request.path_params['namespace']))
    return namespace


async def list_providers(request):
    api_version(request)
    sub = require_subscription(request)
    store, settings = ctx(request)
    return json_response({'value': [_provider_body(store, settings, sub, ns) for ns in PROVIDERS]})


async def get_provider(request):
    api_version(request)
    sub = require_subscription(request)
    store, settings = ctx(request)
    return json_response(_provider_body(store, settings, sub, _namespace(request)))


async def register_provider(request):
    return _set_provider(request, True)


async def unregister_provider(request):
    return _set_provider(request, False)


def _set_provider(request, registering):
    api_version(request)
    sub = require_subscription(request)
    namespace = _namespace(request)
    store, settings = ctx(request)
    current = _state(store, settings, sub, namespace)
    target = 'Registered' if registering else 'NotRegistered'
    if current != target:
        seconds = settings.provisioning_seconds
        entry = {'state': 'Registering' if registering else 'Unregistering', 'until': time.time() + seconds}
        if seconds <= 0:
            entry = {'state': target}
        store.kv_set('provider/{}/{}'.format(sub, namespace), entry)
    return json_response(_provider_body(store, settings, sub, namespace))


# --- Microsoft.Features -----------------------------------------------------------------------------------

def _feature_key(sub, namespace, name):
    return 'feature/{}/{}/{}'.format(sub, namespace, name)


def _feature_state(store, key):
    entry = store.kv_get(key) or {'state': 'NotRegistered'}
    if entry.get('until') is not None and time.time() >= entry['until']:
        entry = {'state': 'Registered' if entry['state'] == 'Registering' else 'NotRegistered',
                 'name': entry.get('name')}
        store.kv_set(key, entry)
    return entry['state']


def _feature_body(store, sub, namespace, name):
    return {
        'properties': {'state': _feature_state(store, _feature_key(sub, namespace, name))},
        'id': '/subscriptions/{}/providers/Microsoft.Features/providers/{}/features/{}'.format(sub, namespace, name),
        'type': 'Microsoft.Features/providers/features',
        'name': '{}/{}'.format(namespace, name),
    }


async def list_features(request):
    api_version(request)
    sub = require_subscription(request)
    store, _ = ctx(request)
    wanted = request.path_params.get('namespace')
    items = []
    for key, entry in store.kv_list('feature/{}/'.format(sub)):
        _, _, namespace, name = key.split('/', 3)
        if wanted and namespace.lower() != wanted.lower():
            continue
        items.append(_feature_body(store, sub, entry.get('namespace', namespace), entry.get('name', name)))
    return json_response({'value': items})


async def get_feature(request):
    api_version(request)
    sub = require_subscription(request)
    store, _ = ctx(request)
    namespace = _canonical(request.path_params['namespace']) or request.path_params['namespace']
    return json_response(_feature_body(store, sub, namespace, request.path_params['feature']))


async def register_feature(request):
    return _set_feature(request, True)


async def unregister_feature(request):
    return _set_feature(request, False)


def _set_feature(request, registering):
    api_version(request)
    sub = require_subscription(request)
    store, settings = ctx(request)
    namespace = _canonical(request.path_params['namespace']) or request.path_params['namespace']
    name = request.path_params['feature']
    key = _feature_key(sub, namespace, name)
    target = 'Registered' if registering else 'NotRegistered'
    if _feature_state(store, key) != target:
        entry = {'state': 'Registering' if registering else 'Unregistering',
                 'until': time.time() + settings.provisioning_seconds}
        if settings.provisioning_seconds <= 0:
            entry = {'state': target}
        entry.update({'namespace': namespace, 'name': name})
        store.kv_set(key, entry)
    return json_response(_feature_body(store, sub, namespace, name))


def routes():
    features = '/subscriptions/{subscription}/providers/Microsoft.Features'
    return [
        ArmRoute(features + '/features', list_features, methods=['GET']),
        ArmRoute(features + '/providers/{namespace}/features', list_features, methods=['GET']),
        ArmRoute(features + '/providers/{namespace}/features/{feature}', get_feature, methods=['GET']),
        ArmRoute(features + '/providers/{namespace}/features/{feature}/register', register_feature,
                 methods=['POST']),
        ArmRoute(features + '/providers/{namespace}/features/{feature}/unregister', unregister_feature,
                 methods=['POST']),
        ArmRoute('/subscriptions/{subscription}/providers', list_providers, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/providers/{namespace}', get_provider, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/providers/{namespace}/register', register_provider,
                 methods=['POST']),
        ArmRoute('/subscriptions/{subscription}/providers/{namespace}/unregister', unregister_provider,
                 methods=['POST']),
    ]
