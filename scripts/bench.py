#!/usr/bin/env python
# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""make bench: the extension's performance figures against a local stand-in, each beside its goal.

    .venv/bin/python scripts/bench.py [--runs 7] [--hubs 2000] [--only show lro ...] [--show-imports]

Starts its own stand-in (temporary state dir; EMULATOR_PROVISIONING_SECONDS=2, EMULATOR_RETRY_AFTER=1,
EMULATOR_PAGE_SIZE=100), logs in as scripts/az-local does, seeds a resource group, a scheduler and --hubs task
hubs (the first through ARM, the others cloned in the stand-in's store: ARM allows 25 per scheduler), then runs
every command as its own `python -m azure.cli` process, with the working tree as the installed extension.
Bytecode is cached in the temporary dir (PYTHONPYCACHEPREFIX), as it is for an installed extension, even when
PYTHONDONTWRITEBYTECODE is set; warm-up runs fill it and az's command index.

Machines are noisy: each figure is the median over --runs rounds, and each round runs our command and its
yardstick, a core az command, back to back in alternating order; ratios are taken per round. The stand-in is
stopped on exit, Ctrl-C and SIGTERM included. Not a test: it prints figures and exits 0 even when a goal is
missed (1 only when a command fails).

  show     `az durabletask scheduler show` / `az group show`, wall (one ARM GET each)
  help     `az durabletask scheduler -h` / `az group -h`, wall
  lro      `az durabletask scheduler create` (provisioning T = 2 s, Retry-After: 1), wall minus T
  lro-azure  the same create against a second stand-in that behaves like Azure: no Retry-After, provisioning
           T = 20 s (azure-mgmt-core's own 30 s poll interval would make this up to 30 s), wall minus T
  list     `az durabletask taskhub list` over --hubs hubs, in pages of 100 / `az group show`, wall
  memory   the same list: peak RSS of the az process
  imports  self time (-X importtime) of the extension's own and third-party modules that `az durabletask
           scheduler show` imports and `az group show` does not (az core's own modules for reading an
           extension are listed apart); and whether loading the command table (`-h`) imports the SDK

Orchestration figures (no stand-in: durabletask.testing's in-memory backend served by this process, see
tests/orchestration/backend.py, reached with --endpoint http://127.0.0.1:<port>):
  orch-read    `orchestration list --max-items 20` over --instances instances (seeded straight into the
               backend's store, created evenly over 7 days): instances the service returned
  orch-list    the same list / `orchestration show` (wall)
  orch-memory  `orchestration list` without a limit over the same instances: peak RSS of the az process
  orch-bulk    `orchestration terminate --prefix ... --yes` over --bulk running instances (started through
               gRPC, run by a real worker), then `orchestration purge --status Terminated --yes` (the service's
               filter purge): wall of both; throughput in the notes
"""

import argparse
import json
import os
import re
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The working tree as the installed extension (`make setup` links it there; `make bench` runs setup first).
EXTENSION_DIR = os.path.join(REPO, '.local', 'extensions')
sys.path.insert(0, REPO)

from armstandin.testing import running_standin  # noqa: E402  pylint: disable=wrong-import-position

GROUP, SCHEDULER, LOCATION = 'bench-rg', 'bench-sched', 'westus2'
PROVISIONING_SECONDS = 2
AZURE_PROVISIONING_SECONDS = 20  # the Azure-like LRO figure: long enough for the poll interval to matter
API = '2026-07-01'
# Regions for the schedulers the LRO figure creates (the stand-in allows 25 Dedicated schedulers per region).
LRO_LOCATIONS = ('eastus', 'eastus2', 'westus', 'westus3', 'centralus', 'northeurope', 'westeurope', 'uksouth')

# key: (figure, goal, unit, the public extension on the same machine). Lower is better for every figure.
GOALS = {
    'show': ('scheduler show / group show (wall)', 0.62, 'x', '0.70'),
    'help': ('scheduler -h / group -h (wall)', 0.50, 'x', '0.50'),
    'lro': ('create, T = 2 s, Retry-After 1: wall - T', 0.60, 's', '0.82 s'),
    'lro-azure': ('create, T = 20 s, no Retry-After: wall - T', 2.0, 's', '<= 30 s'),
    'list': ('taskhub list, 2,000 hubs / group show (wall)', 1.9, 'x', '1.9'),
    'memory': ('taskhub list, 2,000 hubs: peak RSS', 61.0, 'MiB', '61 MiB'),
    'imports': ('extension + third-party imports (self)', 12.0, 'ms', '10.5 ms'),
    # The public extension has no orchestration commands; goals are issue 13's.
    'orch-read': ('orch list --max-items 20: instances read', 60, 'n', 'none'),
    'orch-list': ('orch list --max-items 20 / orch show (wall)', 2.0, 'x', 'none'),
    'orch-memory': ('orch list, no limit: peak RSS', 100.0, 'MiB', 'none'),
    'orch-bulk': ('terminate + purge by filter: wall', None, 's', 'none'),
}
ORCHESTRATION_FIGURES = {'orch-read', 'orch-list', 'orch-memory', 'orch-bulk'}

SHOW = ['durabletask', 'scheduler', 'show', '-g', GROUP, '-n', SCHEDULER]
GROUP_SHOW = ['group', 'show', '-n', GROUP]
HELP = ['durabletask', 'scheduler', '-h']
GROUP_HELP = ['group', '-h']
LIST_HUBS = ['durabletask', 'taskhub', 'list', '-g', GROUP, '-s', SCHEDULER]


def create(i):
    return ['durabletask', 'scheduler', 'create', '-g', GROUP, '-n', 'bench-lro-{:03d}'.format(i), '--sku-name',
            'Dedicated', '-l', LRO_LOCATIONS[i % len(LRO_LOCATIONS)], '--ip-allowlist', '0.0.0.0/0']


# --- seeding (direct ARM calls; every measured call is az's) -------------------------------------------------------

class Arm:
    def __init__(self, standin):
        self.standin = standin
        self.context = ssl.create_default_context(cafile=standin.cert_path)
        self.token = standin.token()

    def call(self, method, path, body=None, api=API):
        """`path` below /subscriptions/<id>."""
        url = '{}/subscriptions/{}{}?api-version={}'.format(self.standin.url, self.standin.subscription_id, path, api)
        request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                         method=method, headers={'Authorization': 'Bearer ' + self.token,
                                                                 'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def wait_succeeded(self, path, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if (self.call('GET', path).get('properties') or {}).get('provisioningState') == 'Succeeded':
                return
            time.sleep(0.2)
        raise RuntimeError('{} did not succeed within {} s'.format(path, timeout))


def seed(standin, hubs):
    from armstandin.store import Store
    arm = Arm(standin)
    group = '/resourcegroups/' + GROUP
    arm.call('PUT', group, {'location': LOCATION}, api='2024-11-01')
    scheduler = '{}/providers/Microsoft.DurableTask/schedulers/{}'.format(group, SCHEDULER)
    properties = {'sku': {'name': 'Dedicated', 'capacity': 1}, 'ipAllowlist': ['0.0.0.0/0']}
    arm.call('PUT', scheduler, {'location': LOCATION, 'properties': properties})
    arm.wait_succeeded(scheduler)
    first = scheduler + '/taskHubs/hub-00000'
    arm.call('PUT', first, {})
    arm.wait_succeeded(first)
    store = Store(os.path.join(str(standin.state_dir), 'standin.db'))
    try:
        model = store.get('/subscriptions/{}{}'.format(standin.subscription_id, first))
        for i in range(1, hubs):
            name = 'hub-{:05d}'.format(i)
            body = dict(model.body)  # the dashboard URL is derived when a hub is rendered
            store.put(model.id.replace('hub-00000', name), model.type, body)
    finally:
        store.close()
    count = len(arm.call('GET', scheduler + '/taskHubs')['value'])
    if count != min(hubs, 100):
        raise RuntimeError('seeded {} task hubs, the first page has {}'.format(hubs, count))


# --- running az ----------------------------------------------------------------------------------------------------

# Starts az and reports its peak RSS. A process forked from a large one (this one, when it serves 200,000
# orchestration instances) counts the parent's pages in its peak RSS until it execs; az forked from this small
# launcher does not.
_LAUNCHER = ('import os, subprocess, sys\n'
             'p = subprocess.Popen([sys.executable, "-m", "azure.cli"] + sys.argv[1:])\n'
             '_, status, usage = os.wait4(p.pid, 0)\n'
             'sys.stderr.write("\\nAZ-MAXRSS %d\\n" % usage.ru_maxrss)\n'
             'sys.exit(os.waitstatus_to_exitcode(status))\n')


class Az:
    def __init__(self, env):
        self.env = env

    def run(self, args, importtime=False, launcher=False):
        """One `python -m azure.cli` process: (wall seconds, peak RSS in MiB, stderr). With `launcher`, az is
        started by a small process in between (see _LAUNCHER), and the RSS is az's own."""
        if launcher:
            wall, _, text = self._run(['-c', _LAUNCHER] + list(args), raw=True)
            return wall, int(text.rsplit('AZ-MAXRSS ', 1)[1].split()[0]) / 1024.0, text
        return self._run(args, importtime)

    def _run(self, args, importtime=False, raw=False):
        argv = [sys.executable] + (['-X', 'importtime'] if importtime else []) + \
            (list(args) if raw else ['-m', 'azure.cli'] + list(args))
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            stderr = process.stderr.read()
            _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: its peak RSS
        except BaseException:  # Ctrl-C or SIGTERM: stop the az process too, before the stand-in goes
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stderr.close()
        text = stderr.decode(errors='replace')
        if process.returncode != 0:
            raise RuntimeError('az {} exited {}:\n{}'.format(' '.join(args), process.returncode, text[-3000:]))
        return wall, usage.ru_maxrss / 1024.0, text

    def paired(self, ours, yardstick, runs):
        """Alternate ours (a list of arguments, or a function of the round) and the yardstick `runs` times.
        Returns [(ours (wall, rss), yardstick (wall, rss))] per round."""
        rounds = []
        for i in range(runs):
            mine = ours(i) if callable(ours) else ours
            if i % 2 == 0:
                first = self.run(mine)[:2]
                rounds.append((first, self.run(yardstick)[:2]))
            else:
                second = self.run(yardstick)[:2]
                rounds.append((self.run(mine)[:2], second))
        return rounds


_IMPORT_LINE = re.compile(r'^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s*(\S+)\s*$')


def imported(stderr):
    """{module: self microseconds} from -X importtime output."""
    modules = {}
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            modules[match.group(3)] = modules.get(match.group(3), 0) + int(match.group(1))
    return modules


AZ_CORE_ORIGIN = 'az core loading an extension'


# Where a module beyond az core comes from. az core itself imports the second kind for any extension it loads
# (reading the extension's metadata), so they are not the extension's doing, but they count in the figure.
def origin(module):
    if module.startswith('azext_'):
        return 'extension'
    if module.startswith('azure.mgmt.'):
        return 'SDK'
    if module.startswith(('azure.cli.core.extension', 'pkginfo', 'packaging', 'email', 'tarfile', 'zipfile',
                          'grp', 'hashlib', '_hashlib', '_blake2', 'binascii', 'glob', 'pkgutil')):
        return AZ_CORE_ORIGIN
    return 'other'


def import_cost(az, runs):
    """Per round, the self time (ms) of the modules `scheduler show` imports and `group show` does not; and the
    median self time per module."""
    totals, per_module = [], {}
    for i in range(runs):
        order = [SHOW, GROUP_SHOW] if i % 2 == 0 else [GROUP_SHOW, SHOW]
        found = {tuple(args): imported(az.run(args, importtime=True)[2]) for args in order}
        mine, theirs = found[tuple(SHOW)], found[tuple(GROUP_SHOW)]
        beyond = {name: us for name, us in mine.items() if name not in theirs}
        # The figure counts the extension's own and third-party imports: not az core's modules (those az imports
        # to read any extension's metadata), which are listed apart in the notes.
        totals.append(sum(us for name, us in beyond.items() if origin(name) != AZ_CORE_ORIGIN) / 1000.0)
        for name in set(per_module) | set(beyond):
            per_module.setdefault(name, []).append(beyond.get(name, 0))
    return totals, {name: statistics.median(values + [0] * (runs - len(values))) / 1000.0
                    for name, values in per_module.items()}


# --- report --------------------------------------------------------------------------------------------------------

def shown(key, value):
    unit = GOALS[key][2]
    return {'x': '{:.2f}', 's': '{:.2f} s', 'MiB': '{:.0f} MiB', 'ms': '{:.0f} ms', 'n': '{:.0f}'}[unit].format(value)


def median(values):
    return statistics.median(list(values))


def measure(az, standin, args, only):
    figures, notes = {}, []

    def requests_of(command):
        before = len(standin.requests())
        az.run(command)
        return standin.requests()[before:]

    if 'show' in only:
        rounds = az.paired(SHOW, GROUP_SHOW, args.runs)
        figures['show'] = median(o[0] / y[0] for o, y in rounds)
        figures['show_wall'] = median(o[0] for o, _ in rounds)
        notes.append('show: {:.2f} s, az group show {:.2f} s; {} request(s)'.format(
            median(o[0] for o, _ in rounds), median(y[0] for _, y in rounds), len(requests_of(SHOW))))
    if 'help' in only:
        rounds = az.paired(HELP, GROUP_HELP, args.runs)
        figures['help'] = median(o[0] / y[0] for o, y in rounds)
        notes.append('help: {:.2f} s, az group -h {:.2f} s'.format(median(o[0] for o, _ in rounds),
                                                                   median(y[0] for _, y in rounds)))
    if 'lro' in only:
        before = len(standin.requests())
        rounds = az.paired(create, GROUP_SHOW, args.runs)
        sent = standin.requests()[before:]
        creates = len([r for r in sent if r['method'] == 'PUT'])
        figures['lro'] = median(o[0] - PROVISIONING_SECONDS for o, _ in rounds)
        notes.append('lro: create {:.2f} s (T = {} s), az group show {:.2f} s; {:.0f} requests per create{}'.format(
            median(o[0] for o, _ in rounds), PROVISIONING_SECONDS, median(y[0] for _, y in rounds),
            (len(sent) - args.runs) / max(creates, 1),
            '; the floor is one ARM call: scheduler show takes {:.2f} s'.format(figures['show_wall'])
            if 'show_wall' in figures else ''))
    if only & {'list', 'memory'}:
        rounds = az.paired(LIST_HUBS, GROUP_SHOW, args.runs)
        figures['list'] = median(o[0] / y[0] for o, y in rounds)
        figures['memory'] = median(o[1] for o, _ in rounds)
        notes.append('list: {:.2f} s, az group show {:.2f} s; {} requests; peak RSS {:.0f} MiB, az group show '
                     '{:.0f} MiB'.format(median(o[0] for o, _ in rounds), median(y[0] for _, y in rounds),
                                         len(requests_of(LIST_HUBS)), figures['memory'],
                                         median(y[1] for _, y in rounds)))
    sdk_at_table_load = None
    if 'imports' in only:
        totals, modules = import_cost(az, args.runs)
        figures['imports'] = median(totals)
        by_origin = {}
        for name, ms in modules.items():
            by_origin[origin(name)] = by_origin.get(origin(name), 0) + ms
        kinds = ', '.join('{} {:.0f} ms'.format(kind, ms)
                          for kind, ms in sorted(by_origin.items(), key=lambda item: -item[1]))
        notes.append('imports beyond az group show: {:.0f} ms in {} modules: {}'.format(
            sum(modules.values()), len(modules), kinds))
        if args.show_imports:
            for name, ms in sorted(modules.items(), key=lambda item: -item[1])[:40]:
                notes.append('    {:7.2f} ms  {:<30} {}'.format(ms, origin(name), name))
        table_load = imported(az.run(HELP, importtime=True)[2])
        sdk_at_table_load = sorted(name for name in table_load if name.startswith('azure.mgmt.durabletask'))
    return figures, notes, sdk_at_table_load


def _seconds(stamp):
    from datetime import datetime
    return datetime.fromisoformat(stamp.replace('Z', '+00:00')).timestamp()


def measure_azure_lro(tmp, runs):
    """The create figure against its own stand-in in Azure's manner: no Retry-After, T = 20 s. (figure, note)"""
    directory = os.path.join(tmp, 'azure-like')
    os.makedirs(directory)
    with running_standin(directory, EMULATOR_PROVISIONING_SECONDS=AZURE_PROVISIONING_SECONDS,
                         EMULATOR_RETRY_AFTER=0) as standin:
        config_dir = os.path.join(directory, 'azure')
        standin.az_login(config_dir)
        env = dict(standin.az_env(config_dir), AZURE_EXTENSION_DIR=EXTENSION_DIR,
                   PYTHONPYCACHEPREFIX=os.path.join(tmp, 'pycache'))
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        Arm(standin).call('PUT', '/resourcegroups/' + GROUP, {'location': LOCATION}, api='2024-11-01')
        az = Az(env)
        az.run(GROUP_SHOW)  # warm: az's command index for this profile
        before = len(standin.requests())
        walls = [az.run(create(i))[0] for i in range(runs)]
        sent = standin.requests()[before:]
    polls = [r for r in sent if 'operationstatuses' in r['path'].lower()]
    gaps = [_seconds(b['time']) - _seconds(a['time']) for a, b in zip(polls, polls[1:]) if a['path'] == b['path']]
    figure = median(wall - AZURE_PROVISIONING_SECONDS for wall in walls)
    note = ('lro-azure: create {:.2f} s (T = {} s, no Retry-After), {:.1f} status polls per create, at most '
            '{:.1f} s apart; with Retry-After: 1 see lro'.format(median(walls), AZURE_PROVISIONING_SECONDS,
                                                                 len(polls) / max(runs, 1), max(gaps or [0])))
    return figure, note


# --- orchestrations (a local gRPC backend in this process) ----------------------------------------------------------

def measure_orchestrations(env, args, only):
    """The orchestration figures against durabletask.testing's backend served here (see the docstring)."""
    from tests.orchestration.backend import LocalBackend, start_worker
    figures, notes = {}, []
    az = Az(env)
    if only & {'orch-read', 'orch-list', 'orch-memory'}:
        backend = LocalBackend().start()
        try:
            _listing_figures(az, backend, args, only, figures, notes)
        finally:
            backend.stop()
    if 'orch-bulk' in only:
        figures['orch-bulk'], bulk_notes = _bulk_figure(az, args.bulk, start_worker, LocalBackend)
        notes.extend(bulk_notes)
    return figures, notes


def _listing_figures(az, backend, args, only, figures, notes):  # pylint: disable=too-many-arguments
    from datetime import datetime, timedelta, timezone
    started = time.perf_counter()
    ids = backend.backend.seed(args.instances, datetime.now(timezone.utc) - timedelta(seconds=30), 7 * 86400)
    notes.append('orch: seeded {:,} instances into the backend\'s store in {:.1f} s (in-process, created evenly '
                 'over 7 days: one every {:.1f} s)'.format(
                     args.instances, time.perf_counter() - started, 7 * 86400 / args.instances))
    target = ['--endpoint', backend.endpoint, '--task-hub', 'default']
    listing = ['durabletask', 'orchestration', 'list', '--max-items', '20'] + target
    show = ['durabletask', 'orchestration', 'show', '-i', ids[len(ids) // 2]] + target
    for command in (listing, show):
        az.run(command)  # warm-up
    before = (backend.backend.instances_read, backend.backend.queries)
    az.run(listing)
    figures['orch-read'] = backend.backend.instances_read - before[0]
    queries = backend.backend.queries - before[1]
    if 'orch-list' in only:
        rounds = az.paired(listing, show, args.runs)
        figures['orch-list'] = median(o[0] / y[0] for o, y in rounds)
        notes.append('orch list --max-items 20: {:.2f} s, orch show {:.2f} s; {} instances read in {} queries'.format(
            median(o[0] for o, _ in rounds), median(y[0] for _, y in rounds), figures['orch-read'], queries))
    if 'orch-memory' in only:
        before = backend.backend.instances_read
        walls, peaks = [], []
        for _ in range(max(1, args.runs // 3)):
            wall, rss, _ = az.run(['durabletask', 'orchestration', 'list'] + target, launcher=True)
            walls.append(wall)
            peaks.append(rss)
        figures['orch-memory'] = median(peaks)
        notes.append('orch list, no limit, {:,} instances: {:.1f} s, peak RSS {:.0f} MiB (az started by a small '
                     'launcher: forked from this process, it would count the backend\'s pages), {:,} instances '
                     'read per run'.format(args.instances, median(walls), figures['orch-memory'],
                                           (backend.backend.instances_read - before) // len(walls)))


def _bulk_figure(az, count, start_worker, local_backend):
    import logging
    from concurrent.futures import ThreadPoolExecutor
    from durabletask.client import TaskHubGrpcClient
    backend = local_backend().start()
    worker = start_worker(backend.address)
    client = TaskHubGrpcClient(host_address=backend.address, logger=logging.getLogger('bench'))
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: client.schedule_new_orchestration('approval', instance_id='bulk-{:06d}'.format(i)),
                          range(count)))
        deadline = time.monotonic() + 600
        while backend.backend.running_count() < count and time.monotonic() < deadline:
            time.sleep(0.5)
        seeded = time.perf_counter() - started
        target = ['--endpoint', backend.endpoint, '--task-hub', 'default']
        terminate_wall, _, _ = az.run(['durabletask', 'orchestration', 'terminate', '--prefix', 'bulk-', '--yes',
                                       '--reason', 'bench'] + target)
        deadline = time.monotonic() + 600
        while backend.backend.count_status('TERMINATED') < count and time.monotonic() < deadline:
            time.sleep(0.5)
        applied = time.perf_counter() - started - seeded
        purge_wall, _, _ = az.run(['durabletask', 'orchestration', 'purge', '--status', 'Terminated', '--yes']
                                  + target)
        left = len(backend.backend._instances)  # pylint: disable=protected-access
        notes = ['orch bulk: {:,} running instances started through gRPC in {:.1f} s; terminate --prefix: {:.1f} s '
                 '({:.0f} instances/s; the worker applied all in {:.1f} s); purge --status Terminated (filter '
                 'purge, one request): {:.2f} s; {} left'.format(
                     count, seeded, terminate_wall, count / terminate_wall, applied, purge_wall, left)]
        return terminate_wall + purge_wall, notes
    finally:
        client.close()
        worker.stop()
        backend.stop()


def report(figures, notes, sdk_at_table_load, runs):
    row = '{:<44} {:>8}  {:>9}  {:>9}  {}'
    print()
    print(row.format('Figure (median of {} rounds)'.format(runs), 'ours', 'goal', 'public', 'result'))
    for key, (label, goal, _, public) in GOALS.items():
        if key in figures and goal is None:
            print(row.format(label, shown(key, figures[key]), '-', public, 'done'))
        elif key in figures:
            print(row.format(label, shown(key, figures[key]), '<= ' + shown(key, goal), public,
                             'pass' if figures[key] <= goal else 'MISS'))
    if sdk_at_table_load is not None:
        print(row.format('SDK imported loading the command table', 'yes' if sdk_at_table_load else 'no', 'no', '',
                         'MISS' if sdk_at_table_load else 'pass'))
    print()
    for note in notes:
        print(note)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=7, help='rounds per figure (default 7)')
    parser.add_argument('--hubs', type=int, default=2000, help='task hubs to list (default 2000)')
    parser.add_argument('--only', nargs='+', choices=sorted(GOALS), help='measure only these figures')
    parser.add_argument('--show-imports', action='store_true', help='list the modules behind the imports figure')
    parser.add_argument('--instances', type=int, default=200000,
                        help='orchestration instances seeded for orch-read/orch-list/orch-memory (default 200000)')
    parser.add_argument('--bulk', type=int, default=10000, help='instances terminated and purged (default 10000)')
    args = parser.parse_args(argv)
    only = set(args.only or GOALS)
    if not only - ORCHESTRATION_FIGURES:
        return orchestrations_only(args, only)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds like Ctrl-C: the stand-in is stopped
    started = time.time()
    with tempfile.TemporaryDirectory(prefix='dts-bench-') as tmp, \
            running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=PROVISIONING_SECONDS, EMULATOR_RETRY_AFTER=1,
                            EMULATOR_PAGE_SIZE=100) as standin:
        config_dir = os.path.join(tmp, 'azure')
        standin.az_login(config_dir)
        env = dict(standin.az_env(config_dir), AZURE_EXTENSION_DIR=EXTENSION_DIR,
                   PYTHONPYCACHEPREFIX=os.path.join(tmp, 'pycache'))
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        az = Az(env)
        print('bench: stand-in at {}; seeding {} task hubs'.format(standin.url, args.hubs), flush=True)
        seed(standin, args.hubs)
        for command in (SHOW, GROUP_SHOW, HELP, GROUP_HELP, LIST_HUBS, SHOW, GROUP_SHOW):
            az.run(command)  # fills the bytecode cache and az's command index
        print('bench: {} rounds per figure'.format(args.runs), flush=True)
        figures, notes, sdk_at_table_load = measure(az, standin, args, only)
        if 'lro-azure' in only:
            figures['lro-azure'], note = measure_azure_lro(tmp, args.runs)
            notes.append(note)
        if only & ORCHESTRATION_FIGURES:
            more, more_notes = measure_orchestrations(env, args, only)
            figures.update(more)
            notes.extend(more_notes)
        report(figures, notes, sdk_at_table_load, args.runs)
        print('({:.0f} s; Python {}, {} CPUs, load average {:.1f})'.format(
            time.time() - started, sys.version.split()[0], os.cpu_count(), os.getloadavg()[0]))
    return 0


def orchestrations_only(args, only):
    """The orchestration figures need no stand-in: az reaches the local backend with --endpoint http://."""
    started = time.time()
    with tempfile.TemporaryDirectory(prefix='dts-bench-') as tmp:
        env = dict(os.environ, AZURE_CONFIG_DIR=os.path.join(tmp, 'azure'), AZURE_EXTENSION_DIR=EXTENSION_DIR,
                   AZURE_CORE_COLLECT_TELEMETRY='no', PYTHONPYCACHEPREFIX=os.path.join(tmp, 'pycache'))
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        print('bench: orchestration figures, {} rounds'.format(args.runs), flush=True)
        figures, notes = measure_orchestrations(env, args, only)
        report(figures, notes, None, args.runs)
        print('({:.0f} s; Python {}, {} CPUs, load average {:.1f})'.format(
            time.time() - started, sys.version.split()[0], os.cpu_count(), os.getloadavg()[0]))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print('\nbench: interrupted; the stand-in is stopped', file=sys.stderr)
        sys.exit(130)
