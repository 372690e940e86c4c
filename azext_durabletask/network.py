# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler private-endpoint-connection and private-link-resource.

A private endpoint is created on the network side (az network private-endpoint create, group id `scheduler`); the
scheduler then holds a connection to it. One created with --manual-request waits, Pending, until the scheduler's
owner approves or rejects it here. Public access itself is `scheduler create/update --public-network-access`.
"""

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

# The service answers 400 to approving a rejected connection (its code is not documented, so match the status).
_REJECTED_STAYS_REJECTED = {
    400: 'If the connection was rejected: it cannot be approved again. Delete it, then have the private endpoint '
         'request a new connection (az network private-endpoint create ... --manual-request).',
}


def build_connection_state_update(status, description=None):
    """The PATCH body of approve/reject: the new status, and the description only when one is given."""
    from azure.mgmt.durabletask.models import (OptionalPropertiesUpdateableProperties,
                                               PrivateEndpointConnectionUpdate, PrivateLinkServiceConnectionState)
    state = PrivateLinkServiceConnectionState(status=status, description=description)
    return PrivateEndpointConnectionUpdate(
        properties=OptionalPropertiesUpdateableProperties(private_link_service_connection_state=state))


def list_private_endpoint_connections(client, resource_group_name, scheduler_name):
    with service_errors():
        return list(client.list_private_endpoint_connections(resource_group_name, scheduler_name))


def show_private_endpoint_connection(client, resource_group_name, scheduler_name, private_endpoint_connection_name):
    with service_errors():
        return client.get_private_endpoint_connection(resource_group_name, scheduler_name,
                                                      private_endpoint_connection_name)


# tests/unit/test_network.py passes all six positionally
# pylint: disable-next=too-many-positional-arguments
def approve_private_endpoint_connection(cmd, client, resource_group_name, scheduler_name,
                                        private_endpoint_connection_name, description=None, no_wait=False):
    return _set_status(cmd, client, resource_group_name, scheduler_name, private_endpoint_connection_name,
                       status='Approved', description=description, no_wait=no_wait,
                       recommendations=_REJECTED_STAYS_REJECTED)


def reject_private_endpoint_connection(cmd, client, resource_group_name, scheduler_name,
                                       private_endpoint_connection_name, *, description=None, no_wait=False):
    return _set_status(cmd, client, resource_group_name, scheduler_name, private_endpoint_connection_name,
                       status='Rejected', description=description, no_wait=no_wait)


def delete_private_endpoint_connection(cmd, client, resource_group_name, scheduler_name,
                                       private_endpoint_connection_name, *, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete_private_endpoint_connection(
        resource_group_name, scheduler_name, private_endpoint_connection_name, **polling),
        no_wait, message=f"Deleting private endpoint connection '{private_endpoint_connection_name}'")


def get_private_endpoint_connection_for_wait(cmd, client, resource_group_name, scheduler_name,
                                             private_endpoint_connection_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get_private_endpoint_connection(
        resource_group_name, scheduler_name, private_endpoint_connection_name), 'Private endpoint connection',
        private_endpoint_connection_name)


def list_private_link_resources(client, resource_group_name, scheduler_name):
    with service_errors():
        return list(client.list_private_links(resource_group_name, scheduler_name))


def show_private_link_resource(client, resource_group_name, scheduler_name, private_link_resource_name):
    with service_errors():
        return client.get_private_link(resource_group_name, scheduler_name, private_link_resource_name)


def _set_status(cmd, client, resource_group_name, scheduler_name, name, *, status, description, no_wait,
                recommendations=None):
    # PATCH, not GET + PUT (as storage and keyvault do): only the state changes, and nothing read can go stale.
    body = build_connection_state_update(status, description)
    verb = 'Approving' if status == 'Approved' else 'Rejecting'
    return run_lro(cmd, lambda **polling: client.begin_update_private_endpoint_connection(
        resource_group_name, scheduler_name, name, body, **polling),
        no_wait, message=f"{verb} private endpoint connection '{name}'", recommendations=recommendations)
