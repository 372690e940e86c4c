"""python -m armstandin {serve,start,stop,status,reset} [--state-dir DIR] [--port N]

serve   run in the foreground (Ctrl+C stops)
start   run in the background; a no-op when already running; waits until it answers; prints the URL
stop    stop the background server of the state dir
status  print the URL (exit 0) or "not running" (exit 3)
reset   stop, then delete the stand-in's state (database, logs, certificate, az profile)
"""

import argparse
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

from .config import LOG_FILE, OWNED_NAMES, SERVER_FILE, open_private, private_dir, resolve_state_dir

HOST = '127.0.0.1'
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- server.json -------------------------------------------------------------------------------------------------

def read_server_info(state_dir):
    try:
        with open(os.path.join(state_dir, SERVER_FILE), encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _is_our_process(pid):
    """The pid is alive and runs `armstandin serve` (a recycled pid is not ours)."""
    try:
        os.kill(pid, 0)
    except (OSError, TypeError):
        return False
    try:
        with open('/proc/{}/cmdline'.format(pid), 'rb') as f:
            cmdline = f.read().replace(b'\0', b' ')
        return b'armstandin' in cmdline and b'serve' in cmdline
    except OSError:
        return True  # no /proc: trust kill(0)


def answers(info, timeout=2.0):
    """True when the server of `info` answers over HTTPS with its own certificate."""
    try:
        context = ssl.create_default_context(cafile=info['cert'])
        with urllib.request.urlopen(info['url'] + '/metadata/endpoints', timeout=timeout, context=context) as r:
            return r.status == 200
    except (OSError, ValueError, KeyError):
        return False


def running_info(state_dir):
    """server.json of a live server of this state dir, else None."""
    info = read_server_info(state_dir)
    if info and _is_our_process(info.get('pid')):
        return info
    return None


# --- commands ------------------------------------------------------------------------------------------------------

def serve(state_dir, port):
    # heavy imports only here: start/stop/status stay fast
    import uvicorn

    from .app import build_app
    from .certs import ensure_certificate
    from .config import Settings

    private_dir(state_dir)
    other = running_info(state_dir)
    if other and other.get('pid') != os.getpid():
        print('armstandin: already running at {} (pid {})'.format(other['url'], other['pid']), file=sys.stderr)
        return 1
    settings = Settings.from_env()
    cert, key = ensure_certificate(state_dir)
    app = build_app(state_dir, settings)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted sockets inherit it: without, Nagle + delayed ACK add ~40 ms to every response
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((HOST, port))
    actual_port = sock.getsockname()[1]
    url = 'https://{}:{}'.format(HOST, actual_port)
    info = {'pid': os.getpid(), 'port': actual_port, 'url': url, 'cert': cert}
    server_file = os.path.join(state_dir, SERVER_FILE)

    class _Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            tmp = server_file + '.tmp'
            with open_private(tmp, 'w') as f:
                json.dump(info, f)
            os.replace(tmp, server_file)
            print('armstandin: listening on {} (state {})'.format(url, state_dir), flush=True)

    config = uvicorn.Config(app, ssl_certfile=cert, ssl_keyfile=key, log_level='warning', access_log=False,
                            lifespan='off', timeout_graceful_shutdown=0.3, server_header=False)
    try:
        _Server(config).run(sockets=[sock])
    finally:
        current = read_server_info(state_dir)
        if current and current.get('pid') == os.getpid():
            os.remove(server_file)
        app.store.close()
    return 0


def start(state_dir, port, timeout=30.0, quiet=False):
    info = running_info(state_dir)
    if info and answers(info):
        if not quiet:
            print(info['url'])
        return 0
    private_dir(state_dir)
    env = dict(os.environ)
    env['PYTHONPATH'] = _PACKAGE_PARENT + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else '')
    with open_private(os.path.join(state_dir, LOG_FILE), 'ab') as log:
        proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, '-m', 'armstandin', 'serve', '--state-dir', str(state_dir), '--port', str(port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, cwd=_PACKAGE_PARENT,
            start_new_session=True)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            print('armstandin: the server exited with code {}; see {}'.format(
                proc.returncode, os.path.join(state_dir, LOG_FILE)), file=sys.stderr)
            return 1
        info = read_server_info(state_dir)
        if info and info.get('pid') == proc.pid and answers(info, timeout=1.0):
            if not quiet:
                print(info['url'])
            return 0
        time.sleep(0.05)
    print('armstandin: the server did not answer within {:g} s; see {}'.format(
        timeout, os.path.join(state_dir, LOG_FILE)), file=sys.stderr)
    return 1


def stop(state_dir, quiet=False):
    info = running_info(state_dir)
    if not info:
        if not quiet:
            print('armstandin: not running')
        return 0
    pid = info['pid']
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 10
    while time.time() < deadline and _is_our_process(pid):
        time.sleep(0.05)
    if _is_our_process(pid):
        os.kill(pid, signal.SIGKILL)
    try:
        os.remove(os.path.join(state_dir, SERVER_FILE))
    except FileNotFoundError:
        pass
    if not quiet:
        print('armstandin: stopped (pid {})'.format(pid))
    return 0


def status(state_dir):
    info = running_info(state_dir)
    if info and answers(info):
        print('running {} (pid {}, state {})'.format(info['url'], info['pid'], state_dir))
        return 0
    print('not running (state {})'.format(state_dir))
    return 3


def reset(state_dir):
    stop(state_dir, quiet=True)
    for name in OWNED_NAMES:
        path = os.path.join(state_dir, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)
    print('armstandin: state wiped ({})'.format(state_dir))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m armstandin', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('command', choices=['serve', 'start', 'stop', 'status', 'reset', 'az-login'])
    parser.add_argument('--state-dir', help='default: $ARMSTANDIN_STATE_DIR, else ./.local')
    parser.add_argument('--port', type=int, default=0, help='default 0: a free port')
    parser.add_argument('--config-dir', help='az-login: the AZURE_CONFIG_DIR to set up (default <state>/azure)')
    parser.add_argument('--identity', choices=['user', 'sp'], default=None,
                        help='az-login: log in as the seeded user (default) or the CI service principal')
    args = parser.parse_args(argv)
    state_dir = str(resolve_state_dir(args.state_dir))
    if args.command == 'serve':
        return serve(state_dir, args.port)
    if args.command == 'start':
        return start(state_dir, args.port)
    if args.command == 'stop':
        return stop(state_dir)
    if args.command == 'status':
        return status(state_dir)
    if args.command == 'reset':
        return reset(state_dir)
    from .azprofile import az_login
    return az_login(state_dir, args.config_dir, identity=args.identity, port=args.port)
