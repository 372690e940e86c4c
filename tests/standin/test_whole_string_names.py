# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The stand-in checks names as whole strings (issue 11): a name ending in a newline passes a `^...$` regex with
re.match, and ARM would refuse it. Likewise a public path followed by a newline is not public."""

from armstandin.testing import running_standin
from tests.standin.conftest import GROUP_API, Raw, scheduler_path, sub_path


def test_names_and_public_paths_ending_in_a_newline_are_refused(tmp_path):
    with running_standin(tmp_path, EMULATOR_PROVISIONING_SECONDS=0) as standin:
        raw = Raw(standin)
        group = raw('PUT', sub_path('resourcegroups', 'rg1'), {'location': 'westus2'}, api=GROUP_API)
        bad_group = raw('PUT', sub_path('resourcegroups', 'rg2\n'), {'location': 'westus2'}, api=GROUP_API)
        body = {'location': 'westus2', 'properties': {'ipAllowlist': ['0.0.0.0/0'],
                                                      'sku': {'name': 'Dedicated', 'capacity': 1}}}
        bad_scheduler = raw('PUT', scheduler_path('rg1', 'sched1\n'), body)
        good_scheduler = raw('PUT', scheduler_path('rg1', 'sched1'), body)
        public = raw('GET', '/metadata/endpoints', api='2022-09-01', headers={})
        not_public = raw('GET', '/metadata/endpoints\n', api='2022-09-01', headers={})
    assert group.status_code in (200, 201), group.text
    assert bad_group.status_code == 400, bad_group.text
    assert bad_scheduler.status_code == 400 and "sched1" in bad_scheduler.text, bad_scheduler.text
    assert good_scheduler.status_code in (200, 201), good_scheduler.text
    assert public.status_code == 200, public.text
    assert not_public.status_code in (401, 404), not_public.text
