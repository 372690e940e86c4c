# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The wheel: built from setup.py, installed into a real az with `az extension add --source`, and loaded."""

import glob
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class WheelTest(unittest.TestCase):

    def test_wheel_installs_with_az_extension_add_and_loads(self):
        work = tempfile.mkdtemp(prefix='dts-wheel-')
        build = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps', '--wheel-dir', work,
                                ROOT], capture_output=True, text=True, timeout=300, check=False)
        self.assertEqual(build.returncode, 0, build.stderr[-2000:])
        [wheel] = glob.glob(os.path.join(work, 'durabletask-*.whl'))
        shipped = {name.split('/')[0] for name in zipfile.ZipFile(wheel).namelist()}
        self.assertIn('azext_durabletask', shipped)
        self.assertFalse({'armstandin', 'tests', 'scripts'} & shipped, shipped)  # the stand-in is not shipped

        env = dict(os.environ, AZURE_EXTENSION_DIR=os.path.join(work, 'extensions'),
                   AZURE_CONFIG_DIR=os.path.join(work, 'azure'), AZURE_CORE_COLLECT_TELEMETRY='no')
        az = [sys.executable, '-m', 'azure.cli']
        add = subprocess.run(az + ['extension', 'add', '--source', wheel, '--yes'], env=env, capture_output=True,
                             text=True, timeout=600, check=False, stdin=subprocess.DEVNULL)
        self.assertEqual(add.returncode, 0, add.stderr[-2000:])
        listed = subprocess.run(az + ['extension', 'list', '--query', "[?name=='durabletask'].version", '-o', 'tsv'],
                                env=env, capture_output=True, text=True, timeout=120, check=False)
        self.assertEqual(listed.stdout.strip(), _setup_version(), listed.stderr)
        # The installed copy (not the working tree) serves the commands, with its declared dependency beside it.
        installed = os.path.join(work, 'extensions', 'durabletask')
        self.assertTrue(glob.glob(os.path.join(installed, 'azure_mgmt_durabletask-*.dist-info')))
        help_text = subprocess.run(az + ['durabletask', 'scheduler', 'create', '-h'], env=env, capture_output=True,
                                   text=True, timeout=120, check=False)
        self.assertEqual(help_text.returncode, 0, help_text.stderr)
        self.assertIn('--ip-allowlist', help_text.stdout)


def _setup_version():
    """The VERSION that setup.py declares (the wheel must carry it)."""
    import re
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           'setup.py'), encoding='utf-8') as f:
        return re.search(r"^VERSION = '([^']+)'$", f.read(), re.MULTILINE).group(1)
