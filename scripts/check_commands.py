#!/usr/bin/env python
# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""What `azdev linter` does not check, offline, in about a second. azdev itself runs in `make lint` too
(scripts/azdev_lint.py); a rule lives in one place only, so this holds just these:

  missing_command_example        every command has at least two examples (azdev asks for none)
  example_values_parse           every example parses with az's parser WITH its values checked: azdev's
                                 faulty_help_example_parameters_rule mocks value checks away, so an enum value
                                 outside the choices, or a mistyped example value, passes azdev
  show_command                   `show` is a (custom_)show_command, so a missing resource exits with code 3
  wait_beside_no_wait_argument   a command that takes --no-wait without declaring supports_no_wait (azdev's
                                 require_wait_command_if_no_wait reads only that flag) has a `wait` beside it
  extension_loads                az loads the extension without a warning

It loads every `durabletask` command through az's own loader (a DummyCli whose MainCommandsLoader finds the
working tree in .local/extensions), loads all their arguments and builds az's parser and help, as azdev does.
Exclusions use azdev's linter_exclusions.yml format.

Usage: scripts/check_commands.py [--prefix durabletask] [--extension-dir DIR] [--exclusions FILE]
Prints one line per violation and a summary line; exits 1 when there is any violation.
Importable: `collect_violations()` returns the violations as a list of `Violation`.
"""

import logging
import os
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTENSION_DIR = os.path.join(REPO, '.local', 'extensions')
EXCLUSIONS = os.path.join(REPO, 'linter_exclusions.yml')
PREFIX = 'durabletask'

MIN_EXAMPLES = 2
SHELL_OPERATORS = frozenset(['|', '||', '&&', ';', '&', '>', '>>', '<', '2>', '2>&1'])

# Never let az fall back to ~/.azure: azure.cli.core reads (and creates) its config dir on first import.
if not os.environ.get('AZURE_CONFIG_DIR'):
    import atexit
    import shutil
    os.environ['AZURE_CONFIG_DIR'] = tempfile.mkdtemp(prefix='check-commands-')
    atexit.register(shutil.rmtree, os.environ['AZURE_CONFIG_DIR'], True)
os.environ.setdefault('AZURE_CORE_COLLECT_TELEMETRY', 'no')


class Violation:  # pylint: disable=too-few-public-methods
    """One broken rule: which rule, on which group or command (and argument), and what is wrong."""

    def __init__(self, rule, target, message, parameter=None):
        self.rule = rule
        self.target = target
        self.message = message
        self.parameter = parameter  # the argument's dest for parameter rules

    def __repr__(self):
        return 'Violation({!r}, {!r}, {!r}, parameter={!r})'.format(self.rule, self.target, self.message,
                                                                    self.parameter)

    def __str__(self):
        return '{}: {} [{}]'.format(self.target, self.message, self.rule)


class ParseFailure(Exception):
    """Raised in place of az's parser error, which prints, recommends and exits."""


class LoadedCommands:  # pylint: disable=too-few-public-methods
    """The extension as az sees it: commands with their arguments, groups, the parser and the help system."""

    def __init__(self, prefix, commands, groups, parser, help_ctx, helps):
        self.prefix = prefix
        self.commands = commands  # name -> AzCliCommand, arguments loaded
        self.groups = groups      # every group name: registered ones and the parents of commands
        self.parser = parser      # az's root AzCliCommandParser, holding these commands
        self.help_ctx = help_ctx  # az's AzCliHelp
        self.helps = helps        # knack's help entries (YAML by group or command name)
        self.load_errors = []     # az's warnings about extensions it could not load


# ---- loading ----------------------------------------------------------------------------------------------

def load_commands(prefix=PREFIX, extension_dir=EXTENSION_DIR):
    """The commands under `prefix` from the extensions in `extension_dir`, loaded by az's own loader."""
    from unittest import mock
    # az fixes its config dir when first imported and keeps it for the process: give it one of ours (never
    # ~/.azure) that outlives this call, or later az calls in the same process would point at a deleted folder.
    if not os.environ.get('AZURE_CONFIG_DIR'):
        os.environ['AZURE_CONFIG_DIR'] = _process_config_dir()
    os.environ.setdefault('AZURE_CORE_COLLECT_TELEMETRY', 'no')
    import azure.cli.core.extension as az_extension
    with mock.patch.dict(os.environ, {'AZURE_EXTENSION_DIR': extension_dir}), \
            mock.patch.object(az_extension, 'EXTENSIONS_DIR', extension_dir), \
            mock.patch.object(az_extension, 'DEV_EXTENSION_SOURCES', []):
        # az reads the extension dir once, on import: point it here even when az was imported before.
        return _load(prefix)


def _process_config_dir():
    import atexit
    import shutil
    path = tempfile.mkdtemp(prefix='check-commands-')
    atexit.register(shutil.rmtree, path, True)
    return path


