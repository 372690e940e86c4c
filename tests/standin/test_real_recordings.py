"""Conformance with the real service: every request of the recordings in tests/real-azure/ (Azure PowerShell's
tests against Azure, api-version 2026-02-01) is replayed, in order, against a fresh stand-in, and each answer
is compared with Azure's: status code, the LRO headers present or absent, and the body's shape (keys present or
absent at every depth, `type`, provisioning states, operation statuses, `properties: null`, the endpoint and
dashboard URL formats), not the generated values (ids of operations, times, endpoint suffixes).

Long-running operations are not replayed poll by poll (Azure polled every 30 s for minutes): the stand-in's
status URL is polled until it is terminal, and its sequence of (HTTP status, `status`) is compared with the
recorded one (200 Accepted/Provisioning while creating, 202 Deleting with fresh Location and Azure-AsyncOperation
URLs while deleting, then 200 Succeeded). The recorded subscription and tenant are mapped onto the stand-in's;
resource group, names and regions are kept (but see _map). Resources a recording uses without creating them are
created first.
"""

import base64
import json
import re
import time
from pathlib import Path

import pytest
import requests

from armstandin import constants as c
from armstandin.testing import running_standin

RECORDINGS_DIR = Path(__file__).resolve().parents[1] / 'real-azure'
RECORDINGS = sorted(p.name for p in RECORDINGS_DIR.glob('*.Recording.json'))
RECORDED_SUBSCRIPTION = '814c847c-c7d5-4ee4-b491-8aaff9aac25f'
RECORDED_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
RECORDED_HOST = 'https://management.azure.com'
LRO_HEADERS = ('Azure-AsyncOperation', 'Location', 'Retry-After')
# Values that are generated (times, etags) or compared by a rule of their own below.
_IGNORED_VALUES = {'startTime', 'endTime', 'createdAt', 'lastModifiedAt', 'createdBy', 'lastModifiedBy'}
_STATUS_NAME = r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\*[0-9A-F]{64}'
_CREATING = {(200, 'Accepted'), (200, 'Provisioning')}
_DELETING = {(202, 'Deleting')}


# --- reading the recordings -------------------------------------------------------------------------------------

def _decode(content):
    """The recorder stored some bodies as base64 without saying so (and `null` as `bnVsbA==`)."""
    if content is None or content == '':
        return None
    try:
        return json.loads(content)
    except ValueError:
        return json.loads(base64.b64decode(content).decode('utf-8-sig'))


def _map(text):
    # One recorded PUT names the canary region centraluseuap and Azure answered northcentralus: the replay sends
    # the region Azure used.
    return text.replace(RECORDED_SUBSCRIPTION, c.SUBSCRIPTION_ID).replace(RECORDED_TENANT, c.TENANT_ID).replace(
        '"centraluseuap"', '"northcentralus"')


def load(name):
    data = json.loads((RECORDINGS_DIR / name).read_text(encoding='utf-8'))
    exchanges = []
    for key, value in data.items():
        request, response = value['Request'], value['Response']
        body = _decode(request['Content'])
        exchanges.append({
            'key': key.split('+$')[0] + ' ' + request['Method'],
            'method': request['Method'],
            'url': _map(request['RequestUri'][len(RECORDED_HOST):]),
            'body': json.loads(_map(json.dumps(body))) if body is not None else None,
            'status': response['StatusCode'],
            'headers': {k.lower(): v[0] for k, v in response['Headers'].items()},
            'response': json.loads(_map(json.dumps(_decode(response['Content'])))),
        })
    return exchanges


def is_status_url(url):
    return '/operationstatuses/' in url.lower()


# --- comparing ----------------------------------------------------------------------------------------------------

def _scheduler_and_hub(resource_id):
    parts = (resource_id or '').split('/')
    lower = [p.lower() for p in parts]
    scheduler = parts[lower.index('schedulers') + 1] if 'schedulers' in lower[:-1] else None
    hub = parts[lower.index('taskhubs') + 1] if 'taskhubs' in lower[:-1] else None
    return scheduler, hub


