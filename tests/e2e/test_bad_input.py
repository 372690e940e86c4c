# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Bad input, live against a stand-in: every invalid invocation fails before any request.

One stand-in for the module, logged in, holding a resource group, a scheduler and a task hub (so the names
used below exist and "exists" paths are real). Each case must exit non-zero, print exactly one `ERROR:` line
on stderr that names the flag at fault, print no traceback and nothing on stdout, and the stand-in's request
log must not grow. az runs through tests/e2e/_az_forkserver.py: `python -m azure.cli` forked per case from one
process that imported az core once (same exit codes and output as a subprocess, about 0.3 s a case instead
of 1 s).
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

import pytest

from armstandin.testing import running_standin

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORKSERVER = os.path.join(ROOT, 'tests', 'e2e', '_az_forkserver.py')

GROUP, SCHEDULER, HUB = 'bad-input-rg', 'bad-input-sched', 'bad-input-hub'
GUID = '6e9c6c7b-9a55-4b0c-8d1e-3f1f0e6a2b11'
LONG = 'a' * 65                                   # one over the 64-character limit
VERY_LONG = 'x' * 5000
SCHED_ID = '/subscriptions/{sub}/resourceGroups/{g}/providers/Microsoft.DurableTask/schedulers/{s}'
HUB_ID = SCHED_ID + '/taskHubs/{h}'
PEC_ID = SCHED_ID + '/privateEndpointConnections/pec1'
ASSIGNMENT_ID = HUB_ID + '/providers/Microsoft.Authorization/roleAssignments/' + GUID
IDENTITY_ID = '/subscriptions/{sub}/resourceGroups/{g}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1'
APP_ID = '/subscriptions/{sub}/resourceGroups/{g}/providers/Microsoft.Web/sites/app1'
STORAGE_ID = '/subscriptions/{sub}/resourceGroups/{g}/providers/Microsoft.Storage/storageAccounts/st1'

RETENTION_ID = SCHED_ID + '/retentionPolicies/default'
PLR_ID = SCHED_ID + '/privateLinkResources/scheduler'
STORAGE_ASSIGNMENT_ID = STORAGE_ID + '/providers/Microsoft.Authorization/roleAssignments/' + GUID


def _token(text):
    """A --next-token that decodes (base64url of JSON) but that `orchestration list` never printed."""
    import base64
    return base64.urlsafe_b64encode(text.encode('utf-8')).decode('ascii').rstrip('=')


MANY_TAGS = ' '.join('t{}=v'.format(i) for i in range(51))  # ARM: at most 50 tags per resource
MAX_ERROR_LINE = 400                              # one readable line: long values are shortened

S = 'durabletask scheduler'
H = 'durabletask taskhub'
R = 'durabletask retention-policy'
PEC = 'durabletask scheduler private-endpoint-connection'
PLR = 'durabletask scheduler private-link-resource'
RA = 'durabletask role-assignment'
ORC = 'durabletask orchestration'
ENT = 'durabletask entity'
FO = 'durabletask scheduler failover-instance'
DET = 'durabletask scheduler detector'
TQ = 'durabletask taskhub task-queue'
HUB_ARGS = '-g {g} -s {s} --task-hub {h}'

