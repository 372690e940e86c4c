"""The schedulers' data plane (with EMULATOR_DATA_PLANE=1): gRPC `TaskHubSidecarService`, as Azure serves it.

Each scheduler gets its own TLS gRPC server on 127.0.0.1 (the stand-in's certificate), started the first time
the scheduler is rendered; its `properties.endpoint` then reads `https://127.0.0.1:<port>`. Behind it,
durabletask.testing's in-memory backend runs the orchestrations: one backend per task hub, chosen by the
`taskhub` metadata, so hubs are isolated. Like the service, each call is checked before it reaches a hub:

- the bearer token must be one this stand-in issued (its signature, expiry and tenant) for
  https://durabletask.io (else UNAUTHENTICATED);
- the task hub must exist in the scheduler (else NOT_FOUND 'Task hub not found: <hub>', the service's text);
- the caller must reach the scheduler through its IP allow list (else PERMISSION_DENIED);
- the caller needs a role with the call's data action on the hub or above: Durable Task Data Reader to read,
  Durable Task Data Contributor to change, Durable Task Worker for workers (else PERMISSION_DENIED). Owner
  and Contributor carry no data actions, as in Azure.

Without EMULATOR_DATA_PLANE the endpoint stays the realistic https://<name>-<hash>.<region>.durabletask.io
(what cassettes record) and nothing here runs. State lives in memory: it is gone when the stand-in stops.
"""

import fnmatch
import ipaddress
import os
import threading
from concurrent import futures

from .certs import ensure_certificate
from . import tokens
from .tokens import TokenError, verify_access_token

ENV = 'EMULATOR_DATA_PLANE'
AUDIENCE = 'https://durabletask.io'
_SCHEDULER_TYPE = 'Microsoft.DurableTask/schedulers'
_TASK_HUB_TYPE = 'Microsoft.DurableTask/schedulers/taskHubs'
_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments'

# The data action each call needs (the role definitions' dataActions are matched against it).
_ACTION = 'Microsoft.DurableTask/schedulers/taskHubs/'
_READS = ('Hello', 'GetInstance', 'QueryInstances', 'ListInstanceIds', 'StreamInstanceHistory', 'GetEntity',
          'QueryEntities', 'WaitForInstanceStart', 'WaitForInstanceCompletion')
_WORKER_CALLS = ('GetWorkItems', 'CompleteActivityTask', 'CompleteOrchestratorTask', 'CompleteEntityTask',
                 'AbandonTaskActivityWorkItem', 'AbandonTaskOrchestratorWorkItem', 'AbandonTaskEntityWorkItem')


def enabled(env=None):
    return (os.environ if env is None else env).get(ENV, '').strip().lower() in ('1', 'true', 'yes')


def from_env(state_dir, store, env=None, signing_key=None):
    """The data plane when EMULATOR_DATA_PLANE is on, else None (app.py keeps it in `app.state.dataplane`)."""
    return DataPlane(state_dir, store, signing_key) if enabled(env) else None


def endpoint_of(request, scheduler):
    """What `properties.endpoint` shows: the local gRPC endpoint when the data plane is on, else the stored,
    realistic one."""
    plane = getattr(request.app.state, 'dataplane', None)
    return plane.endpoint(scheduler.id) if plane is not None else scheduler.body['endpoint']


def data_action(method):
    if method in _READS:
        return _ACTION + 'orchestrations/read'
    if method in _WORKER_CALLS:
        return _ACTION + 'workers/write'
    return _ACTION + 'orchestrations/write'


class DataPlane:
    """The gRPC servers of every scheduler of one stand-in."""

    def __init__(self, state_dir, store, signing_key=None):
        self.store = store
        self.signing_key = signing_key or tokens.ensure_signing_key(state_dir)
        self.cert_path, self.key_path = ensure_certificate(str(state_dir))
        self._servers = {}  # lower-cased scheduler id -> _SchedulerServer
        self._lock = threading.Lock()

    def endpoint(self, scheduler_id):
        """The local endpoint of a scheduler, its server started on first use."""
        key = scheduler_id.lower()
        with self._lock:
            server = self._servers.get(key)
            if server is None:
                server = self._servers[key] = _SchedulerServer(self, scheduler_id)
        return server.endpoint

    def stop(self):
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()


