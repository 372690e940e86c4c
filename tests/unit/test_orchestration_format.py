# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""What the orchestration commands print: protocol messages as az JSON, tables, and gRPC errors as one-line
CLI errors. Plus: loading the command table imports neither grpc nor durabletask."""

import os
import subprocess
import sys
import unittest
from types import SimpleNamespace

import grpc
from durabletask.internal import orchestrator_service_pb2 as pb
from google.protobuf import timestamp_pb2, wrappers_pb2

from azext_durabletask import _format
from azext_durabletask._dataplane import TaskHubTarget, rpc_error_to_cli_error
from azext_durabletask.orchestration import event_to_dict, state_to_dict

HUB = SimpleNamespace(pb=pb)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _ts(seconds, nanos=0):
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)


FAILED = pb.OrchestrationState(
    instanceId='order-42', name='ProcessOrder', orchestrationStatus=pb.ORCHESTRATION_STATUS_FAILED,
    createdTimestamp=_ts(1777636800, 123456000), lastUpdatedTimestamp=_ts(1777636805),
    completedTimestamp=_ts(1777636805), input=wrappers_pb2.StringValue(value='{"orderId": 42}'),
    customStatus=wrappers_pb2.StringValue(value='not json'), version=wrappers_pb2.StringValue(value='2'),
    failureDetails=pb.TaskFailureDetails(
        errorType='TaskFailedError', errorMessage='Activity failed:\n declined',
        innerFailure=pb.TaskFailureDetails(errorType='ValueError', errorMessage='declined')),
    tags={'team': 'orders'})


class StateTest(unittest.TestCase):

    def test_a_failed_state_as_json(self):
        state = state_to_dict(HUB, FAILED, payloads=True)
        self.assertEqual(state['runtimeStatus'], 'Failed')
        self.assertEqual(state['createdAt'], '2026-05-01T12:00:00.123456Z')
        self.assertEqual(state['input'], {'orderId': 42})
        self.assertEqual(state['customStatus'], 'not json')
        self.assertIsNone(state['output'])
        self.assertEqual(state['version'], '2')
        self.assertEqual(state['tags'], {'team': 'orders'})
        self.assertEqual(state['failureDetails']['innerFailure'],
                         {'errorType': 'ValueError', 'message': 'declined', 'stackTrace': None, 'innerFailure': None})

    def test_list_items_carry_no_payloads(self):
        self.assertNotIn('input', state_to_dict(HUB, FAILED))

    def test_every_status_has_an_az_name(self):
        for value in pb.OrchestrationStatus.values():
            name = state_to_dict(HUB, pb.OrchestrationState(orchestrationStatus=value))['runtimeStatus']
            self.assertRegex(name, '^[A-Z][a-zA-Z]+$')

    def test_tables(self):
        state = state_to_dict(HUB, FAILED)
        self.assertEqual(list(_format.transform_orchestration(state).items()), [
            ('InstanceId', 'order-42'), ('Name', 'ProcessOrder'), ('Status', 'Failed'),
            ('Created', '2026-05-01T12:00:00Z'), ('LastUpdated', '2026-05-01T12:00:05Z'),
            ('Failure', 'TaskFailedError: Activity failed: declined')])
        self.assertEqual(list(_format.transform_orchestration_list([state])[0]), [
            'InstanceId', 'Name', 'Status', 'Created', 'LastUpdated'])


class HistoryTest(unittest.TestCase):

    def test_events_are_flat_with_their_type_and_json_payloads(self):
        event = pb.HistoryEvent(eventId=3, timestamp=_ts(1777636800),
                                taskCompleted=pb.TaskCompletedEvent(taskScheduledId=1,
                                                                    result=wrappers_pb2.StringValue(value='[1, 2]')))
        self.assertEqual(event_to_dict(event), {'eventId': 3, 'timestamp': '2026-05-01T12:00:00Z',
                                                'eventType': 'TaskCompleted', 'taskScheduledId': 1, 'result': [1, 2]})

    def test_an_unstamped_event_has_no_time(self):
        event = pb.HistoryEvent(eventId=-1, timestamp=_ts(0), orchestratorCompleted=pb.OrchestratorCompletedEvent())
        self.assertIsNone(event_to_dict(event)['timestamp'])

    def test_history_table(self):
        rows = _format.transform_orchestration_history([
            {'eventId': 1, 'timestamp': '2026-05-01T12:00:00.5Z', 'eventType': 'TaskFailed', 'taskScheduledId': 1,
             'failureDetails': {'errorType': 'ValueError', 'errorMessage': 'declined'}}])
        self.assertEqual(list(rows[0].values()), [1, '2026-05-01T12:00:00Z', 'TaskFailed', None,
                                                  'ValueError: declined'])


class _RpcError(grpc.RpcError):
    def __init__(self, code, details):
        super().__init__(details)
        self._code, self._details = code, details

    def code(self):
        return self._code

    def details(self):
        return self._details


ARM_TARGET = TaskHubTarget('https://s-ab12.westus2.durabletask.io', 'hub1', True, 'rg1', 'sched-1')
LOCAL_TARGET = TaskHubTarget('http://localhost:8080', 'default', False)


class ErrorTest(unittest.TestCase):

    def error(self, code, details='it went wrong', target=ARM_TARGET, writes=False):
        return rpc_error_to_cli_error(target, _RpcError(code, details), writes)

    def test_permission_denied_names_the_role_the_scope_and_the_command(self):
        error = self.error(grpc.StatusCode.PERMISSION_DENIED, 'no\naccess', writes=True)
        self.assertEqual(type(error).__name__, 'ForbiddenError')
        self.assertEqual(str(error), "Permission denied on task hub 'hub1' at https://s-ab12.westus2.durabletask.io: "
                                     "no access")
        hint = error.recommendations[0]
        self.assertIn("'Durable Task Data Contributor' role", hint)
        self.assertIn('az durabletask role-assignment create -g rg1 -s sched-1 --task-hub hub1 --role contributor',
                      hint)
        self.assertNotIn('Data Reader', hint)

    def test_unreachable_names_the_endpoint_and_where_to_look(self):
        error = self.error(grpc.StatusCode.UNAVAILABLE, 'connection refused')
        self.assertEqual(type(error).__name__, 'AzureConnectionError')
        self.assertIn("The endpoint https://s-ab12.westus2.durabletask.io cannot be reached (task hub 'hub1')",
                      str(error))
        self.assertIn('az durabletask scheduler show -g rg1 -n sched-1', error.recommendations[0])
        local = self.error(grpc.StatusCode.DEADLINE_EXCEEDED, 'deadline', target=LOCAL_TARGET)
        self.assertIn('http://localhost:8080 did not answer within', str(local))

    def test_unknown_task_hub_as_the_service_reports_it(self):
        error = self.error(grpc.StatusCode.NOT_FOUND, 'Task hub not found: hub1')
        self.assertEqual(type(error).__name__, 'ResourceNotFoundError')
        self.assertIn("Task hub 'hub1' was not found", str(error))
        self.assertIn('az durabletask taskhub list -g rg1 -s sched-1', error.recommendations[0])

    def test_other_codes_keep_the_service_message_on_one_line(self):
        for code, cls in ((grpc.StatusCode.NOT_FOUND, 'ResourceNotFoundError'),
                          (grpc.StatusCode.FAILED_PRECONDITION, 'ValidationError'),
                          (grpc.StatusCode.INTERNAL, 'AzureInternalError'),
                          (grpc.StatusCode.UNKNOWN, 'AzureResponseError')):
            error = self.error(code, 'line one\nline two')
            self.assertEqual((type(error).__name__, str(error)), (cls, '({}) line one line two'.format(code.name)))

    def test_unauthenticated_says_how_to_get_a_token(self):
        self.assertIn('az login', self.error(grpc.StatusCode.UNAUTHENTICATED).recommendations[0])
        self.assertIn('Authentication=DefaultAzure',
                      self.error(grpc.StatusCode.UNAUTHENTICATED, target=LOCAL_TARGET).recommendations[0])


class LazyImportTest(unittest.TestCase):

    def test_parsing_and_validating_a_command_imports_neither_grpc_nor_durabletask(self):
        # The real az, up to a validator's refusal: command table, arguments, parser and validator all ran.
        env = dict(os.environ, AZURE_EXTENSION_DIR=os.path.join(ROOT, '.local', 'extensions'))
        result = subprocess.run([sys.executable, '-X', 'importtime', '-m', 'azure.cli', 'durabletask', 'orchestration',
                                 'list', '--endpoint', 'ftp://x', '--task-hub', 'h'],
                                capture_output=True, text=True, env=env, check=False, timeout=120)
        self.assertIn("--endpoint 'ftp://x' is not an endpoint", result.stderr)
        imported = [line.split('|')[-1].strip() for line in result.stderr.splitlines()
                    if line.startswith('import time:')]
        self.assertIn('azext_durabletask._validators', imported)
        self.assertEqual([name for name in imported if name.split('.')[0] in ('grpc', 'durabletask')], [])


if __name__ == '__main__':
    unittest.main()
