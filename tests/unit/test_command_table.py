# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""scripts/check_commands.py: the real extension passes it, and it catches each kind of violation.

The broken inputs are small extensions written to a temporary AZURE_EXTENSION_DIR and loaded by az's own
loader, exactly as the real one is, so every rule is tested through the same path it runs on."""

import importlib.util
import os
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SPEC = importlib.util.spec_from_file_location('check_commands', os.path.join(ROOT, 'scripts', 'check_commands.py'))
check_commands = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(check_commands)

# `fakeext widget` breaks one rule per command or argument; `fakeext gadget` follows every rule.
FAKE_INIT = '''
from azure.cli.core import AzCommandsLoader
from azure.cli.core.commands.parameters import get_enum_type
from azext_fakeext._help import helps  # noqa: F401


class FakeLoader(AzCommandsLoader):

    def load_command_table(self, args):
        from azure.cli.core.commands import CliCommandType
        custom = CliCommandType(operations_tmpl='azext_fakeext.custom#{}')
        with self.command_group('fakeext widget', custom_command_type=custom) as g:
            g.custom_command('create', 'create_widget', supports_no_wait=True)
            g.custom_command('show', 'show_widget')
            g.custom_command('update', 'update_widget')
            g.custom_command('list', 'list_widgets')
            g.custom_command('remove', 'remove_widget')
        with self.command_group('fakeext gadget', custom_command_type=custom) as g:
            g.custom_command('create', 'create_gadget', supports_no_wait=True)
            g.custom_show_command('show', 'show_gadget')
            g.custom_command('update', 'update_gadget', supports_no_wait=True)
            g.custom_wait_command('wait', 'show_gadget')
        return self.command_table

    def load_arguments(self, command):
        with self.argument_context('fakeext') as c:
            c.argument('name', options_list=['--name', '-n'], help='Name of the thing.')
            c.argument('color', arg_type=get_enum_type(['red', 'blue']), help='Color of the thing.')
            c.argument('size', help='Size of the thing.')
        with self.argument_context('fakeext widget create') as c:
            c.argument('weight')
            c.argument('very_long_option', options_list=['--a-very-long-option-name-x'], help='Too long.')
            c.argument('snake_option', options_list=['--snake_option'], help='Has an underscore.')
        with self.argument_context('fakeext widget remove') as c:
            c.extra('no_wait', options_list=['--no-wait'], action='store_true', help='Do not wait.')


COMMAND_LOADER_CLS = FakeLoader
'''

FAKE_CUSTOM = '''
def create_widget(name, color=None, weight=None, very_long_option=None, snake_option=None, no_wait=False):
    return None


def show_widget(name):
    return None


def update_widget(name, size=3, color=None):
    return None


def list_widgets():
    return []


def remove_widget(name, no_wait=False):
    return None


def create_gadget(name, color=None, no_wait=False):
    return None


def show_gadget(name):
    return None


def update_gadget(name, size=None, color=None, no_wait=False):
    return None
'''

FAKE_HELP = '''
from knack.help_files import helps

helps['fakeext'] = """
type: group
short-summary: A fake extension for the checker's tests.
"""

helps['fakeext widget create'] = """
type: command
short-summary: Create a widget.
examples:
  - name: Misspelled command.
    text: az fakeext widget make -n w1
  - name: Unknown option.
    text: az fakeext widget create -n w1 --bogus 1
  - name: Value outside the choices.
    text: az fakeext widget create -n w1 --color green
"""

helps['fakeext widget update'] = """
type: command
short-summary: Update a widget.
examples:
  - name: Only one example.
    text: az fakeext widget update -n w1 --size 4
"""

helps['fakeext widget list'] = """
type: command
examples:
  - name: List widgets.
    text: az fakeext widget list
  - name: List widgets as a table.
    text: az fakeext widget list -o table
"""

helps['fakeext widget remove'] = """
type: command
short-summary: Remove a widget.
examples:
  - name: Unclosed quote.
    text: az fakeext widget remove -n "w1
  - name: Remove a widget.
    text: az fakeext widget remove -n w1
"""

helps['fakeext gadget'] = """
type: group
short-summary: Manage gadgets.
"""

for verb, summary in [('create', 'Create a gadget.'), ('show', 'Show a gadget.'), ('update', 'Update a gadget.'),
                      ('wait', 'Wait for a gadget.')]:
    helps['fakeext gadget ' + verb] = """
type: command
short-summary: {summary}
examples:
  - name: By name.
    text: az fakeext gadget {verb} --name g1
  - name: Multi-line, piped, with a command substitution.
    text: >
        az fakeext gadget {verb} -n "$(az fakeext gadget show -n g0 --query name -o tsv)"
        --subscription 00000000-0000-0000-0000-000000000000 --only-show-errors | cat
