#!/usr/bin/python3
"""Loopback transfer benchmark, in two modes. Prints Markdown tables for docs/BENCHMARKS.md.

    bench/transfer.py [--size-mib 1024] [--piece-kib 1024] [--runs 3]
    bench/transfer.py --mode seed [--leechers 8] [--size-mib 1024] [--piece-kib 1024] [--runs 3]

--mode download (the default): seedfleet and libtorrent downloading the same torrent from the same
libtorrent seeder, timed in turn, in the same run.

--mode seed: seedfleet and libtorrent SEEDING, see bench/seeding.py.

Each downloader runs as its own process; its wall time and CPU time (user + system, from the
kernel's rusage of the child) are measured for the whole process, so seedfleet's JVM start-up counts
against it. The seeder uses libtorrent's high_performance_seed() settings and plaintext.

Runs alternate between the downloaders. Before each run the page cache is written back (sync) and
the previous output deleted, so no run pays for another's writeback; one unrecorded warm-up run of
each downloader comes first.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = '/usr/bin/python3'


def make_content(work, size_mib, piece_kib):
    data_dir = os.path.join(work, 'seed')
    path = os.path.join(data_dir, 'payload.bin')
    torrent = os.path.join(work, 'payload-%d-%d.torrent' % (size_mib, piece_kib))
    if not os.path.exists(path) or os.path.getsize(path) != size_mib << 20:
        os.makedirs(data_dir, exist_ok=True)
        with open(path, 'wb') as f:
            for _ in range(size_mib):
                f.write(os.urandom(1 << 20))
    if not os.path.exists(torrent):
        subprocess.run([os.path.join(ROOT, 'seedfleet'), 'create', path, '-o', torrent,
                        '--piece-size', str(piece_kib * 1024)], check=True, stdout=subprocess.DEVNULL)
    return data_dir, torrent


def touch_guest_memory(work, gib):
    """On a VM whose host backs guest memory lazily (this one), the first write into never-used
    guest pages costs a host page fault each: writing 1 GiB into fresh page cache measured 2.4 s
    here, against 0.1 s into pages used before. Cycling a few GiB of page cache through once, before
    any timed run, spares every downloader that noise."""
    path = os.path.join(work, 'touch-memory.tmp')
    chunk = b'\0' * (1 << 20)
    with open(path, 'wb') as f:
        for _ in range(gib << 10):
            f.write(chunk)
    os.sync()
    os.unlink(path)


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--size-mib', type=int, default=1024)
    parser.add_argument('--piece-kib', type=int, default=1024)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--work', default=os.path.join(ROOT, 'bench', 'work'))
    parser.add_argument('--touch-gib', type=int, default=None,
                        help='GiB of page cache to cycle through before timing (0 to skip; default 6, '
                             'in seed mode 2 + the leechers\' GiB)')
    parser.add_argument('--mode', choices=('download', 'seed'), default='download')
    parser.add_argument('--leechers', type=int, default=8,
                        help='seed mode: the leechers of the second scenario, all at once')
    args = parser.parse_args()
    if args.mode == 'seed':
        import seeding
        return seeding.main(args, make_content, touch_guest_memory)
    if args.touch_gib is None:
        args.touch_gib = 6

    os.makedirs(args.work, exist_ok=True)
    data_dir, torrent = make_content(args.work, args.size_mib, args.piece_kib)
    if args.touch_gib:
        touch_guest_memory(args.work, args.touch_gib)
    size = args.size_mib << 20
    env = dict(os.environ, CI='true')

    seeder = subprocess.Popen([PY, os.path.join(HERE, 'lt_bench_peer.py'), 'seed', torrent, data_dir],
                              stdout=subprocess.PIPE, text=True)
    port = int(seeder.stdout.readline().split()[1])
    results = {'seedfleet': [], 'libtorrent': []}
    try:
        for run in range(-1, args.runs):
            for name in ('seedfleet', 'libtorrent'):
                os.sync()
                out_dir = tempfile.mkdtemp(prefix='bench-%s-' % name, dir=args.work)
                if name == 'seedfleet':
                    command = [os.path.join(ROOT, 'seedfleet'), 'get', torrent, '-o', out_dir,
                               '--peer', '127.0.0.1:%d' % port, '--timeout', '600']
                else:
                    command = [PY, os.path.join(HERE, 'lt_bench_peer.py'), 'leech', torrent, out_dir, str(port)]
                wall, cpu, _ = run_child(command, env)
                shutil.rmtree(out_dir)
                os.sync()
                if run < 0:
                    print('warm-up %-10s %6.2f s' % (name, wall), file=sys.stderr, flush=True)
                    continue
                results[name].append((wall, cpu))
                print('run %d %-10s %6.2f s  %7.1f MB/s  %5.2f CPU s' % (run + 1, name, wall, size / wall / 1e6, cpu),
                      file=sys.stderr, flush=True)
    finally:
        seeder.kill()

    rows = {}
    for name, samples in results.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        rows[name] = (size / wall / 1e6, cpu / (size / (1 << 30)))
    print('| downloader | median MB/s (whole process) | CPU s per GiB |')
    print('|---|---|---|')
    for name, (mbps, cpu) in rows.items():
        print('| %s | %.0f | %.2f |' % (name, mbps, cpu))
    sf, lt_ = rows['seedfleet'], rows['libtorrent']
    print('| **ratio seedfleet / libtorrent** | **%.2f** | **%.2f** |' % (sf[0] / lt_[0], sf[1] / lt_[1]))


if __name__ == '__main__':
    main()
