# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A scheduler's managed identities (2026-07-01): `scheduler create/update --mi-system-assigned/--mi-user-assigned`
and `scheduler identity assign | remove | show | wait`."""

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

# ARM's ManagedServiceIdentityType values (common-types v4+: no space after the comma).
NONE, SYSTEM, USER, SYSTEM_AND_USER = 'None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned'
# In --user-assigned (as aaz commands take it), this element stands for the system-assigned identity.
SYSTEM_ELEMENT = '[system]'


class Identities:
    """What a scheduler's identity is made of: the system-assigned one (on or off) and user-assigned ids."""

    def __init__(self, system=False, user=()):
        self.system = bool(system)
        self.user = list(dict.fromkeys(user))

    @classmethod
    def of(cls, identity):
        """From an SDK ManagedServiceIdentity (or None)."""
        if identity is None:
            return cls()
        kind = str(getattr(identity.type, 'value', identity.type) or NONE).replace(' ', '')
        return cls(system=kind in (SYSTEM, SYSTEM_AND_USER),
                   user=list((identity.user_assigned_identities or {}).keys()) if 'UserAssigned' in kind else [])

    @property
    def type(self):
        if self.system and self.user:
            return SYSTEM_AND_USER
        return SYSTEM if self.system else (USER if self.user else NONE)

    def _has(self, identity_id):
        return any(u.lower() == identity_id.lower() for u in self.user)

    def plus(self, system=False, user=()):
        return Identities(self.system or system, self.user + [u for u in user if not self._has(u)])

    def minus(self, system=False, user=None):
        """`user`: ids to remove; [] removes every user-assigned identity; None removes none."""
        if user is None:
            kept = self.user
        elif not user:
            kept = []
        else:
            gone = {u.lower() for u in user}
            kept = [u for u in self.user if u.lower() not in gone]
        return Identities(self.system and not system, kept)

    def model(self):
        """The ManagedServiceIdentity to send: the whole desired identity, nothing left implicit."""
        from azure.mgmt.durabletask.models import ManagedServiceIdentity, UserAssignedIdentity
        return ManagedServiceIdentity(
            type=self.type, user_assigned_identities={u: UserAssignedIdentity() for u in self.user} or None)


def split_user_assigned(values):
    """(system wanted, user-assigned ids) from --user-assigned values, where '[system]' means the system one."""
    values = list(values or [])
    system = any(v.strip().lower() == SYSTEM_ELEMENT for v in values)
    return system, [v.strip() for v in values if v.strip().lower() != SYSTEM_ELEMENT]


def requested_identity(system_assigned=False, user_assigned=None):
    """The identity `scheduler create` sends for --mi-system-assigned/--mi-user-assigned, or None."""
    in_list, user = split_user_assigned(user_assigned)
    wanted = Identities(system_assigned or in_list, user)
    return wanted.model() if wanted.type != NONE else None


def _patch_identity(cmd, client, resource_group_name, scheduler_name, identities, *, no_wait, message):
    from azure.mgmt.durabletask.models import SchedulerUpdate
    body = SchedulerUpdate(identity=identities.model())
    scheduler = run_lro(cmd, lambda **polling: client.begin_update(resource_group_name, scheduler_name, body,
                                                                   **polling),
                        no_wait, message=message)
    return None if scheduler is None else (scheduler.identity or {'type': NONE})


def _current(client, resource_group_name, scheduler_name):
    with service_errors():
        return Identities.of(client.get(resource_group_name, scheduler_name).identity)


def assign_identity(cmd, client, resource_group_name, scheduler_name, *, system_assigned=False, user_assigned=None,
                    no_wait=False):
    """Add identities to those the scheduler has (a GET, then a PATCH with the whole identity)."""
    in_list, user = split_user_assigned(user_assigned)
    identities = _current(client, resource_group_name, scheduler_name).plus(system_assigned or in_list, user)
    return _patch_identity(cmd, client, resource_group_name, scheduler_name, identities, no_wait=no_wait,
                           message=f"Assigning identities to scheduler '{scheduler_name}'")


def remove_identity(cmd, client, resource_group_name, scheduler_name, *, system_assigned=False, user_assigned=None,
                    no_wait=False):
    """Remove identities; --user-assigned without ids removes every user-assigned one."""
    in_list, user = split_user_assigned(user_assigned)
    identities = _current(client, resource_group_name, scheduler_name).minus(
        system_assigned or in_list, user if user_assigned is not None and (user or not in_list) else None)
    return _patch_identity(cmd, client, resource_group_name, scheduler_name, identities, no_wait=no_wait,
                           message=f"Removing identities from scheduler '{scheduler_name}'")


def show_identity(client, resource_group_name, scheduler_name):
    """`client`: an ArmJsonClient (one GET, no SDK import)."""
    from azext_durabletask._client_factory import arm_json, scheduler_path
    with service_errors():
        return arm_json(client, 'GET', scheduler_path(client, resource_group_name, scheduler_name)).get(
            'identity') or {'type': NONE}


def get_scheduler_for_wait(cmd, client, resource_group_name, scheduler_name):
    """`identity wait`: the scheduler itself (its identity changes with a PATCH of the scheduler)."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name), 'Scheduler', scheduler_name)
