# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The preview groups (failover-instance, detector, task-queue) and the parity items (--no-wait with a value,
--max-items/--next-token, generic update on scheduler update), without HTTP."""

import argparse
import json
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import (InvalidArgumentValueError, ManualInterrupt, RequiredArgumentMissingError,
                                       UnclassifiedUserFault)

from azext_durabletask import _argtypes, _client_factory, _format, _validators, failover, scheduler, taskqueue


def wire(model):
    from azure.mgmt.durabletask._utils.model_base import SdkJSONEncoder
    return json.loads(json.dumps(model, cls=SdkJSONEncoder, exclude_readonly=True))


SUB = '00000000-0000-0000-0000-000000000000'
PARTNER_ID = '/subscriptions/{}/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/partner'.format(SUB)


class NoWaitValueTest(unittest.TestCase):

    def parser(self):
        parser = argparse.ArgumentParser()
        settings = dict(_argtypes.no_wait_type.settings)
        parser.add_argument(*settings.pop('options_list'), dest='no_wait', **{
            k: v for k, v in settings.items() if k in ('action', 'nargs', 'const', 'type')})
        return parser

    def test_flag_alone_and_with_values(self):
        parser = self.parser()
        self.assertIs(parser.parse_args(['--no-wait']).no_wait, True)
        self.assertIsNone(parser.parse_args([]).no_wait)
        for word, expected in (('true', True), ('FALSE', False), ('yes', True), ('n', False), ('1', True),
                               ('0', False), ('t', True)):
            self.assertIs(parser.parse_args(['--no-wait', word]).no_wait, expected, word)

    def test_other_words_are_refused(self):
        with self.assertRaises(SystemExit), mock.patch('sys.stderr'):
            self.parser().parse_args(['--no-wait', 'maybe'])


class Pages:
    """A client whose send_request answers pages of an ARM list: {url: (values, nextLink)}."""

    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    def send_request(self, request):
        self.requested.append(request.url)
        values, next_link = self.pages[request.url]
        body = {'value': values, **({'nextLink': next_link} if next_link else {})}
        return SimpleNamespace(status_code=200, content=b'{}', json=lambda: body)


FIRST = '/hubs?api-version=2026-07-01-preview'
SECOND = 'https://management.azure.com/hubs?%24skiptoken=2&api-version=2026-07-01-preview'
THIRD = 'https://management.azure.com/hubs?%24skiptoken=4&api-version=2026-07-01-preview'


def three_pages():
    return Pages({FIRST: (['a', 'b'], SECOND), SECOND: (['c', 'd'], THIRD), THIRD: (['e'], None)})


class PagingTest(unittest.TestCase):

    def list(self, client, max_items=None, token=None):
        printed = []
        with mock.patch.object(_client_factory, '_print_page_token',
                               lambda _ctx, link, offset: printed.append((link, offset))):
            items = _client_factory.list_json(client, '/hubs', '2026-07-01-preview', max_items, token, cli_ctx=None)
        return items, printed

    def test_everything_without_max_items(self):
        self.assertEqual(self.list(three_pages()), (['a', 'b', 'c', 'd', 'e'], []))

    def test_stops_inside_a_page_and_resumes_there(self):
        client = three_pages()
        items, printed = self.list(client, 3)
        self.assertEqual((items, printed), (['a', 'b', 'c'], [(SECOND, 1)]))
        self.assertEqual(client.requested, [FIRST, SECOND])  # never the third page
        token = _client_factory.decode_page_token(_client_factory.encode_page_token(*printed[0]))
        self.assertEqual(self.list(three_pages(), 10, token), (['d', 'e'], []))

    def test_stops_inside_the_first_page_as_aaz_does(self):
        items, printed = self.list(three_pages(), 1)
        self.assertEqual((items, printed), (['a'], [(None, 1)]))  # None: the command's first request
        self.assertEqual(self.list(three_pages(), 2, {'next_link': None, 'offset': 1}), (['b', 'c'], [(SECOND, 1)]))

    def test_a_full_page_hands_over_the_next_link(self):
        items, printed = self.list(three_pages(), 2)
        self.assertEqual((items, printed), (['a', 'b'], [(SECOND, 0)]))

    def test_no_token_when_nothing_is_left(self):
        self.assertEqual(self.list(three_pages(), 5), (['a', 'b', 'c', 'd', 'e'], []))

    def test_resumed_link_gets_the_api_version_asked_for(self):
        client = three_pages()
        old = SECOND.replace('2026-07-01-preview', '2026-02-01')
        self.list(client, None, {'next_link': old, 'offset': 0})
        self.assertEqual(client.requested[0], SECOND)

    def test_skip_tokens_are_left_as_they_came(self):
        link = 'https://management.azure.com/hubs?%24skiptoken=a%2Bb%3D&api-version=2026-02-01&x=1'
        self.assertEqual(_client_factory.with_api_version(link, '2026-07-01-preview'),
                         'https://management.azure.com/hubs?%24skiptoken=a%2Bb%3D&api-version=2026-07-01-preview&x=1')
        self.assertEqual(_client_factory.with_api_version('https://h/l?%24skiptoken=a%2B', 'v'),
                         'https://h/l?%24skiptoken=a%2B&api-version=v')

    def test_aaz_tokens_decode(self):
        # What an aaz command prints: base64 of {"next_link": ..., "offset": ...}
        self.assertEqual(_client_factory.decode_page_token('eyJuZXh0X2xpbmsiOiBudWxsLCAib2Zmc2V0IjogNH0='),
                         {'next_link': None, 'offset': 4})

    def test_bad_input_names_the_flag(self):
        for token in ('bad', 'e30=', 'WzEsMl0='):  # not base64 JSON; {}; [1,2]
            with self.assertRaisesRegex(InvalidArgumentValueError, '--next-token'):
                _validators.validate_paging(SimpleNamespace(max_items=None, next_token=token))
        for value in ('0', '-1', 'x'):
            with self.assertRaisesRegex(InvalidArgumentValueError, '--max-items'):
                _validators.validate_paging(SimpleNamespace(max_items=value, next_token=None))
        namespace = SimpleNamespace(max_items='7', next_token=None)
        _validators.validate_paging(namespace)
        self.assertEqual(namespace.max_items, 7)


class GenericUpdateTest(unittest.TestCase):

    @staticmethod
    def current():
        from azure.mgmt.durabletask.models import Scheduler
        return Scheduler({'id': '/x', 'name': 's', 'location': 'westus2', 'tags': {'a': 'b'},
                          'properties': {'ipAllowlist': ['0.0.0.0/0'], 'endpoint': 'https://s.durabletask.io',
                                         'provisioningState': 'Succeeded',
                                         'sku': {'name': 'Dedicated', 'capacity': 1, 'redundancyState': 'None'}}})

    def body(self, ordered, force_string=False, **options):
        return wire(scheduler.generic_update_body(self.current(), scheduler.build_scheduler_update(**options),
                                                  ordered, force_string))

    def test_only_what_changed_is_sent(self):
        self.assertEqual(self.body([('--add', ['properties.ipAllowlist', '10.0.0.0/8'])]),
                         {'properties': {'ipAllowlist': ['0.0.0.0/0', '10.0.0.0/8']}})
        self.assertEqual(self.body([('--set', ['tags.env=prod'])]), {'tags': {'a': 'b', 'env': 'prod'}})
        self.assertEqual(self.body([('--remove', ['tags.a'])]), {'tags': {}})

    def test_sku_goes_whole_without_the_read_only_redundancy_state(self):
        self.assertEqual(self.body([('--set', ['properties.sku.capacity=3'])]),
                         {'properties': {'sku': {'name': 'Dedicated', 'capacity': 3}}})

    def test_snake_case_paths_work_too(self):
        self.assertEqual(self.body([('--set', ['properties.public_network_access=Disabled'])]),
                         {'properties': {'publicNetworkAccess': 'Disabled'}})

    def test_order_is_kept_and_options_come_first(self):
        body = self.body([('--set', ['properties.ipAllowlist=["1.1.1.1"]']),
                          ('--add', ['properties.ipAllowlist', '2.2.2.2'])], ip_allowlist=['9.9.9.9'])
        self.assertEqual(body, {'properties': {'ipAllowlist': ['1.1.1.1', '2.2.2.2']}})
        body = self.body([('--set', ['tags.x=1'])], public_network_access='Enabled')
        self.assertEqual(body, {'tags': {'a': 'b', 'x': 1}, 'properties': {'publicNetworkAccess': 'Enabled'}})

    def test_force_string(self):
        self.assertEqual(self.body([('--set', ['tags.x=1'])], force_string=True), {'tags': {'a': 'b', 'x': '1'}})

    def test_read_only_and_fixed_fields_are_refused(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "--set cannot change 'properties.endpoint'"):
            self.body([('--set', ['properties.endpoint=x'])])
        with self.assertRaisesRegex(InvalidArgumentValueError, "cannot change 'location'"):
            self.body([('--set', ['location=eastus'])])

    def test_a_path_that_does_not_exist_is_named(self):
        with self.assertRaisesRegex(InvalidArgumentValueError,
                                    r"--set properties.nope.x=1: Couldn't find 'nope' in 'properties'\. A scheduler's "
                                    r"properties that may change: tags, identity, properties.ipAllowlist"):
            self.body([('--set', ['properties.nope.x=1'])])

    def test_nothing_to_update_counts_generic_arguments(self):
        names = dict(scheduler_name='mysched', sku_name=None, sku_capacity=None, ip_allowlist=None,
                     public_network_access=None, tags=None)
        with self.assertRaisesRegex(RequiredArgumentMissingError, '--set'):
            _validators.validate_scheduler_update(SimpleNamespace(**names))
        _validators.validate_scheduler_update(SimpleNamespace(ordered_arguments=[('--set', ['tags.a=b'])], **names))


def failover_instance(role='Primary'):
    from azure.mgmt.durabletask.models import FailoverInstance
    return FailoverInstance({'id': '/x/failoverInstances/default', 'name': 'default',
                             'properties': {'replicationRole': role, 'partnerSchedulerResourceId': PARTNER_ID,
                                            'partnerSchedulerLocation': 'eastus'}})


class FailoverTest(unittest.TestCase):

    def test_create_body_is_the_partner_only(self):
        self.assertEqual(wire(failover.build_failover_instance(PARTNER_ID)),
                         {'properties': {'partnerSchedulerResourceId': PARTNER_ID}})

    def test_the_two_questions_say_what_may_be_lost(self):
        first, second = failover.force_failover_questions('mysched', failover_instance())
        self.assertIn("'mysched' (now Primary) and 'partner' (eastus)", first)
        for words in ('not yet replicated is lost', 'orchestrations started', 'events raised', 'activity'):
            self.assertIn(words, first)
        self.assertIn('cannot be recovered', second)
        self.assertIn('failover-instance failover', second)  # the way that loses nothing

    def run_force(self, answers, yes=False):
        client = mock.Mock()
        client.get.return_value = failover_instance()
        asked = []

        def prompt(question, default=None):  # pylint: disable=unused-argument
            asked.append(question)
            return answers[len(asked) - 1]
        with mock.patch('knack.prompting.prompt_y_n', prompt), mock.patch('knack.prompting.verify_is_a_tty'), \
                mock.patch.object(failover, 'run_lro', lambda cmd, start, no_wait, **_: start()):
            failover.force_failover(None, client, 'rg', 'mysched', yes=yes)
        return client, asked

    def test_asks_twice_then_fails_over(self):
        client, asked = self.run_force([True, True])
        self.assertEqual(len(asked), 2)
        client.begin_force_failover_allow_data_loss.assert_called_once_with('rg', 'mysched')

    def test_either_no_cancels_before_any_request(self):
        for answers in ([False], [True, False]):
            with self.assertRaisesRegex(ManualInterrupt, 'nothing was changed'):
                self.run_force(answers)

    def test_yes_skips_both_questions_and_the_read(self):
        client, asked = self.run_force([], yes=True)
        self.assertEqual(asked, [])
        client.get.assert_not_called()
        client.begin_force_failover_allow_data_loss.assert_called_once()

    def test_no_terminal_points_at_yes_before_any_request(self):
        from knack.prompting import NoTTYException
        client = mock.Mock()
        with mock.patch('knack.prompting.verify_is_a_tty', mock.Mock(side_effect=NoTTYException)), \
                self.assertRaisesRegex(UnclassifiedUserFault, '--yes'):
            failover.force_failover(None, client, 'rg', 'mysched')
        self.assertEqual(client.mock_calls, [])

    def test_partner_by_name_becomes_an_id_in_the_same_group(self):
        namespace = SimpleNamespace(resource_group_name='rg', scheduler_name='mysched', partner_scheduler_id='partner')
        with mock.patch('azext_durabletask._resource.current_subscription', lambda _: SUB):
            _validators.validate_failover_create(SimpleNamespace(cli_ctx=None), namespace)
        self.assertEqual(namespace.partner_scheduler_id, PARTNER_ID)

    def test_partner_checks(self):
        cmd = SimpleNamespace(cli_ctx=None)
        bad = {'mysched': 'itself', PARTNER_ID + '/taskHubs/h': 'is not a scheduler', 'a_b': 'not a valid scheduler',
               '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/app': 'is not a scheduler'}
        for value, error in bad.items():
            namespace = SimpleNamespace(resource_group_name='rg', scheduler_name='mysched',
                                        partner_scheduler_id=value)
            with mock.patch('azext_durabletask._resource.current_subscription', lambda _: SUB), \
                    self.assertRaisesRegex(InvalidArgumentValueError, error):
                _validators.validate_failover_create(cmd, namespace)

    def test_table(self):
        row = _format.transform_failover_instance(dict(failover_instance('Secondary').as_dict(),
                                                       id='/subscriptions/s/resourceGroups/rg/providers/'
                                                          'Microsoft.DurableTask/schedulers/mysched/'
                                                          'failoverInstances/default', resourceGroup='rg'))
        self.assertEqual(list(row.items())[:5], [('Scheduler', 'mysched'), ('ResourceGroup', 'rg'),
                                                 ('Role', 'Secondary'), ('FailoverState', None),
                                                 ('Partner', 'partner')])


class DetectorTableTest(unittest.TestCase):

    DETECTOR = {'name': 'networkAccess', 'properties': {
        'metadata': {'name': 'Network access', 'category': 'Connectivity'},
        'status': {'statusId': 0, 'message': 'Empty allow list'},
        'dataset': [
            {'table': {'tableName': 'insights', 'columns': [{'columnName': 'Status'}, {'columnName': 'Message'},
                                                            {'columnName': 'Recommendation'}],
                       'rows': [['Critical', 'Empty allow list', 'Add ranges'], ['Info', 'Public', '']]},
             'renderingProperties': {'type': 7, 'title': 'Findings'}},
            {'table': {'tableName': 'hubs', 'columns': [{'columnName': 'TaskHub'}, {'columnName': 'Queues'}],
                       'rows': [['h1', 2]]},
             'renderingProperties': {'type': 1, 'title': 'Task hubs'}}]}}

    def test_one_row_per_finding(self):
        rows = [list(row.values()) for row in _format.transform_detector(self.DETECTOR)]
        self.assertEqual(rows, [['Findings', 'Critical', 'Empty allow list', 'Add ranges'],
                                ['Findings', 'Info', 'Public', ''],
                                ['Task hubs', '', 'TaskHub=h1, Queues=2', '']])

    def test_without_datasets_the_status_is_the_finding(self):
        detector = {'properties': {'status': {'statusId': 3, 'message': 'All good'}}}
        self.assertEqual(list(_format.transform_detector(detector)[0].values()), [None, 'Success', 'All good', ''])

    def test_list_status_in_words(self):
        [row] = _format.transform_detector_list([self.DETECTOR])
        self.assertEqual(list(row.values()), ['networkAccess', 'Network access', 'Connectivity', 'Critical',
                                              'Empty allow list'])

    def test_detector_name_checked(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '--name'):
            _validators.validate_detector(SimpleNamespace(scheduler_name='mysched', detector_name='a/b'))


class TaskQueueTest(unittest.TestCase):

    def test_bodies(self):
        self.assertEqual(wire(taskqueue.build_task_queue(100)),
                         {'properties': {'throughput': {'actionsPerSecond': 100}}})
        self.assertEqual(wire(taskqueue.build_task_queue_update(5)),
                         {'properties': {'throughput': {'actionsPerSecond': 5}}})

    def namespace(self, **kwargs):
        values = dict(scheduler_name='mysched', task_hub_name='myhub', task_queue_name='orders',
                      actions_per_second=None)
        values.update(kwargs)
        return SimpleNamespace(**values)

    def test_throughput_is_a_whole_number(self):
        namespace = self.namespace(actions_per_second='50')
        _validators.validate_task_queue_create(namespace)
        self.assertEqual(namespace.actions_per_second, 50)
        for value in ('0', '1.5', 'fast', '-3'):
            with self.assertRaisesRegex(InvalidArgumentValueError, '--actions-per-second'):
                _validators.validate_task_queue_create(self.namespace(actions_per_second=value))
        with self.assertRaisesRegex(RequiredArgumentMissingError, '--actions-per-second'):
            _validators.validate_task_queue_create(self.namespace())
        with self.assertRaisesRegex(RequiredArgumentMissingError, 'Nothing to update'):
            _validators.validate_task_queue_update(self.namespace())

    def test_names(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '--task-hub'):
            _validators.validate_task_queue_names(self.namespace(task_hub_name='a_b'))
        with self.assertRaisesRegex(InvalidArgumentValueError, '--name'):
            _validators.validate_task_queue_names(self.namespace(task_queue_name='-q'))

    def test_table(self):
        row = _format.transform_task_queue({
            'id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/mysched/taskHubs/'
                  'myhub/taskQueues/orders', 'name': 'orders', 'resourceGroup': 'rg',
            'properties': {'throughput': {'actionsPerSecond': 7}, 'provisioningState': 'Succeeded'}})
        self.assertEqual(list(row.values()), ['orders', 'rg', 'myhub', 7, 'Succeeded'])


class PreviewClientTest(unittest.TestCase):

    def test_preview_factory_asks_for_the_preview_api_version(self):
        with mock.patch('azure.cli.core.commands.client_factory.get_mgmt_service_client') as factory:
            _client_factory.cf_task_queues(object())
        self.assertEqual(factory.call_args.kwargs['api_version'], '2026-07-01-preview')


if __name__ == '__main__':
    unittest.main()
