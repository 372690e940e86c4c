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
"""

helps['durabletask scheduler update'] = """
type: command
short-summary: Change a scheduler's allow list, SKU, capacity, network access or tags.
long-summary: Sends only what you give; everything else stays as it is.
examples:
  - name: Allow only one network.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --ip-allowlist 10.0.0.0/8
  - name: Scale a Dedicated scheduler to three capacity units for high availability.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --sku-capacity 3
  - name: Replace the tags.
    text: az durabletask scheduler update -g myresourcegroup -n myscheduler --tags "{department:research,development:true}"
"""

helps['durabletask scheduler delete'] = """
type: command
short-summary: Delete a scheduler.
long-summary: A scheduler that still has task hubs cannot be deleted; the error names them and the commands that delete them.
examples:
  - name: Delete a scheduler without a prompt.
    text: az durabletask scheduler delete -g myresourcegroup -n myscheduler --yes
  - name: Start deleting a scheduler and return at once.
    text: az durabletask scheduler delete --resource-group myresourcegroup --scheduler-name myscheduler --yes --no-wait
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
