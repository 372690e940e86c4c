# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Serve recorded HTTP exchanges to whatever sends through `requests` (azure-core's default transport).

No vcr: `Replayer.patch()` replaces `requests.Session.send`. Requests are matched on method, path (case and the
subscription id aside) and query (except `api-version`, which moves with the SDK); each match is served once,
in recorded order. A request that matches nothing, or that comes after its recorded answers ran out, fails.
A GET of a resource whose recorded PUT has not been served yet is answered with a 404 that Azure recorded for a
resource of the same kind, the name in its message changed to the one asked for: before the PUT it did not exist
(our creates read first, to keep the settings of one that does; PowerShell's did not, so the recordings lack it).
`sleep_patch()` records every sleep the client asks for and returns at once.
"""

import json
import os
import re
from collections import defaultdict, deque
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import requests

RECORDINGS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'real-azure')

_SUBSCRIPTION = re.compile(r'/subscriptions/[0-9a-f-]{36}', re.I)


class Exchange:  # pylint: disable=too-few-public-methods
    def __init__(self, method, uri, status, headers=None, body=None, name=None):
        self.method, self.uri, self.status = method.upper(), uri, status
        self.headers = dict(headers or {})
        self.body = body
        self.name = name

    def __repr__(self):
        return '{} {} -> {}'.format(self.method, self.uri, self.status)


def match_key(method, url):
    parts = urlsplit(url)
    path = _SUBSCRIPTION.sub('/subscriptions/SUB', parts.path).rstrip('/').lower()
    query = tuple(sorted((k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                         if k.lower() != 'api-version'))
    return method.upper(), path, query


def load_recording(name, prefix=''):
    """The exchanges of ../real-azure/<name>.Recording.json whose key starts with `name+prefix`, in order."""
    with open(os.path.join(RECORDINGS_DIR, name + '.Recording.json'), encoding='utf-8') as f:
        data = json.load(f)
    exchanges = []
    for key, value in data.items():
        if not key.startswith(name + prefix):
            continue
        request, response = value['Request'], value['Response']
        headers = {k: (v[0] if isinstance(v, list) and len(v) == 1 else ', '.join(v) if isinstance(v, list) else v)
                   for k, v in response['Headers'].items()}
        headers.update({k: (v[0] if isinstance(v, list) else v)
                        for k, v in (response.get('ContentHeaders') or {}).items()})
        exchanges.append(Exchange(request['Method'], request['RequestUri'], int(response['StatusCode']), headers,
                                  _content(response), key))
    return exchanges


def _content(response):
    """The body as text. The recorder stored some bodies base64-encoded without saying so (DELETE's `null` is
    `bnVsbA==`): a body that is not JSON but decodes to JSON is taken decoded."""
    import base64
    import binascii
    content = response.get('Content')
    if not content:
        return content
    if response.get('isContentBase64'):
        return base64.b64decode(content).decode('utf-8')
    try:
        json.loads(content)
        return content
    except ValueError:
        pass
    try:
        decoded = base64.b64decode(content, validate=True).decode('utf-8')
        json.loads(decoded)
        return decoded
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return content


def recorded_not_found():
    """Azure's recorded 404 answers to a GET of a scheduler and of a task hub, by the resource's path depth."""
    answers = {}
    for name in ('Remove-AzDurableTaskScheduler', 'Remove-AzDurableTaskHub'):
        for exchange in load_recording(name):
            if exchange.method == 'GET' and exchange.status == 404:
                answers.setdefault(_depth(exchange.uri), exchange)
    return answers


def _depth(url):
    return urlsplit(url).path.rstrip('/').count('/')


class Replayer:
    def __init__(self, exchanges):
        self._queues = defaultdict(deque)
        self._hosts = {urlsplit(exchange.uri).hostname for exchange in exchanges}
        for exchange in exchanges:
            self._queues[match_key(exchange.method, exchange.uri)].append(exchange)
        self._not_found = recorded_not_found()
        self.sent = []  # (method, url, parsed JSON body or None) of every request answered
        self.misses = []  # (method, url) of requests nothing recorded answers

    def unserved(self):
        return [exchange for queue in self._queues.values() for exchange in queue]

    def send(self, _session, request, **_):
        if urlsplit(request.url).hostname not in self._hosts:
            # az's own checks (e.g. for a newer version) meet an offline machine, as they would in CI.
            raise requests.ConnectionError('offline: {} is not in the recording'.format(request.url))
        key = match_key(request.method, request.url)
        if key[0] == 'GET' and self._queues.get(('PUT',) + key[1:]) and _depth(request.url) in self._not_found:
            self.sent.append((request.method, request.url, None))
            return _response(request, _renamed_not_found(self._not_found[_depth(request.url)], request.url))
        queue = self._queues.get(key)
        if not queue:
            self.misses.append((request.method, request.url))
            raise AssertionError('No recorded answer left for {} {}'.format(request.method, request.url))
        exchange = queue.popleft()
        body = request.body
        if isinstance(body, bytes):
            body = body.decode('utf-8')
        self.sent.append((request.method, request.url, json.loads(body) if body else None))
        return _response(request, exchange)

    def patch(self):
        replayer = self

        def send(session, request, **kwargs):
            return replayer.send(session, request, **kwargs)
        return mock.patch.object(requests.Session, 'send', send)


def _renamed_not_found(recorded, url):
    """The recorded 404 with its resource's name replaced by the one in `url`."""
    asked, answered = urlsplit(url).path.rstrip('/').rsplit('/', 1)[-1], urlsplit(recorded.uri).path.rsplit('/', 1)[-1]
    return Exchange('GET', url, 404, recorded.headers, (recorded.body or '').replace(answered, asked))


def _response(request, exchange):
    """A requests.Response built the way requests' own adapter builds one from the wire."""
    import io
    from requests.adapters import HTTPAdapter
    from urllib3.response import HTTPResponse
    content = exchange.body
    if content is None:
        content = b''
    elif isinstance(content, str):
        content = content.encode('utf-8')
    headers = {k: v for k, v in exchange.headers.items()
               if k.lower() not in ('content-length', 'transfer-encoding', 'content-encoding')}
    headers['Content-Length'] = str(len(content))
    if content:
        headers.setdefault('Content-Type', 'application/json; charset=utf-8')
    raw = HTTPResponse(body=io.BytesIO(content), headers=headers, status=exchange.status, reason='Recorded',
                       preload_content=False, decode_content=False)
    return HTTPAdapter().build_response(request, raw)


class SleepRecorder:
    """Replaces time.sleep: records each duration asked for, returns at once."""

    def __init__(self):
        self.durations = []

    def __call__(self, seconds):
        self.durations.append(seconds)

    def patch(self):
        return mock.patch('time.sleep', self)