def _load(prefix):
    from knack.events import EVENT_INVOKER_POST_CMD_TBL_CREATE, EVENT_INVOKER_CMD_TBL_LOADED
    from knack.help_files import helps
    from azure.cli.core.commands.events import EVENT_INVOKER_PRE_LOAD_ARGUMENTS, EVENT_INVOKER_POST_LOAD_ARGUMENTS
    from azure.cli.core.mock import DummyCli

    def ours(name):
        return name == prefix or name.startswith(prefix + ' ')

    cli = DummyCli()
    invoker = cli.invocation_cls(cli_ctx=cli, commands_loader_cls=cli.commands_loader_cls,
                                 parser_cls=cli.parser_cls, help_cls=cli.help_cls)
    cli.invocation = invoker
    loader = invoker.commands_loader
    load_errors = _LoadErrors()
    logging.getLogger('cli').addHandler(load_errors)
    try:
        loader.load_command_table([prefix])
    finally:
        logging.getLogger('cli').removeHandler(load_errors)

    # Keep only our commands (as azdev's module filter does), then load all their arguments at once.
    loader.command_table = {name: cmd for name, cmd in loader.command_table.items() if ours(name)}
    loader.command_group_table = {name: grp for name, grp in loader.command_group_table.items() if ours(name)}
    for name in [name for name in loader.cmd_to_loader_map if not ours(name)]:
        del loader.cmd_to_loader_map[name]
    for command_loader in {ldr for loaders in loader.cmd_to_loader_map.values() for ldr in loaders}:
        command_loader.skip_applicability = True  # every argument context applies: all commands at once
    cli.raise_event(EVENT_INVOKER_PRE_LOAD_ARGUMENTS, commands_loader=loader)
    loader.load_arguments()
    cli.raise_event(EVENT_INVOKER_POST_LOAD_ARGUMENTS, commands_loader=loader)
    cli.raise_event(EVENT_INVOKER_POST_CMD_TBL_CREATE, commands_loader=loader)  # --ids, --subscription, ...
    invoker.parser.cli_ctx = cli
    invoker.parser.load_command_table(loader)
    cli.raise_event(EVENT_INVOKER_CMD_TBL_LOADED, cmd_tbl=loader.command_table, parser=invoker.parser)

    groups = {name for name in loader.command_group_table if name}
    for name in loader.command_table:
        words = name.split()
        groups.update(' '.join(words[:i]) for i in range(1, len(words)))
    loaded = LoadedCommands(prefix, dict(loader.command_table), sorted(g for g in groups if ours(g)), invoker.parser,
                            invoker.help, helps)
    loaded.load_errors = load_errors.messages
    return loaded


class _LoadErrors(logging.Handler):
    """Collects az's 'Unable to load extension' warnings: a broken extension must fail the check."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        if 'load extension' in message:
            self.messages.append(message.replace(' Use --debug for more information.', ''))


def load_exclusions(path=EXCLUSIONS):
    """azdev's linter_exclusions.yml: {name: {rule_exclusions: [...], parameters: {dest: {rule_exclusions}}}}."""
    if not path or not os.path.exists(path):
        return {}
    import yaml
    with open(path, 'r', encoding='utf-8') as f:
        return yaml.safe_load(f) or {}


def is_excluded(violation, exclusions):
    entry = exclusions.get(violation.target) or {}
    if violation.parameter is not None:
        entry = (entry.get('parameters') or {}).get(violation.parameter) or {}
    return violation.rule in (entry.get('rule_exclusions') or [])


# ---- help and examples ------------------------------------------------------------------------------------

def _help_file(loaded, name, is_group):
    """az's help for a group or command, loaded exactly as `az <name> -h` loads it."""
    from azure.cli.core._help import CliCommandHelpFile, CliGroupHelpFile
    nouns = name.split()
    loaded.help_ctx.update_loaders_with_help_file_contents(nouns)
    if is_group:
        parser = loaded.parser.subparsers[tuple(nouns[:-1])].choices[nouns[-1]]
        help_file = CliGroupHelpFile(loaded.help_ctx, name, parser)
    else:
        parser = loaded.parser.subparser_map[name]
        help_file = CliCommandHelpFile(loaded.help_ctx, name, parser)
    help_file.load(parser)
    return help_file


def check_command_help(loaded, name):
    try:
        help_file = _help_file(loaded, name, is_group=False)
    except Exception as ex:  # pylint: disable=broad-except
        return [Violation('example_values_parse', name, 'help does not load: {}'.format(ex))]
    return check_examples(loaded.parser, name, help_file.examples)


def check_examples(parser, name, examples):
    violations = []
    if len(examples) < MIN_EXAMPLES:
        violations.append(Violation('missing_command_example', name, 'has {} example(s), needs at least {}'.format(
            len(examples), MIN_EXAMPLES)))
    for example in examples:
        text = ' '.join((example.command or '').replace('\\\n', ' ').split())
        title = example.name or text
        try:
            argv = example_argv(text)
        except ValueError as ex:
            violations.append(Violation('example_values_parse', name,
                                        'example "{}" does not split: {}'.format(title, ex)))
            continue
        if argv[:len(name.split()) + 1] != ['az'] + name.split():
            continue  # azdev's faulty_help_example_rule reports it
        error = parse_error(parser, argv[1:])
        if error:
            violations.append(Violation('example_values_parse', name,
                                        'example "{}" does not parse: {}'.format(title, error)))
    return violations