class _SchedulerServer:

    def __init__(self, plane, scheduler_id):
        import grpc
        from durabletask.internal import orchestrator_service_pb2_grpc as stubs
        self.plane = plane
        self.scheduler_id = scheduler_id
        self._backends = {}  # lower-cased hub name -> InMemoryOrchestrationBackend
        self._lock = threading.Lock()
        with open(plane.key_path, 'rb') as key, open(plane.cert_path, 'rb') as cert:
            credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
        stubs.add_TaskHubSidecarServiceServicer_to_server(_Router(self), self._server)
        port = self._server.add_secure_port('127.0.0.1:0', credentials)
        self._server.start()
        self.endpoint = 'https://127.0.0.1:{}'.format(port)

    def backend(self, hub):
        from durabletask.testing import InMemoryOrchestrationBackend
        with self._lock:
            backend = self._backends.get(hub.lower())
            if backend is None:
                backend = self._backends[hub.lower()] = InMemoryOrchestrationBackend()
            return backend

    def stop(self):
        for backend in list(self._backends.values()):
            backend.stop()  # ends workers' GetWorkItems streams
        self._server.stop(grace=None).wait()

    # --- what the service checks before a call reaches a hub ---------------------------------------------------

    def admit(self, method, context):
        """The hub's backend for this call, or abort the call as the service would."""
        import grpc
        metadata = {key.lower(): value for key, value in context.invocation_metadata()}
        claims = self._claims(metadata.get('authorization', ''), context, self.plane.signing_key)
        scheduler = self.plane.store.get(self.scheduler_id)
        hub = metadata.get('taskhub', '')
        hub_id = '{}/taskHubs/{}'.format(self.scheduler_id, hub)
        found = self.plane.store.get(hub_id) if scheduler is not None and hub else None
        if found is None or found.state != 'Succeeded':
            context.abort(grpc.StatusCode.NOT_FOUND, 'Task hub not found: {}'.format(hub))
        if not _allowed_address(scheduler.body.get('ipAllowlist') or [], context.peer()):
            context.abort(grpc.StatusCode.PERMISSION_DENIED,
                          "The caller's address is not in scheduler '{}''s IP allow list.".format(
                              self.scheduler_id.rsplit('/', 1)[-1]))
        action = data_action(method)
        if not self._authorized(claims['oid'], hub_id, action):
            context.abort(grpc.StatusCode.PERMISSION_DENIED,
                          "The principal '{}' does not have permission to perform action '{}' on task hub "
                          "'{}'.".format(claims['oid'], action, hub))
        return self.backend(hub)

    @staticmethod
    def _claims(authorization, context, key):
        """The verified claims (signature, expiry, audience https://durabletask.io, tenant), else UNAUTHENTICATED."""
        import grpc
        scheme, _, token = authorization.partition(' ')
        if scheme.lower() != 'bearer' or not token:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, 'A bearer token is required.')
        try:
            return verify_access_token(token.strip(), key, tokens.DATA_PLANE_AUDIENCES)
        except TokenError as ex:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, ex.message)
        return None

    def _authorized(self, principal_id, hub_id, action):
        from .routes.authorization import ROLE_DEFINITIONS
        roles = {role['id'].lower(): role for role in ROLE_DEFINITIONS}
        for assignment in self.plane.store.list(_ASSIGNMENT_TYPE):
            body = assignment.body
            scope = body['scope'].lower().rstrip('/')
            if body['principalId'].lower() != principal_id.lower() or not (
                    scope in ('', '/') or hub_id.lower() == scope or hub_id.lower().startswith(scope + '/')):
                continue
            role = roles.get(body['roleDefinitionId'].rstrip('/').rsplit('/', 1)[-1].lower())
            for permission in (role or {}).get('permissions', []):
                if any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in permission['dataActions']) \
                        and not any(fnmatch.fnmatchcase(action.lower(), pattern.lower())
                                    for pattern in permission['notDataActions']):
                    return True
        return False


def _allowed_address(allowlist, peer):
    """`peer` is gRPC's 'ipv4:127.0.0.1:5555' or 'ipv6:[::1]:5555'."""
    host = peer.split(':', 1)[-1].rsplit(':', 1)[0].strip('[]')
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    networks = [ipaddress.ip_network(entry, strict=False) for entry in allowlist]
    return any(address in network for network in networks if network.version == address.version)


class _Router:  # pylint: disable=too-few-public-methods
    """Every method of TaskHubSidecarService, passed to the backend of the caller's task hub."""

    def __init__(self, server):
        self._server = server

    def __getattr__(self, method):
        if method.startswith('_'):
            raise AttributeError(method)

        def call(request, context):
            return getattr(self._server.admit(method, context), method)(request, context)
        return call
