# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""_sdk.py: the Durable Task SDK is installed next to the extension on first use, as az's setting says."""

import os
import subprocess
import sys
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import ClientRequestError, UnclassifiedUserFault
from knack.prompting import NoTTYException
from knack.util import CLIError

from azext_durabletask import _sdk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli_ctx(mode=None):
    return SimpleNamespace(config=SimpleNamespace(get=lambda section, key, default: mode or default))


class PinTest(unittest.TestCase):

    def test_users_get_exactly_what_ci_tests(self):
        with open(os.path.join(ROOT, 'requirements-dev.txt'), encoding='utf-8') as f:
            pinned = {line.strip() for line in f if '==' in line}
        self.assertEqual(set(_sdk.SDK_PACKAGES) - pinned, set())

    def test_the_extension_does_not_require_it_so_pip_can_install_the_extension(self):
        with open(os.path.join(ROOT, 'setup.py'), encoding='utf-8') as f:
            setup = f.read()
        dependencies = setup[setup.index('DEPENDENCIES = ['):setup.index(']', setup.index('DEPENDENCIES = ['))]
        self.assertNotIn("'durabletask", dependencies)


class EnsureTest(unittest.TestCase):

    def setUp(self):
        self.path = list(sys.path)
        self.addCleanup(setattr, sys, 'path', self.path)
        patcher = mock.patch.object(_sdk, 'sdk_dir', return_value='/nonexistent/dataplane-sdk')
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_nothing_happens_when_the_sdk_is_importable(self):
        with mock.patch('subprocess.run') as run:
            _sdk.ensure_sdk(cli_ctx())
        run.assert_not_called()

    def test_without_a_terminal_it_installs_the_pinned_packages_without_dependencies(self):
        with mock.patch.object(_sdk, '_importable', side_effect=[False, True]), \
                mock.patch('knack.prompting.verify_is_a_tty', side_effect=NoTTYException), \
                mock.patch('subprocess.run') as run:
            _sdk.ensure_sdk(cli_ctx())
        command = run.call_args[0][0]
        self.assertEqual(command[:4], [sys.executable, '-m', 'pip', 'install'])
        self.assertIn('--no-deps', command)
        self.assertEqual(command[command.index('--target') + 1], '/nonexistent/dataplane-sdk')
        self.assertEqual(command[-4:], list(_sdk.SDK_PACKAGES))
        self.assertEqual(sys.path[0], '/nonexistent/dataplane-sdk')

    def test_no_means_no_and_says_the_command(self):
        with mock.patch.object(_sdk, '_importable', return_value=False), mock.patch('subprocess.run') as run:
            with self.assertRaises(UnclassifiedUserFault) as raised:
                _sdk.ensure_sdk(cli_ctx('no'))
        run.assert_not_called()
        self.assertIn('pip install --no-deps --target /nonexistent/dataplane-sdk', raised.exception.recommendations[0])

    def test_on_a_terminal_it_asks_first(self):
        with mock.patch.object(_sdk, '_importable', return_value=False), \
                mock.patch('knack.prompting.verify_is_a_tty'), \
                mock.patch('azext_durabletask._validators.has_terminal', return_value=True), \
                mock.patch('knack.prompting.prompt_y_n', return_value=False) as prompt, \
                mock.patch('subprocess.run') as run:
            with self.assertRaisesRegex(CLIError, 'Operation cancelled'):
                _sdk.ensure_sdk(cli_ctx())
        self.assertIn('durabletask-azuremanaged==1.12.0', prompt.call_args[0][0])
        run.assert_not_called()

    def test_without_a_terminal_it_says_how_to_allow_it_instead_of_asking(self):
        from azure.cli.core.azclierror import RequiredArgumentMissingError
        with mock.patch.object(_sdk, '_importable', return_value=False), \
                mock.patch('azext_durabletask._validators.has_terminal', return_value=False), \
                mock.patch('subprocess.run') as run:
            with self.assertRaisesRegex(RequiredArgumentMissingError, 'no terminal') as raised:
                _sdk.ensure_sdk(cli_ctx('yes_prompt'))
        run.assert_not_called()
        self.assertIn('use_dynamic_install=yes_without_prompt', raised.exception.recommendations[0])

    def test_a_failed_install_is_one_line_with_the_command(self):
        failure = subprocess.CalledProcessError(1, 'pip', stderr='Collecting grpcio\nERROR: No matching distribution')
        with mock.patch.object(_sdk, '_importable', return_value=False), \
                mock.patch('subprocess.run', side_effect=failure):
            with self.assertRaises(ClientRequestError) as raised:
                _sdk.ensure_sdk(cli_ctx('yes_without_prompt'))
        self.assertEqual(str(raised.exception),
                         'Could not install the Durable Task SDK: ERROR: No matching distribution')
        self.assertIn('-m pip install', raised.exception.recommendations[0])


if __name__ == '__main__':
    unittest.main()
