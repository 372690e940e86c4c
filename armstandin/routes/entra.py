"""Entra ID (login.microsoftonline.com) as MSAL 1.39 uses it from az 2.91.

- GET  /{tenant}/v2.0/.well-known/openid-configuration    tenant discovery
- POST /{tenant}/oauth2/v2.0/token                         client_credentials (service principals),
                                                           password (ROPC, users), refresh_token
- GET  /adfs/.well-known/openid-configuration, POST /adfs/oauth2/token
                                                           the same, for a cloud whose Active Directory
                                                           endpoint ends in /adfs (MSAL then skips the
                                                           user-realm call, see README)
- GET  /common/userrealm/{username}                        user realm discovery (Managed)

Tenants accepted: the seeded tenant id, its domain, `organizations` and `common`. Credentials are
checked against the directory: an unknown client id or a wrong secret or password is refused with
Entra's error shape ({"error", "error_description", "error_codes"}).
"""

import time
import uuid
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse

from .. import constants as c
from .. import directory, tokens
from ..arm import ArmRoute, base_url, ctx

_TENANT_ALIASES = {c.TENANT_ID.lower(), c.TENANT_DOMAIN.lower(), 'organizations', 'common', 'adfs'}
_OIDC_SCOPES = {'openid', 'profile', 'offline_access'}


def _oauth_error(status, error, code, description):
    return JSONResponse({
        'error': error,
        'error_description': 'AADSTS{}: {}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}'.format(
            code, description, uuid.uuid4(), uuid.uuid4(), time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime())),
        'error_codes': [code],
        'timestamp': time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime()),
        'trace_id': str(uuid.uuid4()),
        'correlation_id': str(uuid.uuid4()),
    }, status_code=status)


def _unknown_tenant(tenant):
    return _oauth_error(400, 'invalid_tenant', 90002,
                        "Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing "
                        "into the correct cloud.".format(tenant))


def _openid_configuration(request, tenant_path, token_path):
    base = base_url(request)
    return {
        'token_endpoint': '{}/{}'.format(base, token_path),
        'token_endpoint_auth_methods_supported': ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        'jwks_uri': '{}/{}/discovery/v2.0/keys'.format(base, tenant_path),
        'response_modes_supported': ['query', 'fragment', 'form_post'],
        'subject_types_supported': ['pairwise'],
        'id_token_signing_alg_values_supported': ['RS256'],
        'response_types_supported': ['code', 'id_token', 'code id_token', 'id_token token'],
        'scopes_supported': ['openid', 'profile', 'email', 'offline_access'],
        'issuer': '{}/{}/v2.0'.format(base, c.TENANT_ID),
        'request_uri_parameter_supported': False,
        'userinfo_endpoint': '{}/oidc/userinfo'.format(base),
        'authorization_endpoint': '{}/{}/oauth2/v2.0/authorize'.format(base, tenant_path),
        'device_authorization_endpoint': '{}/{}/oauth2/v2.0/devicecode'.format(base, tenant_path),
        'http_logout_supported': True,
        'frontchannel_logout_supported': True,
        'end_session_endpoint': '{}/{}/oauth2/v2.0/logout'.format(base, tenant_path),
        'claims_supported': ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'preferred_username', 'oid', 'tid',
                             'upn'],
        'tenant_region_scope': 'NA',
        'cloud_instance_name': 'microsoftonline.com',
        'cloud_graph_host_name': 'graph.windows.net',
        'msgraph_host': 'graph.microsoft.com',
    }


async def openid_configuration(request):
    tenant = request.path_params['tenant']
    if tenant.lower() not in _TENANT_ALIASES:
        return _unknown_tenant(tenant)
    return JSONResponse(_openid_configuration(request, tenant, '{}/oauth2/v2.0/token'.format(tenant)))


async def adfs_openid_configuration(request):
    return JSONResponse(_openid_configuration(request, 'adfs', 'adfs/oauth2/token'))


async def user_realm(request):
    username = request.path_params['username']
    domain = username.rsplit('@', 1)[-1]
    return JSONResponse({'ver': '1.0', 'account_type': 'Managed', 'domain_name': domain,
                         'cloud_instance_name': 'microsoftonline.com',
                         'cloud_audience_urn': 'urn:federation:MicrosoftOnline'})


def _audience(scope):
    """The resource of the first non-OIDC scope: 'https://x/.default' -> 'https://x/'."""
    for s in (scope or '').split():
        if s.lower() in _OIDC_SCOPES:
            continue
        if s.endswith('/.default'):  # 'https://x//.default' -> 'https://x/', 'https://x/.default' -> 'https://x'
            return s[:-len('/.default')]
        return s.rsplit('/', 1)[0] + '/' if '/' in s else s
    return None


