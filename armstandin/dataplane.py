"""The schedulers' data plane (with EMULATOR_DATA_PLANE=1): gRPC `TaskHubSidecarService`, as Azure serves it.

Each scheduler gets its own TLS gRPC server on 127.0.0.1 (the stand-in's certificate), started the first time
the scheduler is rendered; its `properties.endpoint` then reads `https://127.0.0.1:<port>`. Behind it,
durabletask.testing's in-memory backend runs the orchestrations: one backend per task hub, chosen by the
`taskhub` metadata, so hubs are isolated. Like the service, each call is checked before it reaches a hub:

- the network: `publicNetworkAccess: Disabled` blocks this (public) endpoint, and the caller's address must be
  in the IP allow list (an empty list admits no one) (else PERMISSION_DENIED);
- the bearer token must be one this stand-in issued (its signature, expiry and tenant) for
  https://durabletask.io (else UNAUTHENTICATED);
- the task hub must exist in the scheduler (else NOT_FOUND 'Task hub not found: <hub>', the service's text);
- the caller needs a role with the call's data action on the hub or above: Durable Task Data Reader to read,
  Durable Task Data Contributor to change, Durable Task Worker for workers (else PERMISSION_DENIED). Owner
  and Contributor carry no data actions, as in Azure.
Every PERMISSION_DENIED has the same text (DENIED): it does not say which check refused.
A task hub deleted (and made again) starts empty: its orchestrations went with it. A deleted scheduler's
server stops: its endpoint then refuses connections (UNAVAILABLE).

Without EMULATOR_DATA_PLANE the endpoint stays the realistic https://<name>-<hash>.<region>.durabletask.io
(what cassettes record) and nothing here runs. State lives in memory: it is gone when the stand-in stops.
"""

import ipaddress
import os
import threading
from concurrent import futures

from . import rbac, tokens
from .certs import ensure_certificate
from .tokens import TokenError, verify_access_token

ENV = 'EMULATOR_DATA_PLANE'
AUDIENCE = 'https://durabletask.io'
_SCHEDULER_TYPE = 'Microsoft.DurableTask/schedulers'
_TASK_HUB_TYPE = 'Microsoft.DurableTask/schedulers/taskHubs'

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


# One text for every denial: Azure's texts are unknown, and a caller must not learn from it whether the address,
# the network setting or a missing role was the reason (FIDELITY.md, "Access and data plane").
DENIED = "The caller is not authorized to access task hub '{hub}' of scheduler '{scheduler}'."
REAP_INTERVAL_SECONDS = 0.2


def _prop(body, name):
    """A scheduler property from the stored body (flat, or under 'properties')."""
    if name in body:
        return body[name]
    return (body.get('properties') or {}).get(name)


class DataPlane:
    """The gRPC servers of every scheduler of one stand-in. A scheduler's server stops when the scheduler is
    deleted (or deleted and made again: the new one gets a new server), checked every REAP_INTERVAL_SECONDS."""

    def __init__(self, state_dir, store, signing_key=None):
        self.store = store
        self.signing_key = signing_key or tokens.ensure_signing_key(state_dir)
        self.cert_path, self.key_path = ensure_certificate(str(state_dir))
        self._servers = {}  # lower-cased scheduler id -> _SchedulerServer
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name='dataplane-reaper', daemon=True)
        self._reaper.start()

    def endpoint(self, scheduler_id):
        """The local endpoint of a scheduler, its server started on first use."""
        key = scheduler_id.lower()
        current = self.store.get(scheduler_id)
        with self._lock:
            server = self._servers.get(key)
            if server is not None and current is not None and server.created != current.created:
                self._servers.pop(key)
                threading.Thread(target=server.stop, daemon=True).start()
                server = None
            if server is None:
                server = self._servers[key] = _SchedulerServer(self, scheduler_id,
                                                               current.created if current else None)
        return server.endpoint

    def retire(self, scheduler_id):
        """Stop the server of a scheduler that is gone (later connections are refused)."""
        with self._lock:
            server = self._servers.pop(scheduler_id.lower(), None)
        if server is not None:
            server.stop()

    def _reap(self):
        while not self._stopping.wait(REAP_INTERVAL_SECONDS):
            with self._lock:
                servers = list(self._servers.values())
            for server in servers:
                try:
                    current = self.store.get(server.scheduler_id)
                except Exception:  # pylint: disable=broad-except
                    continue  # the store is closing
                if current is None or current.created != server.created:
                    with self._lock:
                        if self._servers.get(server.scheduler_id.lower()) is server:
                            self._servers.pop(server.scheduler_id.lower())
                    server.stop()

    def stop(self):
        self._stopping.set()
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()