# (command, arguments, text the ERROR line must contain). Arguments are shell words ({g} {s} {h} {sub} filled
# in); every command of the extension has at least one case (test_every_command_has_a_case).
CASES = [
    # --- scheduler create: names, SKU, capacity, allow list, tags, required options
    (S + ' create', '-g {g} -n ab --sku-name Dedicated -l westus2', "--name 'ab'"),
    (S + ' create', '-g {g} -n my_scheduler --sku-name Dedicated -l westus2', "--name 'my_scheduler'"),
    (S + ' create', '-g {g} -n bad- --sku-name Dedicated -l westus2', "--name 'bad-'"),
    (S + ' create', '-g {g} -n ' + LONG + ' --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g {g} -n planificateur-été --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g {g} -n "" --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g {g} -n sched2 --sku-name Premium -l westus2', '--sku-name'),
    (S + ' create', '-g {g} -n sched2 -l westus2', '--sku-name'),
    (S + ' create', '-g {g} --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity 0 -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity two -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity=-3 -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity 1.5 -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity ² -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity ' + '9' * 5000 + ' -l westus2',
     '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Consumption --sku-capacity 3 -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist 10.0.0.0/33 -l westus2',
     '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist 300.1.2.3 -l westus2', '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist "[]" -l westus2', '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist "[10.0.0.0/8,not-a-cidr]" -l westus2',
     "'not-a-cidr'"),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist ２０３.0.113.0/24 -l westus2',
     '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags "{env:dev" -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags "{env}" -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags =dev -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --public-network-access Sometimes -l westus2',
     '--public-network-access'),
    # --- scheduler show / list / update / delete / wait
    (S + ' show', '-g {g} -n "a b"', '--name'),
    (S + ' show', '-g {g}', '--name'),
    (S + ' show', '--ids /subscriptions/{sub}/resourceGroups', '--ids'),  # not a resource id
    (S + ' list', '--bogus-option 1', '--bogus-option'),
    (S + ' update', '-g {g} -n {s}', 'Nothing to update'),
    (S + ' update', '-g {g} -n {s} --sku-capacity 0', '--sku-capacity'),
    (S + ' update', '-g {g} -n {s} --ip-allowlist 10.0.0.1 fe80::zz', "'fe80::zz'"),
    (S + ' update', '-g {g} -n {s} --tags "{team:a,b}"', '--tags'),
    (S + ' update', '-g {g} -n {s} --sku-name Free', '--sku-name'),
    (S + ' delete', '-g {g} -n ' + VERY_LONG + ' --yes', '--name'),
    (S + ' wait', '-g {g} -n x_y --created', '--name'),
    # --- task hubs
    # --- what 2026-07-01 adds: identities, restart, encryption, capabilities
    (S + ' create', '-g {g} -n new-sched --sku-name Dedicated -l westus2 --mi-user-assigned myidentity',
     "--mi-user-assigned 'myidentity'"),
    (S + ' update', '-g {g} -n {s} --mi-user-assigned /subscriptions/x', '--mi-user-assigned'),
    (S + ' identity assign', '-g {g} -n {s}', '--system-assigned'),
    (S + ' identity assign', '-g {g} -n {s} --user-assigned myidentity', "--user-assigned 'myidentity'"),
    (S + ' identity remove', '-g {g} -n {s}', '--user-assigned'),
    (S + ' identity show', '-g {g} -n x_y', '--name'),
    (S + ' identity wait', '-g {g} -n x_y --created', '--name'),
    (S + ' restart', '-g {g} -n x_y --yes', '--name'),
    (S + ' transparent-data-encryption create', '-g {g} -s {s}', '--key-vault-key-uri'),
    (S + ' transparent-data-encryption create', '-g {g} -s {s} --key-vault-key-uri https://kv.example.com/k',
     '--key-vault-key-uri'),
    (S + ' transparent-data-encryption create', '-g {g} -s {s} --key-source MicrosoftManaged --grant', '--grant'),
    (S + ' transparent-data-encryption update', '-g {g} -s {s}', 'Nothing to update'),
    (S + ' transparent-data-encryption update', '-g {g} -s {s} --key-source MicrosoftManaged '
     '--key-vault-key-uri https://myvault.vault.azure.net/keys/k', '--key-vault-key-uri'),
    (S + ' transparent-data-encryption show', '-g {g} -s x_y', '--scheduler-name'),
    (S + ' transparent-data-encryption delete', '-g {g} -s x_y --yes', '--scheduler-name'),
    (S + ' transparent-data-encryption wait', '-g {g} -s x_y --deleted', '--scheduler-name'),
    (S + ' transparent-data-encryption check', '-g {g} -s {s} --key-vault-key-uri https://myvault.vault.azure.net/x',
     '--key-vault-key-uri'),
    (H + ' create', '-g {g} -s {s} -n hub2 --capabilities "[]"', '--capabilities'),
    (H + ' create', '-g {g} -s {s} -n hub_1', "--name 'hub_1'"),
    (H + ' create', '-g {g} -s {s} -n ' + LONG, '--name'),
    (H + ' create', '-g {g} -s sched! -n hub2', '--scheduler-name'),
    (H + ' create', '-g {g} -n hub2', '--scheduler-name'),
    (H + ' show', '-g {g} -s {s} -n ""', '--name'),
    (H + ' show', '-g {g} -s {s}', '--name'),
    (H + ' list', '-g {g} -s ✓✓✓', '--scheduler-name'),
    (H + ' delete', '-g {g} -s {s} --name=-hub --yes', "--name '-hub'"),
    (H + ' wait', '-g {g} -s {s} -n hub.1 --exists', '--name'),
    (H + ' show-connection-string', '-g {g} -s {s} -n {h} --auth Password', '--auth'),
    (H + ' show-connection-string', '-g {g} -s {s} -n {h} --client-id ' + GUID, '--client-id'),
    (H + ' show-connection-string', '-g {g} -s {s} -n {h} --auth ManagedIdentity --client-id my-app',
     "--client-id 'my-app'"),
    (H + ' show-connection-string', '-g {g} -s {s} -n hub?', '--name'),
    (H + ' diagnose', '-g {g} -s {s} -n {h} --client-ip 300.1.2.3', '--client-ip'),
    (H + ' diagnose', '-g {g} -s {s} -n {h} --client-ip 10.0.0.0/8', '--client-ip'),
    (H + ' diagnose', '-g {g} -s {s} -n {h} --app /subscriptions/{sub}/resourceGroups/{g}', '--app'),
    (H + ' diagnose', '-g {g} -s {s} -n {h} --app x --assignee dev@contoso.example', '--app'),
    (H + ' diagnose', '-g {g} -s {s} -n hub?', '--name'),
    # --- retention policies
    (R + ' create', '-g {g} -s {s}', '--default-days'),
    (R + ' create', '-g {g} -s {s} --default-days abc', "--default-days 'abc'"),
    (R + ' create', '-g {g} -s {s} --completed-days 1.5', '--completed-days'),
    (R + ' create', '-g {g} -s {s} --failed-days 91', '--failed-days'),
    (R + ' create', '-g {g} -s {s} --terminated-days=-1', '--terminated-days'),
    (R + ' create', '-g {g} -s {s} --canceled-days ""', '--canceled-days'),
    (R + ' create', '-g {g} -s {s} --default-days ٣', '--default-days'),
    (R + ' create', '-g {g} -s {s} --default-days ' + '7' * 3000, '--default-days'),
    (R + ' create', '-g {g} -s s -d 7', '--scheduler-name'),
    (R + ' update', '-g {g} -s {s}', 'Nothing to update'),
    (R + ' update', '-g {g} -s {s} --remove Expired', '--remove'),
    (R + ' update', '-g {g} -s {s} --completed-days 3 --remove Completed', '--completed-days'),
    (R + ' show', '-g {g} -s "{s} "', '--scheduler-name'),
    (R + ' list', '-g {g}', '--scheduler-name'),
    (R + ' delete', '-g {g} -s ' + LONG + ' --yes', '--scheduler-name'),
    (R + ' wait', '-g {g} -s a/b --created', '--scheduler-name'),
    # --- private endpoint connections and private link resources
    (PEC + ' show', '--id ' + HUB_ID, '--id'),
    (PEC + ' show', '--id not-an-id', '--id'),
    (PEC + ' show', '-g {g} -s {s}', '--name'),
    (PEC + ' approve', '-g {g} -s sched_x -n pec1', '--scheduler-name'),
    (PEC + ' reject', '--id ' + SCHED_ID, '--id'),
    (PEC + ' delete', '-g {g} -n pec1 --yes', '--scheduler-name'),
    (PEC + ' wait', '--id /subscriptions/{sub} --created', '--id'),
    (PEC + ' list', '-g {g}', '--scheduler-name'),
    (PLR + ' list', '-g {g} -s ab', '--scheduler-name'),
    (PLR + ' show', '-g {g} -s {s}', '--name'),
    # --- role assignments
    (RA + ' create', '-g {g} -s {s} --role owner', '--role'),
    (RA + ' create', '-g {g} -s {s} --role ""', '--role'),
    (RA + ' create', '-g {g} -s {s}', '--role'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee-object-id not-a-guid', '--assignee-object-id'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee dev@contoso.example --assignee-object-id ' + GUID,
     '--assignee'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee-principal-type User', '--assignee-principal-type'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee-object-id ' + GUID + ' --principal-type Robot',
     '--assignee-principal-type'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee " "', '--assignee'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee ' + APP_ID, '--assignee'),
    (RA + ' create', '-g {g} -s {s} -t hub_x --role reader', '--task-hub-name'),
    (RA + ' list', '-g {g} -s {s} --role "Durable Task Admin"', '--role'),
    (RA + ' list', '-g {g} -s {s} --assignee-object-id 1234', '--assignee-object-id'),
    (RA + ' delete', '--ids /subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/' + GUID + ' --yes',
     '--ids'),
    (RA + ' delete', '--ids ' + ASSIGNMENT_ID + ' --role reader --yes', '--ids'),
    (RA + ' delete', '-g {g} -s {s} --yes', '--role'),
    (RA + ' delete', '-g {g} -s {s} --role writer --yes', '--role'),
    # --- scheduler attach
    (S + ' attach', '-g {g} -n {s} -t {h} --target not-an-id --role-type contributor', '--target'),
    (S + ' attach', '-g {g} -n {s} -t {h} --target ' + STORAGE_ID + ' --role-type contributor', '--target'),
    (S + ' attach', '-g {g} -n {s} -t {h} --target ' + APP_ID + ' --role-type owner', '--role-type'),
    (S + ' attach', '-g {g} -n {s} -t {h} --target ' + APP_ID + ' --role-type worker --identity ' + APP_ID,
     '--identity'),
    (S + ' attach', '-g {g} -n {s} -t {h} --target ' + APP_ID + ' --role-type worker --scope subscription',
     '--scope'),
    (S + ' attach', '-g {g} -n {s} -t {h} --role-type worker', '--target'),
    (S + ' attach', '-g {g} -n {s} -t hub:1 --target ' + APP_ID + ' --role-type worker', '--task-hub-name'),
    # --- paging, generic update, --no-wait with a value
    (S + ' list', '--max-items 0', '--max-items'),
    (S + ' list', '-g {g} --next-token garbage', '--next-token'),
    (H + ' list', '-g {g} -s {s} --max-items x', '--max-items'),
    (S + ' update', '-g {g} -n {s} --tags a=b --no-wait maybe', '--no-wait'),
    # --- preview: failover instances, detectors, task queues
    (FO + ' create', '-g {g} -s {s} --partner-scheduler-id {s}', '--partner-scheduler-id'),
    (FO + ' create', '-g {g} -s {s} --partner bad_partner', '--partner-scheduler-id'),
    (FO + ' create', '-g {g} -s {s} --partner-scheduler-id ' + HUB_ID, '--partner-scheduler-id'),
    (FO + ' show', '-g {g} -s bad_s', '--scheduler-name'),
    (FO + ' list', '-g {g} -s ' + LONG, '--scheduler-name'),
    (FO + ' delete', '-g {g} -s bad_s --yes', '--scheduler-name'),
    (FO + ' failover', '-g {g} -s bad_s', '--scheduler-name'),
    (FO + ' force-failover', '-g {g} -s {s}', '--yes'),
    (FO + ' force-failover', '-g {g} -s bad_s --yes', '--scheduler-name'),
    (FO + ' wait', '-g {g} -s bad_s --created', '--scheduler-name'),
    (DET + ' list', '-g {g} -s bad_s', '--scheduler-name'),
    (DET + ' show', '-g {g} -s {s} -n a/b', '--name'),
    (TQ + ' create', '-g {g} -s {s} -t {h} -n queue1 --actions-per-second 0', '--actions-per-second'),
    (TQ + ' create', '-g {g} -s {s} -t {h} -n queue1', '--actions-per-second'),
    (TQ + ' create', '-g {g} -s {s} -t {h} -n bad_queue --throughput 5', '--name'),
    (TQ + ' show', '-g {g} -s {s} -t bad_hub -n queue1', '--task-hub'),
    (TQ + ' list', '-g {g} -s {s} -t bad_hub', '--task-hub'),
    (TQ + ' update', '-g {g} -s {s} -t {h} -n queue1', '--actions-per-second'),
    (TQ + ' update', '-g {g} -s {s} -t {h} -n queue1 --throughput fast', '--actions-per-second'),
    (TQ + ' delete', '-g {g} -s {s} -t {h} -n bad_queue --yes', '--name'),
    (TQ + ' wait', '-g {g} -s {s} -t {h} -n bad_queue --created', '--name'),
    (TQ + ' show', '--ids ' + HUB_ID, '--ids'),
    (DET + ' show', '--ids ' + SCHED_ID, '--ids'),
    (FO + ' show', '--ids ' + HUB_ID, '--ids'),
    # --- orchestrations (data plane)
    (ORC + ' list', '', 'task hub'),
    (ORC + ' list', '--connection-string "Endpoint=https://x.durabletask.io;TaskHub=h" --endpoint https://y.io',
     '--connection-string'),
    (ORC + ' list', '--endpoint https://x.durabletask.io -s {s} --task-hub {h}', '--endpoint'),
    (ORC + ' list', '--endpoint ftp://x.example --task-hub {h}', '--endpoint'),
    (ORC + ' list', '--endpoint https://x.durabletask.io', '--task-hub'),
    (ORC + ' list', '--connection-string "Endpoint=http://localhost:8080;TaskHub=default"', '--connection-string'),
    (ORC + ' list', '--connection-string "TaskHub=default"', '--connection-string'),
    (ORC + ' list', '--connection-string "Endpoint=https://x.io;TaskHub=a" --task-hub b', '--task-hub'),
    (ORC + ' list', HUB_ARGS + ' --status Sleeping', "--status 'Sleeping'"),
    (ORC + ' list', HUB_ARGS + ' --created-after yesterday', '--created-after'),
    (ORC + ' list', HUB_ARGS + ' --created-after 2026-01-02 --created-before 2026-01-01', '--created-after'),
    (ORC + ' list', HUB_ARGS + ' --max-items 0', '--max-items'),
    (ORC + ' list', HUB_ARGS + ' --max-items ³', '--max-items'),
    (ORC + ' list', HUB_ARGS + ' --next-token garbage', '--next-token'),
    (ORC + ' list', '-g {g} -s {s}', '--task-hub'),
    (ORC + ' list', '-s {s} --task-hub bad_hub -g {g}', '--task-hub'),
    (ORC + ' show', HUB_ARGS + ' -i ""', '--instance-id'),
    (ORC + ' history', HUB_ARGS, '--instance-id'),
    (ORC + ' start', HUB_ARGS + ' --name Hello --input "{bad json"', '--input'),
    (ORC + ' start', HUB_ARGS + ' --name " "', '--name'),
    (ORC + ' start', HUB_ARGS + ' --name Hello -i ""', '--instance-id'),
    (ORC + ' raise-event', HUB_ARGS + ' -i abc --event-name Approval --event-data "[1,"', '--event-data'),
    (ORC + ' raise-event', HUB_ARGS + ' -i abc --event-name ""', '--event-name'),
    (ORC + ' suspend', '--endpoint https://x.io:99999 --task-hub {h} -i abc', '--endpoint'),
    (ORC + ' resume', '-g {g} -s ' + LONG + ' --task-hub {h} -i abc', '--scheduler-name'),
    (ORC + ' terminate', HUB_ARGS + ' -i "  "', '--instance-id'),
    (ORC + ' restart', '--connection-string "Endpoint=https://x.io;Authentication=Password" -i abc',
     '--connection-string'),
    (ORC + ' purge', HUB_ARGS + ' --yes', '--instance-id'),
    (ORC + ' purge', HUB_ARGS + ' --status Running --yes', '--status'),
    (ORC + ' purge', HUB_ARGS + ' -i abc --status Completed --yes', '--instance-id'),
    (ORC + ' purge', HUB_ARGS + ' --created-before soon --yes', '--created-before'),
    # --- issue 11: classes that got through before -------------------------------------------------------------
    # names that pass a `$` regex but end in a newline; names with '/'; -g empty or not a group name
    (S + ' create', '-g {g} -n "sched2\n" --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g {g} -n a/b --sku-name Dedicated -l westus2', '--name'),
    (S + ' create', '-g "" -n sched2 --sku-name Dedicated -l westus2', '--resource-group'),
    (S + ' show', '-g {g} -n "{s}\n"', '--name'),
    (S + ' show', '-g "" -n {s}', '--resource-group'),
    (S + ' show', '-g a/b -n {s}', '--resource-group'),
    (S + ' list', '-g ""', '--resource-group'),
    (S + ' list', '-g "rg."', '--resource-group'),
    (S + ' list', '-g "{g}\n"', '--resource-group'),
    (H + ' create', '-g {g} -s {s} -n "hub2\n"', '--name'),
    (H + ' create', '-g {g} -s {s} -n a/b', '--name'),
    (H + ' create', '-g "" -s {s} -n hub2', '--resource-group'),
    (H + ' list', '-g "" -s {s}', '--resource-group'),
    (R + ' create', '-g {g} -s "{s}\n" -d 7', '--scheduler-name'),
    (R + ' create', '-g "" -s {s} -d 7', '--resource-group'),
    (R + ' list', '-g a/b -s {s}', '--resource-group'),
    (PEC + ' list', '-g "" -s {s}', '--resource-group'),
    (PEC + ' show', '-g {g} -s {s} -n a/b', '--name'),
    (PEC + ' approve', '-g {g} -s {s} -n ""', '--name'),
    (PEC + ' delete', '-g {g} -s {s} -n "pec 1" --yes', '--name'),
    (PLR + ' show', '-g {g} -s {s} -n a/b', '--name'),
    (RA + ' create', '-g "" -s {s} --role reader', '--resource-group'),
    (RA + ' list', '-g {g} -s "{s}\n"', '--scheduler-name'),
    (RA + ' create', '-g {g} -s {s} --role reader --assignee-object-id "' + GUID + '\n"', '--assignee-object-id'),
    (S + ' attach', '-g "" -n {s} -t {h} --target ' + APP_ID + ' --role-type worker', '--resource-group'),
    (ORC + ' show', '-g {g} -s "{s}\n" --task-hub {h} -i abc', '--scheduler-name'),
    (ORC + ' restart', '-g "" -s {s} --task-hub {h} -i abc', '--resource-group'),
    (H + ' show-connection-string', '-g {g} -s {s} -n {h} --auth ManagedIdentity --client-id "' + GUID + '\n"',
     '--client-id'),
    # capacity outside 1-3; allow-list zone ids and host bits; tags beyond ARM's limits and duplicate keys
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity 4 -l westus2', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-capacity 10 -l westus2', '--sku-capacity'),
    (S + ' update', '-g {g} -n {s} --sku-capacity 4', '--sku-capacity'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist fe80::1%eth0 -l westus2', '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist 10.0.0.1/8 -l westus2', '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --ip-allowlist 2001:db8::1/32 -l westus2',
     '--ip-allowlist'),
    (S + ' update', '-g {g} -n {s} --ip-allowlist "[10.0.0.0/8,192.168.1.1/16]"', '--ip-allowlist'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags a=1 A=2 -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags "{a:1,a:2}" -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags ' + MANY_TAGS + ' -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags ' + 'k' * 513 + '=v -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags k=' + 'v' * 257 + ' -l westus2', '--tags'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --tags "a<b=1" -l westus2', '--tags'),
    (S + ' update', '-g {g} -n {s} --tags "a%b=1"', '--tags'),
    (S + ' update', '-g {g} -n {s} --tags "a/b=1"', '--tags'),
    (S + ' update', '-g {g} -n {s} --tags "a?b=1"', '--tags'),
    # a flag given twice (argparse keeps the last one silently), also through an alias
    (S + ' create', '-g {g} -n sched2 -n sched3 --sku-name Dedicated -l westus2', '-n'),
    (S + ' create', '-g {g} -n sched2 --sku-name Dedicated --sku-name Consumption -l westus2', '--sku-name'),
    (S + ' update', '-g {g} -n {s} --tags a=1 --tags b=2', '--tags'),
    (S + ' delete', '-g {g} -n {s} --name other --yes', '--name'),
    (S + ' attach', '-g {g} -n {s} -t {h} --target ' + APP_ID + ' --role-type worker --role-type reader',
     '--role-type'),
    (H + ' show', '-g {g} -s {s} -n {h} -n other', '-n'),
    (H + ' show-connection-string', '-g {g} -s {s} -n {h} --auth ManagedIdentity --auth None', '--auth'),
    (R + ' create', '-g {g} -s {s} -d 7 -d 8', '-d'),
    (R + ' update', '-g {g} -s {s} --remove Failed --remove Completed', '--remove'),
    (PLR + ' list', '-g {g} -s {s} -s other', '-s'),
    (RA + ' create', '-g {g} -s {s} --role reader --role worker', '--role'),
    (RA + ' delete', '--ids ' + ASSIGNMENT_ID + ' --ids ' + ASSIGNMENT_ID + ' --yes', '--ids'),
    (ORC + ' list', HUB_ARGS + ' --max-items 5 --max-items 6', '--max-items'),
    (ORC + ' suspend', HUB_ARGS + ' -i abc -i def', '-i'),
    (ORC + ' purge', HUB_ARGS + ' -i abc --instance-id def --yes', '--instance-id'),
    (ORC + ' start', HUB_ARGS + ' --name Hello --instance-id x --instance-id y', '--instance-id'),
    # --ids of another resource type (a delete once removed a scheduler for a private endpoint connection id, and
    # the hub named `default` for a retention policy id); --ids or --id with names
    (S + ' delete', '--ids ' + PEC_ID + ' --yes', '--ids'),
    (S + ' delete', '--ids ' + RETENTION_ID + ' --yes', '--ids'),
    (S + ' show', '--ids ' + PEC_ID, '--ids'),
    (S + ' show', '--ids ' + HUB_ID, '--ids'),
    (S + ' show', '--ids ' + SCHED_ID + ' ' + PLR_ID, '--ids'),
    (S + ' update', '--ids ' + PEC_ID + ' --tags a=1', '--ids'),
    (S + ' wait', '--ids ' + HUB_ID + ' --created', '--ids'),
    (S + ' show', '--ids ' + SCHED_ID + ' -n other', '--ids'),
    (S + ' show', '--ids ' + SCHED_ID + ' --ids ' + SCHED_ID, '--ids'),
    (H + ' delete', '--ids ' + RETENTION_ID + ' --yes', '--ids'),
    (H + ' show', '--ids ' + SCHED_ID, '--ids'),  # an id missing a part: az core would name --name, not --ids
    (PEC + ' show', '--ids ' + SCHED_ID, '--ids'),
    (R + ' show', '--ids ' + SCHED_ID + ' ' + RETENTION_ID, '--ids'),
    (H + ' delete', '--ids ' + PEC_ID + ' --yes', '--ids'),
    (H + ' show', '--ids ' + RETENTION_ID, '--ids'),
    (H + ' wait', '--ids ' + PEC_ID + ' --deleted', '--ids'),
    (H + ' show-connection-string', '--ids ' + RETENTION_ID, '--ids'),
    (H + ' show', '--ids ' + HUB_ID + ' -s other', '--ids'),
    (R + ' show', '--ids ' + HUB_ID, '--ids'),
    (R + ' delete', '--ids ' + HUB_ID + ' --yes', '--ids'),
    (R + ' update', '--ids ' + SCHED_ID + ' -d 3', '--ids'),
    (R + ' wait', '--ids ' + PEC_ID + ' --deleted', '--ids'),
    (PEC + ' approve', '--ids ' + HUB_ID, '--ids'),
    (PEC + ' reject', '--ids ' + HUB_ID, '--ids'),
    (PEC + ' delete', '--ids ' + HUB_ID + ' --yes', '--ids'),
    (PEC + ' wait', '--ids ' + RETENTION_ID + ' --created', '--ids'),
    (PEC + ' show', '--id ' + PEC_ID + ' -n pec2', '--id'),
    (PEC + ' approve', '--id ' + PEC_ID + ' -s other', '--id'),
    (PLR + ' show', '--ids ' + PEC_ID, '--ids'),
    (PLR + ' show', '--ids ' + HUB_ID, '--ids'),
    (RA + ' delete', '--ids ' + RETENTION_ID + '/providers/Microsoft.Authorization/roleAssignments/' + GUID + ' --yes',
     '--ids'),
    (RA + ' list', '-g {g} -s {s} --role reader --role worker', '--role'),
    (RA + ' delete', '--ids ' + HUB_ID + '/providers/Microsoft.Authorization/roleAssignments/not-a-guid --yes',
     '--ids'),
    (RA + ' delete', '--ids ' + STORAGE_ASSIGNMENT_ID + ' --yes', '--ids'),
    (ORC + ' resume', '--ids ' + PEC_ID + ' -i abc', '--ids'),
    (ORC + ' history', '--ids ' + RETENTION_ID + ' -i abc', '--ids'),
    # --next-token values that decode but are not ours; time filters that overflow
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('[99999999999999,0,"x"]'), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('[true,0,"x"]'), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('{"a":1}'), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('[1,-5,"x"]'), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('[1,0,""]'), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --next-token ' + _token('[' * 5000), '--next-token'),
    (ORC + ' list', HUB_ARGS + ' --created-after 99999999999d', '--created-after'),
    (ORC + ' list', HUB_ARGS + ' --created-before 0001-01-01T00:00:00+01:00', '--created-before'),
    (ORC + ' list', HUB_ARGS + ' --created-after ' + '9' * 400 + 'w', '--created-after'),
    (ORC + ' purge', HUB_ARGS + ' --created-before 99999999999w --yes', '--created-before'),
    # NaN/Infinity as JSON; @file that does not exist; inputs over the data plane's message limit
    (ORC + ' start', HUB_ARGS + ' --name Hello --input NaN', '--input'),
    (ORC + ' start', HUB_ARGS + ' --name Hello --input "[1, Infinity]"', '--input'),
    (ORC + ' start', HUB_ARGS + ' --name Hello --input @/nonexistent/input.json', '--input'),
    (ORC + ' start', HUB_ARGS + ' --name Hello --input @{bigfile}', '--input'),
    (ORC + ' raise-event', HUB_ARGS + ' -i abc --event-name Approval --event-data=-Infinity', '--event-data'),
    (ORC + ' raise-event', HUB_ARGS + ' -i abc --event-name Approval --event-data @{bigfile}', '--event-data'),
    (ORC + ' raise-event', HUB_ARGS + ' -i abc --event-name Approval --event-data @/no/such.json', '--event-data'),
    (ORC + ' terminate', HUB_ARGS + ' -i abc --reason @{bigfile}', '--reason'),
    (ORC + ' rewind', HUB_ARGS + ' -i abc -i def --reason x', '-i'),
    (S + ' list', '-g {g} -o json -o table', '-o'),
    (H + ' list', '-g {g} -s {s} --query "[].name" --query "[].id"', '--query'),
    (ORC + ' rewind', '--ids ' + PEC_ID + ' -i abc', '--ids'),
    (ORC + ' export', HUB_ARGS + ' --created-after 99999999999d --output-file out.json', '--created-after'),
    (ORC + ' export', '-g "" -s {s} --task-hub {h} --output-file out.json', '--resource-group'),
    (ENT + ' list', HUB_ARGS + ' --last-modified-after 99999999999d', '--last-modified-after'),
    (ENT + ' list', '-g {g} -s "{s}\n" --task-hub {h}', '--scheduler-name'),
    (ENT + ' show', HUB_ARGS + ' -n counter -k a -k b', '-k'),
    (ENT + ' show', '--ids ' + RETENTION_ID + ' -n counter -k a', '--ids'),
    (ENT + ' signal', HUB_ARGS + ' -n counter -k a --operation add --input NaN', '--input'),
    (ENT + ' signal', HUB_ARGS + ' -n counter -k a --operation add --input @/no/such.json', '--input'),
    (ENT + ' clean', '-g "" -s {s} --task-hub {h}', '--resource-group'),
    # a help example's placeholder must not make a grant wait minutes for a principal that cannot exist
    (RA + ' create', '-g {g} -s {s} --role reader --assignee-object-id 00000000-0000-0000-0000-000000000000',
     '--assignee-object-id'),
]