async def token(request):
    tenant = request.path_params.get('tenant', 'adfs')
    if tenant.lower() not in _TENANT_ALIASES:
        return _unknown_tenant(tenant)
    store, _ = ctx(request)
    # application/x-www-form-urlencoded (Starlette's form parser would need python-multipart)
    form = dict(parse_qsl((await request.body()).decode('utf-8'), keep_blank_values=True))
    grant = form.get('grant_type')
    scope = form.get('scope', '')
    client_id = form.get('client_id', '')
    audience = _audience(scope)
    if grant in ('password', 'refresh_token', 'client_credentials') and not audience:
        return _oauth_error(400, 'invalid_scope', 70011,
                            "The provided value for the input parameter 'scope' is not valid. The scope '{}' is not "
                            "valid.".format(scope))

    if grant == 'client_credentials':
        sp = directory.by_app_id(store, client_id)
        if not sp or sp['kind'] != 'servicePrincipal':
            return _oauth_error(400, 'unauthorized_client', 700016,
                                "Application with identifier '{}' was not found in the directory '{}'.".format(
                                    client_id, c.TENANT_DISPLAY_NAME))
        if form.get('client_assertion'):
            pass  # certificate / federated credential: accepted without checking the signature
        elif not sp.get('secret') or form.get('client_secret') != sp['secret']:
            return _oauth_error(401, 'invalid_client', 7000215,
                                'Invalid client secret provided. Ensure the secret being sent in the request is '
                                "the client secret value, not the client secret ID, for a secret added to app "
                                "'{}'.".format(client_id))
        return JSONResponse(_token_response(request, sp, audience, scope, client_id, user_login=False))

    if grant == 'password':
        user = directory.by_upn(store, form.get('username'))
        if not user or user.get('password') is None or form.get('password') != user['password']:
            return _oauth_error(400, 'invalid_grant', 50126,
                                'Error validating credentials due to invalid username or password.')
        return JSONResponse(_token_response(request, user, audience, scope, client_id or c.AZURE_CLI_CLIENT_ID))

    if grant == 'refresh_token':
        parsed = tokens.parse_refresh_token(form.get('refresh_token'))
        principal = directory.get(store, parsed[0]) if parsed else None
        if not principal:
            return _oauth_error(400, 'invalid_grant', 9002313,
                                'Invalid request. The refresh token is malformed or not valid.')
        return JSONResponse(_token_response(request, principal, audience, scope, client_id or parsed[1]))

    return _oauth_error(400, 'unsupported_grant_type', 70003,
                        "The app requested an unsupported grant type '{}'.".format(grant))


def _token_response(request, principal, audience, scope, client_id, user_login=True):
    """The token answer; the access token's `aud` is the resource of the requested scope, whatever it is (a
    front door refuses a token for another audience, as Azure's do)."""
    _, settings = ctx(request)
    key = request.app.state.signing_key
    lifetime = settings.token_lifetime_seconds
    granted = ' '.join(s for s in scope.split() if s.lower() not in _OIDC_SCOPES)
    body = {
        'token_type': 'Bearer',
        'scope': granted,
        'expires_in': lifetime,
        'ext_expires_in': lifetime,
        'access_token': tokens.mint_access_token(principal, audience, key, client_id=client_id, lifetime=lifetime),
    }
    if principal['kind'] == 'user' and user_login:
        issuer = '{}/{}/v2.0'.format(base_url(request), c.TENANT_ID)
        body.update({
            'refresh_token': tokens.mint_refresh_token(principal, client_id),
            'id_token': tokens.mint_id_token(principal, client_id, issuer, key),
            'client_info': tokens.client_info(principal),
        })
    return body


def routes():
    return [
        ArmRoute('/adfs/.well-known/openid-configuration', adfs_openid_configuration, methods=['GET']),
        ArmRoute('/adfs/oauth2/token', token, methods=['POST']),
        ArmRoute('/common/userrealm/{username}', user_realm, methods=['GET']),
        ArmRoute('/{tenant}/v2.0/.well-known/openid-configuration', openid_configuration, methods=['GET']),
        ArmRoute('/{tenant}/oauth2/v2.0/token', token, methods=['POST']),
    ]


# Paths that need no bearer token and never get injected faults.
PUBLIC_PATTERNS = (
    r'^/adfs/',
    r'^/common/userrealm/',
    r'^/[^/]+/v2\.0/\.well-known/openid-configuration\Z',  # \Z: not before a trailing newline
    r'^/[^/]+/oauth2/',
)
