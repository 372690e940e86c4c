# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
import argparse
import unittest

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)

from azext_durabletask import _validators as v


def namespace(**kwargs):
    defaults = dict(scheduler_name='sched-1', location='westus2', sku_name='Dedicated', sku_capacity=None,
                    ip_allowlist=None, public_network_access=None, tags=None)
    defaults.update(kwargs)
    return argparse.Namespace(**defaults)


class NameTest(unittest.TestCase):

    def test_valid_names(self):
        for name in ('abc', 'my-scheduler', 'A1-b2-C3', 'x' * 64, '123'):
            v.check_name(name, '--name', 'scheduler')

    def test_invalid_names_name_the_flag_and_rule(self):
        for name in ('ab', 'x' * 65, '-abc', 'abc-', 'a_b_c', 'a.b.c', 'sch eduler', 'ümlaut', ''):
            with self.assertRaisesRegex(InvalidArgumentValueError,
                                        r'^--name .* not a valid scheduler name: use 3 to 64'):
                v.check_name(name, '--name', 'scheduler')

    def test_name_validators_use_their_flag(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--scheduler-name'):
            v.validate_task_hub_names(argparse.Namespace(scheduler_name='a_b', task_hub_name='hub'))
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--name 'h' .*task hub"):
            v.validate_task_hub_names(argparse.Namespace(scheduler_name='sched', task_hub_name='h'))

    def test_storage_backend_rule_is_not_applied(self):
        # 'my-hub' breaks the Azure Storage backend's alphanumeric rule but is a valid DTS task hub name.
        v.validate_task_hub_names(argparse.Namespace(scheduler_name='sched', task_hub_name='my-hub'))


class SkuTest(unittest.TestCase):

    def test_capacity_is_left_unset_when_not_given(self):
        # create chooses 1 for a new Dedicated scheduler; over an existing one it keeps the scheduler's capacity.
        ns = namespace(sku_name='Dedicated')
        v.validate_scheduler_create(None, ns)
        self.assertEqual((ns.sku_name, ns.sku_capacity), ('Dedicated', None))

    def test_capacity_outside_the_service_range(self):
        for value in ('4', '10', '999999999'):
            with self.assertRaisesRegex(InvalidArgumentValueError, "^--sku-capacity '{}'.* from 1 to 3".format(value)):
                v.validate_scheduler_create(None, namespace(sku_capacity=value))

    def test_capacity_string_is_parsed(self):
        ns = namespace(sku_capacity='3')
        v.validate_scheduler_create(None, ns)
        self.assertEqual(ns.sku_capacity, 3)

    def test_bad_capacity(self):
        for value in ('0', '-1', 'one', '1.5', ''):
            with self.assertRaisesRegex(InvalidArgumentValueError, '^--sku-capacity'):
                v.validate_scheduler_create(None, namespace(sku_capacity=value))

    def test_consumption_refuses_capacity_and_says_why(self):
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '--sku-capacity does not apply to the Consumption'):
            v.validate_scheduler_create(None, namespace(sku_name='Consumption', sku_capacity='1'))

    def test_consumption_gets_no_capacity(self):
        ns = namespace(sku_name='Consumption')
        v.validate_scheduler_create(None, ns)
        self.assertIsNone(ns.sku_capacity)

    def test_create_requires_sku(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, '--sku-name'):
            v.validate_scheduler_create(None, namespace(sku_name=None))


class AllowListTest(unittest.TestCase):

    def test_forms(self):
        self.assertEqual(v.parse_ip_allowlist(['[0.0.0.0/0]']), ['0.0.0.0/0'])
        self.assertEqual(v.parse_ip_allowlist(['[10.0.0.0/8,2001:db8::/32]']), ['10.0.0.0/8', '2001:db8::/32'])
        self.assertEqual(v.parse_ip_allowlist(['10.0.0.0/8', '203.0.113.7']), ['10.0.0.0/8', '203.0.113.7'])
        self.assertEqual(v.parse_ip_allowlist(['[ 10.0.0.0/8 , 2001:db8::1 ]']), ['10.0.0.0/8', '2001:db8::1'])
        self.assertIsNone(v.parse_ip_allowlist(None))

    def test_bad_entry_is_named(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "'10.0.0.300' is not an IPv4 or IPv6"):
            v.parse_ip_allowlist(['10.0.0.0/8', '10.0.0.300'])
        with self.assertRaisesRegex(InvalidArgumentValueError, "'10.0.0.0/33'"):
            v.parse_ip_allowlist(['[10.0.0.0/33]'])
        with self.assertRaisesRegex(InvalidArgumentValueError, "'myhost'"):
            v.parse_ip_allowlist(['myhost'])

    def test_empty_list_is_refused(self):
        for value in (['[]'], [''], ['[ ]']):
            with self.assertRaisesRegex(InvalidArgumentValueError, 'empty allow list blocks every caller'):
                v.parse_ip_allowlist(value)


class TagsTest(unittest.TestCase):

    def test_forms(self):
        self.assertEqual(v.parse_tags(['a=1', 'b=2']), {'a': '1', 'b': '2'})
        self.assertEqual(v.parse_tags(['{department:research,development:true}']),
                         {'department': 'research', 'development': 'true'})
        self.assertEqual(v.parse_tags(['{}']), {})
        self.assertEqual(v.parse_tags(['']), {})
        self.assertEqual(v.parse_tags([]), {})
        self.assertEqual(v.parse_tags(['flag']), {'flag': ''})
        self.assertEqual(v.parse_tags(['url=https://x?a=b']), {'url': 'https://x?a=b'})
        self.assertIsNone(v.parse_tags(None))

    def test_malformed_shorthand(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--tags .*not valid shorthand'):
            v.parse_tags(['{a:b'])
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--tags: 'a' has no value"):
            v.parse_tags(['{a}'])
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--tags: .* has no key'):
            v.parse_tags(['=v'])


class UpdateTest(unittest.TestCase):

    def test_nothing_to_update(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, 'Nothing to update'):
            v.validate_scheduler_update(namespace(sku_name=None))

    def test_update_does_not_default_capacity(self):
        ns = namespace(sku_name='Dedicated')
        v.validate_scheduler_update(ns)
        self.assertIsNone(ns.sku_capacity)
