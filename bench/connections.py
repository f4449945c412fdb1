#!/usr/bin/python3
"""Connections benchmark: how one seedfleet node that seeds holds up under many peer connections.

    bench/connections.py [--levels 1000,5000,10000] [--request-every-ms 30000] [--threads 1]

Starts `./seedfleet node` with its own data directory and free ports, gives it a small generated
torrent to seed, and raises the node-wide and the torrent's connection caps through the admin API.
Then, for each level N, the load generator (io.seedfleet.bench.loadgen.FakePeers, a process of its
own) ramps up to N fake peers that handshake, say they are interested, keep the connection alive
and, while unchoked, ask for a block now and then. Once they are all connected and a settling time
has passed, the driver measures, with the connections live:

- the node's CPU seconds over a fixed window (utime + stime from /proc/PID/stat);
- the admin API's latency, seen by a separate client in this script that calls
  GET /api/v1/torrents/<info-hash> and GET /api/v1/stats in turn at a fixed rate, with GET /health
  (which asks no actor) between them as a control: a stall that shows there too comes from outside
  the engine (the machine, a collection);
- the node's resident memory (VmRSS) and its live heap (after a full GC, `jcmd GC.heap_info`),
  compared with the same figures before any connection: memory per connection.

Prints a Markdown table for docs/BENCHMARKS.md, and writes the raw figures as JSON next to the
node's data (bench/work/connections/result.json). The file descriptor limit is raised to its hard
limit for the node and the load generator (both need one per connection).

`--compare DIR` runs the same sweep on another build (a source tree with its jar built, e.g.
`git archive` of an earlier commit), alternating with this one for `--rounds`, so that both are
measured in the same run on the same machine.
"""
import argparse
import http.client
import json
import os
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time

from benchlib import cpu_seconds, free_port

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), file=sys.stderr, flush=True)


def find_jdk():
    return subprocess.run(['bash', '-c', '. "%s/scripts/lib.sh" && find_jdk' % ROOT], check=True,
                          capture_output=True, text=True).stdout.strip()


def stale(jar, sources):
    if not os.path.exists(jar):
        return True
    built = os.path.getmtime(jar)
    for top in sources:
        for dirpath, _, files in os.walk(top):
            if any(os.path.getmtime(os.path.join(dirpath, f)) > built for f in files):
                return True
    return False


def build(jdk):
    """The node's jar and the load generator's (the bench module's shaded jar), when sources changed."""
    env = dict(os.environ, JAVA_HOME=jdk, PATH=jdk + '/bin:' + os.environ['PATH'])
    env['MAVEN_OPTS'] = env.get('MAVEN_OPTS', '') + ' --sun-misc-unsafe-memory-access=allow'
    mvn = ['mvn', '-B', '-q', '-ntp'] + os.environ.get('SEEDFLEET_MVN_ARGS', '').split() + ['-DskipTests', '-Djazzer.skip']
    node_jar = os.path.join(ROOT, 'ops', 'target', 'seedfleet.jar')
    if stale(node_jar, [os.path.join(ROOT, m, 'src', 'main') for m in ('proto', 'engine', 'cluster', 'ops')]):
        log('building the node jar')
        subprocess.run(mvn + ['package'], cwd=ROOT, env=env, check=True)
    bench_jar = os.path.join(HERE, 'target', 'benchmarks.jar')
    if stale(bench_jar, [os.path.join(ROOT, 'engine', 'src', 'main'), os.path.join(HERE, 'src', 'main')]):
        log('building the load generator')
        subprocess.run(mvn + ['-pl', 'bench', '-am', 'package'], cwd=ROOT, env=env, check=True)
    return bench_jar


def make_torrent(work, size_mib, piece_kib):
    """A payload of random bytes and its .torrent; returns (payload path, torrent path, info-hash)."""
    payload = os.path.join(work, 'payload.bin')
    torrent = os.path.join(work, 'payload.torrent')
    if not os.path.exists(payload) or os.path.getsize(payload) != size_mib << 20:
        with open(payload, 'wb') as f:
            for _ in range(size_mib):
                f.write(os.urandom(1 << 20))
        if os.path.exists(torrent):
            os.unlink(torrent)
    out = subprocess.run([os.path.join(ROOT, 'seedfleet'), 'create', payload, '-o', torrent + '.new',
                          '--piece-size', str(piece_kib * 1024)], check=True, capture_output=True, text=True).stdout
    os.replace(torrent + '.new', torrent)
    return payload, torrent, out.split()[0]


