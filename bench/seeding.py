"""Seeding benchmark (bench/transfer.py --mode seed): seedfleet and libtorrent SEEDING the same
torrent on loopback, measured side by side in the same run.

Two seeders run for the whole benchmark, both serving the same file from the page cache:
  A  `seedfleet seed`,
  B  libtorrent with high_performance_seed() settings (bench/lt_bench_peer.py seed, as in the
     download benchmark).
The leechers are always the same libtorrent program with the same settings (lt_bench_peer.py sink):
high_performance_seed() settings, no piece hashing (so that the leechers' CPU does not limit the
seeder under test on this 2-core machine) and output on tmpfs (/dev/shm: no writeback, which would
otherwise compete with the seeder). Each output file is compared with the original after its run,
outside the timing, so a seeder that serves wrong bytes fails the benchmark.

Scenario 1: one leecher downloads the whole torrent; scenario 2: N leechers (8 by default), one
process each, download it at once. Runs alternate between the seeders, one unrecorded warm-up run of
each first (it also pulls the file into the page cache for both). Figures per run:
  - MB/s: bytes downloaded by all leechers / (last leecher done - first leecher connecting), taken
    from the leechers' CLOCK_MONOTONIC stamps, so the leechers' start-up does not count;
  - seeder CPU s per GiB uploaded: the seeder process's user + system time (/proc/PID/stat) from
    just before the leechers start until the last one has exited (before the files are compared),
    divided by the GiB the leechers downloaded.
The medians and the ratios seedfleet / libtorrent are printed as Markdown tables.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import cpu_seconds, print_ratio_table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = '/usr/bin/python3'
SEEDERS = ('seedfleet', 'libtorrent')


def peer_script(work):
    """lt_bench_peer.py under a name of this benchmark's own: on a shared machine other people's
    clean-ups of stray "lt_bench_peer" processes have killed ours mid-run."""
    link = os.path.join(work, 'seedbench_lt_peer.py')
    if not os.path.islink(link):
        os.symlink(os.path.join(HERE, 'lt_bench_peer.py'), link)
    return link


def start_seeders(torrent, data_dir, work):
    """Starts both seeders; returns {name: (process, port)} once both listen."""
    log = open(os.path.join(work, 'seedfleet-seeder.log'), 'w')
    sf = subprocess.Popen([os.path.join(ROOT, 'seedfleet'), 'seed', torrent, '--data', data_dir,
                           '--bind', '127.0.0.1', '--port', '0', '--no-lsd', '--no-dht'],
                          stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, CI='true'))
    lt_log = open(os.path.join(work, 'libtorrent-seeder.log'), 'w')
    lt_ = subprocess.Popen([PY, peer_script(work), 'seed', torrent, data_dir],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=lt_log, text=True)
    seeders = {}
    line = ' '
    while line and 'on port' not in line:  # "seedfleet: seeding NAME (HASH) on port N"
        line = sf.stdout.readline()  # (JVM options may print lines before it)
    if not line:
        sf.kill()
        lt_.kill()
        sys.exit('seedfleet seed did not start (see %s)' % log.name)
    seeders['seedfleet'] = (sf, int(line.split()[-1]))
    seeders['libtorrent'] = (lt_, int(lt_.stdout.readline().split()[1]))
    return seeders


def leech(torrent, seeder, port, leechers, original, work):
    """Runs `leechers` sink processes at once against port. Returns (seconds, bytes downloaded,
    seeder CPU seconds from just before the leechers start to just after the last one exits), or
    None when a leecher was killed from outside."""
    out_root = tempfile.mkdtemp(prefix='seedbench-', dir='/dev/shm' if os.path.isdir('/dev/shm') else work)
    try:
        dirs = [os.path.join(out_root, str(i)) for i in range(leechers)]
        for d in dirs:
            os.makedirs(d)
        procs = []
        cpu_before = cpu_seconds(seeder.pid)
        for d in dirs:
            procs.append(subprocess.Popen([PY, peer_script(work), 'sink', torrent, d, str(port)],
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        deadline = time.monotonic() + 900
        while any(p.poll() is None for p in procs):
            if seeder.poll() is not None or time.monotonic() > deadline:
                for p in procs:
                    p.kill()
                sys.exit('the seeder (pid %d) exited (%s) or the leechers took too long' % (seeder.pid, seeder.poll()))
            time.sleep(0.05)
        cpu = cpu_seconds(seeder.pid) - cpu_before  # not counting the comparison below
        connects, dones = [], []
        for p in procs:
            out, _ = p.communicate()
            if p.returncode < 0:  # a signal from outside (this machine is shared): run again
                print('a leecher was killed by signal %d; repeating the run' % -p.returncode, file=sys.stderr)
                return None
            if p.returncode != 0:
                sys.exit('leecher failed (%d):\n%s' % (p.returncode, out[-3000:]))
            stamps = dict(line.split() for line in out.splitlines() if line.startswith(('connect ', 'done ')))
            connects.append(float(stamps['connect']))
            dones.append(float(stamps['done']))
        seconds = max(dones) - min(connects)
        for d in dirs:
            copy = os.path.join(d, os.path.basename(original))
            if subprocess.run(['cmp', '-s', copy, original]).returncode != 0:
                sys.exit('leecher in %s received different bytes' % d)
        return seconds, leechers * os.path.getsize(original), cpu
    finally:
        shutil.rmtree(out_root, ignore_errors=True)


def scenario(title, seeders, torrent, original, work, leechers, runs):
    results = {name: [] for name in SEEDERS}
    for run in range(-1, runs):
        for name in SEEDERS:
            proc, port = seeders[name]
            if proc.poll() is not None:
                sys.exit('the %s seeder exited (%d)' % (name, proc.returncode))
            for attempt in range(3):
                leeched = leech(torrent, proc, port, leechers, original, work)
                if leeched:
                    break
            else:
                sys.exit('leechers killed three times in a row')
            seconds, size, cpu = leeched
            mbps, cpu_per_gib = size / seconds / 1e6, cpu / (size / (1 << 30))
            label = 'warm-up' if run < 0 else 'run %d' % (run + 1)
            print('%s %s %-10s %7.1f MB/s  %5.2f seeder CPU s/GiB  (load %.2f)'
                  % (title, label, name, mbps, cpu_per_gib, os.getloadavg()[0]), file=sys.stderr, flush=True)
            if run >= 0:
                results[name].append((mbps, cpu_per_gib))
    rows = {name: (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))
            for name, samples in results.items()}
    print()
    print('%s, median of %d runs:' % (title, runs))
    print()
    print_ratio_table(('seeder', 'MB/s (leechers)', 'seeder CPU s per GiB uploaded'), rows)
    sys.stdout.flush()


def main(args, make_content, touch_guest_memory):
    os.makedirs(args.work, exist_ok=True)
    data_dir, torrent = make_content(args.work, args.size_mib, args.piece_kib)
    original = os.path.join(data_dir, 'payload.bin')
    touch = args.touch_gib if args.touch_gib is not None else 2 + (args.leechers * args.size_mib >> 10)
    if touch:
        touch_guest_memory(args.work, touch)
    seeders = start_seeders(torrent, data_dir, args.work)
    try:
        print('load average at start: %s' % ' '.join('%.2f' % x for x in os.getloadavg()), file=sys.stderr)
        scenario('1 leecher', seeders, torrent, original, args.work, 1, args.runs)
        if args.leechers > 1:
            scenario('%d leechers' % args.leechers, seeders, torrent, original, args.work, args.leechers, args.runs)
        print()
        print('load average at the end: %s' % ' '.join('%.2f' % x for x in os.getloadavg()))
    finally:
        for proc, _ in seeders.values():
            proc.terminate()
        for proc, _ in seeders.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0