class _SchedulerServer:

    def __init__(self, plane, scheduler_id, created):
        import grpc
        from durabletask.internal import orchestrator_service_pb2_grpc as stubs
        self.plane = plane
        self.scheduler_id = scheduler_id
        self.created = created
        self._backends = {}  # lower-cased hub name -> (the hub's creation time, InMemoryOrchestrationBackend)
        self._lock = threading.Lock()
        with open(plane.key_path, 'rb') as key, open(plane.cert_path, 'rb') as cert:
            credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
        stubs.add_TaskHubSidecarServiceServicer_to_server(_Router(self), self._server)
        port = self._server.add_secure_port('127.0.0.1:0', credentials)
        self._server.start()
        self.endpoint = 'https://127.0.0.1:{}'.format(port)

    def backend(self, hub, created):
        """The backend of the task hub made at `created`: a hub deleted and made again starts empty, as its
        orchestrations went with it."""
        from durabletask.testing import InMemoryOrchestrationBackend
        with self._lock:
            made, backend = self._backends.get(hub.lower(), (None, None))
            if backend is None or made != created:
                if backend is not None:
                    backend.stop()
                backend = InMemoryOrchestrationBackend()
                self._backends[hub.lower()] = (created, backend)
            return backend

    def drop(self, hub):
        """Forget a deleted hub's orchestrations."""
        with self._lock:
            _, backend = self._backends.pop(hub.lower(), (None, None))
        if backend is not None:
            backend.stop()

    def stop(self):
        with self._lock:
            backends, self._backends = [b for _, b in self._backends.values()], {}
        for backend in backends:
            backend.stop()  # ends workers' GetWorkItems streams
        self._server.stop(grace=None).wait()

    # --- what the service checks before a call reaches a hub ---------------------------------------------------

    def admit(self, method, context):
        """The hub's backend for this call, or abort the call as the service would: the network (public access,
        IP allow list), then the token, the task hub, the caller's role."""
        import grpc
        metadata = {key.lower(): value for key, value in context.invocation_metadata()}
        hub = metadata.get('taskhub', '')
        scheduler = self.plane.store.get(self.scheduler_id)
        if scheduler is None or scheduler.created != self.created:
            threading.Thread(target=self.plane.retire, args=(self.scheduler_id,), daemon=True).start()
            context.abort(grpc.StatusCode.UNAVAILABLE, 'The scheduler no longer exists.')
        denied = DENIED.format(hub=hub, scheduler=self.scheduler_id.rsplit('/', 1)[-1])
        if str(_prop(scheduler.body, 'publicNetworkAccess') or 'Enabled').lower() == 'disabled' or \
                not _allowed_address(_prop(scheduler.body, 'ipAllowlist') or [], context.peer()):
            context.abort(grpc.StatusCode.PERMISSION_DENIED, denied)
        claims = self._claims(metadata.get('authorization', ''), context, self.plane.signing_key)
        hub_id = '{}/taskHubs/{}'.format(self.scheduler_id, hub)
        found = self.plane.store.get(hub_id) if hub else None
        if found is None or found.state != 'Succeeded':
            if hub:
                self.drop(hub)
            context.abort(grpc.StatusCode.NOT_FOUND, 'Task hub not found: {}'.format(hub))
        if not rbac.permitted(self.plane.store, claims['oid'], data_action(method), hub_id, data=True):
            context.abort(grpc.StatusCode.PERMISSION_DENIED, denied)
        return self.backend(hub, found.created)

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
