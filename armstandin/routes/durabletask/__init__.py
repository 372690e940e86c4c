"""Microsoft.DurableTask as Azure answers it (api-versions in armstandin.constants.DURABLETASK_API_VERSIONS).

One handler per operation of the OpenAPI spec, named after its operationId (`Schedulers_CreateOrUpdate` ->
`schedulers.schedulers_create_or_update`); find one with `grep -rn Schedulers_CreateOrUpdate`:

| module | what |
|---|---|
| `models.py` | types, ids, the checks of every call, body validation and normalisation, limits, quotas, ETags |
| `responses.py` | rendering: bodies (Azure's shapes) and headers (ETag, api-supported-versions) |
| `monitor.py` | long-running operations: the 201/202 answers and the operationStatuses monitor |
| `schedulers.py`, `task_hubs.py`, `retention_policies.py`, `private_links.py`, `operations_list.py` | handlers |

Each handler module has `ROUTES = [(operationId, method, path, handler), ...]`. A new area (e.g. the 2026-07-01
operations) is a new module with its ROUTES, added to AREAS below. armstandin/FIDELITY.md lists what is guessed.
"""

from ...arm import ArmRoute
from . import monitor, operations_list, private_links, retention_policies, schedulers, since_2026_07, task_hubs
from .models import (NS, PEC_TYPE, PRIVATE_LINK_GROUP, PRIVATE_LINK_TYPE, RETENTION_TYPE, SCHEDULER_TYPE,  # noqa
                     TASK_HUB_TYPE, dashboard_url, endpoint_for, scheduler_id)
from .private_links import create_private_endpoint_connection  # noqa: F401  (routes/network.py uses it)

AREAS = [operations_list, schedulers, task_hubs, retention_policies, private_links, since_2026_07, monitor]


def operation_handlers():
    """{operationId: handler} of every operation served."""
    return {op_id: handler for area in AREAS for op_id, _, _, handler in area.ROUTES}


def routes():
    return [ArmRoute(path, handler, methods=[method]) for area in AREAS for _, method, path, handler in area.ROUTES]
