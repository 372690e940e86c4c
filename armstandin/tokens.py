"""JWTs as Entra ID issues them, close enough for az, MSAL and azure-core (none verifies them).

Access tokens have the v1 shape ARM tokens have (`iss` sts.windows.net, `appid`, `upn` for users);
id tokens (user logins only) the v2 shape MSAL reads (`preferred_username`, `aud` = client id).
"""

import base64
import json
import time
import uuid

import jwt

from . import constants as c

TOKEN_LIFETIME_SECONDS = 365 * 24 * 3600
_SIGNING_KEY = 'armstandin-local-signing-key-it-is-not-a-secret'
_HEADER = {'kid': 'armstandin', 'x5t': 'armstandin'}


class TokenError(Exception):
    """The token is not a JWT, or has expired. `code` is the ARM error code to answer with."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def _common(principal, now, lifetime):
    return {
        'tid': c.TENANT_ID,
        'oid': principal['id'],
        'sub': principal['id'],
        'iat': now,
        'nbf': now,
        'exp': now + lifetime,
        'uti': uuid.uuid4().hex[:22],
    }


def mint_access_token(principal, audience, client_id=None, lifetime=TOKEN_LIFETIME_SECONDS, now=None):
    """An access token for `principal` (a directory dict) with `aud` = `audience`."""
    now = int(time.time() if now is None else now)
    claims = _common(principal, now, lifetime)
    claims.update({'aud': audience, 'iss': 'https://sts.windows.net/{}/'.format(c.TENANT_ID), 'ver': '1.0'})
    if principal['kind'] == 'user':
        claims.update({
            'idtyp': 'user', 'upn': principal['userPrincipalName'], 'unique_name': principal['userPrincipalName'],
            'name': principal['displayName'], 'appid': client_id or c.AZURE_CLI_CLIENT_ID, 'appidacr': '0',
            'scp': 'user_impersonation', 'amr': ['pwd'],
        })
        if principal.get('givenName'):
            claims['given_name'] = principal['givenName']
        if principal.get('surname'):
            claims['family_name'] = principal['surname']
    else:
        claims.update({'idtyp': 'app', 'appid': principal['appId'], 'appidacr': '1'})
        if principal.get('servicePrincipalType') == 'ManagedIdentity' and principal.get('resourceId'):
            claims['xms_mirid'] = principal['resourceId']
    return jwt.encode(claims, _SIGNING_KEY, algorithm='HS256', headers=_HEADER)


def mint_id_token(principal, client_id, issuer, lifetime=TOKEN_LIFETIME_SECONDS, now=None):
    now = int(time.time() if now is None else now)
    claims = _common(principal, now, lifetime)
    claims.update({'aud': client_id, 'iss': issuer, 'ver': '2.0',
                   'preferred_username': principal['userPrincipalName'], 'upn': principal['userPrincipalName'],
                   'name': principal['displayName']})
    return jwt.encode(claims, _SIGNING_KEY, algorithm='HS256', headers=_HEADER)


def client_info(principal):
    return _b64url(json.dumps({'uid': principal['id'], 'utid': c.TENANT_ID}).encode())


def mint_refresh_token(principal, client_id):
    payload = {'oid': principal['id'], 'cid': client_id, 'n': uuid.uuid4().hex}
    return 'rt.' + _b64url(json.dumps(payload).encode())


def parse_refresh_token(token):
    """The (object id, client id) a refresh token was issued for, or None."""
    if not token or not token.startswith('rt.'):
        return None
    try:
        payload = json.loads(_b64url_decode(token[3:]))
        return payload['oid'], payload.get('cid')
    except (ValueError, KeyError, TypeError):
        return None


def parse_access_token(token, now=None):
    """Claims of a bearer token, without verifying the signature. Raises TokenError."""
    try:
        claims = jwt.decode(token, options={'verify_signature': False, 'verify_exp': False,
                                            'verify_aud': False, 'verify_iat': False, 'verify_nbf': False})
    except jwt.PyJWTError as ex:
        raise TokenError('InvalidAuthenticationToken', 'The access token is invalid.') from ex
    if not isinstance(claims, dict) or not claims.get('oid') or not claims.get('tid'):
        raise TokenError('InvalidAuthenticationToken',
                         "The access token is invalid: it has no 'oid' or no 'tid' claim.")
    now = time.time() if now is None else now
    exp = claims.get('exp')
    if isinstance(exp, (int, float)) and exp < now:
        raise TokenError('ExpiredAuthenticationToken',
                         'The access token expiry UTC time is earlier than current UTC time.')
    return claims


def caller_from_claims(claims):
    """{'oid', 'name', 'type'} for systemData: users by UPN, applications by app id."""
    if claims.get('idtyp') == 'user' or claims.get('upn'):
        return {'oid': claims['oid'], 'name': claims.get('upn') or claims.get('unique_name') or claims['oid'],
                'type': 'User'}
    if claims.get('xms_mirid'):
        return {'oid': claims['oid'], 'name': claims.get('appid') or claims['oid'], 'type': 'ManagedIdentity'}
    return {'oid': claims['oid'], 'name': claims.get('appid') or claims['oid'], 'type': 'Application'}
