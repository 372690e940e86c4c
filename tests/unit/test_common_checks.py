# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The checks every command runs before its own (issue 11): --ids of the type the command addresses, an option
given once, a real resource group name."""
import argparse
import unittest
from types import SimpleNamespace

from azure.cli.core.azclierror import InvalidArgumentValueError, MutuallyExclusiveArgumentError

from azext_durabletask import _resource as r
from azext_durabletask import _validators as v

SCHED = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.DurableTask/schedulers/sched1'
HUB = SCHED + '/taskHubs/hub1'
POLICY = SCHED + '/retentionPolicies/default'
PEC = SCHED + '/privateEndpointConnections/pec1'
PLR = SCHED + '/privateLinkResources/scheduler'
SITE = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Web/sites/app1'


def argument(*options, id_part=None):
    return SimpleNamespace(type=SimpleNamespace(settings={'options_list': list(options), 'id_part': id_part}))


def command(name, given, **arguments):
    return SimpleNamespace(name=name, arguments=arguments, cli_ctx=SimpleNamespace(data={'safe_params': given}))


SHOW_ARGUMENTS = dict(resource_group_name=argument('--resource-group', '-g', id_part='resource_group'),
                      scheduler_name=argument('--name', '-n', '--scheduler-name', id_part='name'),
                      tags=argument('--tags'), ids=argument('--ids'))


class IdsTypeTest(unittest.TestCase):

    def test_resource_types(self):
        self.assertEqual(r.resource_type(HUB), r.TASK_HUB_TYPE)
        self.assertEqual(r.resource_type(PEC.lower()).lower(), r.PRIVATE_ENDPOINT_CONNECTION_TYPE.lower())
        self.assertEqual(r.resource_type(SITE), 'Microsoft.Web/sites')
        self.assertIsNone(r.resource_type('/subscriptions/sub1/resourceGroups'))

    def test_each_group_addresses_its_own_type(self):
        for name, good, bad in (
                ('durabletask scheduler delete', SCHED, PEC),       # once deleted a scheduler for a PEC id
                ('durabletask taskhub delete', HUB, POLICY),        # once deleted the hub named 'default'
                ('durabletask retention-policy show', POLICY, HUB),
                ('durabletask scheduler private-endpoint-connection delete', PEC, SCHED),
                ('durabletask scheduler private-link-resource show', PLR, PEC),
                ('durabletask orchestration list', HUB, SCHED),
                ('durabletask role-assignment create', HUB, SITE)):
            cmd = command(name, ['--ids'])
            v.check_ids_type(cmd, argparse.Namespace(_ids=[good, good.upper()]))
            with self.assertRaisesRegex(InvalidArgumentValueError, '^--ids .* this command takes the id of a'):
                v.check_ids_type(cmd, argparse.Namespace(_ids=[good, bad]))

    def test_error_shows_the_end_of_a_long_id(self):
        with self.assertRaises(InvalidArgumentValueError) as caught:
            v.check_ids_type(command('durabletask scheduler show', ['--ids']),
                             argparse.Namespace(_ids=[PEC.replace('rg1', 'g' * 90)]))
        self.assertIn('/privateEndpointConnections/pec1', str(caught.exception))
        self.assertLess(len(str(caught.exception)), 400)


class RepeatedOptionTest(unittest.TestCase):

    def check(self, given):
        v.check_repeated_options(command('durabletask scheduler show', given, **SHOW_ARGUMENTS))

    def test_once_each_is_fine(self):
        self.check(['-g', '-n', '--tags', '--only-show-errors', '-o'])

    def test_twice_or_by_an_alias_is_refused(self):
        for given, message in ((['-n', '-n'], '^-n is given twice'),
                               (['-n', '--scheduler-name'], r'^--scheduler-name is given twice \(also as -n\)'),
                               (['--tags', '-g', '--tags'], '^--tags is given twice')):
            with self.assertRaisesRegex(MutuallyExclusiveArgumentError, message):
                self.check(given)

    def test_ids_with_a_name_is_refused(self):
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '^--ids names the resource itself: omit -n'):
            self.check(['--ids', '-n'])
        self.check(['--ids', '--tags'])


class ResourceGroupTest(unittest.TestCase):

    def test_names(self):
        for good in ('rg1', 'my.rg_(1)-x', 'ü' * 3, None):
            v.check_resource_group(argparse.Namespace(resource_group_name=good))
        for bad in ('', ' ', 'a/b', 'rg.', 'x' * 91, 'rg\n', 'a?b'):
            with self.assertRaisesRegex(InvalidArgumentValueError, '^--resource-group'):
                v.check_resource_group(argparse.Namespace(resource_group_name=bad))


class WholeStringTest(unittest.TestCase):

    def test_a_trailing_newline_is_not_part_of_a_name(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--name'):
            v.check_name('sched1\n', '--name', 'scheduler')
        from azext_durabletask._roles import is_guid
        self.assertFalse(is_guid('6e9c6c7b-9a55-4b0c-8d1e-3f1f0e6a2b11\n'))
        self.assertIsNone(r.parse_role_assignment_id(HUB + '/providers/Microsoft.Authorization/roleAssignments/x/y'))


class RepeatedGlobalOptionTest(unittest.TestCase):

    def test_output_and_query_twice_are_refused(self):
        for given, message in ((['-o', '--output'], '^--output is given twice'), (['--query', '--query'], '^--query')):
            with self.assertRaisesRegex(MutuallyExclusiveArgumentError, message):
                v.check_repeated_options(command('durabletask scheduler show', given, **SHOW_ARGUMENTS))


class IdsBeforeParsingTest(unittest.TestCase):
    """az core would fail on an id that lacks a part without naming --ids: the type is checked before it parses."""

    def test_an_id_missing_a_part_names_ids(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--ids .*schedulers/sched1.* id of a '
                                                               'Microsoft.DurableTask/schedulers/taskHubs'):
            v.check_ids_before_parsing(None, args=['durabletask', 'taskhub', 'show', '--ids', SCHED])

    def test_right_types_other_commands_and_own_ids_pass(self):
        v.check_ids_before_parsing(None, args=['durabletask', 'taskhub', 'delete', '--ids', HUB, HUB, '--yes'])
        v.check_ids_before_parsing(None, args=['group', 'show', '--ids', SCHED])
        v.check_ids_before_parsing(None, args=['durabletask', 'role-assignment', 'delete', '--ids',
                                               HUB + '/providers/Microsoft.Authorization/roleAssignments/x'])
        v.check_ids_before_parsing(None, args=['durabletask', 'taskhub', 'show', '--ids', '[{"id": "x"}]'])
