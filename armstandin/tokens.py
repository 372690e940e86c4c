"""JWTs as Entra ID issues them, and their verification as ARM, Graph and the data plane do it.

Access tokens have the v1 shape ARM tokens have (`iss` sts.windows.net, `appid`, `upn` for users);
id tokens (user logins only) the v2 shape MSAL reads (`preferred_username`, `aud` = client id).
They are signed HS256 with a random key made once per state folder (`signing.key`, mode 0600): a token
from another stand-in, a hand-made one or an edited one is refused. Clients (az, MSAL, azure-core) never
verify them; the stand-in's front door does (`verify_access_token`): signature, `exp`/`nbf`, audience,
tenant.
"""

import base64
import datetime
import json
import os
import secrets
import time
import uuid

import jwt

from . import constants as c
from .config import SIGNING_KEY_FILE

# What Entra ID gives an access token by default: 60-90 minutes (EMULATOR_TOKEN_LIFETIME_SECONDS changes it).
TOKEN_LIFETIME_SECONDS = 3600
_HEADER = {'kid': 'armstandin', 'x5t': 'armstandin'}

# The audiences each front door accepts. ARM: both of its resource ids, with and without the trailing slash
# (az asks for https://management.core.windows.net/, the SDKs' default scope gives https://management.azure.com).
ARM_AUDIENCES = ('https://management.core.windows.net/', 'https://management.core.windows.net',
                 'https://management.azure.com/', 'https://management.azure.com')
# Graph: its resource id and app id; the stand-in's own URL is added at request time (az asks for the cloud's
# Microsoft Graph resource id, which az-local registers as the stand-in's URL, the host it calls).
GRAPH_AUDIENCES = ('https://graph.microsoft.com', 'https://graph.microsoft.com/',
                   '00000003-0000-0000-c000-000000000000')
DATA_PLANE_AUDIENCES = ('https://durabletask.io', 'https://durabletask.io/')


class TokenError(Exception):
    """The token is refused. `code` is the ARM error code to answer with, `reason` one of 'invalid',
    'expired', 'audience', 'tenant' (for the other front doors' own wording)."""

    def __init__(self, code, message, reason='invalid'):
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason


def ensure_signing_key(state_dir):
    """The state folder's signing key (bytes), made (random, mode 0600) the first time."""
    path = os.path.join(str(state_dir), SIGNING_KEY_FILE)
    try:
        with open(path, 'rb') as f:
            key = f.read().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        os.makedirs(str(state_dir), mode=0o700, exist_ok=True)
    key = secrets.token_hex(32).encode('ascii')
    tmp = '{}.{}.tmp'.format(path, os.getpid())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'wb') as f:
        f.write(key)
    try:
        if os.path.exists(path):
            os.replace(tmp, path)  # a damaged (short) key
        else:
            os.link(tmp, path)  # first writer wins: two processes starting at once agree on one key
    except FileExistsError:
        pass
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    with open(path, 'rb') as f:
        return f.read().strip()


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


def mint_access_token(principal, audience, key, client_id=None, lifetime=TOKEN_LIFETIME_SECONDS, now=None):
    """An access token for `principal` (a directory dict) with `aud` = `audience`, signed with `key`."""
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
    return jwt.encode(claims, key, algorithm='HS256', headers=_HEADER)


def mint_id_token(principal, client_id, issuer, key, lifetime=TOKEN_LIFETIME_SECONDS, now=None):
    now = int(time.time() if now is None else now)
    claims = _common(principal, now, lifetime)
    claims.update({'aud': client_id, 'iss': issuer, 'ver': '2.0',
                   'preferred_username': principal['userPrincipalName'], 'upn': principal['userPrincipalName'],
                   'name': principal['displayName']})
    return jwt.encode(claims, key, algorithm='HS256', headers=_HEADER)


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


def _utc(ts):
    """ARM's way of printing a time in its token errors: 12/1/2026 3:04:05 PM."""
    t = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return '{}/{}/{} {}:{:02d}:{:02d} {}'.format(
        t.month, t.day, t.year, (t.hour % 12) or 12, t.minute, t.second, 'AM' if t.hour < 12 else 'PM')


def verify_access_token(token, key, audiences, now=None):
    """The claims of a bearer token this stand-in issued for one of `audiences`, else TokenError: the
    signature first (nothing else of an unverified token is believed), then expiry, audience and tenant."""
    try:
        claims = jwt.decode(token, key, algorithms=['HS256'],
                            options={'verify_exp': False, 'verify_nbf': False, 'verify_iat': False,
                                     'verify_aud': False})
    except jwt.PyJWTError as ex:
        raise TokenError('InvalidAuthenticationToken', 'The access token is invalid.') from ex
    if not isinstance(claims, dict) or not claims.get('oid') or not claims.get('tid'):
        raise TokenError('InvalidAuthenticationToken',
                         "The access token is invalid: it has no 'oid' or no 'tid' claim.")
    now = time.time() if now is None else now
    exp, nbf = claims.get('exp'), claims.get('nbf')
    if not isinstance(exp, (int, float)) or exp <= now:
        raise TokenError('ExpiredAuthenticationToken',
                         "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.".format(
                             _utc(exp) if isinstance(exp, (int, float)) else '', _utc(now)), reason='expired')
    if isinstance(nbf, (int, float)) and nbf > now:
        raise TokenError('InvalidAuthenticationToken',
                         "The access token validity start UTC time '{}' is later than current UTC time '{}'.".format(
                             _utc(nbf), _utc(now)))
    aud = claims.get('aud')
    if not isinstance(aud, str) or aud.lower() not in {a.lower() for a in audiences}:
        raise TokenError('InvalidAuthenticationTokenAudience',
                         "The access token has been obtained for wrong audience or resource '{}'. It should exactly "
                         "match with one of the allowed audiences {}.".format(
                             aud, ','.join("'{}'".format(a) for a in audiences)), reason='audience')
    if str(claims['tid']).lower() != c.TENANT_ID:
        raise TokenError('InvalidAuthenticationTokenTenant',
                         "The access token is from the wrong issuer 'https://sts.windows.net/{}/'. It must match the "
                         "tenant 'https://sts.windows.net/{}/' associated with this subscription.".format(
                             claims['tid'], c.TENANT_ID), reason='tenant')
    return claims


def caller_from_claims(claims):
    """{'oid', 'name', 'type'} for systemData: users by UPN, applications by app id."""
    if claims.get('idtyp') == 'user' or claims.get('upn'):
        return {'oid': claims['oid'], 'name': claims.get('upn') or claims.get('unique_name') or claims['oid'],
                'type': 'User'}
    if claims.get('xms_mirid'):
        return {'oid': claims['oid'], 'name': claims.get('appid') or claims['oid'], 'type': 'ManagedIdentity'}
    return {'oid': claims['oid'], 'name': claims.get('appid') or claims['oid'], 'type': 'Application'}
