# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`SentRequestsMixin`: what az sent, once per request, with the names the test knows.

base.py's `sent_bodies` captures in a vcr recording processor, which vcr runs several times per request (in
`can_play_response_for`, `__contains__`/`play_response` and `append`), and, when recording, after the name
replacer has turned the test's random names into monikers. Capturing at `requests.Session.send` (which runs
above vcr's stubs in playback and recording alike) sees each request once, with the names of `self.kwargs`.
Drop this mixin once base.py captures the same way.
"""

import json
from unittest import mock

import requests

from .base import to_public_hosts


class SentRequestsMixin:

    def setUp(self):
        super().setUp()
        self.sent = []
        original = requests.Session.send

        def send(session, request, **kwargs):
            body = request.body
            if isinstance(body, bytes):
                body = body.decode('utf-8', errors='replace')
            self.sent.append((request.method, to_public_hosts(request.url), body))
            return original(session, request, **kwargs)

        patcher = mock.patch.object(requests.Session, 'send', send)
        patcher.start()
        self.addCleanup(patcher.stop)

    def sent_bodies(self, method, path_fragment):
        """The JSON bodies (None when empty) of the requests sent with `method` whose URL contains
        `path_fragment` (case-insensitive), in the order they were sent."""
        return [json.loads(body) if body else None for sent_method, url, body in self.sent
                if sent_method == method and path_fragment.lower() in url.lower()]