def endpoint_pattern(scheduler):
    """`https://<label>.<region>.durabletask.io`: the label is 24 characters, the first 15 of the name, `-`, then
    lower-case letters and digits to fill."""
    prefix = scheduler[:15].lower()
    return r'https://{}-[a-z0-9]{{{}}}\.[a-z0-9]+\.durabletask\.io'.format(re.escape(prefix), 24 - len(prefix) - 1)


def dashboard_pattern(scheduler, hub):
    endpoint = endpoint_pattern(scheduler).replace('https://', 'https%3a%2f%2f')
    return r'https://dashboard\.durabletask\.io/subscriptions/{}/schedulers/{}/taskhubs/{}\?endpoint={}' \
           r'&tenantId={}'.format(c.SUBSCRIPTION_ID, re.escape(scheduler), re.escape(hub), endpoint, c.TENANT_ID)


def operation_id_pattern():
    return r'/subscriptions/{}/providers/Microsoft\.DurableTask/locations/[A-Za-z0-9]+/operationStatuses/{}'.format(
        c.SUBSCRIPTION_ID, _STATUS_NAME)


def status_url_pattern(base_url, api):
    return r'{}{}\?api-version={}&t=\d+&c=[^&]+&s=[^&]+&h=[^&]+'.format(
        re.escape(base_url), operation_id_pattern(), re.escape(api))


def shape_diff(recorded, got, where='body', owner_id=None):
    """Where `got` differs in shape from `recorded` (a list of lines; empty when they agree)."""
    def kind(value):
        return 'null' if value is None else type(value).__name__

    if kind(recorded) != kind(got):
        return ['{}: {} recorded, {} here ({})'.format(where, kind(recorded), kind(got), json.dumps(got)[:120])]
    if isinstance(recorded, list):
        if len(recorded) != len(got):
            return ['{}: {} items recorded, {} here'.format(where, len(recorded), len(got))]
        return [d for i, (r, g) in enumerate(zip(recorded, got))
                for d in shape_diff(r, g, '{}[{}]'.format(where, i), owner_id)]
    if not isinstance(recorded, dict):
        return []
    diffs = []
    missing, extra = sorted(set(recorded) - set(got)), sorted(set(got) - set(recorded))
    if missing:
        diffs.append('{}: keys missing here: {}'.format(where, missing))
    if extra:
        diffs.append('{}: keys Azure does not send: {}'.format(where, extra))
    owner_id = recorded.get('id') if isinstance(recorded.get('id'), str) else owner_id
    for key in sorted(set(recorded) & set(got)):
        diffs += _value_diff(key, recorded[key], got[key], '{}.{}'.format(where, key), owner_id)
    return diffs


def _value_diff(key, recorded, got, where, owner_id):
    if key in _IGNORED_VALUES:
        return []
    if key == 'systemData' and isinstance(recorded, dict) and isinstance(got, dict):
        return shape_diff({k: None for k in recorded}, {k: None for k in got}, where)
    if isinstance(recorded, (dict, list)) or recorded is None or got is None:
        return shape_diff(recorded, got, where, owner_id)
    scheduler, hub = _scheduler_and_hub(owner_id)
    if key == 'id' and is_status_url(recorded):
        ok = re.fullmatch(operation_id_pattern(), got)
    elif key == 'name' and re.fullmatch(_STATUS_NAME, recorded):
        ok = re.fullmatch(_STATUS_NAME, got)
    elif key in ('id', 'resourceId'):
        ok = str(got).lower() == str(recorded).lower()
    elif key == 'endpoint':
        ok = (got == recorded == '') or (recorded != '' and re.fullmatch(endpoint_pattern(scheduler), got or ''))
    elif key == 'dashboardUrl':
        ok = re.fullmatch(dashboard_pattern(scheduler, hub), got or '', re.IGNORECASE)
    else:
        ok = got == recorded
    return [] if ok else ['{}: {!r} recorded, {!r} here'.format(where, recorded, got)]


def header_diff(recorded_headers, response, where):
    diffs = []
    for name in LRO_HEADERS:
        recorded, got = name.lower() in recorded_headers, name in response.headers
        if recorded != got:
            diffs.append('{}: header {} {} in Azure, {} here'.format(
                where, name, 'present' if recorded else 'absent', 'present' if got else 'absent'))
    if 'etag' in recorded_headers and 'ETag' not in response.headers:
        diffs.append('{}: no ETag header (Azure sends one)'.format(where))
    return diffs


