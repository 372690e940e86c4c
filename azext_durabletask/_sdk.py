# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The Durable Task SDK for the orchestration commands, installed next to the extension on first use.

It cannot be an install requirement: this extension's distribution is named `durabletask` (the name users
type in `az extension add --name durabletask`), and so is the SDK's core package, so pip refuses to install
both ("durabletask-azuremanaged depends on durabletask>=1.12.0"). The first orchestration command installs the
pinned SDK into a folder inside the extension (removed with it), following az's own setting for installing what
a command needs: `az config set extension.use_dynamic_install=yes_prompt|yes_without_prompt|no`.
"""

import os
import sys

from knack.log import get_logger

logger = get_logger(__name__)

# Exactly what CI tests (requirements-dev.txt pins the same). Installed without dependencies: the SDK needs
# nothing else that az does not already have, and az's own azure-core and msal must not be shadowed.
SDK_PACKAGES = ('durabletask-azuremanaged==1.12.0', 'durabletask==1.12.0', 'grpcio==1.85.1', 'protobuf==7.36.2')
SDK_FOLDER = 'dataplane-sdk'


def sdk_dir():
    """<extension folder>/dataplane-sdk, the folder that holds azext_durabletask."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), SDK_FOLDER)


def pip_command(target):
    return [sys.executable, '-m', 'pip', 'install', '--no-deps', '--target', target, '--disable-pip-version-check',
            '--no-cache-dir'] + list(SDK_PACKAGES)


def ensure_sdk(cli_ctx):
    """Make `durabletask.azuremanaged` importable: from az's environment, from the extension's folder, or by
    installing it there (asking first when az would ask)."""
    if _importable():
        return
    target = sdk_dir()
    if os.path.isdir(target):
        _use(target)
        if _importable():
            return
    command = pip_command(target)
    shown = ' '.join(command)
    mode = _install_mode(cli_ctx)
    if mode == 'no':
        from azure.cli.core.azclierror import UnclassifiedUserFault
        error = UnclassifiedUserFault(f'The orchestration commands need the Durable Task SDK ({SDK_PACKAGES[0]}), '
                                      'and extension.use_dynamic_install is "no".')
        error.set_recommendation(f'Install it yourself: {shown}')
        raise error
    if mode == 'yes_prompt':
        from azure.cli.core.util import user_confirmation
        from azext_durabletask._validators import has_terminal
        if not has_terminal():  # a prompt without a terminal: a traceback when standard input is closed
            from azure.cli.core.azclierror import RequiredArgumentMissingError
            error = RequiredArgumentMissingError(
                f'The orchestration commands need the Durable Task SDK ({SDK_PACKAGES[0]}), and there is no terminal '
                'to ask whether to install it.')
            error.set_recommendation('Allow it once: az config set extension.use_dynamic_install=yes_without_prompt '
                                     f'; or install it yourself: {shown}')
            raise error
        user_confirmation(f'The orchestration commands need the Durable Task SDK ({SDK_PACKAGES[0]}, with grpcio and '
                          f'protobuf). Install it into {target} now?')
    logger.warning('Installing the Durable Task SDK (%s) into %s; this happens once.', SDK_PACKAGES[0], target)
    _install(command, shown)
    _use(target)
    if not _importable():
        from azure.cli.core.azclierror import CLIInternalError
        raise CLIInternalError(f'The Durable Task SDK was installed into {target} but cannot be imported.')


def _install(command, shown):
    import subprocess
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as ex:
        from azure.cli.core.azclierror import ClientRequestError
        output = getattr(ex, 'stderr', None) or getattr(ex, 'stdout', None) or str(ex)
        logger.debug('pip failed: %s', output)
        last = (output.strip().splitlines() or [''])[-1]
        error = ClientRequestError(f'Could not install the Durable Task SDK: {last}')
        error.set_recommendation(f'Run it yourself (it needs the Python package index): {shown}')
        raise error from None


def _install_mode(cli_ctx):
    """az's setting for installing what a command needs; by default: ask on a terminal, else just install."""
    from azext_durabletask._validators import has_terminal  # knack's check raises when standard input is closed
    default = 'yes_prompt' if has_terminal() else 'yes_without_prompt'
    mode = cli_ctx.config.get('extension', 'use_dynamic_install', default).lower()
    return mode if mode in ('no', 'yes_prompt', 'yes_without_prompt') else default


def _use(folder):
    """Put the folder first on the path: its grpcio and protobuf are the ones the SDK was tested with."""
    import importlib
    if folder not in sys.path:
        sys.path.insert(0, folder)
    importlib.invalidate_caches()


def _importable():
    import importlib.util
    try:
        return importlib.util.find_spec('durabletask.azuremanaged.client') is not None
    except ImportError:
        return False
