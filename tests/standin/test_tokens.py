"""Tokens are verified as Azure's front doors verify them: signed with the state folder's own key, not expired,
for the seeded tenant and for the front door's audience; the token endpoint issues the audience asked for."""

import os
import stat
import time

import jwt
import pytest

from armstandin import constants as c
from armstandin import directory, tokens
from armstandin.testing import running_standin

from .conftest import Raw, sub_path

GROUPS = sub_path('resourcegroups')
LOGIN_APP = next(p for p in directory.SEEDED if p['id'] == c.LOGIN_APP_OBJECT_ID)


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('tokens')) as s:
        yield s


def _arm_get(standin, token, path=GROUPS, api='2024-11-01'):
    return Raw(standin)('GET', path, api=api, headers={'Authorization': 'Bearer ' + token})


def _graph_get(standin, token):
    return Raw(standin)('GET', '/v1.0/servicePrincipals', api=None, headers={'Authorization': 'Bearer ' + token})


def _claims(token):
    return jwt.decode(token, options={'verify_signature': False})


def test_each_state_folder_has_its_own_private_random_key(tmp_path):
    first, second = tokens.ensure_signing_key(tmp_path / 'a'), tokens.ensure_signing_key(tmp_path / 'b')
    assert first != second and len(first) >= 32
    assert tokens.ensure_signing_key(tmp_path / 'a') == first  # made once, then read
    assert stat.S_IMODE(os.stat(tmp_path / 'a' / 'signing.key').st_mode) == 0o600


def test_the_token_endpoint_issues_the_audience_asked_for(standin):
    assert _claims(standin.token())['aud'] == 'https://management.core.windows.net/'
    assert _claims(standin.token(scope='https://management.azure.com/.default'))['aud'] == \
        'https://management.azure.com'
    assert _claims(standin.token(scope='https://durabletask.io/.default'))['aud'] == 'https://durabletask.io'
    assert _claims(standin.token(scope=standin.url + '/.default'))['aud'] == standin.url


def test_arm_accepts_both_of_its_audiences_and_graph_its_own(standin):
    assert _arm_get(standin, standin.token()).status_code == 200
    assert _arm_get(standin, standin.token(scope='https://management.azure.com/.default')).status_code == 200
    assert _graph_get(standin, standin.token(scope=standin.url + '/.default')).status_code == 200
    assert _graph_get(standin, standin.token(scope='https://graph.microsoft.com/.default')).status_code == 200


@pytest.mark.parametrize('scope', ['https://durabletask.io/.default', 'https://graph.microsoft.com/.default',
                                   'https://vault.azure.net/.default'])
def test_arm_refuses_a_token_for_another_audience(standin, scope):
    answer = _arm_get(standin, standin.token(scope=scope))
    assert answer.status_code == 401
    error = answer.json()['error']
    assert error['code'] == 'InvalidAuthenticationTokenAudience'
    assert error['message'].startswith("The access token has been obtained for wrong audience or resource '{}'. "
                                       'It should exactly match with one of the allowed audiences '
                                       "'https://management.core.windows.net/'".format(scope[:-len('/.default')]))
    assert 'invalid_token' in answer.headers['WWW-Authenticate']


def test_graph_refuses_an_arm_token(standin):
    answer = _graph_get(standin, standin.token())
    assert answer.status_code == 401
    assert answer.json()['error']['code'] == 'InvalidAuthenticationToken'
    assert 'Invalid audience' in answer.json()['error']['message']


def test_a_token_signed_with_another_key_is_refused(standin):
    now = int(time.time())
    for key in (b'armstandin-local-signing-key-it-is-not-a-secret',  # the fixed key of earlier versions
                tokens.ensure_signing_key(standin.state_dir.parent / 'another-state-folder')):
        forged = tokens.mint_access_token(LOGIN_APP, 'https://management.core.windows.net/', key, now=now)
        answer = _arm_get(standin, forged)
        assert answer.status_code == 401
        assert answer.json()['error'] == {'code': 'InvalidAuthenticationToken',
                                          'message': 'The access token is invalid.', 'details': [],
                                          'additionalInfo': []}
        assert _graph_get(standin, tokens.mint_access_token(LOGIN_APP, standin.url, key, now=now)).status_code == 401
    unsigned = jwt.encode(_claims(standin.token()), key='', algorithm='none')
    assert _arm_get(standin, unsigned).status_code == 401


def test_an_expired_or_not_yet_valid_token_is_refused(standin):
    key = standin.signing_key()
    expired = tokens.mint_access_token(LOGIN_APP, 'https://management.core.windows.net/', key,
                                       lifetime=3600, now=time.time() - 3700)
    answer = _arm_get(standin, expired)
    assert answer.status_code == 401
    assert answer.json()['error']['code'] == 'ExpiredAuthenticationToken'
    assert answer.json()['error']['message'].startswith('The access token expiry UTC time ')
    graph = _graph_get(standin, tokens.mint_access_token(LOGIN_APP, standin.url, key, lifetime=60,
                                                         now=time.time() - 120))
    assert graph.status_code == 401 and 'expired' in graph.json()['error']['message']

    early = tokens.mint_access_token(LOGIN_APP, 'https://management.core.windows.net/', key, now=time.time() + 600)
    answer = _arm_get(standin, early)
    assert (answer.status_code, answer.json()['error']['code']) == (401, 'InvalidAuthenticationToken')


def test_a_token_of_another_tenant_is_refused(standin):
    claims = _claims(standin.token())
    claims['tid'] = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    other = jwt.encode(claims, standin.signing_key(), algorithm='HS256')
    answer = _arm_get(standin, other)
    assert (answer.status_code, answer.json()['error']['code']) == (401, 'InvalidAuthenticationTokenTenant')


def test_the_token_lifetime_is_entra_like_and_a_knob(tmp_path):
    assert 3000 <= tokens.TOKEN_LIFETIME_SECONDS <= 5400
    with running_standin(tmp_path, EMULATOR_TOKEN_LIFETIME_SECONDS=1) as short:
        answer = short.token_response()
        assert answer['expires_in'] == 1
        time.sleep(1.5)
        assert _arm_get(short, answer['access_token']).status_code == 401
