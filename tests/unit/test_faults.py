# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Clear outcomes under faults (issue 11): once the service accepted a change, an error while following it says
the change may have been made and how to check; a dropped connection names the endpoint."""
import unittest
from types import SimpleNamespace

from azure.cli.core.azclierror import AzureConnectionError, AzureInternalError, ResourceNotFoundError
from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

from azext_durabletask import _errors
from azext_durabletask._lro import run_lro

ARM = 'https://management.example.test/'


def http_error(status, code='ServiceUnavailable'):
    error = HttpResponseError('{} error'.format(status))
    error.status_code, error.error = status, SimpleNamespace(code=code, message='{} error'.format(status))
    return error


def cmd(name='durabletask scheduler create'):
    config = SimpleNamespace(getboolean=lambda *args, **kwargs: True)
    cloud = SimpleNamespace(endpoints=SimpleNamespace(resource_manager=ARM))
    return SimpleNamespace(name=name, cli_ctx=SimpleNamespace(only_show_errors=True, config=config, cloud=cloud))


class FailingPoller:
    def __init__(self, error):
        self.error = error

    def done(self):
        raise self.error


class RunLroFaultTest(unittest.TestCase):

    def test_throttled_while_following_says_it_may_have_completed_and_how_to_check(self):
        with self.assertRaises(AzureInternalError) as caught:
            run_lro(cmd(), lambda **_: FailingPoller(http_error(503)))
        self.assertIn('The request was accepted', str(caught.exception))
        self.assertIn('may have completed', str(caught.exception))
        self.assertEqual(caught.exception.recommendations, [
            'Check it with the same -g/-n options: az durabletask scheduler show, or wait for it: '
            'az durabletask scheduler wait --created'])

    def test_an_error_before_acceptance_is_the_service_error(self):
        def refuse(**_):
            raise http_error(503)
        with self.assertRaises(AzureInternalError) as caught:
            run_lro(cmd(), refuse)
        self.assertNotIn('accepted', str(caught.exception))

    def test_a_missing_resource_while_following_is_not_called_maybe_done(self):
        with self.assertRaises(ResourceNotFoundError) as caught:
            run_lro(cmd('durabletask taskhub delete'), lambda **_: FailingPoller(http_error(404, 'ResourceNotFound')))
        self.assertNotIn('accepted', str(caught.exception))

    def test_a_dropped_connection_names_the_endpoint_and_says_it_may_continue(self):
        with self.assertRaises(AzureConnectionError) as caught:
            run_lro(cmd('durabletask taskhub delete'),
                    lambda **_: FailingPoller(ServiceRequestError('Connection refused')))
        message = str(caught.exception)
        self.assertTrue(message.startswith('The connection to {} dropped'.format(ARM)), message)
        self.assertIn('may continue on the server', message)
        self.assertIn('az durabletask taskhub wait --deleted', caught.exception.recommendations[0])

    def test_connection_errors_before_acceptance(self):
        def unreachable(**_):
            raise ServiceRequestError('Name or service not known')
        with self.assertRaisesRegex(AzureConnectionError, 'failed: Name or service not known. Nothing was sent.'):
            run_lro(cmd(), unreachable)

        def dropped(**_):  # the request went out; no answer came back
            raise ServiceResponseError('Connection reset by peer')
        with self.assertRaisesRegex(AzureConnectionError, 'dropped: .* may continue on the server'):
            run_lro(cmd(), dropped)


class HowToCheckTest(unittest.TestCase):

    def test_by_verb(self):
        self.assertIn('az durabletask retention-policy wait --updated',
                      _errors.how_to_check(cmd('durabletask retention-policy update')))
        self.assertIn('run the same command again', _errors.how_to_check(cmd('durabletask scheduler attach')))


class WaitOnNothingTest(unittest.TestCase):
    """`wait --created` on a resource that does not exist fails at once (az's wait would poll for an hour)."""

    def wait(self, given, error):
        from azext_durabletask._existing import read_for_wait
        from azure.core.exceptions import ResourceNotFoundError as SdkNotFound

        def missing():
            raise SdkNotFound('not found')
        command = SimpleNamespace(cli_ctx=SimpleNamespace(data={'safe_params': given}))
        with self.assertRaises(error) as caught:
            read_for_wait(command, missing, 'Scheduler', 'myscheduler')
        return caught.exception

    def test_created_updated_exists_and_custom_fail_at_once(self):
        for flag in ('--created', '--updated', '--exists', '--custom'):
            error = self.wait(['-g', '-n', flag], ResourceNotFoundError)
            self.assertIn("Scheduler 'myscheduler' does not exist", str(error))

    def test_deleted_keeps_az_semantics(self):
        from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
        self.wait(['-g', '-n', '--deleted'], SdkNotFound)  # az's wait: a 404 is what --deleted waits for


class QuotaHintTest(unittest.TestCase):

    def test_scheduler_quota_names_the_sku_region_and_count(self):
        from azext_durabletask import scheduler

        class Refusing:
            def get(self, *_):
                from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
                raise SdkNotFound('not found')

            def begin_create_or_update(self, *_, **__):
                raise http_error(409, 'QuotaExceeded')
        with self.assertLogs('cli.azext_durabletask.scheduler', 'WARNING'), \
                self.assertRaises(Exception) as caught:
            scheduler.create_scheduler(cmd(), Refusing(), 'rg1', 'sched1', 'Consumption', location='westus2')
        self.assertIn('Consumption schedulers per region per subscription (10 in westus2)',
                      caught.exception.recommendations[0])
