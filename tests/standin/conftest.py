"""Helpers for the stand-in's own tests: each test module starts its own stand-in (armstandin.testing)."""

import json

import pytest
import requests

from armstandin import constants as c

GROUP_API = '2024-11-01'
DT_API = '2026-02-01'


class Recorder:
    """raw_response_hook collecting every response the SDK received (including retried ones)."""

    def __init__(self):
        self.responses = []

    def __call__(self, pipeline_response):
        request, response = pipeline_response.http_request, pipeline_response.http_response
        response.read()
        text = response.text()
        self.responses.append({
            'method': request.method, 'url': request.url, 'status': response.status_code,
            'headers': {k.lower(): v for k, v in response.headers.items()},
            'body': json.loads(text) if text.strip() else None})


def dt_client(standin, recorder=None, **kwargs):
    from azure.mgmt.durabletask import DurableTaskMgmtClient
    if recorder is not None:
        kwargs['raw_response_hook'] = recorder
    return DurableTaskMgmtClient(standin.credential(), standin.subscription_id, base_url=standin.url,
                                 connection_verify=standin.cert_path, polling_interval=0.05, **kwargs)


def resource_client(standin):
    from azure.mgmt.resource import ResourceManagementClient
    return ResourceManagementClient(standin.credential(), standin.subscription_id, base_url=standin.url,
                                    connection_verify=standin.cert_path, polling_interval=0.05)


class Raw:
    """Plain HTTP against the stand-in with a bearer token, for what the SDK cannot send."""

    def __init__(self, standin):
        self.standin = standin
        self.session = requests.Session()
        self.headers = {'Authorization': 'Bearer ' + standin.token()}

    def __call__(self, method, path, body=None, api=DT_API, headers=None, **params):
        query = dict(params)
        if api:
            query['api-version'] = api
        return self.session.request(method, self.standin.url + path, json=body, params=query,
                                    headers=self.headers if headers is None else headers,
                                    verify=self.standin.cert_path, timeout=30)


def sub_path(*parts):
    return '/subscriptions/{}/{}'.format(c.SUBSCRIPTION_ID, '/'.join(parts))


def scheduler_path(group, name):
    return sub_path('resourceGroups', group, 'providers/Microsoft.DurableTask/schedulers', name)


@pytest.fixture
def raw_for():
    return Raw
