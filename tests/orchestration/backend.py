# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A real protocol peer for the orchestration commands: durabletask.testing's in-memory backend on 127.0.0.1,
and a real worker that runs three small orchestrations (fan-out/fan-in, one that fails, one that waits)."""

from concurrent import futures

import grpc
from durabletask import task
from durabletask.internal import orchestrator_service_pb2_grpc as stubs
from durabletask.testing import InMemoryOrchestrationBackend
from durabletask.worker import TaskHubGrpcWorker

FAILURE_MESSAGE = 'payment declined for order 42'


class LocalBackend:
    """The in-memory backend served on 127.0.0.1 and a free port (create_test_backend() binds every
    interface on a fixed port). The backend has one task hub and ignores the `taskhub` metadata, so a gate in
    front of it plays the service's part: `deny` names hubs whose callers get PERMISSION_DENIED (a caller
    without a role); with `hubs`, other hubs get NOT_FOUND 'Task hub not found: <hub>', as the DTS emulator
    answers. Every call's method and metadata are kept in `calls`."""

    def __init__(self, deny=(), hubs=None, tls=None):
        self.backend = InMemoryOrchestrationBackend()
        self.deny = set(deny)
        self.hubs = set(hubs) if hubs is not None else None
        self.calls = []
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=16),
                                   interceptors=[_Gate(self)])
        stubs.add_TaskHubSidecarServiceServicer_to_server(self.backend, self._server)
        if tls:  # (certificate file, key file): serve TLS, as Azure does
            with open(tls[0], 'rb') as cert, open(tls[1], 'rb') as key:
                credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
            self.port = self._server.add_secure_port('127.0.0.1:0', credentials)
        else:
            self.port = self._server.add_insecure_port('127.0.0.1:0')
        self.address = '127.0.0.1:{}'.format(self.port)
        self.endpoint = ('https://' if tls else 'http://') + self.address

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self.backend.stop()  # ends the worker's GetWorkItems stream
        self._server.stop(grace=None).wait()


class _Gate(grpc.ServerInterceptor):
    def __init__(self, owner):
        self.owner = owner

    def intercept_service(self, continuation, handler_call_details):
        metadata = dict(handler_call_details.invocation_metadata or ())
        self.owner.calls.append((handler_call_details.method, metadata))
        hub = metadata.get('taskhub')
        if hub in self.owner.deny:
            return _refuse(grpc.StatusCode.PERMISSION_DENIED, 'The caller has no data-plane role on this task hub.')
        if self.owner.hubs is not None and hub not in self.owner.hubs:
            return _refuse(grpc.StatusCode.NOT_FOUND, 'Task hub not found: {}'.format(hub))
        return continuation(handler_call_details)


def _refuse(code, message):
    def refuse(_request, context):
        context.abort(code, message)
    return grpc.unary_unary_rpc_method_handler(refuse)


# --- the orchestrations the worker runs -------------------------------------------------------------------------

def double(_ctx, value):
    return value * 2


def charge(_ctx, order):
    raise ValueError(FAILURE_MESSAGE)


def fan_out_fan_in(ctx, values):
    """The seed's example: activities in parallel, then wait for all of them."""
    results = yield task.when_all([ctx.call_activity(double, input=value) for value in values or [1, 2]])
    return sum(results)


def failing_order(ctx, order):
    yield ctx.call_activity(charge, input=order)
    return 'charged'


def approval(ctx, _):
    ctx.set_custom_status('waiting for approval')
    decision = yield ctx.wait_for_external_event('Approval')
    return {'approved': decision}


ORCHESTRATORS = (fan_out_fan_in, failing_order, approval)


def start_worker(address=None, channel=None):
    """A real worker with the test orchestrations, on `address` (host:port) or an open gRPC `channel`."""
    import logging
    worker = TaskHubGrpcWorker(host_address=address, channel=channel, logger=logging.getLogger('test-worker'))
    for orchestrator in ORCHESTRATORS:
        worker.add_orchestrator(orchestrator)
    worker.add_activity(double)
    worker.add_activity(charge)
    worker.start()
    return worker
