# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
# pylint: disable=line-too-long, too-many-lines

from knack.help_files import helps

helps['durabletask'] = """
type: group
short-summary: Manage Azure Durable Task Scheduler.
long-summary: |
    A scheduler runs durable orchestrations for your apps; task hubs inside it keep each app's state.
    Access is by Azure RBAC roles only (no keys).
"""

helps['durabletask scheduler'] = """
type: group
short-summary: Manage Durable Task schedulers.
"""

helps['durabletask scheduler create'] = """
type: command
short-summary: Create a scheduler.
long-summary: |
    Creation can take several minutes in Azure; use --no-wait and `az durabletask scheduler wait --created`
    to continue meanwhile. Without --ip-allowlist the scheduler accepts connections from any address
    (0.0.0.0/0); callers still need a Durable Task role.
examples:
  - name: Create a Dedicated scheduler with one capacity unit, open to any address.
    text: az durabletask scheduler create --name "myscheduler" --resource-group "myresourcegroup" --location "westus2" --ip-allowlist "[0.0.0.0/0]" --sku-name "dedicated" --sku-capacity "1"
  - name: Create a Consumption scheduler reachable only from two networks, in the resource group's region.
    text: az durabletask scheduler create -g myresourcegroup -n myscheduler --sku-name Consumption --ip-allowlist 203.0.113.0/24 2001:db8::/32
  - name: Start creating a scheduler with tags and return at once.
    text: az durabletask scheduler create -g myresourcegroup -n myscheduler --sku-name Dedicated --tags team=orders env=dev --no-wait
  - name: Create a Dedicated scheduler with a system-assigned managed identity (needed for customer-managed keys).
    text: az durabletask scheduler create -g myresourcegroup -n myscheduler --sku-name Dedicated --mi-system-assigned
"""

helps['durabletask scheduler show'] = """
type: command
short-summary: Show a scheduler, including its endpoint.
long-summary: Exits with code 3 when the scheduler does not exist.
examples:
  - name: Show a scheduler.
    text: az durabletask scheduler show -g myresourcegroup -n myscheduler
  - name: Print only the endpoint apps connect to.
    text: az durabletask scheduler show -g myresourcegroup -n myscheduler --query properties.endpoint -o tsv
"""

helps['durabletask scheduler list'] = """
type: command
short-summary: List schedulers in the subscription or in one resource group.
examples:
  - name: List every scheduler in a subscription.
    text: az durabletask scheduler list --subscription 00000000-0000-0000-0000-000000000000
  - name: List the schedulers of one resource group as a table.
    text: az durabletask scheduler list -g myresourcegroup -o table
  - name: List the first 20 schedulers; a warning prints the token that continues the list.
    text: az durabletask scheduler list --max-items 20
  - name: List the next 20, from that token.
    text: az durabletask scheduler list --max-items 20 --next-token eyJuZXh0X2xpbmsiOiBudWxsLCAib2Zmc2V0IjogMjB9
"""

helps['durabletask scheduler update'] = """
type: command
short-summary: Change a scheduler's allow list, SKU, capacity, network access or tags.
long-summary: >
    Sends only what you give; everything else stays as it is. --set, --add and --remove (az's generic update)
    read the scheduler, apply the changes in the order given, and send only the fields that changed.
examples:
  - name: Add a network to the allow list and set a tag, with az's generic update.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --add properties.ipAllowlist 10.1.0.0/16 --set tags.env=prod
  - name: Remove the first entry of the allow list.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --remove properties.ipAllowlist 0
  - name: Allow only one network.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --ip-allowlist 10.0.0.0/8
  - name: Scale a Dedicated scheduler to three capacity units for high availability.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --sku-capacity 3
  - name: Replace the tags.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --tags "{department:research,development:true}"
  - name: Add a user-assigned managed identity to those the scheduler has.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --mi-user-assigned /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myidentity
"""

helps['durabletask scheduler delete'] = """
type: command
short-summary: Delete a scheduler.
long-summary: A scheduler that still has task hubs cannot be deleted; the error names them and the commands that delete them. With --delete-task-hubs they are deleted first, in parallel, and the prompt says how many.
examples:
  - name: Delete a scheduler without a prompt.
    text: az durabletask scheduler delete -g myresourcegroup -n myscheduler --yes
  - name: Start deleting a scheduler and return at once.
    text: az durabletask scheduler delete --resource-group myresourcegroup --scheduler-name myscheduler --yes --no-wait
  - name: Delete a scheduler and all of its task hubs.
    text: az durabletask scheduler delete -g myresourcegroup -n myscheduler --delete-task-hubs --yes
"""

helps['durabletask scheduler wait'] = """
type: command
short-summary: Wait until a scheduler reaches a state.
examples:
  - name: Wait until a scheduler created with --no-wait is ready.
    text: az durabletask scheduler wait -g myresourcegroup -n myscheduler --created
  - name: Wait until a scheduler is deleted.
    text: az durabletask scheduler wait -g myresourcegroup -n myscheduler --deleted
"""

helps['durabletask scheduler restart'] = """
type: command
short-summary: Restart a scheduler.
long-summary: |
    Running orchestrations, activities and entities are interrupted and resume from their last checkpoint once the
    scheduler is back; workers reconnect. Asks for confirmation unless --yes is given.
examples:
  - name: Restart a scheduler after confirming.
    text: az durabletask scheduler restart -g myresourcegroup -n myscheduler
  - name: Restart a scheduler without a prompt (scripts).
    text: az durabletask scheduler restart --resource-group myresourcegroup --name myscheduler --yes
"""

helps['durabletask scheduler identity'] = """
type: group
short-summary: Manage the managed identities of a scheduler.
long-summary: A scheduler uses its managed identity to reach your Key Vault key when it encrypts data with a customer-managed key.
"""

helps['durabletask scheduler identity assign'] = """
type: command
short-summary: Give a scheduler managed identities, in addition to those it has.
examples:
  - name: Give a scheduler a system-assigned identity.
    text: az durabletask scheduler identity assign -g myresourcegroup -n myscheduler --system-assigned
  - name: Give a scheduler a user-assigned identity.
    text: az durabletask scheduler identity assign --resource-group myresourcegroup --name myscheduler --user-assigned /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myidentity
"""

