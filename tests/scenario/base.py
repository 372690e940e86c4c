# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`DurableTaskScenarioTest`: recorded scenario tests, replayed offline from tests/recordings/.

Playback (the default): az runs in-process against the cassette of the test, logged in to the mocked
subscription 00000000-0000-0000-0000-000000000000 in AzureCloud.

Recording: `scripts/record [pytest args]` starts a fresh stand-in (armstandin), logs in to it and runs the
tests with DTS_RECORD=1. Each test's cassette is rewritten; the recording processors drop token calls and
rewrite the stand-in's address to https://management.azure.com/ (Graph's /v1.0/ to https://graph.microsoft.com/),
so cassettes carry no token, secret or local address.

Use `self.cmd(...)` as in azure-cli, `self.create_random_name(prefix, length)` for names, and
`self.sent_bodies(method, path_fragment)` to assert what was actually sent (vcr matches only method, URL and
query, so bodies must be asserted by the test).
"""

import json
import os
import re

from azure.cli.testsdk import ScenarioTest
from azure.cli.testsdk.scenario_tests import RecordingProcessor
from azure.cli.testsdk.scenario_tests.utilities import is_text_payload

RECORDING = os.environ.get('DTS_RECORD') == '1'
RECORDING_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'recordings')

_LOCAL = r'https://(?:127\.0\.0\.1|localhost)(?::\d+)?'
_LOCAL_GRAPH = re.compile(_LOCAL + r'/(?=v1\.0/|beta/)')  # Graph's paths; the rest is ARM
_LOCAL_ARM = re.compile(_LOCAL + r'/?')
_TOKEN_PATH = re.compile(r'/oauth2/|/\.well-known/openid-configuration|/common/discovery|/userrealm/', re.I)


def to_public_hosts(text):
    """The stand-in's address as the public cloud's: Graph's paths (/v1.0/, /beta/) first, then ARM."""
    text = _LOCAL_GRAPH.sub('https://graph.microsoft.com/', text)
    return _LOCAL_ARM.sub('https://management.azure.com/', text)


class StandInHostReplacer(RecordingProcessor):
    """Drops token and discovery calls; rewrites local addresses in URIs, bodies and polling headers."""

    def process_request(self, request):
        if _TOKEN_PATH.search(request.uri):
            return None
        request.uri = to_public_hosts(request.uri)
        if is_text_payload(request) and request.body:
            body = request.body.decode() if isinstance(request.body, bytes) else request.body
            request.body = to_public_hosts(body).encode()
        return request

    def process_response(self, response):
        body = response['body'].get('string')
        was_bytes = isinstance(body, bytes)
        if was_bytes:
            try:
                body = body.decode('utf-8')
            except UnicodeDecodeError:
                body = None
        if isinstance(body, str):
            # Keep the type: on playback vcr hands loaded bodies through here as bytes and needs bytes back.
            body = to_public_hosts(body)
            response['body']['string'] = body.encode('utf-8') if was_bytes else body
        for header in ('location', 'azure-asyncoperation', 'operation-location'):
            self.replace_header_fn(response, header, to_public_hosts)
        return response


def _capture_sent_requests(test, sent):
    """Append (method, url, body) to `sent` for each request az sends, once per request, in both modes (vcr's
    own hooks see a request several times, and after names were replaced)."""
    from unittest import mock
    import requests
    original = requests.Session.send

    def send(session, request, **kwargs):
        body = request.body
        if isinstance(body, bytes):
            body = body.decode('utf-8', errors='replace')
        sent.append((request.method, to_public_hosts(request.url), body))
        return original(session, request, **kwargs)

    patcher = mock.patch.object(requests.Session, 'send', send)
    patcher.start()
    test.addCleanup(patcher.stop)


def _patch_lro_delay(test):
    # testsdk's own patch also targets msrestazure, which az no longer ships.
    from azure.cli.testsdk.scenario_tests import mock_in_unit_test
    mock_in_unit_test(test, 'azure.cli.core.commands.LongRunningOperation._delay', lambda *_, **__: None)


def _patch_user_credential(test):
    # az 2.91 asks the credential for `acquire_token`; testsdk 0.3.0's fake has only `get_token`.
    from azure.cli.testsdk.scenario_tests import mock_in_unit_test

    class _PlaybackCredential:  # pylint: disable=too-few-public-methods
        def __init__(self, *_, **__):
            pass

        @staticmethod
        def acquire_token(scopes, **_):  # pylint: disable=unused-argument
            return {'access_token': 'playback-token', 'token_type': 'Bearer', 'expires_in': 3600}

    mock_in_unit_test(test, 'azure.cli.core.auth.identity.Identity.get_user_credential',
                      lambda *_, **__: _PlaybackCredential())


class DurableTaskScenarioTest(ScenarioTest):

    def __init__(self, method_name):
        self.sent = []  # (method, url, body) of every request sent, see sent_bodies()
        super().__init__(method_name, recording_processors=[StandInHostReplacer()],
                         replay_processors=[StandInHostReplacer()])
        from azure.cli.testsdk.patches import (patch_load_cached_subscriptions, patch_main_exception_handler,
                                               patch_progress_controller)
        from azure.cli.testsdk.scenario_tests.patches import patch_time_sleep_api
        self.replay_patches = [patch_main_exception_handler, patch_time_sleep_api, _patch_lro_delay,
                               patch_load_cached_subscriptions, _patch_user_credential, patch_progress_controller]
        self.recording_file = os.path.join(RECORDING_DIR, '{}.yaml'.format(method_name))
        self.vcr.cassette_library_dir = RECORDING_DIR
        # Record only when asked by scripts/record; never delete a sibling's cassette at collection time.
        self.is_live = self.in_recording = RECORDING or not os.path.exists(self.recording_file)

    def setUp(self):
        if RECORDING and os.path.exists(self.recording_file):
            os.remove(self.recording_file)
        if RECORDING:
            self.vcr.record_mode = 'all'
        super().setUp()
        _capture_sent_requests(self, self.sent)

    def sent_bodies(self, method, url_fragment, since=0):
        """The JSON bodies (None when empty) of the requests sent with `method` whose URL contains `url_fragment`
        (case-insensitive), in order; `since`: an index into `self.sent` to start from."""
        return [json.loads(body) if body else None
                for sent_method, url, body in self.sent[since:]
                if sent_method == method and url_fragment.lower() in url.lower()]
