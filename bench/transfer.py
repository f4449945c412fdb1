#!/usr/bin/python3
"""Loopback transfer benchmark: seedfleet, libtorrent and aria2c downloading the same torrent from the
same libtorrent seeder, timed in turn, in the same run. Prints a Markdown table for docs/BENCHMARKS.md.

    bench/transfer.py [--size-mib 1024] [--piece-kib 1024] [--runs 3] [--mode cold|warm|both]
    bench/transfer.py --mode seed [--leechers 8] [--size-mib 1024] [--piece-kib 1024] [--runs 3]

seed: seedfleet and libtorrent SEEDING to libtorrent leechers, see bench/seeding.py.

cold: each downloader runs as its own process (`seedfleet get`, a libtorrent session in Python,
aria2c); its wall time and CPU time (user + system, from the kernel's rusage of the child) are those
of the whole process, so seedfleet's JVM start-up and JIT warm-up count against it.

warm: the downloaders are long-running daemons, as on a seedbox: a `seedfleet node` (through its
admin API) and one libtorrent session; each run adds a magnet link whose x.pe names the seeder, waits
until every piece is verified, and removes the torrent and its data. Wall time is from the add to
completion (both polled every 50 ms); CPU time is the daemon process's user + system time over the
run, from /proc/PID/stat. aria2c has no daemon here and takes part in cold runs only.

The seeder uses libtorrent's high_performance_seed() settings and plaintext. Runs alternate between
the downloaders. Before each run the page cache is written back (sync) and the previous output
deleted, so no run pays for another's writeback; one unrecorded warm-up run of each downloader comes
first.
"""
import argparse
import http.client
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import cpu_seconds, free_port, print_ratio_table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = '/usr/bin/python3'


def make_content(work, size_mib, piece_kib):
    """A random payload of the given size (one per size, kept between runs) and its .torrent; the
    .torrent is made again whenever the payload is, so the two always match."""
    data_dir = os.path.join(work, 'seed-%d' % size_mib)
    path = os.path.join(data_dir, 'payload.bin')
    torrent = os.path.join(work, 'payload-%d-%d.torrent' % (size_mib, piece_kib))
    if not os.path.exists(path) or os.path.getsize(path) != size_mib << 20:
        os.makedirs(data_dir, exist_ok=True)
        with open(path, 'wb') as f:
            for _ in range(size_mib):
                f.write(os.urandom(1 << 20))
        for stale in os.listdir(work):
            if stale.startswith('payload-%d-' % size_mib) and stale.endswith('.torrent'):
                os.unlink(os.path.join(work, stale))
    if not os.path.exists(torrent):
        subprocess.run([os.path.join(ROOT, 'seedfleet'), 'create', path, '-o', torrent,
                        '--piece-size', str(piece_kib * 1024)], check=True, stdout=subprocess.DEVNULL)
    return data_dir, torrent


def touch_guest_memory(work, gib):
    """On a VM whose host backs guest memory lazily (this one), the first write into never-used
    guest pages costs a host page fault each: writing 1 GiB into fresh page cache measured 2.4 s
    here, against 0.1 s into pages used before. Cycling a few GiB of memory through once, before any
    timed run, spares every downloader that noise. tmpfs (/dev/shm) is used when it has room: it
    touches the memory without writing anything to disk."""
    shm = '/dev/shm'
    use_shm = os.path.isdir(shm) and shutil.disk_usage(shm).free > (gib + 1) << 30
    path = os.path.join(shm if use_shm else work, 'seedfleet-touch-memory.tmp')
    chunk = b'\0' * (1 << 20)
    with open(path, 'wb') as f:
        for _ in range(gib << 10):
            f.write(chunk)
    if not use_shm:
        os.sync()
    os.unlink(path)


PAGE_REPORTING_DELAY = '/sys/module/page_reporting/parameters/min_free_ms'


class FreedMemoryStaysInGuest:
    """This VM's kernel hands every freed 2 MiB block back to the host at once (free page reporting,
    min_free_ms = 0), so whichever process next allocates it pays a host page fault per page: a
    download's page-cache writes then cost anywhere from 0.2 to 2.6 CPU seconds per GiB, depending
    on what was freed when. For the benchmark's duration freed memory waits 60 s before it is
    reported, so every downloader writes into memory the guest already has; the setting is restored
    afterwards. Machines without the knob are left alone."""

    def __enter__(self):
        self.saved = None
        try:
            with open(PAGE_REPORTING_DELAY) as f:
                self.saved = f.read().strip()
            with open(PAGE_REPORTING_DELAY, 'w') as f:
                f.write('60000')
            print('free page reporting delayed to 60 s for the run (was %s ms)' % self.saved, file=sys.stderr)
        except OSError:
            self.saved = None
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            with open(PAGE_REPORTING_DELAY, 'w') as f:
                f.write(self.saved)