helps['durabletask scheduler identity remove'] = """
type: command
short-summary: Remove managed identities from a scheduler.
long-summary: A key set with `transparent-data-encryption` stops working for the scheduler when the identity that may use it is removed.
examples:
  - name: Remove the system-assigned identity.
    text: az durabletask scheduler identity remove -g myresourcegroup -n myscheduler --system-assigned
  - name: Remove every user-assigned identity.
    text: az durabletask scheduler identity remove -g myresourcegroup -n myscheduler --user-assigned
"""

helps['durabletask scheduler identity show'] = """
type: command
short-summary: Show the managed identities of a scheduler.
long-summary: Exits with code 3 when the scheduler does not exist.
examples:
  - name: Show a scheduler's identities.
    text: az durabletask scheduler identity show -g myresourcegroup -n myscheduler
  - name: Print the object id of the system-assigned identity.
    text: az durabletask scheduler identity show -g myresourcegroup -n myscheduler --query principalId -o tsv
"""

helps['durabletask scheduler identity wait'] = """
type: command
short-summary: Wait until a scheduler whose identities change reaches a state.
examples:
  - name: Wait until an identity change started with --no-wait has finished.
    text: az durabletask scheduler identity wait -g myresourcegroup -n myscheduler --updated
  - name: Wait until the scheduler exists.
    text: az durabletask scheduler identity wait -g myresourcegroup -n myscheduler --exists
"""

helps['durabletask scheduler transparent-data-encryption'] = """
type: group
short-summary: Manage how a scheduler encrypts its data at rest (Microsoft-managed or customer-managed keys).
long-summary: |
    A customer-managed key needs a Dedicated scheduler with a managed identity, a key vault with soft delete and
    purge protection, an RSA 2048 or 3072 key, and the identity holding Key Vault Crypto Service Encryption User on
    the vault (or get, wrapKey and unwrapKey in its access policies). `create` and `update` check all of it first
    and print the command that fixes what is missing; --grant grants what can be granted.
"""

helps['durabletask scheduler transparent-data-encryption create'] = """
type: command
short-summary: Set how a scheduler encrypts its data at rest.
examples:
  - name: Encrypt with your key, after checking everything it needs.
    text: az durabletask scheduler transparent-data-encryption create -g myresourcegroup --scheduler-name myscheduler --key-source CustomerManaged --key-vault-key-uri https://myvault.vault.azure.net/keys/mykey
  - name: One command from a key URI to encryption - give the scheduler an identity and grant it the key if needed.
    text: az durabletask scheduler transparent-data-encryption create -g myresourcegroup -s myscheduler --key-vault-key-uri https://myvault.vault.azure.net/keys/mykey --grant
  - name: Use Microsoft-managed keys.
    text: az durabletask scheduler transparent-data-encryption create -g myresourcegroup -s myscheduler --key-source MicrosoftManaged
"""

helps['durabletask scheduler transparent-data-encryption show'] = """
type: command
short-summary: Show how a scheduler encrypts its data at rest.
long-summary: Exits with code 3 when the scheduler has no encryption setting.
examples:
  - name: Show the encryption setting.
    text: az durabletask scheduler transparent-data-encryption show -g myresourcegroup --scheduler-name myscheduler
  - name: Show it as a table.
    text: az durabletask scheduler transparent-data-encryption show -g myresourcegroup -s myscheduler -o table
"""

helps['durabletask scheduler transparent-data-encryption update'] = """
type: command
short-summary: Change the key or key source of a scheduler's encryption.
examples:
  - name: Rotate to another key.
    text: az durabletask scheduler transparent-data-encryption update -g myresourcegroup -s myscheduler --key-vault-key-uri https://myvault.vault.azure.net/keys/mykey2
  - name: Go back to Microsoft-managed keys.
    text: az durabletask scheduler transparent-data-encryption update -g myresourcegroup -s myscheduler --key-source MicrosoftManaged
"""

helps['durabletask scheduler transparent-data-encryption delete'] = """
type: command
short-summary: Remove the encryption setting of a scheduler.
examples:
  - name: Remove it without a prompt.
    text: az durabletask scheduler transparent-data-encryption delete -g myresourcegroup -s myscheduler --yes
  - name: Start removing it and return at once.
    text: az durabletask scheduler transparent-data-encryption delete -g myresourcegroup -s myscheduler --yes --no-wait
"""

helps['durabletask scheduler transparent-data-encryption wait'] = """
type: command
short-summary: Wait until a scheduler's encryption setting reaches a state.
examples:
  - name: Wait until a setting made with --no-wait is in effect.
    text: az durabletask scheduler transparent-data-encryption wait -g myresourcegroup -s myscheduler --created
  - name: Wait until it is removed.
    text: az durabletask scheduler transparent-data-encryption wait -g myresourcegroup -s myscheduler --deleted
"""

helps['durabletask scheduler transparent-data-encryption check'] = """
type: command
short-summary: Check what a customer-managed key needs, and print the command that fixes each missing part.
long-summary: Reads the scheduler, the key vault and the key through Azure Resource Manager (Reader on the vault is enough). --grant grants the identity and the key access.
examples:
  - name: Check a key before using it.
    text: az durabletask scheduler transparent-data-encryption check -g myresourcegroup -s myscheduler --key-vault-key-uri https://myvault.vault.azure.net/keys/mykey -o table
  - name: Check the key the scheduler uses now.
    text: az durabletask scheduler transparent-data-encryption check -g myresourcegroup -s myscheduler
"""

helps['durabletask taskhub'] = """
type: group
short-summary: Manage the task hubs of a scheduler.
"""

helps['durabletask taskhub create'] = """
type: command
short-summary: Create a task hub in a scheduler.
examples:
  - name: Create a task hub.
    text: az durabletask taskhub create --resource-group myresourcegroup --scheduler-name myscheduler --name mytaskhub
  - name: Start creating a task hub and return at once.
    text: az durabletask taskhub create -g myresourcegroup -s myscheduler -n mytaskhub --no-wait
  - name: Create a task hub with a capability enabled (API 2026-07-01).
    text: az durabletask taskhub create -g myresourcegroup -s myscheduler -n mytaskhub --capabilities ExtendedSessions
"""

helps['durabletask taskhub show'] = """
type: command
short-summary: Show a task hub, including its dashboard URL.
long-summary: Exits with code 3 when the task hub does not exist.
examples:
  - name: Show a task hub.
    text: az durabletask taskhub show -g myresourcegroup -s myscheduler -n mytaskhub
  - name: Print the dashboard URL of a task hub.
    text: az durabletask taskhub show -g myresourcegroup -s myscheduler -n mytaskhub --query properties.dashboardUrl -o tsv
"""

