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
        self.backend = CountingBackend()
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


class CountingBackend(InMemoryOrchestrationBackend):
    """The in-memory backend, counting the instances its queries return (what a listing costs the service), and
    refusing the actions on the instance ids in `refuse` with UNAVAILABLE (one instance failing in a bulk run)."""

    def __init__(self):
        super().__init__()
        self.instances_read = 0
        self.queries = 0
        self.refuse = set()

    def QueryInstances(self, request, context):
        """The library's query, with its filters and paging, but the time bounds converted once per query, not
        once per stored instance (that made each query over 200,000 instances take 0.5 s: a test-double cost a
        real service's index does not have)."""
        from datetime import timezone
        from google.protobuf import timestamp_pb2, wrappers_pb2
        from durabletask.internal import orchestrator_service_pb2 as pb
        query = request.query
        start = int(query.continuationToken.value) if query.continuationToken.value.isdigit() else 0
        low = query.createdTimeFrom.ToDatetime(timezone.utc) if query.HasField('createdTimeFrom') else None
        high = query.createdTimeTo.ToDatetime(timezone.utc) if query.HasField('createdTimeTo') else None
        prefix = query.instanceIdPrefix.value if query.HasField('instanceIdPrefix') else ''
        statuses = set(query.runtimeStatus)
        with self._lock:
            matching = [i for i in self._instances.values()
                        if (not statuses or i.status in statuses) and (low is None or i.created_at >= low)
                        and (high is None or i.created_at < high) and i.instance_id.startswith(prefix)]
            matching.sort(key=lambda i: i.created_at)
            size = query.maxInstanceCount if query.maxInstanceCount > 0 else len(matching)
            states = []
            for inst in matching[start:start + size]:
                created, updated = timestamp_pb2.Timestamp(), timestamp_pb2.Timestamp()
                created.FromDatetime(inst.created_at)
                updated.FromDatetime(inst.last_updated_at)
                payloads = query.fetchInputsAndOutputs
                states.append(pb.OrchestrationState(
                    instanceId=inst.instance_id, name=inst.name, orchestrationStatus=inst.status,
                    createdTimestamp=created, lastUpdatedTimestamp=updated,
                    input=wrappers_pb2.StringValue(value=inst.input) if payloads and inst.input else None,
                    output=wrappers_pb2.StringValue(value=inst.output) if payloads and inst.output else None,
                    customStatus=wrappers_pb2.StringValue(value=inst.custom_status) if inst.custom_status else None,
                    failureDetails=inst.failure_details if inst.failure_details else None))
            more = start + size < len(matching)
        self.queries += 1
        self.instances_read += len(states)
        return pb.QueryInstancesResponse(
            orchestrationState=states,
            continuationToken=wrappers_pb2.StringValue(value=str(start + size)) if more else None)

    def _refused(self, request, context):
        if request.instanceId in self.refuse:
            context.abort(grpc.StatusCode.UNAVAILABLE, 'instance {} is busy'.format(request.instanceId))

    def TerminateInstance(self, request, context):
        self._refused(request, context)
        return super().TerminateInstance(request, context)

    def SuspendInstance(self, request, context):
        self._refused(request, context)
        return super().SuspendInstance(request, context)

    def count_status(self, name):
        from durabletask.internal import orchestrator_service_pb2 as pb
        value = pb.OrchestrationStatus.Value('ORCHESTRATION_STATUS_' + name)
        with self._lock:
            return sum(1 for instance in self._instances.values() if instance.status == value)

    def running_count(self):
        return self.count_status('RUNNING')

    def seed(self, count, newest, spread_seconds, prefix='seed-', name='fan_out_fan_in', status=None,
             updated_age_seconds=None):
        """`count` instances created evenly over `spread_seconds` up to `newest` (a datetime), straight into the
        store (no worker runs them), last updated `updated_age_seconds` ago (default: when created). Returns their
        ids, newest first."""
        from datetime import datetime, timedelta, timezone
        now = datetime.now(timezone.utc)
        from durabletask.internal import orchestrator_service_pb2 as pb
        from durabletask.testing.in_memory_backend import OrchestrationInstance
        status = pb.ORCHESTRATION_STATUS_COMPLETED if status is None else status
        step = spread_seconds / max(count, 1)
        ids = []
        with self._lock:
            for index in range(count):
                created = newest - timedelta(seconds=index * step)
                instance_id = '{}{:07d}'.format(prefix, count - index)
                self._instances[instance_id] = OrchestrationInstance(
                    instance_id=instance_id, name=name, status=status, created_at=created,
                    last_updated_at=created if updated_age_seconds is None else now - timedelta(
                        seconds=updated_age_seconds))
                ids.append(instance_id)
        return ids


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


_CHARGED = set()


def charge_once(_ctx, order):
    """Fails the first time for an order, then succeeds: what a rewind is for."""
    if order not in _CHARGED:
        _CHARGED.add(order)
        raise ValueError(FAILURE_MESSAGE)
    return 'charged {}'.format(order)


def flaky_order(ctx, order):
    result = yield ctx.call_activity(charge_once, input=order)
    return result


def counter(ctx, value):
    """An entity: add, get, reset (no state left: an empty entity)."""
    if ctx.operation == 'add':
        ctx.set_state((ctx.get_state(int) or 0) + value)
    elif ctx.operation == 'reset':
        ctx.set_state(None)
    return ctx.get_state(int)


ORCHESTRATORS = (fan_out_fan_in, failing_order, approval, flaky_order)


def start_worker(address=None, channel=None):
    """A real worker with the test orchestrations, on `address` (host:port) or an open gRPC `channel`."""
    import logging
    worker = TaskHubGrpcWorker(host_address=address, channel=channel, logger=logging.getLogger('test-worker'))
    for orchestrator in ORCHESTRATORS:
        worker.add_orchestrator(orchestrator)
    worker.add_activity(double)
    worker.add_activity(charge)
    worker.add_activity(charge_once)
    worker.add_entity(counter)
    worker.start()
    return worker