def _body(response):
    text = response.text
    return json.loads(text) if text.strip() else None


# --- replaying ----------------------------------------------------------------------------------------------------

class Replay:
    def __init__(self, standin):
        self.standin = standin
        self.session = requests.Session()
        self.session.headers['Authorization'] = 'Bearer ' + standin.token()
        self.diffs = []

    def send(self, method, path_or_url, body=None):
        url = path_or_url if path_or_url.startswith('https://') else self.standin.url + path_or_url
        data = None if body is None else json.dumps(body)
        return self.session.request(method, url, data=data, headers={'Content-Type': 'application/json'},
                                    verify=self.standin.cert_path, timeout=30)

    def prepare(self, exchanges):
        """The group, and each scheduler the recording uses before (or without) creating it."""
        group = next(e['url'].split('/')[4] for e in exchanges if '/resourceGroups/' in e['url'])
        self.expect(self.send('PUT', '/subscriptions/{}/resourcegroups/{}?api-version=2024-11-01'.format(
            c.SUBSCRIPTION_ID, group), {'location': 'northcentralus'}), (200, 201))
        created = set()
        for e in exchanges:
            scheduler, _ = _scheduler_and_hub(e['url'].split('?')[0])
            if scheduler is None or scheduler in created:
                continue
            created.add(scheduler)
            path = e['url'].split('?')[0]
            if e['method'] == 'PUT' and path.lower().endswith('/schedulers/' + scheduler.lower()):
                continue
            self.create_scheduler(group, scheduler, self.recorded_scheduler(exchanges, scheduler))

    @staticmethod
    def recorded_scheduler(exchanges, scheduler):
        """The body that makes the scheduler as the recording first shows it."""
        for e in exchanges:
            response = e['response'] if isinstance(e['response'], dict) else {}
            for item in response.get('value') or [response]:
                if str(item.get('id', '')).lower().endswith('/schedulers/' + scheduler.lower()):
                    props = item['properties']
                    body = {'location': item['location'], 'tags': item.get('tags') or {},
                            'properties': {'sku': {'name': props['sku']['name']},
                                           'ipAllowlist': props['ipAllowlist']}}
                    if 'publicNetworkAccess' in props:
                        body['properties']['publicNetworkAccess'] = props['publicNetworkAccess']
                    return body
        return {'location': 'northcentralus',
                'properties': {'sku': {'name': 'Consumption'}, 'ipAllowlist': ['10.0.0.0/8']}}

    def create_scheduler(self, group, name, body):
        path = '/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DurableTask/schedulers/{}?api-version=' \
               '2026-02-01'.format(c.SUBSCRIPTION_ID, group, name)
        self.expect(self.send('PUT', path, body), (200, 201))
        deadline = time.time() + 30
        while time.time() < deadline:
            got = self.send('GET', path)
            if got.status_code == 200 and got.json()['properties']['provisioningState'] == 'Succeeded':
                return
            time.sleep(0.1)
        raise AssertionError('the scheduler {} did not reach Succeeded'.format(name))

    @staticmethod
    def expect(response, codes):
        assert response.status_code in codes, '{} {} -> {} {}'.format(
            response.request.method, response.request.url, response.status_code, response.text)

    def run(self, exchanges):
        self.prepare(exchanges)
        i = 0
        while i < len(exchanges):
            e = exchanges[i]
            polls = []
            while i + 1 + len(polls) < len(exchanges) and is_status_url(exchanges[i + 1 + len(polls)]['url']):
                polls.append(exchanges[i + 1 + len(polls)])
            response = self.send(e['method'], e['url'], e['body'])
            self.compare(e, response, e['key'])
            if polls:
                self.compare_polls(e, response, polls)
            i += 1 + len(polls)
        return self.diffs

    def compare(self, e, response, where):
        if response.status_code != e['status']:
            self.diffs.append('{}: HTTP {} recorded, {} here: {}'.format(
                where, e['status'], response.status_code, response.text[:300]))
            return
        self.diffs += header_diff(e['headers'], response, where)
        api = re.search(r'api-version=([^&]+)', e['url']).group(1)
        for name in ('Azure-AsyncOperation', 'Location'):
            url = response.headers.get(name)
            if url and not re.fullmatch(status_url_pattern(self.standin.url, api), url):
                self.diffs.append('{}: {} is not an operationStatuses URL of Azure\'s form: {}'.format(
                    where, name, url[:200]))
        self.diffs += shape_diff(e['response'], _body(response), where)

    def compare_polls(self, initiating, response, polls):
        """Poll the stand-in's status URL to the end; compare the run of statuses and the final body."""
        where = initiating['key'] + ' polls'
        allowed = _DELETING if initiating['method'] == 'DELETE' else _CREATING
        recorded = [(p['status'], p['response']['status']) for p in polls]
        terminal = next((k for k, p in enumerate(polls) if p['response']['status'] in ('Succeeded', 'Failed')), None)
        assert terminal is not None and set(recorded[:terminal]) <= allowed, recorded  # the recording itself
        url = response.headers.get('Azure-AsyncOperation')
        if url is None:
            self.diffs.append('{}: no Azure-AsyncOperation URL to poll'.format(where))
            return
        seen, urls, last = [], {url, response.headers.get('Location')}, None
        deadline = time.time() + 30
        while time.time() < deadline:
            last = self.send('GET', url)
            body = _body(last)
            seen.append((last.status_code, (body or {}).get('status')))
            if 'Retry-After' in last.headers:
                self.diffs.append('{}: Retry-After on a status poll (Azure sends none)'.format(where))
            if seen[-1][1] in ('Succeeded', 'Failed', 'Canceled'):
                break
            if last.status_code == 202:
                fresh = (last.headers.get('Location'), last.headers.get('Azure-AsyncOperation'))
                if None in fresh or set(fresh) & urls:
                    self.diffs.append('{}: a 202 poll without fresh Location and Azure-AsyncOperation'.format(where))
                else:
                    urls.update(fresh)
                    url = fresh[1]
            time.sleep(0.1)
        running = seen[:-1]
        if not set(running) <= allowed:
            self.diffs.append('{}: statuses while running {} (Azure: {})'.format(
                where, _runs(running), sorted(allowed)))
        if seen[-1] != recorded[terminal]:
            self.diffs.append('{}: ended {} (Azure: {})'.format(where, seen[-1], recorded[terminal]))
        self.diffs += shape_diff(polls[terminal]['response'], _body(last), where + ' final body')
        # Azure's client then read the other monitor URL (Location when there is one): same answer.
        for extra in polls[terminal + 1:]:
            again = self.send('GET', response.headers.get('Location') or response.headers['Azure-AsyncOperation'])
            self.compare(extra, again, where + ' after the end')


