#!/usr/bin/python3
"""Scale through the real node (issue 6): `./seedfleet node` with N generated torrents in
data/torrents (each with its data under data/torrents/<infohash>/, so that it seeds), timed until
its start-up import is done; then the heap after a full GC, and how many torrents the catalogue took.

    bench/scale_node.py --torrents 2000 [--settle 60] [--dormant]

--dormant switches seedfleet.dormancy on (idle-after 0s, sweep every 2 s) in a config file.

Uses the torrents that bench/scale.py generated (/tmp/seedfleet-scale-<N> or --source).
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def info_hash(torrent):
    """SHA-1 of the raw info dictionary: walks the bencoded top-level dict to find its span."""
    def end_of(i):
        c = torrent[i:i + 1]
        if c == b'i':
            return torrent.index(b'e', i) + 1
        if c in (b'l', b'd'):
            i += 1
            while torrent[i:i + 1] != b'e':
                i = end_of(i)
            return i + 1
        colon = torrent.index(b':', i)
        return colon + 1 + int(torrent[i:colon])
    i = 1
    while torrent[i:i + 1] != b'e':
        key_end = end_of(i)
        key = torrent[torrent.index(b':', i) + 1:key_end]
        value_end = end_of(key_end)
        if key == b'info':
            return hashlib.sha1(torrent[key_end:value_end]).hexdigest()
        i = value_end
    raise ValueError('no info dictionary')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--torrents', type=int, default=2000)
    parser.add_argument('--source', default=None)
    parser.add_argument('--settle', type=int, default=60, help='seconds after the import before the heap is taken')
    parser.add_argument('--xmx', default='8g')
    parser.add_argument('--dormant', action='store_true')
    parser.add_argument('--histo', type=int, default=0, help='print the N largest classes of the heap')
    args = parser.parse_args()
    source = args.source or next(f'/tmp/seedfleet-scale-{n}' for n in (args.torrents, 10000, 100000)
                                 if os.path.isdir(f'/tmp/seedfleet-scale-{n}/torrents'))
    work = tempfile.mkdtemp(prefix='seedfleet-node-scale-')
    torrents = os.path.join(work, 'data', 'torrents')
    os.makedirs(torrents)
    names = sorted(os.listdir(os.path.join(source, 'torrents')))[:args.torrents]
    for name in names:
        blob = open(os.path.join(source, 'torrents', name), 'rb').read()
        open(os.path.join(torrents, name), 'wb').write(blob)
        index = name[2:8]
        os.makedirs(os.path.join(torrents, info_hash(blob)))
        os.link(os.path.join(source, 'data', f'file-{index}.bin'),
                os.path.join(torrents, info_hash(blob), f'file-{index}.bin'))
    env = dict(os.environ, SEEDFLEET_JAVA_OPTS=f'-Xmx{args.xmx}', SEEDFLEET_AOT='off')
    extra = []
    if args.dormant:
        conf = os.path.join(work, 'dormant.conf')
        open(conf, 'w').write('seedfleet.dormancy { enabled = on, idle-after = 0s, sweep-interval = 2s }\n')
        extra = ['--config', conf]
    started = time.monotonic()
    node = subprocess.Popen([os.path.join(ROOT, 'seedfleet'), 'node', '--data', os.path.join(work, 'data'),
                             '--bt-port', '0', '--cluster-port', '0', '--api', '127.0.0.1:0'] + extra,
                            stdout=subprocess.PIPE, stderr=open(os.path.join(work, 'node.err'), 'w'), text=True, env=env)
    imported = None
    for line in node.stdout:
        m = re.search(r'seedfleet: (\d+) \.torrent files', line)
        if m:
            imported = int(m.group(1))
            break
    import_s = time.monotonic() - started
    time.sleep(args.settle)
    java_pid = subprocess.run(['pgrep', '-P', str(node.pid)], capture_output=True, text=True).stdout.split() or [str(node.pid)]
    pid = java_pid[0]
    subprocess.run(['jcmd', pid, 'GC.run'], capture_output=True)
    heap = subprocess.run(['jcmd', pid, 'GC.heap_info'], capture_output=True, text=True).stdout
    used = re.search(r'used (\d+)K', heap)
    histo = subprocess.run(['jmap', '-histo:live', pid], capture_output=True, text=True).stdout
    def instances(cls):
        m = re.search(r'^\s*\d+:\s+(\d+)\s+\d+\s+' + re.escape(cls) + r'(\s|$)', histo, re.M)
        return int(m.group(1)) if m else 0
    actors = f'torrent_actors={instances("io.seedfleet.engine.torrent.Torrent")} ' \
             f'replica_entities={instances("io.seedfleet.cluster.sharding.TorrentReplica")}'
    node.send_signal(signal.SIGTERM)
    node.wait(timeout=120)
    err = open(os.path.join(work, 'node.err')).read()
    skipped = err.count('seedfleet: skipping')
    reasons = sorted(set(re.findall(r'seedfleet: skipping \S+: (.*)', err)))[:3]
    print(f'dormant={args.dormant} torrents={len(names)} imported={imported} skipped={skipped} import_s={import_s:.1f} '
          f'heap_used_mib={int(used.group(1)) / 1024 if used else float("nan"):.0f} {actors} uptime_load={open("/proc/loadavg").read().split()[0]}')
    for r in reasons:
        print('  skip reason:', r)
    for line in histo.splitlines()[3:3 + args.histo]:
        print('  ', line.strip())
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