def timed(command, env=None):
    """Runs a command to completion; returns (wall seconds, output)."""
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out, _ = proc.communicate()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit('failed (%d): %s\n%s' % (proc.returncode, ' '.join(command), out.decode(errors='replace')[-3000:]))
    return wall, out.decode(errors='replace')


def run_child(command, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = timed(command, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def cold_command(name, torrent, out_dir, port):
    if name == 'seedfleet':
        return [os.path.join(ROOT, 'seedfleet'), 'get', torrent, '-o', out_dir,
                '--peer', '127.0.0.1:%d' % port, '--timeout', '600']
    return [PY, os.path.join(HERE, 'lt_bench_peer.py'), 'leech', torrent, out_dir, str(port)]


def run_aria2(torrent, out_dir, seeder, env):
    """aria2c takes no peer address: it listens, and the seeder is told to dial it."""
    port = free_port()
    command = ['aria2c', '--dir=' + out_dir, '--listen-port=%d' % port, '--enable-dht=false',
               '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false',
               '--seed-time=0', '--file-allocation=none', '--console-log-level=warn',
               '--summary-interval=0', '--bt-stop-timeout=600', torrent]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    deadline = start + 30
    while time.monotonic() < deadline:  # dial once aria2c listens
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.02)
    seeder.stdin.write('connect %d\n' % port)
    seeder.stdin.flush()
    out, _ = proc.communicate()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit('aria2c failed (%d):\n%s' % (proc.returncode, out.decode(errors='replace')[-3000:]))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class SeedfleetDaemon:
    """A `seedfleet node` on ephemeral ports, driven through its admin API."""

    def __init__(self, work, env):
        self.data = tempfile.mkdtemp(prefix='bench-node-', dir=work)
        self.api = 'http://127.0.0.1:%d/api/v1' % free_port()
        command = [os.path.join(ROOT, 'seedfleet'), 'node', '--data', self.data, '--no-dht', '--no-lsd',
                   '--bt-port', str(free_port()), '--cluster-port', str(free_port()),
                   '--api', self.api.split('/')[2]]
        self.log = open(os.path.join(self.data, 'node.log'), 'w')
        self.connection = None
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.call('GET', '/nodes')
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit('seedfleet node did not answer; see ' + self.log.name)
        self.pid = self.proc.pid  # ./seedfleet execs java: the launcher's pid is the JVM's

    def call(self, method, path, body=None):
        """One admin API call over a kept-alive connection, as a dashboard polling a daemon would:
        a fresh TCP connection per 50 ms poll cost the node ~5 ms of CPU each (1.3 ms kept alive),
        which libtorrent's in-process status call does not pay."""
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):
            if self.connection is None:
                host, port = self.api.split('/')[2].split(':')
                self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                self.connection.request(method, '/api/v1' + path, body=data,
                                        headers={'Content-Type': 'application/json'})
                reply = self.connection.getresponse()
                payload = reply.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            if reply.status >= 400:
                raise urllib.error.HTTPError(self.api + path, reply.status, payload.decode(errors='replace'), None, None)
            return json.loads(payload or b'null')

    def get(self, magnet, info_hash):
        self.call('POST', '/torrents', {'magnet': magnet})
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            status = self.call('GET', '/torrents/' + info_hash)
            if status.get('state') == 'seeding' and status.get('progress', 0) >= 1.0:
                return
            if status.get('state') == 'error':
                sys.exit('seedfleet node: ' + json.dumps(status))
            time.sleep(0.05)
        sys.exit('seedfleet node: not done in 600 s: ' + json.dumps(status))

    def remove(self, info_hash):
        """Removes the torrent and its data, and waits until the node no longer runs it."""
        self.call('DELETE', '/torrents/%s?deleteData=true' % info_hash)
        data = os.path.join(self.data, 'torrents', info_hash)
        deadline = time.monotonic() + 60
        while os.path.exists(data) or self.call('GET', '/nodes')['nodes'][0].get('replicas', 0) > 0:
            if time.monotonic() > deadline:
                sys.exit('seedfleet node: torrent not removed in 60 s')
            time.sleep(0.1)

    def close(self):
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


