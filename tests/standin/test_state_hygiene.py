"""The state folder is private: only its owner reads the request log, the database, the server log and the keys;
app-setting values never reach the request log."""

import json
import os
import stat

import pytest

from armstandin.testing import running_standin

from .conftest import Raw, sub_path

GROUP = 'rg-hygiene'
SECRET = 'AccountKey=do-not-log-me'


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    root = tmp_path_factory.mktemp('hygiene')
    state = root / 'standin'
    state.mkdir(mode=0o755)
    (state / 'requests.jsonl').write_text('')  # left by an older stand-in, readable by all
    os.chmod(state / 'requests.jsonl', 0o644)
    with running_standin(root, EMULATOR_PROVISIONING_SECONDS=0) as s:
        assert Raw(s)('PUT', sub_path('resourcegroups', GROUP), {'location': 'westus2'},
                      api='2024-11-01').status_code in (200, 201)
        yield s


def test_state_files_are_readable_by_their_owner_only(standin):
    assert _mode(standin.state_dir) == 0o700
    for name in ('requests.jsonl', 'standin.db', 'server.log', 'signing.key', 'key.pem', 'server.json'):
        assert _mode(standin.state_dir / name) == 0o600, name
    for name in ('standin.db-wal', 'standin.db-shm'):
        if (standin.state_dir / name).exists():
            assert _mode(standin.state_dir / name) == 0o600, name
    standin.clear_requests()
    assert _mode(standin.state_dir / 'requests.jsonl') == 0o600


def _logged(standin, method, path_end):
    return [r for r in standin.requests() if r['method'] == method and r['path'].lower().endswith(path_end)]


def test_app_setting_values_are_not_logged(standin):
    raw = Raw(standin)
    site = sub_path('resourceGroups', GROUP, 'providers/Microsoft.Web/sites/func-hygiene')
    made = raw('PUT', site, {'location': 'westus2', 'kind': 'functionapp', 'properties': {
        'siteConfig': {'appSettings': [{'name': 'STORAGE', 'value': SECRET}]}}}, api='2023-12-01')
    assert made.status_code in (200, 201), made.text
    put = raw('PUT', site + '/config/appsettings', {'properties': {'STORAGE': SECRET, 'TASKHUB_NAME': 'hub1'}},
              api='2023-12-01')
    assert put.status_code == 200, put.text
    listed = raw('POST', site + '/config/appsettings/list', api='2023-12-01')
    assert listed.json()['properties']['STORAGE'] == SECRET  # kept, and answered to its owner

    app = sub_path('resourceGroups', GROUP, 'providers/Microsoft.App/containerApps/app-hygiene')
    made = raw('PUT', app, {'location': 'westus2', 'properties': {
        'configuration': {'secrets': [{'name': 'storage', 'value': SECRET}]},
        'template': {'containers': [{'name': 'w', 'image': 'img:1', 'env': [
            {'name': 'STORAGE', 'value': SECRET}, {'name': 'FROM_SECRET', 'secretRef': 'storage'}]}]}}},
        api='2024-03-01')
    assert made.status_code in (200, 201), made.text

    log = (standin.state_dir / 'requests.jsonl').read_text()
    assert SECRET not in log
    [settings] = _logged(standin, 'PUT', '/config/appsettings')
    assert settings['body'] == {'properties': {'STORAGE': '<redacted>', 'TASKHUB_NAME': '<redacted>'}}
    [site_put] = _logged(standin, 'PUT', '/sites/func-hygiene')
    assert site_put['body']['properties']['siteConfig']['appSettings'] == [{'name': 'STORAGE', 'value': '<redacted>'}]
    [app_put] = _logged(standin, 'PUT', '/containerapps/app-hygiene')
    assert app_put['body']['properties']['template']['containers'][0]['env'] == [
        {'name': 'STORAGE', 'value': '<redacted>'}, {'name': 'FROM_SECRET', 'secretRef': 'storage'}]
    assert app_put['body']['properties']['configuration']['secrets'] == [{'name': 'storage', 'value': '<redacted>'}]
    # the rest of a body is logged as sent
    assert (site_put['body']['location'], site_put['body']['kind']) == ('westus2', 'functionapp')
    assert app_put['body']['properties']['template']['containers'][0]['image'] == 'img:1'
    assert all(json.loads(line)['status'] for line in log.splitlines())  # every line still JSON