helps['durabletask taskhub list'] = """
type: command
short-summary: List the task hubs of a scheduler.
examples:
  - name: List task hubs.
    text: az durabletask taskhub list --resource-group myresourcegroup --scheduler-name myscheduler
  - name: List task hubs as a table with their dashboard URLs.
    text: az durabletask taskhub list -g myresourcegroup -s myscheduler -o table
  - name: List the first 100 task hubs; a warning prints the token that continues the list.
    text: az durabletask taskhub list -g myresourcegroup -s myscheduler --max-items 100
"""

helps['durabletask taskhub delete'] = """
type: command
short-summary: Delete a task hub and everything in it.
examples:
  - name: Delete a task hub.
    text: az durabletask taskhub delete --resource-group myresourcegroup --scheduler-name myscheduler --name mytaskhub --yes
  - name: Delete a task hub by its resource id.
    text: az durabletask taskhub delete --ids /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/taskHubs/mytaskhub --yes
"""

helps['durabletask taskhub wait'] = """
type: command
short-summary: Wait until a task hub reaches a state.
examples:
  - name: Wait until a task hub is created.
    text: az durabletask taskhub wait -g myresourcegroup -s myscheduler -n mytaskhub --created
  - name: Wait until a task hub is deleted.
    text: az durabletask taskhub wait -g myresourcegroup -s myscheduler -n mytaskhub --deleted
"""

helps['durabletask taskhub diagnose'] = """
type: command
short-summary: Find out why an app or a person cannot use a task hub, and the command that fixes each problem.
long-summary: >
    Checks, one line each: Microsoft.DurableTask registered; the scheduler exists and has finished provisioning; the
    task hub exists; network (public network access, private endpoint connections, the IP allow list and, with
    --client-ip, whether that address is inside); the Durable Task roles held on the hub (yours, --assignee's or the
    --app's identity's) and a one-item query with your own token; with --app, its identity, its
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING and TASKHUB_NAME settings, other backends' settings and its region.
    Every failed check ends with the command that fixes it. Exit code 1 when a check fails, 0 when none does.
examples:
  - name: Check your own access to a task hub, from your public address.
    text: az durabletask taskhub diagnose -g myresourcegroup -s myscheduler -n mytaskhub --client-ip 203.0.113.7 -o table
  - name: Check how a Function App is wired to the task hub, and print only what fails.
    text: az durabletask taskhub diagnose -g myresourcegroup -s myscheduler -n mytaskhub --app /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.Web/sites/myfunctionapp --only-failures -o table
  - name: Check another user's roles on the task hub.
    text: az durabletask taskhub diagnose -g myresourcegroup -s myscheduler -n mytaskhub --assignee user@contoso.com
"""

# --- retention policies (retention.py) ---------------------------------------------------------------------

helps['durabletask retention-policy'] = """
type: group
short-summary: Manage the retention policy of a scheduler (automatic purge of finished orchestrations).
long-summary: >-
    A scheduler has at most one retention policy. Its rules say how many days finished orchestrations are kept
    before they are purged: one rule per state (completed, failed, terminated, canceled) and a default rule for
    the states without their own. Days run from 0 (as soon as possible) to 90; at most 30 on the Consumption SKU.
"""

helps['durabletask retention-policy create'] = """
type: command
short-summary: Set the retention policy of a scheduler, replacing any existing one.
long-summary: To change some rules and keep the others, use `az durabletask retention-policy update`.
examples:
  - name: Keep finished orchestrations for 30 days, but purge completed ones after a day.
    text: az durabletask retention-policy create --resource-group myresourcegroup --scheduler-name myscheduler --default-days 30 --completed-days 1
  - name: Keep failed orchestrations for 90 days and purge completed ones as soon as possible (Dedicated SKU).
    text: az durabletask retention-policy create -g myresourcegroup -s myscheduler -d 14 -c 0 -f 90
"""

helps['durabletask retention-policy show'] = """
type: command
short-summary: Show the retention policy of a scheduler.
long-summary: Exits with code 3 when the scheduler has no retention policy.
examples:
  - name: Show the rules as a table (state, days).
    text: az durabletask retention-policy show -g myresourcegroup -s myscheduler -o table
  - name: Print how many days failed orchestrations are kept.
    text: az durabletask retention-policy show -g myresourcegroup -s myscheduler --query "properties.retentionPolicies[?orchestrationState=='Failed'].retentionPeriodInDays" -o tsv
"""

helps['durabletask retention-policy list'] = """
type: command
short-summary: List the retention policies of a scheduler (none or one), without failing when there is none.
examples:
  - name: List the retention policy rules of a scheduler as a table.
    text: az durabletask retention-policy list -g myresourcegroup -s myscheduler -o table
  - name: Check whether a scheduler has a retention policy.
    text: az durabletask retention-policy list -g myresourcegroup -s myscheduler --query "length(@)"
"""

helps['durabletask retention-policy update'] = """
type: command
short-summary: Change some rules of a retention policy and keep the others.
long-summary: >-
    Rules given are set, rules named in --remove are dropped, all others stay as they are. The policy is read,
    merged and sent back whole, because the service replaces the list of rules as a whole.
examples:
  - name: Keep failed orchestrations for 60 days; the other rules stay.
    text: az durabletask retention-policy update -g myresourcegroup -s myscheduler --failed-days 60
  - name: Remove the rule for terminated orchestrations (they then follow the default rule) and set canceled ones to 3 days.
    text: az durabletask retention-policy update -g myresourcegroup -s myscheduler --remove terminated -x 3
"""

helps['durabletask retention-policy delete'] = """
type: command
short-summary: Delete the retention policy of a scheduler; finished orchestrations are then kept until purged by hand.
examples:
  - name: Delete a retention policy without a prompt.
    text: az durabletask retention-policy delete -g myresourcegroup -s myscheduler --yes
  - name: Start deleting a retention policy and return at once.
    text: az durabletask retention-policy delete --resource-group myresourcegroup --scheduler-name myscheduler --yes --no-wait
"""

helps['durabletask retention-policy wait'] = """
type: command
short-summary: Wait until a retention policy reaches a state.
examples:
  - name: Wait until a retention policy set with --no-wait is in place.
    text: az durabletask retention-policy wait -g myresourcegroup -s myscheduler --created
  - name: Wait until a retention policy is deleted.
    text: az durabletask retention-policy wait -g myresourcegroup -s myscheduler --deleted
"""