def example_argv(text):
    """The argv of an example's az command: shell words up to the first pipe or operator;
    a command substitution $(...) or `...` stands for one value."""
    import re
    import shlex
    text = re.sub(r'\$\([^()]*\)|`[^`]*`', 'VALUE', text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars='|&;<>')
    lexer.whitespace_split = True
    lexer.commenters = ''
    argv = []
    for word in lexer:
        if word in SHELL_OPERATORS or set(word) <= set('|&;<>'):
            break
        argv.append(word)
    return argv


def parse_error(parser, argv):
    """What az's parser says about `argv` (without `az`), or None when it parses. Nothing is executed:
    types and choices are checked, validators and the command are not run."""
    import argparse
    import contextlib
    import io
    from unittest import mock
    from azure.cli.core.parser import AzCliCommandParser

    def error(_, message):
        raise ParseFailure(message)

    def check_value(self, action, value):  # argparse's own check, without az's recommender and exit
        argparse.ArgumentParser._check_value(self, action, value)  # pylint: disable=protected-access

    logging.disable(logging.CRITICAL)
    try:
        with mock.patch.object(AzCliCommandParser, 'error', error), \
                mock.patch.object(AzCliCommandParser, '_check_value', check_value), \
                contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            parser.parse_args(argv)
    except ParseFailure as ex:
        return str(ex)
    except SystemExit as ex:  # e.g. -h in an example
        return 'the parser exited ({})'.format(ex.code)
    finally:
        logging.disable(logging.NOTSET)
    return None


# ---- command kinds ----------------------------------------------------------------------------------------

def check_show(name, command):
    from azure.cli.core.commands.arm import show_exception_handler
    from azure.cli.core.commands.command_operation import ShowCommandOperation
    if name.split()[-1] != 'show':
        return []
    operation = getattr(command, 'command_kwargs', {}).get('command_operation')
    if isinstance(operation, ShowCommandOperation) or \
            getattr(command, 'exception_handler', None) is show_exception_handler:
        return []
    return [Violation('show_command', name,
                      'is not a (custom_)show_command: a missing resource would not exit with code 3')]


def check_wait(loaded):
    violations = []
    flagged = set()
    for name, command in sorted(loaded.commands.items()):
        group = ' '.join(name.split()[:-1])
        undeclared = 'no_wait' in command.arguments and not getattr(command, 'supports_no_wait', False)
        if undeclared and group + ' wait' not in loaded.commands and group not in flagged:
            flagged.add(group)
            violations.append(Violation('wait_beside_no_wait_argument', group,
                                        '`{}` takes --no-wait but there is no `{} wait`'.format(name, group)))
    return violations


# ---- entry points -----------------------------------------------------------------------------------------

def check(loaded, exclusions=None):
    """Every violation in a LoadedCommands, less those excluded in `exclusions` (azdev's format)."""
    violations = [Violation('extension_loads', loaded.prefix, error) for error in loaded.load_errors]
    for name, command in sorted(loaded.commands.items()):
        violations.extend(check_command_help(loaded, name))
        violations.extend(check_show(name, command))
    violations.extend(check_wait(loaded))
    return [v for v in violations if not is_excluded(v, exclusions or {})]


def collect_violations(prefix=PREFIX, extension_dir=EXTENSION_DIR, exclusions_path=EXCLUSIONS):
    """Load the extension with az's loader and return its violations (a list of Violation)."""
    return check(load_commands(prefix, extension_dir), load_exclusions(exclusions_path))


def main(argv=None):
    import argparse
    import time
    cli_args = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    cli_args.add_argument('--prefix', default=PREFIX, help='command group to check (default: %(default)s)')
    cli_args.add_argument('--extension-dir', default=EXTENSION_DIR,
                          help='the AZURE_EXTENSION_DIR that holds the extension (default: the working tree)')
    cli_args.add_argument('--exclusions', default=EXCLUSIONS, help='azdev-format exclusions (default: %(default)s)')
    options = cli_args.parse_args(argv)
    start = time.perf_counter()
    loaded = load_commands(options.prefix, os.path.abspath(options.extension_dir))
    if not loaded.commands and not loaded.load_errors:
        print('check_commands: no `{}` commands found in {} (run `make setup`?)'.format(
            options.prefix, options.extension_dir))
        return 1
    violations = check(loaded, load_exclusions(options.exclusions))
    for violation in violations:
        print(violation)
    print('check_commands: {} violation(s) in {} groups, {} commands ({:.1f} s)'.format(
        len(violations), len(loaded.groups), len(loaded.commands), time.perf_counter() - start))
    return 1 if violations else 0


if __name__ == '__main__':
    sys.exit(main())