class LibtorrentDaemon:
    def __init__(self):
        self.proc = subprocess.Popen([PY, os.path.join(HERE, 'lt_bench_peer.py'), 'serve'],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != 'ready':
            sys.exit('libtorrent daemon did not start')
        self.pid = self.proc.pid

    def get(self, magnet, out_dir):
        self.proc.stdin.write('get %s %s\n' % (magnet, out_dir))
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line.startswith('done'):
            sys.exit('libtorrent daemon: ' + line)

    def close(self):
        self.proc.kill()
        self.proc.wait()


def info_hash_of(torrent):
    """The v1 info-hash in hex, as libtorrent reads it (the interpreter that has the module)."""
    code = 'import libtorrent as lt, sys; print(lt.torrent_info(sys.argv[1]).info_hashes().v1)'
    return subprocess.run([PY, '-c', code, torrent], check=True, capture_output=True, text=True).stdout.strip()


def report(results, size, title):
    rows = {}
    for name, samples in results.items():
        if not samples:
            continue
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        rows[name] = (size / wall / 1e6, cpu / (size / (1 << 30)))
    print()
    print('%s' % title)
    print()
    print_ratio_table(('downloader', 'median MB/s', 'CPU s per GiB'), rows)


def record(results, name, run, wall, cpu, size):
    if run < 0:
        print('warm-up %-10s %6.2f s' % (name, wall), file=sys.stderr, flush=True)
        return
    results[name].append((wall, cpu))
    print('run %d %-10s %6.2f s  %7.1f MB/s  %5.2f CPU s' % (run + 1, name, wall, size / wall / 1e6, cpu),
          file=sys.stderr, flush=True)


def cold_runs(args, torrent, port, seeder, size, env):
    results = {'seedfleet': [], 'libtorrent': [], 'aria2c': []}
    for run in range(-1, args.runs):
        for name in results:
            os.sync()
            out_dir = tempfile.mkdtemp(prefix='bench-%s-' % name, dir=args.work)
            if name == 'aria2c':
                wall, cpu = run_aria2(torrent, out_dir, seeder, env)
            else:
                wall, cpu, _ = run_child(cold_command(name, torrent, out_dir, port), env)
            shutil.rmtree(out_dir)
            os.sync()
            record(results, name, run, wall, cpu, size)
    return results


def warm_runs(args, torrent, port, size, env):
    info_hash = info_hash_of(torrent)
    magnet = 'magnet:?xt=urn:btih:%s&x.pe=127.0.0.1:%d' % (info_hash, port)
    results = {'seedfleet': [], 'libtorrent': []}
    node, lt_daemon = SeedfleetDaemon(args.work, env), LibtorrentDaemon()
    try:
        for run in range(-1, args.runs):
            for name in results:
                os.sync()
                if name == 'seedfleet':
                    cpu0, start = cpu_seconds(node.pid), time.monotonic()
                    node.get(magnet, info_hash)
                    wall, cpu = time.monotonic() - start, cpu_seconds(node.pid) - cpu0
                    node.remove(info_hash)
                else:
                    out_dir = tempfile.mkdtemp(prefix='bench-lt-daemon-', dir=args.work)
                    cpu0, start = cpu_seconds(lt_daemon.pid), time.monotonic()
                    lt_daemon.get(magnet, out_dir)
                    wall, cpu = time.monotonic() - start, cpu_seconds(lt_daemon.pid) - cpu0
                    shutil.rmtree(out_dir)
                os.sync()
                time.sleep(1)  # let the removal finish before the next add
                record(results, name, run, wall, cpu, size)
    finally:
        node.close()
        lt_daemon.close()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--size-mib', type=int, default=1024)
    parser.add_argument('--piece-kib', type=int, default=1024)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--mode', choices=('cold', 'warm', 'both', 'seed'), default='both')
    parser.add_argument('--leechers', type=int, default=8,
                        help='seed mode: the leechers of the second scenario, all at once')
    parser.add_argument('--work', default=os.path.join(ROOT, 'bench', 'work'))
    parser.add_argument('--touch-gib', type=int, default=None,
                        help='GiB of memory to cycle through before timing (0 to skip; default 8, '
                             'in seed mode 2 + the leechers\' GiB)')
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    with FreedMemoryStaysInGuest():
        if args.mode == 'seed':
            import seeding
            return seeding.main(args, make_content, touch_guest_memory)
        if args.touch_gib is None:
            args.touch_gib = 8
        run(args)


def run(args):
    data_dir, torrent = make_content(args.work, args.size_mib, args.piece_kib)
    if args.touch_gib:
        touch_guest_memory(args.work, args.touch_gib)
    size = args.size_mib << 20
    env = dict(os.environ, CI='true')
    print('load average before: %.1f %.1f %.1f' % os.getloadavg(), file=sys.stderr, flush=True)

    seeder = subprocess.Popen([PY, os.path.join(HERE, 'lt_bench_peer.py'), 'seed', torrent, data_dir],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(seeder.stdout.readline().split()[1])
    try:
        if args.mode in ('cold', 'both'):
            report(cold_runs(args, torrent, port, seeder, size, env), size,
                   'Cold: one process per download, JVM start-up included (%d MiB, %d KiB pieces)'
                   % (args.size_mib, args.piece_kib))
        if args.mode in ('warm', 'both'):
            report(warm_runs(args, torrent, port, size, env), size,
                   'Warm: long-running daemons, add magnet to verified (%d MiB, %d KiB pieces)'
                   % (args.size_mib, args.piece_kib))
    finally:
        seeder.kill()
    print('load average after: %.1f %.1f %.1f' % os.getloadavg(), file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()