# --- private endpoint connections and private link resources (network.py) -------------------------------

helps['durabletask scheduler private-endpoint-connection'] = """
type: group
short-summary: Manage the private endpoint connections of a scheduler.
long-summary: >-
    A private endpoint is created on the network side, for example with
    `az network private-endpoint create --group-id scheduler --private-connection-resource-id <scheduler id>`.
    One created with --manual-request stays Pending until it is approved or rejected here.
    To allow only private endpoints: `az durabletask scheduler update --public-network-access Disabled`.
"""

helps['durabletask scheduler private-endpoint-connection list'] = """
type: command
short-summary: List the private endpoint connections of a scheduler.
examples:
  - name: List connections with their status as a table.
    text: az durabletask scheduler private-endpoint-connection list -g myresourcegroup -s myscheduler -o table
  - name: List the names of the connections waiting for approval.
    text: az durabletask scheduler private-endpoint-connection list -g myresourcegroup -s myscheduler --query "[?properties.privateLinkServiceConnectionState.status=='Pending'].name" -o tsv
"""

helps['durabletask scheduler private-endpoint-connection show'] = """
type: command
short-summary: Show a private endpoint connection of a scheduler.
long-summary: Exits with code 3 when the connection does not exist.
examples:
  - name: Show a connection by name.
    text: az durabletask scheduler private-endpoint-connection show -g myresourcegroup -s myscheduler -n myconnection
  - name: Show a connection by id.
    text: az durabletask scheduler private-endpoint-connection show --id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/privateEndpointConnections/myconnection
"""

helps['durabletask scheduler private-endpoint-connection approve'] = """
type: command
short-summary: Approve a pending private endpoint connection.
examples:
  - name: Approve a connection, with a note for the endpoint's owner.
    text: az durabletask scheduler private-endpoint-connection approve -g myresourcegroup -s myscheduler -n myconnection --description "Approved for the orders app"
  - name: Approve a connection by id.
    text: az durabletask scheduler private-endpoint-connection approve --id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/privateEndpointConnections/myconnection
"""

helps['durabletask scheduler private-endpoint-connection reject'] = """
type: command
short-summary: Reject a private endpoint connection. A rejected connection cannot be approved later.
examples:
  - name: Reject a connection, saying why.
    text: az durabletask scheduler private-endpoint-connection reject -g myresourcegroup -s myscheduler -n myconnection --description "Unknown network"
  - name: Reject a connection by id.
    text: az durabletask scheduler private-endpoint-connection reject --id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/privateEndpointConnections/myconnection
"""

helps['durabletask scheduler private-endpoint-connection delete'] = """
type: command
short-summary: Delete a private endpoint connection of a scheduler.
examples:
  - name: Delete a connection without a prompt.
    text: az durabletask scheduler private-endpoint-connection delete -g myresourcegroup -s myscheduler -n myconnection --yes
  - name: Start deleting a connection by id and return at once.
    text: az durabletask scheduler private-endpoint-connection delete --id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/privateEndpointConnections/myconnection --yes --no-wait
"""

helps['durabletask scheduler private-endpoint-connection wait'] = """
type: command
short-summary: Wait until a private endpoint connection reaches a state.
examples:
  - name: Wait until a connection is deleted.
    text: az durabletask scheduler private-endpoint-connection wait -g myresourcegroup -s myscheduler -n myconnection --deleted
  - name: Wait until an approved connection has finished updating.
    text: az durabletask scheduler private-endpoint-connection wait -g myresourcegroup -s myscheduler -n myconnection --updated
"""

helps['durabletask scheduler private-link-resource'] = """
type: group
short-summary: Show what a private endpoint to a scheduler connects to (group id, DNS zone).
"""

helps['durabletask scheduler private-link-resource list'] = """
type: command
short-summary: List the private link resources of a scheduler.
examples:
  - name: List private link resources as a table.
    text: az durabletask scheduler private-link-resource list -g myresourcegroup -s myscheduler -o table
  - name: Print the group id to give az network private-endpoint create.
    text: az durabletask scheduler private-link-resource list -g myresourcegroup -s myscheduler --query "[].properties.groupId" -o tsv
"""

helps['durabletask scheduler private-link-resource show'] = """
type: command
short-summary: Show a private link resource of a scheduler.
long-summary: Exits with code 3 when it does not exist.
examples:
  - name: Show the scheduler's private link resource.
    text: az durabletask scheduler private-link-resource show -g myresourcegroup -s myscheduler -n scheduler
  - name: Print the private DNS zone names the endpoint needs.
    text: az durabletask scheduler private-link-resource show -g myresourcegroup -s myscheduler -n scheduler --query properties.requiredZoneNames -o tsv
"""

# --- orchestrations (orchestration.py) ---

helps['durabletask orchestration'] = """
type: group
short-summary: Inspect and operate the orchestrations of a task hub.
long-summary: >
    Talks to the task hub over its public gRPC protocol. Say which task hub with -g, -s and --task-hub (the
    endpoint is read from the scheduler, the token comes from your az login and needs the Durable Task Data
    Reader role to read, Data Contributor to change), or with --endpoint and --task-hub, or --connection-string
    (for the DTS emulator: --endpoint `http://localhost:8080` --task-hub default, no token).
"""

helps['durabletask orchestration list'] = """
type: command
short-summary: List orchestrations, newest first, filtered by status, creation or update time, name, instance id prefix or being stuck.
long-summary: >
    Reads the task hub backwards in creation-time windows, so --max-items N reads about N orchestrations, not
    the whole hub. With --max-items, a warning prints the --next-token that continues the list; pages never
    overlap, even while new orchestrations start. Without it, orchestrations are written as they are read
    (with --query or -o yaml, az needs them all first).
examples:
  - name: Find the orchestrations that failed in the last hour.
    text: az durabletask orchestration list -g myresourcegroup -s myscheduler --task-hub mytaskhub --status Failed --created-after 1h -o table
  - name: List the 20 newest running or pending orchestrations whose id starts with "order-" on the DTS emulator.
    text: az durabletask orchestration list --endpoint http://localhost:8080 --task-hub default --status Running Pending --prefix order- --max-items 20
  - name: List the orchestrations of one orchestrator created on a given day.
    text: az durabletask orchestration list -g myresourcegroup -s myscheduler --task-hub mytaskhub --name ProcessOrder --created-after 2026-05-01 --created-before 2026-05-02
  - name: Find the orchestrations stuck (Pending or Running, not updated) for more than 2 hours.
    text: az durabletask orchestration list -g myresourcegroup -s myscheduler --task-hub mytaskhub --stuck 2h -o table
  - name: List the orchestrations not updated since yesterday.
    text: az durabletask orchestration list -g myresourcegroup -s myscheduler --task-hub mytaskhub --last-updated-before 1d --max-items 50
"""

