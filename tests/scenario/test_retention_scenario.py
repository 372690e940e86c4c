# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask retention-policy, recorded against the stand-in (see base.py)."""

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError, ResourceNotFoundError)

from .base import DurableTaskScenarioTest


def rules(*pairs):
    """What is sent for (state or None, days) pairs: the default rule has no orchestrationState."""
    return [dict({'retentionPeriodInDays': days}, **({'orchestrationState': state} if state else {}))
            for state, days in pairs]


def shown(*pairs):
    """What az prints for them: every field of the SDK model, so the default rule's state is null."""
    return [{'orchestrationState': state, 'retentionPeriodInDays': days} for state, days in pairs]


class RetentionPolicyScenarioTest(DurableTaskScenarioTest):

    def _scheduler(self, sku):
        self.kwargs.update({
            'rg': self.create_random_name('dts-rg-', 20),
            'scheduler': self.create_random_name('dts-sched-', 24),
            'location': 'westus2',
            'sku': sku,
        })
        self.cmd('group create -n {rg} -l {location}')
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} -l {location} --sku-name {sku} '
                 '--ip-allowlist 0.0.0.0/0', checks=[self.check('properties.sku.name', sku)])

    def _policy_calls(self, method):
        return self.sent_bodies(method, '/schedulers/{}/retentionPolicies/default'.format(self.kwargs['scheduler']))

    def _scheduler_reads(self):
        return len(self.sent_bodies('GET', '/schedulers/{}?'.format(self.kwargs['scheduler'])))

    def test_retention_policy_lifecycle(self):
        self._scheduler('Dedicated')

        # No policy yet: show exits 3, list is empty.
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask retention-policy show -g {rg} -s {scheduler}')
        self.cmd('durabletask retention-policy list -g {rg} -s {scheduler}', checks=[self.check('length(@)', 0)])

        # The public extension's long options; 60 days is above the Consumption limit, so the SKU is read first.
        reads = self._scheduler_reads()
        self.cmd('durabletask retention-policy create --resource-group {rg} --scheduler-name {scheduler} '
                 '--default-days 30 --completed-days 0 --failed-days 60', checks=[
                     self.check('name', 'default'),
                     self.check('type', 'microsoft.durabletask/schedulers/retentionpolicies'),
                     self.check('properties.provisioningState', 'Succeeded'),
                     self.check('properties.retentionPolicies', shown((None, 30), ('Completed', 0), ('Failed', 60))),
                 ])
        self.assertEqual(self._scheduler_reads(), reads + 1)
        self.assertEqual(self._policy_calls('PUT'), [
            {'properties': {'retentionPolicies': rules((None, 30), ('Completed', 0), ('Failed', 60))}}])

        table = self.cmd('durabletask retention-policy show -g {rg} -s {scheduler} -o table').output.splitlines()
        self.assertEqual(table[0].split(), ['State', 'Days'])
        self.assertEqual([line.split() for line in table[2:]], [['Default', '30'], ['Completed', '0'],
                                                                ['Failed', '60']])
        self.cmd('durabletask retention-policy list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 1),
            self.check('[0].name', 'default'),
        ])

        # update keeps the states not given (the PATCH carries the merged list), with no scheduler read at <= 30.
        reads = self._scheduler_reads()
        self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} -f 20 -t 5', checks=[
            self.check('properties.retentionPolicies',
                       shown((None, 30), ('Completed', 0), ('Failed', 20), ('Terminated', 5))),
        ])
        self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} --remove completed -x 1', checks=[
            self.check('properties.retentionPolicies', shown((None, 30), ('Failed', 20), ('Terminated', 5),
                                                             ('Canceled', 1))),
        ])
        self.assertEqual(self._scheduler_reads(), reads)
        policy = self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} --remove Terminated Canceled '
                          '--default-days 7').get_output_in_json()
        self.assertEqual(self._policy_calls('PATCH'), [
            {'properties': {'retentionPolicies': rules((None, 30), ('Completed', 0), ('Failed', 20),
                                                       ('Terminated', 5))}},
            {'properties': {'retentionPolicies': rules((None, 30), ('Failed', 20), ('Terminated', 5),
                                                       ('Canceled', 1))}},
            {'properties': {'retentionPolicies': rules((None, 7), ('Failed', 20))}},
        ])

        # --ids: the policy's own id (its scheduler is the `name` part).
        self.kwargs['policy_id'] = policy['id']
        self.cmd('durabletask retention-policy show --ids {policy_id}', checks=[
            self.check('properties.retentionPolicies', shown((None, 7), ('Failed', 20)))])

        # Removing every rule is refused (before the PATCH): delete is the way to stop purging.
        patches = len(self._policy_calls('PATCH'))
        with self.assertRaisesRegex(InvalidArgumentValueError, 'without rules: to stop purging, delete it'):
            self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} --remove default failed')
        self.assertEqual(len(self._policy_calls('PATCH')), patches)

        # create replaces the whole policy.
        self.cmd('durabletask retention-policy create -g {rg} -s {scheduler} -c 2', checks=[
            self.check('properties.retentionPolicies', shown(('Completed', 2)))])

        self.cmd('durabletask retention-policy delete -g {rg} -s {scheduler} --yes')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask retention-policy show -g {rg} -s {scheduler}')
        with self.assertRaises(ResourceNotFoundError) as caught:  # update needs a policy to change
            self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} -f 3')
        self.assertIn('az durabletask retention-policy create', caught.exception.recommendations[0])

        # --no-wait and wait, both ways.
        self.cmd('durabletask retention-policy create -g {rg} -s {scheduler} -d 14 --no-wait')
        self.cmd('durabletask retention-policy wait -g {rg} -s {scheduler} --created')
        self.cmd('durabletask retention-policy show -g {rg} -s {scheduler}', checks=[
            self.check('properties.provisioningState', 'Succeeded'),
            self.check('properties.retentionPolicies', shown((None, 14)))])
        self.cmd('durabletask retention-policy delete -g {rg} -s {scheduler} --yes --no-wait')
        self.cmd('durabletask retention-policy wait -g {rg} -s {scheduler} --deleted')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def test_retention_policy_limits_and_bad_input(self):
        self._scheduler('Consumption')

        # Refused before any request: no PUT or PATCH of the policy is sent.
        for options, error, message in (
                ('-c 1.5', InvalidArgumentValueError, "--completed-days '1.5' is not a retention period"),
                ('--default-days 91', InvalidArgumentValueError, "--default-days '91' is not a retention period"),
                ('-x -1', InvalidArgumentValueError, "--canceled-days '-1' is not a retention period"),
                ('--failed-days seven', InvalidArgumentValueError, "--failed-days 'seven'"),
                ('', RequiredArgumentMissingError, 'Give at least one of --default-days')):
            with self.assertRaisesRegex(error, message):
                self.cmd('durabletask retention-policy create -g {rg} -s {scheduler} ' + options)
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '--failed-days and --remove failed'):
            self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} -f 3 --remove failed')
        with self.assertRaisesRegex(RequiredArgumentMissingError, 'Nothing to update'):
            self.cmd('durabletask retention-policy update -g {rg} -s {scheduler}')

        # Above 30 days the scheduler's SKU is read (one GET): Consumption keeps at most 30, so no PUT is sent.
        reads = self._scheduler_reads()
        with self.assertRaisesRegex(InvalidArgumentValueError,
                                    "--failed-days 45: scheduler '.*' uses the Consumption SKU, which keeps "
                                    "orchestrations at most 30"):
            self.cmd('durabletask retention-policy create -g {rg} -s {scheduler} -d 10 -f 45')
        self.assertEqual(self._scheduler_reads(), reads + 1)
        self.assertEqual(self._policy_calls('PUT'), [])

        self.cmd('durabletask retention-policy create -g {rg} -s {scheduler} -d 30 -c 0', checks=[
            self.check('properties.retentionPolicies', shown((None, 30), ('Completed', 0)))])
        with self.assertRaisesRegex(InvalidArgumentValueError, '--terminated-days 31: .*Consumption SKU'):
            self.cmd('durabletask retention-policy update -g {rg} -s {scheduler} -t 31')
        self.assertEqual(self._policy_calls('PATCH'), [])
        self.assertEqual(self._policy_calls('PUT'), [{'properties': {'retentionPolicies': rules((None, 30),
                                                                                                ('Completed', 0))}}])
        self.cmd('durabletask retention-policy delete -g {rg} -s {scheduler} --yes')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')
