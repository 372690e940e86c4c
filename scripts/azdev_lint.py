#!/usr/bin/env python
# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Run the Azure CLI team's own checks on the working tree, offline, as the extensions repository's CI runs them:

    azdev linter durabletask -t help_entries command_groups commands params --min-severity medium
    azdev style durabletask

`make lint` calls this with `.venv-azdev/bin/python` (azure-cli + azdev from requirements-azdev.txt; the data-plane
SDK deliberately absent, as in that CI). azdev normally needs `azdev setup`, which downloads; instead this stages,
in a temporary folder, what setup would leave behind (measured in ../shared/notes/azure-cli-offline.md):
- a fresh HOME whose `.azdev/env_config<VIRTUAL_ENV>/` holds `config` ([cli] repo_path, [ext] repo_paths) and a
  copy of azdev's bundled `config/` as `config_files/`;
- a stub CLI repository holding only `scripts/ci/cmdcov.yml` (the regexes azdev reads at import);
- the extension as a real folder `<ext repo>/src/durabletask` with an `.egg-info`, found by az through its
  `[extension] dev_sources` setting in a private AZURE_CONFIG_DIR (never ~/.azure).

azdev's linter changes its exit code only for HIGH violations; this fails on any violation at medium or above,
and on any message from `azdev style`. Exit code 0 only when both are clean."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTENSION = 'durabletask'
# What the staged extension folder holds: the package and what setup.py reads.
EXTENSION_FILES = ('setup.py', 'setup.cfg', 'README.md', 'HISTORY.rst', 'linter_exclusions.yml')
LINTER_ARGS = ['linter', EXTENSION, '-t', 'help_entries', 'command_groups', 'commands', 'params',
               '--min-severity', 'medium']
STYLE_ARGS = ['style', EXTENSION]
# azdev prints one line per rule, `- pass: <rule>` or `- FAIL - <SEVERITY> severity: <rule>` (in colour), and
# `Linter: FAILED` when its custom pylint rules fail.
_ANSI = re.compile(r'\x1b\[[0-9;]*m')
_LINTER_FAILED = re.compile(r'^- +FAIL\b|^Linter: FAILED', re.MULTILINE)
_LINTER_RAN = re.compile(r'^- +pass: ', re.MULTILINE)


def stage(source, workdir):
    """Lay out what `azdev setup` would, plus the extension as a real folder. Returns the environment to run in."""
    venv = os.environ.get('VIRTUAL_ENV') or os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))
    home = os.path.join(workdir, 'home')
    cli_repo = os.path.join(workdir, 'azure-cli')
    ext_repo = os.path.join(workdir, 'azure-cli-extensions')
    ext_dir = os.path.join(ext_repo, 'src', EXTENSION)
    azure_dir = os.path.join(workdir, 'azure')

    os.makedirs(os.path.join(cli_repo, 'scripts', 'ci'))
    shutil.copy(os.path.join(ROOT, 'scripts', 'azdev', 'cmdcov.yml'), os.path.join(cli_repo, 'scripts', 'ci'))

    shutil.copytree(os.path.join(source, 'azext_' + EXTENSION), os.path.join(ext_dir, 'azext_' + EXTENSION),
                    ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    for name in EXTENSION_FILES:
        if os.path.exists(os.path.join(source, name)):
            shutil.copy(os.path.join(source, name), ext_dir)
    subprocess.run([sys.executable, 'setup.py', '-q', 'egg_info'], cwd=ext_dir, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    import azdev  # pylint: disable=import-error
    config_dir = os.path.join(home, '.azdev', 'env_config') + os.path.splitdrive(venv)[1]
    shutil.copytree(os.path.join(os.path.dirname(azdev.__file__), 'config'), os.path.join(config_dir, 'config_files'))
    with open(os.path.join(config_dir, 'config'), 'w', encoding='utf-8') as f:
        f.write('[cli]\nrepo_path = {}\n\n[ext]\nrepo_paths = {}\n'.format(cli_repo, ext_repo))

    os.makedirs(azure_dir)
    with open(os.path.join(azure_dir, 'config'), 'w', encoding='utf-8') as f:
        f.write('[extension]\ndev_sources = {}\n\n[core]\ncollect_telemetry = no\n'.format(ext_repo))

    env = dict(os.environ, HOME=home, VIRTUAL_ENV=venv, AZURE_CONFIG_DIR=azure_dir,
               AZURE_EXTENSION_DIR=os.path.join(workdir, 'no-extensions'), AZURE_CORE_COLLECT_TELEMETRY='no',
               PATH=os.path.join(venv, 'bin') + os.pathsep + os.environ.get('PATH', ''))
    env.pop('AZDEV_CONFIG_DIR', None)  # knack and azdev would read it from two different places
    return env, ext_repo


def run_azdev(args, env, cwd):
    """azdev's output and exit code, echoed as it came."""
    completed = subprocess.run([os.path.join(env['VIRTUAL_ENV'], 'bin', 'azdev')] + args, env=env, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    print(completed.stdout, end='')
    return completed.stdout, completed.returncode


def linter_failed(output, exit_code):
    """Any violation at the requested severity fails, not only the HIGH ones azdev's exit code reflects."""
    plain = _ANSI.sub('', output)
    return exit_code != 0 or bool(_LINTER_FAILED.search(plain)) or not _LINTER_RAN.search(plain)


def style_failed(output, exit_code):
    return exit_code != 0 or 'FAILED' in output


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--only', choices=['linter', 'style'], help='Run just one of the two. Default: both.')
    parser.add_argument('--source', default=ROOT, help='Folder holding azext_durabletask and setup.py.')
    args = parser.parse_args(argv)
    checks = [args.only] if args.only else ['linter', 'style']
    failed = []
    with tempfile.TemporaryDirectory(prefix='azdev-') as workdir:
        env, ext_repo = stage(os.path.abspath(args.source), workdir)
        if 'linter' in checks:
            output, code = run_azdev(LINTER_ARGS, env, ext_repo)
            if linter_failed(output, code):
                failed.append('azdev linter')
        if 'style' in checks:
            output, code = run_azdev(STYLE_ARGS, env, ext_repo)
            if style_failed(output, code):
                failed.append('azdev style')
    if failed:
        print('FAILED: ' + ', '.join(failed), file=sys.stderr)
        return 1
    print('azdev: ' + ', '.join(checks) + ' passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