helps['durabletask orchestration show'] = """
type: command
short-summary: Show an orchestration's state, input, output, custom status and failure details.
long-summary: Exits with code 3 when the instance does not exist.
examples:
  - name: Show an orchestration.
    text: az durabletask orchestration show -g myresourcegroup -s myscheduler --task-hub mytaskhub -i 3f2a9c
  - name: Print why an orchestration failed.
    text: az durabletask orchestration show -g myresourcegroup -s myscheduler --task-hub mytaskhub -i 3f2a9c --query failureDetails
  - name: Show an orchestration on the DTS emulator as a table.
    text: az durabletask orchestration show --connection-string "Endpoint=http://localhost:8080;TaskHub=default;Authentication=None" -i 3f2a9c -o table
"""

helps['durabletask orchestration history'] = """
type: command
short-summary: Show the history events of an orchestration, in order.
examples:
  - name: Show the history of an orchestration as a table.
    text: az durabletask orchestration history -g myresourcegroup -s myscheduler --task-hub mytaskhub -i 3f2a9c -o table
  - name: Print the activities that failed.
    text: az durabletask orchestration history -g myresourcegroup -s myscheduler --task-hub mytaskhub -i 3f2a9c --query "[?eventType=='TaskFailed']"
"""

helps['durabletask orchestration start'] = """
type: command
short-summary: Start an orchestration.
long-summary: A worker that registered the orchestrator runs it; until then it stays Pending.
examples:
  - name: Start an orchestration with a JSON input.
    text: az durabletask orchestration start -g myresourcegroup -s myscheduler --task-hub mytaskhub --name ProcessOrder --input '{"orderId":42}'
  - name: Start an orchestration with a chosen instance id and the input from a file, on the DTS emulator.
    text: az durabletask orchestration start --endpoint http://localhost:8080 --task-hub default --name ProcessOrder -i order-42 --input @order.json
"""

helps['durabletask orchestration raise-event'] = """
type: command
short-summary: Send an event to running orchestrations.
long-summary: >
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already finished, failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
    A re-run sends the event again to the orchestrations still running.
examples:
  - name: Approve an order that waits for the "Approval" event.
    text: az durabletask orchestration raise-event -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --event-name Approval --event-data true
  - name: Send an event with JSON data from a file.
    text: az durabletask orchestration raise-event --endpoint http://localhost:8080 --task-hub default -i order-42 --event-name Shipment --event-data @shipment.json
  - name: Approve every running ApproveOrder orchestration.
    text: az durabletask orchestration raise-event -g myresourcegroup -s myscheduler --task-hub mytaskhub --name ApproveOrder --status Running --event-name Approval --event-data true --yes
"""

helps['durabletask orchestration suspend'] = """
type: command
short-summary: Suspend running orchestrations; they keep their state and receive events, but make no progress.
long-summary: >
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already suspended or finished, failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
examples:
  - name: Suspend an orchestration and say why.
    text: az durabletask orchestration suspend -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --reason "supplier outage"
  - name: Suspend every running ProcessOrder orchestration started in the last hour, without a question.
    text: az durabletask orchestration suspend -g myresourcegroup -s myscheduler --task-hub mytaskhub --name ProcessOrder --status Running --created-after 1h --yes
"""

helps['durabletask orchestration resume'] = """
type: command
short-summary: Resume suspended orchestrations.
long-summary: >
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already running or finished, failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
examples:
  - name: Resume an orchestration.
    text: az durabletask orchestration resume -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42
  - name: See which suspended orchestrations whose id starts with order- would be resumed, then resume them.
    text: az durabletask orchestration resume --endpoint http://localhost:8080 --task-hub default --status Suspended --prefix order- --dry-run && az durabletask orchestration resume --endpoint http://localhost:8080 --task-hub default --status Suspended --prefix order- --yes
"""

helps['durabletask orchestration terminate'] = """
type: command
short-summary: Terminate running orchestrations.
long-summary: >
    The worker records the termination; the reason becomes the orchestration's output.
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already finished, failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
examples:
  - name: Terminate an orchestration and say why.
    text: az durabletask orchestration terminate -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --reason "cancelled by customer"
  - name: Terminate an orchestration and its sub-orchestrations.
    text: az durabletask orchestration terminate -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --recursive
  - name: Terminate the orchestrations stuck for more than 2 hours, 16 requests at a time.
    text: az durabletask orchestration terminate -g myresourcegroup -s myscheduler --task-hub mytaskhub --stuck 2h --reason "stuck" --max-concurrency 16 --yes
"""

helps['durabletask orchestration restart'] = """
type: command
short-summary: Run finished orchestrations again with their original input.
long-summary: >
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already running (not finished), failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
    Select with --status so that a re-run does not restart the instances restarted already.
examples:
  - name: Restart a failed orchestration under the same instance id.
    text: az durabletask orchestration restart -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42
  - name: Restart it under a new instance id and print that id.
    text: az durabletask orchestration restart -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --new-instance-id --query instanceId -o tsv
  - name: Restart every orchestration that failed in the last day.
    text: az durabletask orchestration restart -g myresourcegroup -s myscheduler --task-hub mytaskhub --status Failed --created-after 1d --yes
"""

helps['durabletask orchestration purge'] = """
type: command
short-summary: Delete finished orchestrations and their history, one by instance id or many by filter.
long-summary: >
    Only finished orchestrations (Completed, Failed, Terminated, Canceled) are purged. Without --yes, it says
    how many match and asks first; --dry-run prints that count and the first ones. With --status and the
    creation window only, the service purges by filter in one request; with --name or --instance-id-prefix,
    the selected orchestrations are purged one by one (at most --max-concurrency at a time). Keep their history
    first with `az durabletask orchestration export`.
examples:
  - name: Purge the orchestrations that failed in the last hour.
    text: az durabletask orchestration purge -g myresourcegroup -s myscheduler --task-hub mytaskhub --status Failed --created-after 1h --yes
  - name: Purge one orchestration.
    text: az durabletask orchestration purge -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --yes
  - name: Count what would be purged among the finished orchestrations created before May 2026 on the DTS emulator.
    text: az durabletask orchestration purge --endpoint http://localhost:8080 --task-hub default --created-before 2026-05-01 --dry-run
  - name: Purge the finished orchestrations whose id starts with test-.
    text: az durabletask orchestration purge -g myresourcegroup -s myscheduler --task-hub mytaskhub --prefix test- --yes
"""

