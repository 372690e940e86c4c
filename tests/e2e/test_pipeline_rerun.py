# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A pipeline that runs its provisioning script twice ends with exactly the same resources and settings (issue 11),
live against a stand-in this test starts and stops."""

import os
import tempfile
import unittest

from armstandin.testing import running_standin

GROUP, SCHEDULER, HUB = 'pipeline-rg', 'pipeline-sched', 'pipeline-hub'

# The provisioning script: the options a pipeline gives on every run.
PROVISION = (
    ('group', 'create', '-n', GROUP, '-l', 'westus2'),
    ('durabletask', 'scheduler', 'create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated'),
    ('durabletask', 'taskhub', 'create', '-g', GROUP, '-s', SCHEDULER, '-n', HUB),
    ('durabletask', 'retention-policy', 'create', '-g', GROUP, '-s', SCHEDULER, '--default-days', '30',
     '--failed-days', '7'),
    ('durabletask', 'role-assignment', 'create', '-g', GROUP, '-s', SCHEDULER, '--task-hub', HUB, '--role',
     'worker'),
)
# What someone set by hand after the first run (the settings a re-run must not reset).
HAND_TUNED = ('durabletask', 'scheduler', 'update', '-g', GROUP, '-n', SCHEDULER, '--ip-allowlist', '10.0.0.0/8',
              '--public-network-access', 'Disabled', '--tags', 'owner=orders', 'cost=1', '--sku-capacity', '3')
WRITES = ('PUT', 'PATCH', 'DELETE', 'POST')


def snapshot(az):
    """Every resource and setting the script touches, without the fields that change on each read."""
    sched = az.json('durabletask', 'scheduler', 'show', '-g', GROUP, '-n', SCHEDULER)
    policy = az.json('durabletask', 'retention-policy', 'show', '-g', GROUP, '-s', SCHEDULER)
    return {
        'scheduler': {'location': sched['location'], 'tags': sched.get('tags'),
                      'properties': {k: v for k, v in sched['properties'].items() if k != 'provisioningState'}},
        'schedulers': sorted(s['name'] for s in az.json('durabletask', 'scheduler', 'list', '-g', GROUP)),
        'hubs': sorted(h['name'] for h in az.json('durabletask', 'taskhub', 'list', '-g', GROUP, '-s', SCHEDULER)),
        'retention': policy['properties']['retentionPolicies'],
        'roles': sorted((a['scope'], a['roleDefinitionName'], a['principalId']) for a in az.json(
            'durabletask', 'role-assignment', 'list', '-g', GROUP, '-s', SCHEDULER)),
    }


class PipelineRerunTest(unittest.TestCase):

    def test_running_the_provisioning_script_twice_changes_nothing(self):
        with tempfile.TemporaryDirectory(prefix='dts-pipeline-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            az = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR'])
            for step in PROVISION:
                az.json(*step, '-o', 'none')
            az.json(*HAND_TUNED, '-o', 'none')
            first = snapshot(az)
            self.assertEqual(first['scheduler']['properties']['ipAllowlist'], ['10.0.0.0/8'])

            before = len(standin.requests())
            outputs = [az.run(*step, '-o', 'none') for step in PROVISION]
            for step, result in zip(PROVISION, outputs):
                self.assertEqual(result.returncode, 0, '{}\n{}'.format(' '.join(step), result.stderr))
            second = snapshot(az)
            writes = [(r['method'], r['path']) for r in standin.requests()[before:]
                      if r['method'] in WRITES and '/providers/microsoft.durabletask/' in r['path'].lower()]

        self.assertEqual(second, first)
        self.assertEqual(writes, [])  # nothing to change, so nothing written
        scheduler_line = [line for line in outputs[1].stderr.splitlines() if SCHEDULER in line]
        self.assertEqual(len(scheduler_line), 1, outputs[1].stderr)
        for kept in ('already exists', 'capacity 3', 'allow list [10.0.0.0/8]', 'public network access Disabled',
                     '2 tag(s)'):
            self.assertIn(kept, scheduler_line[0])
        self.assertIn('already exists', outputs[2].stderr)
        self.assertIn('nothing to change', outputs[3].stderr)