def _runs(seen):
    out = []
    for item in seen:
        if not out or out[-1] != item:
            out.append(item)
    return out


@pytest.mark.parametrize('recording', RECORDINGS)
def test_replay_matches_azure(tmp_path, recording):
    exchanges = load(recording)
    with running_standin(tmp_path, EMULATOR_PROVISIONING_SECONDS=1) as standin:
        diffs = list(dict.fromkeys(Replay(standin).run(exchanges)))  # each disagreement once
    assert not diffs, '{} disagreement(s) with Azure:\n'.format(len(diffs)) + '\n'.join(diffs)


def test_the_comparison_can_fail():
    """The comparer notices what the replay relies on it to notice."""
    azure = {'type': 'microsoft.durabletask/schedulers',
             'properties': {'provisioningState': 'Succeeded', 'endpoint': '', 'ipAllowlist': []}}
    assert shape_diff(azure, azure) == []
    assert shape_diff(azure, dict(azure, type='Microsoft.DurableTask/schedulers'))
    assert shape_diff(azure, {'properties': azure['properties']})
    assert shape_diff(azure, dict(azure, properties=dict(azure['properties'], privateEndpointConnections=[])))
    assert shape_diff({'properties': None}, {'properties': {}})
    assert re.fullmatch(endpoint_pattern('test-scheduler-create-1277'),
                        'https://test-scheduler--ctcsbgg5.northcentralus.durabletask.io')
    assert re.fullmatch(endpoint_pattern('resource4919'), 'https://resource4919-bncwexdya2h.westus.durabletask.io')
    assert not re.fullmatch(endpoint_pattern('resource4919'), 'https://resource4919-1a2b3c4d.westus.durabletask.io')
