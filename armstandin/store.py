"""A small generic resource store on SQLite, shared by every provider module.

A resource is a JSON body kept under its ARM id (case-insensitive), with a type and a lifecycle
state. Long-running work is modelled with timestamps, not threads: a resource that is
`Provisioning`/`Updating`/`Deleting` carries `state_until`; the first read after that moment settles
it (into its `final_state`, or away for `Deleting`). Children are the resources whose id extends a
parent's id, so deleting a parent (or a resource group) takes its children with it.

Operations (the async-operation / location monitors of LROs) live in their own table; `kv` holds
small settings such as provider registrations.
"""

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Optional

TERMINAL_STATES = ('Succeeded', 'Failed', 'Canceled')
# Key of a body held back while an update runs: the resource shows its old body until the update settles
# (Microsoft.DurableTask schedulers keep their old allow list while `Updating`).
PENDING = '_pending'


_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    key TEXT PRIMARY KEY,          -- lower-cased id
    id TEXT NOT NULL,
    type TEXT NOT NULL,            -- e.g. Microsoft.DurableTask/schedulers (compared case-insensitively)
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    state_until REAL,
    final_state TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS resources_type ON resources(lower(type));
CREATE TABLE IF NOT EXISTS operations (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL,
    action TEXT NOT NULL,
    started REAL NOT NULL,
    until REAL NOT NULL,
    final_status TEXT NOT NULL,
    error TEXT
);
CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def _key(resource_id):
    return resource_id.rstrip('/').lower()


@dataclass
class Resource:
    id: str
    type: str
    body: dict
    state: str
    state_until: Optional[float]
    final_state: str
    created: float
    updated: float
    seq: int = 0

    @property
    def busy(self):
        """True while a create, update or delete is still running."""
        return self.state not in TERMINAL_STATES


@dataclass
class Operation:
    id: str
    resource_id: str
    action: str
    started: float
    until: float
    final_status: str
    error: Optional[dict]

    def status(self, now=None):
        now = time.time() if now is None else now
        return 'InProgress' if now < self.until else self.final_status

    @property
    def done(self):
        return self.status() != 'InProgress'