helps['durabletask orchestration rewind'] = """
type: command
short-summary: Rewind failed orchestrations; their failed activities run again and they go on from there.
long-summary: >
    Only Failed orchestrations are rewound (the worker replays them up to the failure).
    With -i, acts on one orchestration. With the Filter options (--status, --created-after, --created-before,
    --name, --instance-id-prefix, --stuck), acts on every orchestration they select: --dry-run prints how many
    and the first ones; otherwise it asks once, stating the count (--yes skips the question), runs at most
    --max-concurrency requests at a time and prints a summary (done, skipped because already not Failed, failed
    with the reason). Run the same command again after an interruption: what was done is skipped.
examples:
  - name: Rewind a failed orchestration.
    text: az durabletask orchestration rewind -g myresourcegroup -s myscheduler --task-hub mytaskhub -i order-42 --reason "payment service fixed"
  - name: Rewind the orchestrations of ProcessOrder that failed in the last 2 hours.
    text: az durabletask orchestration rewind -g myresourcegroup -s myscheduler --task-hub mytaskhub --name ProcessOrder --created-after 2h --yes
"""

helps['durabletask orchestration export'] = """
type: command
short-summary: Write the orchestrations a filter selects as JSON Lines, with their history, to a file or standard output.
long-summary: >
    One orchestration a line, in the shape of `orchestration show` (plus `history` with --include-history),
    written as it is read: memory stays bounded by one orchestration. Inputs, outputs and event payloads are
    left out unless --include-payloads. With --output-file, lines are appended and the orchestrations already
    in the file are skipped, so an interrupted export is resumed by running it again. Archive before a purge.
examples:
  - name: Archive the failed orchestrations of the last week with their history and payloads, then purge them.
    text: az durabletask orchestration export -g myresourcegroup -s myscheduler --task-hub mytaskhub --status Failed --created-after 7d --include-history --include-payloads -f failed.jsonl && az durabletask orchestration purge -g myresourcegroup -s myscheduler --task-hub mytaskhub --status Failed --created-after 7d --yes
  - name: Print the ids and statuses of the orchestrations of one orchestrator on the DTS emulator.
    text: az durabletask orchestration export --endpoint http://localhost:8080 --task-hub default --name ProcessOrder | jq -r '.instanceId + " " + .runtimeStatus'
"""

# --- entities (entity.py) ---

helps['durabletask entity'] = """
type: group
short-summary: Inspect, signal and clean up the durable entities of a task hub.
long-summary: >
    Over the task hub's gRPC protocol, reached like `az durabletask orchestration`: -g, -s and --task-hub, or
    --endpoint and --task-hub, or --connection-string. An entity is named by its name (as the worker registered
    it) and its key; its instance id is @name@key.
"""

helps['durabletask entity list'] = """
type: command
short-summary: List entities, by name or instance id prefix and last-modified time.
examples:
  - name: List the counter entities with their state.
    text: az durabletask entity list -g myresourcegroup -s myscheduler --task-hub mytaskhub --name counter --include-state -o table
  - name: List the entities modified in the last hour on the DTS emulator.
    text: az durabletask entity list --endpoint http://localhost:8080 --task-hub default --last-modified-after 1h
"""

helps['durabletask entity show'] = """
type: command
short-summary: Show an entity's state, last modification, backlog and lock.
examples:
  - name: Show the counter of user 42.
    text: az durabletask entity show -g myresourcegroup -s myscheduler --task-hub mytaskhub --name counter --key user-42
  - name: Print only its state, on the DTS emulator.
    text: az durabletask entity show --endpoint http://localhost:8080 --task-hub default -n counter -k user-42 --query state
"""

helps['durabletask entity signal'] = """
type: command
short-summary: Send an operation to an entity, now or at a given time (one-way; the worker runs it).
examples:
  - name: Add 5 to the counter of user 42.
    text: az durabletask entity signal -g myresourcegroup -s myscheduler --task-hub mytaskhub --name counter --key user-42 --operation add --input 5
  - name: Reset it in ten minutes, on the DTS emulator.
    text: az durabletask entity signal --endpoint http://localhost:8080 --task-hub default -n counter -k user-42 --operation reset --signal-time "in 10m"
"""

helps['durabletask entity clean'] = """
type: command
short-summary: Remove entities that have no state and release locks held by orchestrations that no longer exist.
examples:
  - name: Clean a task hub's entity storage.
    text: az durabletask entity clean -g myresourcegroup -s myscheduler --task-hub mytaskhub
  - name: Release orphaned locks only, on the DTS emulator.
    text: az durabletask entity clean --endpoint http://localhost:8080 --task-hub default --keep-empty-entities
"""

# --- access: role assignments, connection strings, attach ------------------------------------------------------

helps['durabletask role-assignment'] = """
type: group
short-summary: Grant, list and revoke Durable Task roles on a scheduler or on one of its task hubs.
long-summary: >
    A scheduler has no keys: apps and people reach it only through these roles. Roles are given by alias:
    contributor (Durable Task Data Contributor: all data operations), worker (Durable Task Worker: run
    orchestrations, activities and entities) and reader (Durable Task Data Reader: read, list, dashboard).
    Creating role assignments needs the Owner, User Access Administrator or Role Based Access Control
    Administrator role on the scheduler.
"""

