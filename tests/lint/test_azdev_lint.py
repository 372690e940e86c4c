# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`make lint` runs the real azdev linter: a deliberately broken help text makes it fail, and says why.

Runs scripts/azdev_lint.py with .venv-azdev (made by `make setup-azdev`) on a copy of the working tree, so the
test changes nothing it did not copy. About 45 s: azdev loads az and the whole command table."""

import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AZDEV_PYTHON = os.path.join(ROOT, '.venv-azdev', 'bin', 'python')
SCRIPT = os.path.join(ROOT, 'scripts', 'azdev_lint.py')
SUMMARY = 'short-summary: Show a scheduler, including its endpoint.'


@pytest.fixture(name='broken_source')
def _broken_source(tmp_path):
    """The extension with a `<placeholder>` (not in backticks) in one help summary."""
    source = tmp_path / 'source'
    shutil.copytree(os.path.join(ROOT, 'azext_durabletask'), source / 'azext_durabletask',
                    ignore=shutil.ignore_patterns('__pycache__'))
    for name in ('setup.py', 'setup.cfg', 'README.md', 'HISTORY.rst', 'linter_exclusions.yml'):
        shutil.copy(os.path.join(ROOT, name), source)
    help_file = source / 'azext_durabletask' / '_help.py'
    text = help_file.read_text(encoding='utf-8')
    assert SUMMARY in text  # the test must break something that is there
    help_file.write_text(text.replace(SUMMARY, 'short-summary: Show a scheduler <name>, including its endpoint.'),
                         encoding='utf-8')
    return source


@pytest.mark.timeout(300)
def test_placeholder_in_help_fails_the_linter(broken_source):
    assert os.path.exists(AZDEV_PYTHON), 'run `make setup-azdev` (make test does)'
    completed = subprocess.run([AZDEV_PYTHON, SCRIPT, '--only', 'linter', '--source', str(broken_source)],
                               capture_output=True, text=True, check=False, timeout=280)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert 'disallowed_html_tag_from_command' in output
    assert 'durabletask scheduler show' in output
    assert 'FAILED: azdev linter' in output