class Api:
    def __init__(self, port):
        self.port = port

    def call(self, method, path, body=None, timeout=30):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        try:
            headers = {'Content-Type': 'application/json'} if body is not None else {}
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            reply = conn.getresponse()
            data = reply.read()
            return reply.status, (json.loads(data) if data and data[:1] in b'[{' else data)
        finally:
            conn.close()


def latency_run(port, paths, rate, seconds):
    """Calls the paths in turn at `rate` per second on one keep-alive connection; returns ms per path.
    A call that overruns its slot delays the next one (so a stalled API shows in max, not as lost calls)."""
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    samples = {p: [] for p in paths}
    slow = []  # calls over 50 ms, with the time they ended, to compare with the node's GC log
    errors = 0
    start = time.monotonic()
    n = 0
    while True:
        due = start + n / rate
        now = time.monotonic()
        if due - start >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        path = paths[n % len(paths)]
        sent = time.monotonic()
        try:
            conn.request('GET', path)
            reply = conn.getresponse()
            reply.read()
            if reply.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
        samples[path].append((time.monotonic() - sent) * 1000)
        if samples[path][-1] > 50:
            slow.append((time.strftime('%H:%M:%S', time.localtime(time.time())), path, round(samples[path][-1], 1)))
        n += 1
    conn.close()
    return samples, errors, slow


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float('nan')
    k = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return float('nan')


def live_heap_mib(jcmd, pid):
    """Heap used after a full collection: what the live objects take, garbage excluded."""
    subprocess.run([jcmd, str(pid), 'GC.run'], check=True, capture_output=True)
    out = subprocess.run([jcmd, str(pid), 'GC.heap_info'], check=True, capture_output=True, text=True).stdout
    m = re.search(r'used (\d+)K', out)
    return int(m.group(1)) / 1024.0 if m else float('nan')


def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


class LoadGenerator:
    """The FakePeers process; keeps its latest status line."""

    def __init__(self, java, jar, port, torrent, args):
        command = [java, '-Xss512k', '-XX:+UseSerialGC', '-Xmx512m', '-cp', jar, 'io.seedfleet.bench.loadgen.FakePeers',
                   '--port', str(port), '--torrent', torrent, '--threads', str(args.threads), '--ramp', str(args.ramp),
                   '--request-every-ms', str(args.request_every_ms)]
        if args.no_fast:
            command.append('--no-fast')
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.status = {}
        self.lines = queue.Queue()
        ready = self.proc.stdout.readline()
        if not ready.startswith('ready'):
            raise SystemExit('the load generator did not start: %r' % ready)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            if line.startswith('status '):
                self.status = {k: float(v) for k, v in (kv.split('=') for kv in line.split()[1:])}

    def target(self, n):
        self.proc.stdin.write('target %d\n' % n)
        self.proc.stdin.flush()

    def quit(self):
        try:
            self.proc.stdin.write('quit\n')
            self.proc.stdin.flush()
            self.proc.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