def _case_id(case):
    command, arguments, _ = case
    return '{} {}'.format(command.replace('durabletask ', ''), arguments)[:80]


class AzRunner:
    """The fork server: one az invocation per request, answered with exit code, stdout and stderr."""

    def __init__(self, env):
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, FORKSERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=ROOT,
            text=True, encoding='utf-8')

    def az(self, argv, timeout=20):
        self.process.stdin.write(json.dumps({'argv': argv, 'timeout': timeout}) + '\n')
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError('the az fork server exited with code {}'.format(self.process.wait()))
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope='module')
def world():
    with tempfile.TemporaryDirectory(prefix='dts-bad-input-') as tmp, \
            running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
        config_dir = os.path.join(tmp, 'azure')
        standin.az_login(config_dir)
        env = standin.az_env(config_dir)
        env.update(AZURE_EXTENSION_DIR=os.environ['AZURE_EXTENSION_DIR'], PYTHONIOENCODING='utf-8')  # conftest.py
        runner = AzRunner(env)
        big_file = os.path.join(tmp, 'big.json')  # over the data plane's 4 MiB message limit
        with open(big_file, 'w', encoding='utf-8') as big:
            big.write('"' + 'x' * (5 * 1024 * 1024) + '"')
        try:
            for setup in (['group', 'create', '-n', GROUP, '-l', 'westus2'],
                          S.split() + ['create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated'],
                          H.split() + ['create', '-g', GROUP, '-s', SCHEDULER, '-n', HUB]):
                result = runner.az(setup + ['-o', 'none', '--only-show-errors'])
                assert result['rc'] == 0, (setup, result['stderr'])
            yield standin, runner, big_file
        finally:
            runner.close()


