# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Every help example, run as printed (placeholders and all) against a stand-in that holds none of the resources
it names, ends by itself with a clear outcome: none waits on a placeholder (issue 11). A `wait --created` on a
resource that is not there, or a grant to a principal that cannot exist, once polled for an hour or for minutes."""

import os
import shlex
import tempfile

import yaml

from armstandin.testing import running_standin
from tests.e2e.test_bad_input import AzRunner

# Generous: an example that needs longer is waiting on something that will not come.
TIMEOUT_SECONDS = 45


def examples():
    from knack.help_files import helps
    import azext_durabletask._help  # noqa: F401  pylint: disable=unused-import
    found = []
    for command, text in helps.items():
        if command.startswith('durabletask'):
            for example in yaml.safe_load(text).get('examples') or []:
                found.append(example['text'])
    return found


def test_help_examples_never_hang_on_a_placeholder():
    runs = examples()
    assert len(runs) >= 80
    with tempfile.TemporaryDirectory(prefix='dts-examples-') as tmp, \
            running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
        config_dir = os.path.join(tmp, 'azure')
        standin.az_login(config_dir)
        env = standin.az_env(config_dir)
        env.update(AZURE_EXTENSION_DIR=os.environ['AZURE_EXTENSION_DIR'], PYTHONIOENCODING='utf-8')
        runner = AzRunner(env)
        try:
            results = [(text, runner.az(shlex.split(text)[1:], timeout=TIMEOUT_SECONDS)) for text in runs]
        finally:
            runner.close()
    hung = [text for text, result in results if result['timed_out']]
    assert not hung, 'examples still running after {} s:\n{}'.format(TIMEOUT_SECONDS, '\n'.join(hung))
    tracebacks = [text for text, result in results if 'Traceback' in result['stderr']]
    assert not tracebacks, '\n'.join(tracebacks)
