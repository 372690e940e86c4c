"""Where the stand-in keeps its state, and the EMULATOR_* knobs it reads at start."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

STATE_DIR_ENV = 'ARMSTANDIN_STATE_DIR'

# Files (and folders) in the state dir that belong to the stand-in (and to scripts/az-local):
# `reset` removes exactly these and leaves anything else (e.g. `.local/extensions`) alone.
DB_FILE = 'standin.db'
SERVER_FILE = 'server.json'
LOG_FILE = 'server.log'
REQUEST_LOG_FILE = 'requests.jsonl'
CERT_FILE = 'cert.pem'
KEY_FILE = 'key.pem'
SIGNING_KEY_FILE = 'signing.key'  # the tokens' HS256 key (tokens.ensure_signing_key)
AZ_PROFILE_DIR = 'azure'
OWNED_NAMES = (DB_FILE, DB_FILE + '-wal', DB_FILE + '-shm', DB_FILE + '-journal', SERVER_FILE, LOG_FILE,
               REQUEST_LOG_FILE, CERT_FILE, KEY_FILE, SIGNING_KEY_FILE, AZ_PROFILE_DIR)


def private_dir(path):
    """Make (or keep) `path` a folder only its owner may enter (0700): it holds tokens' key, logs, the database."""
    os.makedirs(str(path), mode=0o700, exist_ok=True)
    os.chmod(str(path), 0o700)
    return path


def private_file(path):
    """Create `path` if missing; either way readable and writable by its owner only (0600)."""
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(str(path), 0o600)
    return path


def open_private(path, mode='ab'):
    """open() for a state file (log, server.json), created 0600."""
    private_file(path)
    return open(str(path), mode, encoding=None if 'b' in mode else 'utf-8')  # pylint: disable=consider-using-with


def resolve_state_dir(value=None):
    """--state-dir, else $ARMSTANDIN_STATE_DIR, else `.local/` under the current directory."""
    raw = value or os.environ.get(STATE_DIR_ENV) or '.local'
    return Path(raw).expanduser().resolve()


def _float(env, name, default, low=None, high=None):
    raw = env.get(name)
    if raw is None or raw.strip() == '':
        return default
    try:
        value = float(raw)
    except ValueError as ex:
        raise ValueError('{} must be a number, got {!r}'.format(name, raw)) from ex
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError('{} must be between {} and {}, got {!r}'.format(name, low, high, raw))
    return value


@dataclass(frozen=True)
class Settings:
    provisioning_seconds: float = 2.0
    fault_rate: float = 0.0
    fault_seed: int = 0
    unregistered: bool = False
    page_size: int = 100
    # None (Azure's default for Microsoft.DurableTask): LRO answers carry no Retry-After.
    retry_after: Optional[float] = None
    # Names (regex, matched in full, case-insensitive) of resources whose provisioning ends Failed.
    fail_provisioning: str = ''
    # How long a new managed identity's service principal is unknown to role assignments (PrincipalNotFound).
    principal_replication_seconds: float = 2.0
    # Lifetime of the access tokens the token endpoint issues (Entra ID: 60-90 minutes).
    token_lifetime_seconds: int = 3600

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        page_size = int(_float(env, 'EMULATOR_PAGE_SIZE', 100, low=1))
        return cls(
            provisioning_seconds=_float(env, 'EMULATOR_PROVISIONING_SECONDS', 2.0, low=0),
            fault_rate=_float(env, 'EMULATOR_FAULT_RATE', 0.0, low=0, high=1),
            fault_seed=int(_float(env, 'EMULATOR_FAULT_SEED', 0)),
            unregistered=env.get('EMULATOR_UNREGISTERED', '').strip().lower() in ('1', 'true', 'yes'),
            page_size=page_size,
            retry_after=_float(env, 'EMULATOR_RETRY_AFTER', None, low=0),
            fail_provisioning=env.get('EMULATOR_FAIL_PROVISIONING', ''),
            principal_replication_seconds=_float(env, 'EMULATOR_PRINCIPAL_REPLICATION_SECONDS', 2.0, low=0),
            token_lifetime_seconds=int(_float(env, 'EMULATOR_TOKEN_LIFETIME_SECONDS', 3600, low=1)),
        )

    def retry_after_header(self, cap=None):
        """Whole seconds: the generated SDKs deserialize Retry-After as an int ("0.5" breaks them), so
        fractions are rounded down; 0 makes azure-core poll at the client's polling_interval. Unset (the
        default), faults still say when to retry (`cap`, else 0)."""
        if self.retry_after is None:
            return str(int(cap or 0))
        value = self.retry_after if cap is None else min(self.retry_after, cap)
        return str(int(value))