def wait_until(predicate, timeout, what, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    log('gave up waiting for ' + what)
    return False


def measure(level, node, api, lg, infohash, jcmd, args):
    """The figures of one level, with the connections live."""
    log('level %d: settling %d s' % (level, args.settle_s))
    time.sleep(args.settle_s)
    before = dict(lg.status)
    cpu0, t0 = cpu_seconds(node.pid), time.monotonic()
    lg_cpu0 = cpu_seconds(lg.proc.pid)
    time.sleep(args.cpu_window_s)
    cpu1, t1 = cpu_seconds(node.pid), time.monotonic()
    lg_cpu1 = cpu_seconds(lg.proc.pid)
    log('level %d: API latency, %d calls/s for %d s' % (level, args.api_rate, args.api_seconds))
    paths = ['/api/v1/torrents/' + infohash, '/api/v1/stats']
    # /health asks no actor: when it is slow too, the cause is outside the engine (the machine, GC)
    samples, errors, slow = latency_run(api.port, paths + ['/health'], args.api_rate, args.api_seconds)
    _, stats = api.call('GET', '/api/v1/stats')
    node_peers = stats.get('node', {}).get('peers') if isinstance(stats, dict) else None
    after = dict(lg.status)
    rss = rss_mib(node.pid)
    heap = live_heap_mib(jcmd, node.pid)
    every = [v for p in paths for v in samples[p]]
    row = {
        'target': level, 'active': int(after.get('active', 0)), 'closed_by_node': int(after.get('closed_by_node', 0)),
        'closed_in_window': int(after.get('closed_by_node', 0) - before.get('closed_by_node', 0)),
        'node_peers': node_peers, 'rss_mib': rss, 'heap_mib': heap,
        'cpu_pct': 100 * (cpu1 - cpu0) / (t1 - t0), 'loadgen_cpu_pct': 100 * (lg_cpu1 - lg_cpu0) / (t1 - t0),
        'blocks_in_window': int(after.get('blocks', 0) - before.get('blocks', 0)),
        'api_calls': len(every), 'api_errors': errors,
        'p50': percentile(every, 50), 'p99': percentile(every, 99), 'max': max(every) if every else float('nan'),
        'health_p99': percentile(samples['/health'], 99), 'health_max': max(samples['/health']),
        'per_path': {p: {'p50': percentile(v, 50), 'p99': percentile(v, 99), 'max': max(v) if v else None}
                     for p, v in samples.items()},
        'loadavg': loadavg(), 'slow_calls': slow,
    }
    log('level %d: %s' % (level, json.dumps({k: v for k, v in row.items() if k not in ('per_path', 'slow_calls')})))
    return row


def sweep(root, label, levels, args, jdk, bench_jar, payload, torrent, infohash):
    """Starts `ROOT/seedfleet node`, ramps through the levels, stops it; returns one row per level."""
    java, jcmd = os.path.join(jdk, 'bin', 'java'), os.path.join(jdk, 'bin', 'jcmd')
    data = os.path.join(args.work, 'node-data')
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(os.path.join(data, 'torrents', infohash))
    os.link(payload, os.path.join(data, 'torrents', infohash, 'payload.bin'))
    shutil.copy(torrent, os.path.join(data, 'torrents', 'payload.torrent'))  # joins the catalogue at start
    bt_port, api_port = free_port(), free_port()
    env = dict(os.environ, CI='true', SEEDFLEET_JAVA_OPTS=args.node_java_opts)
    node_log = open(os.path.join(args.work, 'node-%s.log' % label), 'w')
    node = subprocess.Popen([os.path.join(root, 'seedfleet'), 'node', '--data', data, '--bt-port', str(bt_port),
                             '--cluster-port', str(free_port()), '--api', '127.0.0.1:%d' % api_port, '--no-dht', '--no-lsd'],
                            stdout=node_log, stderr=subprocess.STDOUT, env=env)
    api = Api(api_port)
    lg = None
    rows = []
    try:
        def seeding():
            try:
                status, body = api.call('GET', '/api/v1/torrents/' + infohash, timeout=5)
            except OSError:
                return False
            return status == 200 and body.get('state') == 'seeding'
        if not wait_until(seeding, 180, 'the node to seed the torrent', step=1):
            sys.exit('the node did not start seeding; see %s' % node_log.name)
        cap = max(levels) * 2
        for method, path, body in (('PUT', '/api/v1/settings', {'maxConnections': cap}),
                                   ('PUT', '/api/v1/torrents/%s/limits' % infohash, {'maxConnections': cap})):
            status, reply = api.call(method, path, body)
            if status != 200:
                sys.exit('%s %s failed: %s %s' % (method, path, status, reply))
        log('%s: node pid %d seeding %s on port %d; caps raised to %d' % (label, node.pid, infohash, bt_port, cap))
        lg = LoadGenerator(java, bench_jar, bt_port, torrent, args)
        # unrecorded: the first calls of a fresh JVM pay for class loading and compilation
        latency_run(api.port, ['/api/v1/torrents/' + infohash, '/api/v1/stats', '/health'], args.api_rate, 10)
        rows.append(measure(0, node, api, lg, infohash, jcmd, args))
        for level in levels:
            if args.jfr and level == levels[-1]:
                subprocess.run([jcmd, str(node.pid), 'JFR.start', 'name=connections', 'settings=profile',
                                'filename=' + os.path.join(args.work, 'node-%s.jfr' % label)], check=True,
                               capture_output=True)
            started = time.monotonic()
            lg.target(level)
            reached = wait_until(lambda: lg.status.get('active', 0) >= level and lg.status.get('pending', 1) == 0,
                                 level / args.ramp + 180, '%d connections' % level)
            log('%s, level %d: %s after %.0f s: %s' % (label, level, 'reached' if reached else 'NOT reached',
                                                      time.monotonic() - started, lg.status))
            rows.append(measure(level, node, api, lg, infohash, jcmd, args))
        if args.jfr:
            subprocess.run([jcmd, str(node.pid), 'JFR.stop', 'name=connections'], check=True, capture_output=True)
        histogram = subprocess.run([jcmd, str(node.pid), 'GC.class_histogram'], capture_output=True, text=True).stdout
        with open(os.path.join(args.work, 'histogram-%s.txt' % label), 'w') as f:
            f.write('\n'.join(histogram.splitlines()[:60]))
    finally:
        if lg:
            lg.quit()
        node.terminate()
        try:
            node.wait(timeout=30)
        except subprocess.TimeoutExpired:
            node.kill()
    for r in rows:
        r['build'] = label
    return rows


def print_table(rows):
    print('| build | connections | live (closed by node) | node CPU, % of a core | RSS MiB | KiB RSS / conn '
          '| live heap MiB | KiB heap / conn | API p50 / p99 / max ms | /health p99 / max ms | load avg |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    base = None
    for r in rows:
        if r['target'] == 0:
            base = r
        per = lambda key: '-' if r['target'] == 0 else '%.1f' % ((r[key] - base[key]) * 1024 / max(1, r['active']))
        print('| %s | %d | %d (%d) | %.1f | %.0f | %s | %.0f | %s | %.1f / %.1f / %.1f | %.1f / %.1f | %s |' % (
            r['build'], r['target'], r['active'], r['closed_by_node'], r['cpu_pct'], r['rss_mib'], per('rss_mib'),
            r['heap_mib'], per('heap_mib'), r['p50'], r['p99'], r['max'], r['health_p99'], r['health_max'],
            r['loadavg']))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--levels', default='1000,5000,10000')
    parser.add_argument('--threads', type=int, default=1, help="the load generator's selector threads")
    parser.add_argument('--ramp', type=int, default=1000, help='new connections per second')
    parser.add_argument('--request-every-ms', type=int, default=30000,
                        help='an unchoked fake peer asks for one block this often (0: never)')
    parser.add_argument('--no-fast', action='store_true', help='fake peers without the fast extension bit')
    parser.add_argument('--size-mib', type=int, default=16)
    parser.add_argument('--piece-kib', type=int, default=256)
    parser.add_argument('--settle-s', type=int, default=15)
    parser.add_argument('--cpu-window-s', type=int, default=20)
    parser.add_argument('--api-rate', type=int, default=30, help='calls per second: two thirds status calls, one third /health')
    parser.add_argument('--api-seconds', type=int, default=30)
    parser.add_argument('--node-java-opts', default='', help='extra JVM options for the node (SEEDFLEET_JAVA_OPTS)')
    parser.add_argument('--jfr', action='store_true',
                        help="record the node with JDK Flight Recorder (profile settings) from the last level's ramp on")
    parser.add_argument('--compare', metavar='DIR',
                        help='another source tree of seedfleet with its jar built (e.g. `git archive` of an earlier '
                             'commit): its node runs the same sweep, alternating with this tree\'s')
    parser.add_argument('--rounds', type=int, default=1, help='sweeps per build (alternating with --compare)')
    parser.add_argument('--work', default=os.path.join(HERE, 'work', 'connections'))
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(',')]

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < max(levels) + 1000:
        sys.exit('the hard limit of open files is %d: too low for %d connections (raise it: ulimit -Hn)' % (hard, max(levels)))

    jdk = find_jdk()
    bench_jar = build(jdk)
    os.makedirs(args.work, exist_ok=True)
    payload, torrent, infohash = make_torrent(args.work, args.size_mib, args.piece_kib)
    builds = [(ROOT, 'this')]
    if args.compare:
        if not os.path.exists(os.path.join(args.compare, 'ops', 'target', 'seedfleet.jar')):
            sys.exit('--compare %s: build its jar first (mvn -o -q -DskipTests package there)' % args.compare)
        builds.append((os.path.abspath(args.compare), 'compare'))
    rows = []
    for round_ in range(args.rounds):
        for root, label in (builds if round_ % 2 == 0 else builds[::-1]):
            rows += sweep(root, label, levels, args, jdk, bench_jar, payload, torrent, infohash)
            with open(os.path.join(args.work, 'result.json'), 'w') as f:
                json.dump({'args': vars(args), 'rows': rows}, f, indent=1)
    print_table(rows)


if __name__ == '__main__':
    main()