class Store:
    def __init__(self, path):
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute('PRAGMA journal_mode=WAL')
        self._db.execute('PRAGMA synchronous=NORMAL')
        self._db.executescript(_SCHEMA)

    def close(self):
        with self._lock:
            self._db.close()

    # --- resources ----------------------------------------------------------------------------

    def get(self, resource_id) -> Optional[Resource]:
        with self._lock:
            row = self._db.execute('SELECT * FROM resources WHERE key = ?', (_key(resource_id),)).fetchone()
            return self._settle(row) if row else None

    def exists(self, resource_id):
        return self.get(resource_id) is not None

    def list(self, rtype=None, under=None, offset=0, limit=None):
        """Resources of `rtype` (case-insensitive) below the id `under`, in creation order; `offset`/`limit`
        select a window (a page), so a large list is not decoded whole for every page."""
        sql, args = 'SELECT * FROM resources WHERE 1=1', []
        if rtype:
            sql += ' AND lower(type) = ?'
            args.append(rtype.lower())
        if under:
            low = _key(under) + '/'
            sql += ' AND key >= ? AND key < ?'
            args += [low, low[:-1] + '0']  # '0' sorts right after '/'
        sql += ' ORDER BY seq'
        if limit is not None or offset:
            sql += ' LIMIT ? OFFSET ?'
            args += [-1 if limit is None else limit, offset]
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
            return [r for r in (self._settle(row) for row in rows) if r is not None]

    def put(self, resource_id, rtype, body, *, state='Succeeded', seconds=0.0, final_state='Succeeded'):
        """Create or replace a resource. A non-terminal `state` lasts `seconds`, then becomes `final_state`."""
        now = time.time()
        until = now + seconds if state not in TERMINAL_STATES else None
        with self._lock:
            old = self._db.execute('SELECT created, seq FROM resources WHERE key = ?',
                                   (_key(resource_id),)).fetchone()
            if old:
                created, seq = old[0], old[1]
            else:
                created = now
                seq = (self._db.execute('SELECT COALESCE(MAX(seq), 0) FROM resources').fetchone()[0]) + 1
            self._db.execute(
                'INSERT OR REPLACE INTO resources (key, id, type, body, state, state_until, final_state, created, '
                'updated, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (_key(resource_id), resource_id, rtype, json.dumps(body), state, until, final_state,
                 created, now, seq))
            return self.get(resource_id)

    def update(self, resource_id, body=None, *, state=None, seconds=0.0, final_state='Succeeded'):
        """Replace the body (keeping the lifecycle state), and/or start a state such as `Updating`."""
        with self._lock:
            current = self.get(resource_id)
            if current is None:
                raise KeyError(resource_id)
            if state is not None:
                return self.put(resource_id, current.type, current.body if body is None else body,
                                state=state, seconds=seconds, final_state=final_state)
            self._db.execute('UPDATE resources SET body = ?, updated = ? WHERE key = ?',
                             (json.dumps(current.body if body is None else body), time.time(), _key(resource_id)))
            return self.get(resource_id)

    def begin_delete(self, resource_id, seconds):
        """Mark a resource and all its children `Deleting`; they vanish after `seconds`."""
        if seconds <= 0:
            return self.delete(resource_id)
        until = time.time() + seconds
        low = _key(resource_id)
        with self._lock:
            cur = self._db.execute(
                "UPDATE resources SET state = 'Deleting', state_until = ? "
                "WHERE key = ? OR (key >= ? AND key < ?)", (until, low, low + '/', low + '0'))
            return cur.rowcount

    def delete(self, resource_id):
        """Remove a resource and all its children now. Returns how many rows went."""
        low = _key(resource_id)
        with self._lock:
            cur = self._db.execute('DELETE FROM resources WHERE key = ? OR (key >= ? AND key < ?)',
                                   (low, low + '/', low + '0'))
            return cur.rowcount

    def _settle(self, row):
        res = Resource(id=row[1], type=row[2],
                       body=json.loads(row[3]), state=row[4], state_until=row[5], final_state=row[6],
                       created=row[7], updated=row[8], seq=row[9])
        if res.state_until is not None and time.time() >= res.state_until:
            if res.state == 'Deleting':
                self.delete(res.id)
                return None
            res.state, res.state_until = res.final_state, None
            if PENDING in res.body and res.state == 'Succeeded':  # an asynchronous replace takes effect now
                res.body = res.body[PENDING]
            res.body.pop(PENDING, None)
            self._db.execute('UPDATE resources SET state = ?, state_until = NULL, body = ? WHERE key = ?',
                             (res.state, json.dumps(res.body), _key(res.id)))
        return res

    # --- operations -----------------------------------------------------------------------------

    def new_operation(self, resource_id, action, seconds, final_status='Succeeded', error=None,
                      op_id=None) -> Operation:
        """`op_id`: the provider's own form of operation id (kept lower-case: lookups are case-insensitive)."""
        now = time.time()
        op = Operation(id=(op_id or str(uuid.uuid4())).lower(), resource_id=resource_id, action=action, started=now,
                       until=now + max(seconds, 0.0), final_status=final_status, error=error)
        with self._lock:
            self._db.execute('INSERT INTO operations VALUES (?, ?, ?, ?, ?, ?, ?)',
                             (op.id, op.resource_id, op.action, op.started, op.until, op.final_status,
                              json.dumps(error) if error else None))
        return op

    def get_operation(self, op_id) -> Optional[Operation]:
        with self._lock:
            row = self._db.execute('SELECT * FROM operations WHERE id = ?', (op_id.lower(),)).fetchone()
        if not row:
            return None
        return Operation(id=row[0], resource_id=row[1], action=row[2], started=row[3], until=row[4],
                         final_status=row[5], error=json.loads(row[6]) if row[6] else None)

    # --- key/value --------------------------------------------------------------------------------

    def kv_get(self, key, default=None):
        with self._lock:
            row = self._db.execute('SELECT value FROM kv WHERE key = ?', (key.lower(),)).fetchone()
        return json.loads(row[0]) if row else default

    def kv_set(self, key, value):
        with self._lock:
            self._db.execute('INSERT OR REPLACE INTO kv VALUES (?, ?)', (key.lower(), json.dumps(value)))

    def kv_delete(self, key):
        with self._lock:
            self._db.execute('DELETE FROM kv WHERE key = ?', (key.lower(),))

    def kv_list(self, prefix):
        low = prefix.lower()
        with self._lock:
            rows = self._db.execute('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key',
                                    (low, low + '\uffff')).fetchall()
        return [(k, json.loads(v)) for k, v in rows]