def _argv(command, arguments, subscription, big_file=''):
    for name, value in (('{g}', GROUP), ('{s}', SCHEDULER), ('{h}', HUB), ('{sub}', subscription),
                        ('{bigfile}', big_file)):
        arguments = arguments.replace(name, value)
    words = shlex.split(arguments)
    return command.split() + words


@pytest.mark.parametrize('case', CASES, ids=[_case_id(case) for case in CASES])
def test_bad_input_fails_with_one_error_line_and_no_request(world, case):
    standin, runner, big_file = world
    command, arguments, expected = case
    argv = _argv(command, arguments, standin.subscription_id, big_file)
    before = len(standin.requests())
    result = runner.az(argv)
    sent = standin.requests()[before:]
    stderr = result['stderr']
    errors = [line for line in stderr.splitlines() if line.startswith('ERROR:')]
    detail = 'az {}\nexit {}\nstderr:\n{}'.format(' '.join(argv)[:300], result['rc'], stderr[:2000])
    assert not result['timed_out'], 'still running after 20 s: ' + detail
    assert result['rc'] != 0, detail
    assert 'Traceback' not in stderr, detail
    assert len(errors) == 1, detail
    assert expected in errors[0], detail
    assert len(errors[0]) <= MAX_ERROR_LINE, 'an error line of {} characters: {}'.format(len(errors[0]), detail)
    assert result['stdout'] == '', detail
    assert not sent, detail + '\nrequests: {}'.format([(r['method'], r['path']) for r in sent])


def test_every_command_has_a_case():
    import importlib.util
    spec = importlib.util.spec_from_file_location('check_commands', os.path.join(ROOT, 'scripts', 'check_commands.py'))
    check_commands = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_commands)
    commands = set(check_commands.load_commands(extension_dir=os.environ['AZURE_EXTENSION_DIR']).commands)
    covered = {command for command, _, _ in CASES}
    assert len(CASES) >= 200
    assert covered <= commands, 'cases for commands that do not exist: {}'.format(sorted(covered - commands))
    assert commands <= covered, 'commands without a bad-input case: {}'.format(sorted(commands - covered))