helps['durabletask role-assignment create'] = """
type: command
short-summary: Give a user, app or managed identity a Durable Task role on a task hub or a whole scheduler.
long-summary: >
    With --task-hub-name the role applies to that hub only (least privilege); without it, to the scheduler and
    all its hubs. Without --assignee or --assignee-object-id the role goes to you, the signed-in account (for
    the dashboard). Running it again returns the existing assignment and creates nothing. The principal's type
    is sent with the assignment, so a just-created app or managed identity (ServicePrincipal) is granted at once;
    a just-created user or group may not be known to Azure RBAC yet: the command says so and retries for up to
    a minute.
examples:
  - name: Let yourself use the dashboard of a task hub (read-only).
    text: az durabletask role-assignment create -g myresourcegroup -s myscheduler --task-hub-name mytaskhub --role reader
  - name: Let a user-assigned managed identity run orchestrations in one task hub.
    text: az durabletask role-assignment create -g myresourcegroup -s myscheduler --task-hub-name mytaskhub --role worker --assignee /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myidentity
  - name: Give a user every data permission on all task hubs of a scheduler.
    text: az durabletask role-assignment create -g myresourcegroup -s myscheduler --role "Durable Task Data Contributor" --assignee dev@contoso.com
  - name: Grant a service principal from a pipeline that may not read Microsoft Graph.
    text: az durabletask role-assignment create -g myresourcegroup -s myscheduler -t mytaskhub --role contributor --assignee-object-id 00000000-0000-0000-0000-000000000000 --assignee-principal-type ServicePrincipal
"""

helps['durabletask role-assignment list'] = """
type: command
short-summary: List the Durable Task role assignments of a scheduler and all its task hubs, or of one task hub.
examples:
  - name: See who may do what on a scheduler and its task hubs.
    text: az durabletask role-assignment list -g myresourcegroup -s myscheduler -o table
  - name: List the workers of one task hub, including roles given on the resource group or subscription.
    text: az durabletask role-assignment list -g myresourcegroup -s myscheduler --task-hub-name mytaskhub --role worker --include-inherited -o table
  - name: List the roles of one user.
    text: az durabletask role-assignment list -g myresourcegroup -s myscheduler --assignee dev@contoso.com
"""

helps['durabletask role-assignment delete'] = """
type: command
short-summary: Take a Durable Task role away, by principal, role and scope or by assignment id.
long-summary: Deleting an assignment that does not exist is not an error; a warning says there was nothing to delete.
examples:
  - name: Take the worker role on a task hub away from a managed identity.
    text: az durabletask role-assignment delete -g myresourcegroup -s myscheduler --task-hub-name mytaskhub --role worker --assignee /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myidentity --yes
  - name: Give up your own reader role on a scheduler.
    text: az durabletask role-assignment delete -g myresourcegroup -s myscheduler --role reader --yes
  - name: Delete assignments by the ids that list prints.
    text: az durabletask role-assignment delete --ids /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.DurableTask/schedulers/myscheduler/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-000000000000 --yes
"""

helps['durabletask taskhub show-connection-string'] = """
type: command
short-summary: Print what an app or a tool needs to reach a task hub - endpoint, dashboard URL and connection strings.
long-summary: >
    The endpoint is read from the scheduler (it has a generated suffix). `connectionString` is the form the
    Durable Task SDKs read (Endpoint=...;TaskHub=...;Authentication=...); `functionsAppSettings` are the two app
    settings of an Azure Functions app. The caller of the task hub also needs a role: az durabletask role-assignment create.
examples:
  - name: Print the connection string for local development (signs in with whatever DefaultAzureCredential finds).
    text: az durabletask taskhub show-connection-string -g myresourcegroup -s myscheduler -n mytaskhub --query connectionString -o tsv
  - name: Connection details for an app that signs in with a user-assigned managed identity.
    text: az durabletask taskhub show-connection-string -g myresourcegroup -s myscheduler -n mytaskhub --auth ManagedIdentity --client-id 00000000-0000-0000-0000-000000000000
  - name: Show everything as a table.
    text: az durabletask taskhub show-connection-string -g myresourcegroup -s myscheduler -n mytaskhub -o table
"""

helps['durabletask scheduler attach'] = """
type: command
short-summary: Connect a Function App or Container App to a task hub - role for its managed identity and its settings.
long-summary: >
    Gives the app's managed identity (system-assigned, or the user-assigned one given by --identity, attached to
    the app if needed) the role on the task hub (or, with --scope scheduler, on the whole scheduler), then sets
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING and TASKHUB_NAME on the app (app settings of a Function App,
    environment variables of every container of a Container App). Steps already done are skipped, so running it
    again changes nothing. An app without a managed identity gets the command that enables one.
examples:
  - name: Connect a Function App through its system-assigned identity.
    text: az durabletask scheduler attach -g myresourcegroup -n myscheduler --task-hub-name mytaskhub --role-type contributor --target /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.Web/sites/myfunctionapp
  - name: Connect a Container App through a user-assigned identity, with the worker role on the whole scheduler.
    text: az durabletask scheduler attach -g myresourcegroup -n myscheduler --task-hub-name mytaskhub --role-type worker --scope scheduler --target /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.App/containerApps/mycontainerapp --identity /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myidentity
"""


# --- preview groups (api-version 2026-07-01-preview) -------------------------------------------------------------

helps['durabletask scheduler failover-instance'] = """
type: group
short-summary: Pair a scheduler with a partner in another region, and fail over to it.
long-summary: >
    A scheduler has at most one failover instance. It starts as the primary; its partner takes over on a failover.
"""

helps['durabletask scheduler failover-instance create'] = """
type: command
short-summary: Pair a scheduler with a partner scheduler in another region.
examples:
  - name: Pair a scheduler with a scheduler in the same resource group.
    text: az durabletask scheduler failover-instance create -g myresourcegroup -s myscheduler --partner-scheduler-id mypartnerscheduler
  - name: Pair it with a scheduler in another resource group, by resource id, and return at once.
    text: az durabletask scheduler failover-instance create -g myresourcegroup -s myscheduler --partner-scheduler-id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/otherresourcegroup/providers/Microsoft.DurableTask/schedulers/mypartnerscheduler --no-wait
"""

helps['durabletask scheduler failover-instance show'] = """
type: command
short-summary: Show a scheduler's failover instance (its role, its partner, the state of the last failover).
long-summary: Exits with code 3 when the scheduler has no failover instance.
examples:
  - name: Show the failover instance.
    text: az durabletask scheduler failover-instance show -g myresourcegroup -s myscheduler
  - name: Print whether the scheduler is now the primary or the secondary.
    text: az durabletask scheduler failover-instance show -g myresourcegroup -s myscheduler --query properties.replicationRole -o tsv
"""

helps['durabletask scheduler failover-instance list'] = """
type: command
short-summary: List a scheduler's failover instances (none or one).
examples:
  - name: List the failover instances.
    text: az durabletask scheduler failover-instance list -g myresourcegroup -s myscheduler
  - name: List them as a table.
    text: az durabletask scheduler failover-instance list -g myresourcegroup -s myscheduler -o table
"""

