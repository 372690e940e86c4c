# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------

from azure.cli.core import AzCommandsLoader

from azext_durabletask._help import helps  # noqa: F401  # pylint: disable=unused-import


class DurableTaskCommandsLoader(AzCommandsLoader):

    def __init__(self, cli_ctx=None):
        super().__init__(cli_ctx=cli_ctx)

    def load_command_table(self, args):
        from azext_durabletask.commands import load_command_table
        load_command_table(self, args)
        return self.command_table

    def load_arguments(self, command):
        from azext_durabletask._params import load_arguments
        load_arguments(self, command)


COMMAND_LOADER_CLS = DurableTaskCommandsLoader
