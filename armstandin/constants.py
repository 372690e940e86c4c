"""Fixed identities and catalogue data of the stand-in.

Everything here is constant so that tests, recordings and scripts can rely on it. The GUIDs are
random-looking on purpose (a tenant or subscription of all zeros hides bugs where ids get mixed up).
"""

# --- the directory (Entra ID) ---------------------------------------------------------------
TENANT_ID = '28bdb6af-1510-472e-a9f6-1bb591cd4582'
TENANT_DOMAIN = 'contoso.example'
TENANT_DISPLAY_NAME = 'Contoso (local stand-in)'

SUBSCRIPTION_ID = '49398e88-3aa2-4466-8f5d-fab7e44c5108'
SUBSCRIPTION_NAME = 'Contoso Development (local stand-in)'

# The signed-in developer (user login: `az login -u dev@contoso.example -p <USER_PASSWORD>`).
USER_UPN = 'dev@contoso.example'
USER_OBJECT_ID = 'f6a2fd12-1505-421d-bb73-4fd6af1b358d'
USER_DISPLAY_NAME = 'Dev User'
USER_PASSWORD = 'local-dev-password'

# A second user, handy as an assignee that is not the caller.
USER2_UPN = 'ops@contoso.example'
USER2_OBJECT_ID = '0f0b7fc7-48af-46d2-95d3-e3fb76cc9ab3'
USER2_DISPLAY_NAME = 'Ops User'

# The CI login application (service principal login:
# `az login --service-principal -u <LOGIN_APP_ID> -p <LOGIN_APP_SECRET> --tenant <TENANT_ID>`).
LOGIN_APP_ID = '0b9d59b5-018b-4cd2-afe4-05177ea17da1'
LOGIN_APP_OBJECT_ID = 'e702e6e3-2989-48b4-9cf0-c91189a89bb8'
LOGIN_APP_DISPLAY_NAME = 'durabletask-ci-login'
LOGIN_APP_SECRET = 'local-ci-login-secret'

# An application (e.g. an app's service principal that runs orchestrations).
WORKER_APP_ID = '532d3883-a1a2-4e13-a422-e70f0f214408'
WORKER_APP_OBJECT_ID = '5fe6f8d6-2e74-40b1-ab40-c61254ba1e41'
WORKER_APP_DISPLAY_NAME = 'orders-worker'
WORKER_APP_SECRET = 'local-orders-worker-secret'

# A CI login that is only Reader of the subscription: it may not write role assignments (403
# AuthorizationFailed), for the forbidden-caller path of `az durabletask role-assignment create`.
READER_APP_ID = '7d3c1f0a-6b2e-4c59-9e51-2f8a4b6d0c13'
READER_APP_OBJECT_ID = 'b41e9a6c-0d7f-4e2a-8c35-91f6e2a7d548'
READER_APP_DISPLAY_NAME = 'durabletask-ci-reader'
READER_APP_SECRET = 'local-ci-reader-secret'

# The Azure CLI's public client id (used for user logins, no secret).
AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'

# --- RBAC --------------------------------------------------------------------------------------
ROLE_OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'
ROLE_CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
ROLE_READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
ROLE_USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'
ROLE_DURABLE_TASK_DATA_CONTRIBUTOR = '0ad04412-c4d5-4796-b79c-f76d14c8d402'
ROLE_DURABLE_TASK_WORKER = '80d0d6b0-f522-40a4-8886-a5a11720c375'
ROLE_DURABLE_TASK_DATA_READER = 'd6a5505f-6ebb-45a4-896e-ac8274cfc0ac'

# --- resource providers --------------------------------------------------------------------------
DURABLETASK_NAMESPACE = 'Microsoft.DurableTask'
# What Azure accepts (its `api-supported-versions` header), plus 2026-07-01(-preview), where the SDK is moving.
DURABLETASK_API_VERSIONS = ('2024-10-01-preview', '2025-04-01-preview', '2025-05-04-preview', '2025-11-01',
                            '2026-02-01', '2026-07-01-preview', '2026-07-01')

# Regions where the stand-in offers Microsoft.DurableTask schedulers.
DURABLETASK_LOCATIONS = (
    'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus',
    'westcentralus', 'canadacentral', 'brazilsouth', 'northeurope', 'westeurope', 'uksouth', 'francecentral',
    'germanywestcentral', 'swedencentral', 'switzerlandnorth', 'norwayeast', 'australiaeast', 'southeastasia',
    'eastasia', 'japaneast', 'koreacentral', 'centralindia', 'southafricanorth', 'uaenorth',
)

# Regions accepted for resource groups (public Azure regions).
AZURE_LOCATIONS = DURABLETASK_LOCATIONS + (
    'australiasoutheast', 'australiacentral', 'brazilsoutheast', 'canadaeast', 'francesouth', 'germanynorth',
    'japanwest', 'jioindiawest', 'koreasouth', 'norwaywest', 'southindia', 'westindia', 'swedensouth',
    'switzerlandwest', 'uaecentral', 'ukwest', 'southafricawest', 'qatarcentral', 'polandcentral',
    'italynorth', 'israelcentral', 'mexicocentral', 'spaincentral', 'newzealandnorth',
)

# Quotas per subscription and region (schedulers) and per scheduler (task hubs).
SCHEDULER_QUOTA = {'Dedicated': 25, 'Consumption': 10}
TASK_HUB_QUOTA = {'Dedicated': 25, 'Consumption': 5}
RETENTION_MAX_DAYS = {'Dedicated': 90, 'Consumption': 30}
DEDICATED_CAPACITY_RANGE = (1, 3)
