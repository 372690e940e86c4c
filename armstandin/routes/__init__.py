"""One module per provider area. Each exposes `routes()` (a list of `armstandin.arm.ArmRoute`) and may
expose `PUBLIC_PATTERNS` (paths that need no token and get no faults), `GRAPH_PATTERNS`, and
`seed(store)` (idempotent; run at every start).
Add a module to MODULES to serve it (see armstandin/README.md)."""

from . import authorization, durabletask, entra, graph, operations, providers, resources
from . import containerapps, msi, web
from . import network
from . import keyvault
from . import durabletask_preview

# durabletask before operations: its operationStatuses monitor answers as Azure does, the generic one as before
MODULES = [entra, resources, durabletask, operations, authorization, providers, graph]
MODULES += [msi, web, containerapps]  # what `az durabletask scheduler attach` configures
MODULES += [network]  # Microsoft.Network/privateEndpoints: how a scheduler's private endpoint connection appears
MODULES += [keyvault]  # Microsoft.KeyVault vaults and keys: customer-managed keys of schedulers (2026-07-01)
MODULES += [durabletask_preview]  # failover instances, detectors, task queues (2026-07-01-preview only)


def all_routes():
    return [route for module in MODULES for route in module.routes()]


def public_patterns():
    return [p for module in MODULES for p in getattr(module, 'PUBLIC_PATTERNS', ())]


def graph_patterns():
    return [p for module in MODULES for p in getattr(module, 'GRAPH_PATTERNS', ())]


def seed(store):
    for module in MODULES:
        if hasattr(module, 'seed'):
            module.seed(store)