helps['durabletask scheduler failover-instance delete'] = """
type: command
short-summary: Unpair a scheduler from its failover partner.
examples:
  - name: Remove the failover instance.
    text: az durabletask scheduler failover-instance delete -g myresourcegroup -s myscheduler --yes
  - name: Start removing it and return at once.
    text: az durabletask scheduler failover-instance delete -g myresourcegroup -s myscheduler --yes --no-wait
"""

helps['durabletask scheduler failover-instance failover'] = """
type: command
short-summary: Fail over gracefully to the partner scheduler, once it has received everything.
long-summary: Nothing is lost. Apps keep the endpoint they use; the roles of the two schedulers switch.
examples:
  - name: Fail over and wait until it has finished.
    text: az durabletask scheduler failover-instance failover -g myresourcegroup -s myscheduler
  - name: Start the failover and return at once; then wait for it.
    text: az durabletask scheduler failover-instance failover -g myresourcegroup -s myscheduler --no-wait
"""

helps['durabletask scheduler failover-instance force-failover'] = """
type: command
short-summary: Fail over at once, without waiting for replication; recent work may be lost.
long-summary: >
    For when the primary region is unavailable. Work the scheduler accepted but has not yet replicated to its
    partner (orchestrations started, events raised, activity results, timers) is lost for good. Asks twice, in
    words, what may be lost; --yes skips both questions.
examples:
  - name: Force the failover (asks twice).
    text: az durabletask scheduler failover-instance force-failover -g myresourcegroup -s myscheduler
  - name: Force it from a script, without questions, and return at once.
    text: az durabletask scheduler failover-instance force-failover -g myresourcegroup -s myscheduler --yes --no-wait
"""

helps['durabletask scheduler failover-instance wait'] = """
type: command
short-summary: Wait until a failover instance reaches a state (created, updated after a failover, deleted).
examples:
  - name: Wait until a failover started with --no-wait has finished.
    text: az durabletask scheduler failover-instance wait -g myresourcegroup -s myscheduler --updated
  - name: Wait until the failover instance is deleted.
    text: az durabletask scheduler failover-instance wait -g myresourcegroup -s myscheduler --deleted
"""

helps['durabletask scheduler detector'] = """
type: group
short-summary: Run a scheduler's diagnostic detectors and read what they found.
"""

helps['durabletask scheduler detector list'] = """
type: command
short-summary: List a scheduler's detectors, each with its overall status.
examples:
  - name: List the detectors as a table (Name, Title, Category, Status, Message).
    text: az durabletask scheduler detector list -g myresourcegroup -s myscheduler -o table
  - name: List only the detectors that found something critical.
    text: az durabletask scheduler detector list -g myresourcegroup -s myscheduler --query "[?properties.status.statusId==`0`].name"
"""

helps['durabletask scheduler detector show'] = """
type: command
short-summary: Run one detector and show its findings.
long-summary: With -o table, one row per finding (status, finding, recommendation). Exits with code 3 when there is no such detector.
examples:
  - name: Show a detector's findings as a table.
    text: az durabletask scheduler detector show -g myresourcegroup -s myscheduler -n networkAccess -o table
  - name: Show the detector's full response (metadata and datasets).
    text: az durabletask scheduler detector show -g myresourcegroup -s myscheduler --name networkAccess
"""

helps['durabletask taskhub task-queue'] = """
type: group
short-summary: Manage a task hub's task queues and their throughput.
"""

helps['durabletask taskhub task-queue create'] = """
type: command
short-summary: Create a task queue with a throughput (work items handed out per second).
examples:
  - name: Create a task queue that hands out 100 work items per second.
    text: az durabletask taskhub task-queue create -g myresourcegroup -s myscheduler --task-hub mytaskhub -n myqueue --actions-per-second 100
  - name: Start creating it and return at once.
    text: az durabletask taskhub task-queue create -g myresourcegroup -s myscheduler -t mytaskhub -n myqueue --throughput 50 --no-wait
"""

helps['durabletask taskhub task-queue show'] = """
type: command
short-summary: Show a task queue.
long-summary: Exits with code 3 when the task queue does not exist.
examples:
  - name: Show a task queue.
    text: az durabletask taskhub task-queue show -g myresourcegroup -s myscheduler --task-hub mytaskhub -n myqueue
  - name: Print its throughput.
    text: az durabletask taskhub task-queue show -g myresourcegroup -s myscheduler -t mytaskhub -n myqueue --query properties.throughput.actionsPerSecond -o tsv
"""

helps['durabletask taskhub task-queue list'] = """
type: command
short-summary: List a task hub's task queues.
examples:
  - name: List the task queues as a table with their throughput.
    text: az durabletask taskhub task-queue list -g myresourcegroup -s myscheduler --task-hub mytaskhub -o table
  - name: List their names.
    text: az durabletask taskhub task-queue list -g myresourcegroup -s myscheduler -t mytaskhub --query [].name -o tsv
"""

helps['durabletask taskhub task-queue update'] = """
type: command
short-summary: Change a task queue's throughput.
examples:
  - name: Raise the throughput to 500 work items per second.
    text: az durabletask taskhub task-queue update -g myresourcegroup -s myscheduler --task-hub mytaskhub -n myqueue --actions-per-second 500
  - name: Lower it, and return at once.
    text: az durabletask taskhub task-queue update -g myresourcegroup -s myscheduler -t mytaskhub -n myqueue --throughput 10 --no-wait
"""

helps['durabletask taskhub task-queue delete'] = """
type: command
short-summary: Delete a task queue.
examples:
  - name: Delete a task queue.
    text: az durabletask taskhub task-queue delete -g myresourcegroup -s myscheduler --task-hub mytaskhub -n myqueue --yes
  - name: Start deleting it and return at once.
    text: az durabletask taskhub task-queue delete -g myresourcegroup -s myscheduler -t mytaskhub -n myqueue --yes --no-wait
"""

helps['durabletask taskhub task-queue wait'] = """
type: command
short-summary: Wait until a task queue reaches a state (created, deleted).
examples:
  - name: Wait until a task queue created with --no-wait exists.
    text: az durabletask taskhub task-queue wait -g myresourcegroup -s myscheduler --task-hub mytaskhub -n myqueue --created
  - name: Wait until it is deleted.
    text: az durabletask taskhub task-queue wait -g myresourcegroup -s myscheduler -t mytaskhub -n myqueue --deleted
"""