""".format(verb=verb, summary=summary)
'''

BROKEN_INIT = '''
from azure.cli.core import AzCommandsLoader


class BrokenLoader(AzCommandsLoader):

    def load_command_table(self, args):
        raise ImportError('cannot import name transform_missing')


COMMAND_LOADER_CLS = BrokenLoader
'''


def _write_extension(root, name, files):
    """An AZURE_EXTENSION_DIR holding one extension, laid out like `make setup` lays out the real one."""
    ext = root / name
    package = ext / 'azext_{}'.format(name)
    package.mkdir(parents=True)
    for file_name, text in files.items():
        (package / file_name).write_text(textwrap.dedent(text), encoding='utf-8')
    dist_info = ext / '{}-0.0.1.dist-info'.format(name)
    dist_info.mkdir()
    (dist_info / 'METADATA').write_text('Metadata-Version: 2.1\nName: {}\nVersion: 0.0.1\n'.format(name))
    return str(root)


@pytest.fixture(name='fake_dir', scope='module')
def _fake_dir(tmp_path_factory):
    return _write_extension(tmp_path_factory.mktemp('extensions'), 'fakeext', {
        '__init__.py': FAKE_INIT, 'custom.py': FAKE_CUSTOM, '_help.py': FAKE_HELP})


@pytest.fixture(name='fake', scope='module')
def _fake(fake_dir):
    return check_commands.check(check_commands.load_commands('fakeext', fake_dir))


def _found(violations, rule, target, text=''):
    return [v for v in violations if v.rule == rule and v.target == target and text in v.message]


def test_real_extension_has_no_violations():
    violations = check_commands.collect_violations()
    assert not violations, '\n'.join(str(v) for v in violations)


def test_real_extension_is_loaded_through_az():
    loaded = check_commands.load_commands()
    assert 'durabletask scheduler show' in loaded.commands
    assert {'durabletask', 'durabletask scheduler', 'durabletask taskhub'} <= set(loaded.groups)
    assert not loaded.load_errors


def test_too_few_examples(fake):
    assert _found(fake, 'missing_command_example', 'fakeext widget update', 'has 1 example(s)')
    assert _found(fake, 'missing_command_example', 'fakeext widget show', 'has 0 example(s)')


def test_example_of_another_command_is_left_to_azdev(fake):
    # azdev's faulty_help_example_rule reports it; a rule lives in one place.
    assert not [v for v in fake if '"Misspelled command."' in v.message]


def test_examples_that_do_not_parse(fake):
    assert _found(fake, 'example_values_parse', 'fakeext widget create', 'unrecognized arguments')
    # What azdev misses (it mocks value checks away): a value outside the choices.
    assert _found(fake, 'example_values_parse', 'fakeext widget create', "invalid choice: 'green'")
    assert _found(fake, 'example_values_parse', 'fakeext widget remove', 'No closing quotation')


def test_show_that_is_not_a_show_command(fake):
    assert _found(fake, 'show_command', 'fakeext widget show')


def test_no_wait_argument_without_wait_command(fake):
    # `remove` takes --no-wait without declaring supports_no_wait: azdev's rule reads only the declaration.
    assert _found(fake, 'wait_beside_no_wait_argument', 'fakeext widget', 'fakeext widget remove')
    # A declared supports_no_wait (`create`) is azdev's require_wait_command_if_no_wait, not reported here.
    assert not _found(fake, 'wait_beside_no_wait_argument', 'fakeext widget', 'fakeext widget create')


def test_no_false_positives(fake):
    # fakeext gadget follows every rule: a show_command, a wait command, no update defaults, examples that
    # span lines, pipe into another program and use a command substitution.
    assert [str(v) for v in fake if v.target.startswith('fakeext gadget') or v.target == 'fakeext'] == []


def test_extension_that_does_not_load(tmp_path):
    extension_dir = _write_extension(tmp_path, 'brokenext', {'__init__.py': BROKEN_INIT})
    violations = check_commands.collect_violations('brokenext', extension_dir)
    assert [(v.rule, v.target) for v in violations] == [('extension_loads', 'brokenext')]
    assert 'cannot import name transform_missing' in violations[0].message


def test_exclusions_in_azdev_format(fake_dir, tmp_path):
    exclusions = tmp_path / 'linter_exclusions.yml'
    exclusions.write_text(textwrap.dedent('''
        fakeext widget update:
          rule_exclusions:
          - missing_command_example
        fakeext widget show:
          rule_exclusions:
          - show_command
        '''), encoding='utf-8')
    violations = check_commands.collect_violations('fakeext', fake_dir, str(exclusions))
    assert not _found(violations, 'missing_command_example', 'fakeext widget update')
    assert not _found(violations, 'show_command', 'fakeext widget show')
    # Only what is named is excluded.
    assert _found(violations, 'missing_command_example', 'fakeext widget show')
    assert _found(violations, 'example_values_parse', 'fakeext widget create')


def test_main_prints_one_line_per_violation_and_fails(fake_dir, capsys):
    assert check_commands.main(['--prefix', 'fakeext', '--extension-dir', fake_dir]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith('check_commands: {} violation(s) in '.format(len(lines) - 1))
    assert 'fakeext widget show: is not a (custom_)show_command' in '\n'.join(lines)


def test_example_argv():
    assert check_commands.example_argv('az a b -n "x y" --ids $(az a b list --query [].id -o tsv) | jq .') == [
        'az', 'a', 'b', '-n', 'x y', '--ids', 'VALUE']
    assert check_commands.example_argv('az a b -n x>out.json && echo done') == ['az', 'a', 'b', '-n', 'x']
