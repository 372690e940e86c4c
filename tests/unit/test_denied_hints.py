# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A data-plane permission error names a cause only when it checked it (issue 11): the caller's role assignments
and the scheduler's allow list."""
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.core.exceptions import HttpResponseError

from azext_durabletask import access
from azext_durabletask._roles import ROLES, Principal

SUB = '49398e88-3aa2-4466-8f5d-fab7e44c5108'
CONTRIBUTOR, WORKER, READER = ROLES
DEFINITION = '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'


def explain(roles=(), allow_list=('0.0.0.0/0',), access_state=None, roles_readable=True, scheduler_readable=True,
            needed=READER):
    assignments = mock.Mock()
    if roles_readable:
        assignments.list_for_scope.return_value = [SimpleNamespace(role_definition_id=DEFINITION.format(SUB, r.guid))
                                                   for r in roles]
    else:
        assignments.list_for_scope.side_effect = HttpResponseError('forbidden')
    schedulers = mock.Mock()
    if scheduler_readable:
        schedulers.get.return_value = SimpleNamespace(properties=SimpleNamespace(
            ip_allowlist=list(allow_list), public_network_access=access_state))
    else:
        schedulers.get.side_effect = HttpResponseError('forbidden')
    with mock.patch('azext_durabletask._roles.signed_in_principal', return_value=Principal('me', 'User', 'me')), \
            mock.patch('azext_durabletask.access._assignments_client', return_value=assignments), \
            mock.patch('azext_durabletask._client_factory.cf_schedulers', return_value=schedulers), \
            mock.patch('azext_durabletask._resource.current_subscription', return_value=SUB):
        return access.explain_denied(None, 'rg1', 'sched1', 'hub1', needed)


class ExplainDeniedTest(unittest.TestCase):

    def test_no_role_and_an_open_allow_list_blames_the_role_only(self):
        text = explain(roles=[WORKER])
        self.assertTrue(text.startswith('Checked: you hold no'), text)
        self.assertIn('--role reader', text)
        self.assertNotIn('allow list', text.replace('admits', ''))

    def test_a_role_and_a_narrow_allow_list_blames_the_allow_list_only(self):
        text = explain(roles=[CONTRIBUTOR], allow_list=['10.0.0.0/8'])
        self.assertIn('admits only 10.0.0.0/8', text)
        self.assertIn('--ip-allowlist 10.0.0.0/8 <your address>', text)
        self.assertNotIn('hold no', text)

    def test_both_checked_and_fine_says_the_role_may_not_apply_yet(self):
        self.assertIn('may not apply yet', explain(roles=[READER]))

    def test_writes_need_contributor(self):
        self.assertIn('--role contributor', explain(roles=[READER], needed=CONTRIBUTOR))

    def test_nothing_readable_names_both_and_claims_neither(self):
        text = explain(roles_readable=False, scheduler_readable=False)
        self.assertTrue(text.startswith("A missing role or the scheduler's IP allow list"), text)
        self.assertNotIn('Checked', text)

    def test_public_access_disabled_is_said(self):
        self.assertIn('public network access is disabled', explain(roles=[READER], access_state='Disabled'))

    def test_what_could_not_be_read_is_said(self):
        text = explain(roles_readable=False, allow_list=['10.0.0.0/8'])
        self.assertIn('admits only 10.0.0.0/8', text)
        self.assertIn('(your roles could not be read.)', text)
