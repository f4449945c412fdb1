#!/usr/bin/python3
"""Scale on one node (issue 6): N small generated torrents in one engine session, with and without
dormant torrents (docs/adr/0013-dormant-torrents.md), side by side. Prints a Markdown table for
docs/BENCHMARKS.md.

    bench/scale.py --torrents 10000 [--modes dormant,plain] [--xmx 12g] [--dir /tmp/scale-10000]

Generation (N files of 1-4 KiB and their .torrent files) is not timed and is kept in --dir for
later runs. Each mode runs in its own JVM (io.seedfleet.bench.ScaleBench on the seedfleet jar):
start a session with fast resume, add every torrent (parsing its .torrent), wait until all are ready
(plain: every torrent SEEDING; dormant: every torrent asleep), force GC and take the heap used above
an empty session, stop; start again and time until all are ready again (plain: re-adding every
.torrent, as today; dormant: from the index), then the median time for an inbound handshake to
wake a dormant torrent, and a restart with the index deleted (from the per-torrent copies).
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def java():
    home = subprocess.run(['bash', '-c', f'. {ROOT}/scripts/lib.sh && find_jdk'], capture_output=True, text=True,
                          check=True).stdout.strip()
    return os.path.join(home, 'bin', 'java')


def build():
    subprocess.run(['mvn', '-B', '-q', '-ntp', '-o', 'package', '-DskipTests', '-Djazzer.skip', '-pl', 'ops,bench',
                    '-am'], cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--torrents', type=int, default=10000)
    parser.add_argument('--modes', default='dormant,plain')
    parser.add_argument('--xmx', default='12g')
    parser.add_argument('--dir', default=None)
    parser.add_argument('--no-build', action='store_true')
    args = parser.parse_args()
    work = args.dir or f'/tmp/seedfleet-scale-{args.torrents}'
    if not args.no_build:
        build()
    cp = f'{ROOT}/ops/target/seedfleet.jar:{ROOT}/bench/target/classes'
    jvm = [java(), f'-Xmx{args.xmx}', '-Xss2m', '--sun-misc-unsafe-memory-access=allow', '-cp', cp]
    torrents_dir = os.path.join(work, 'torrents')
    have = len(os.listdir(torrents_dir)) if os.path.isdir(torrents_dir) else 0
    if have < args.torrents:
        print(f'generating {args.torrents} torrents in {work} (not timed)', file=sys.stderr)
        subprocess.run(jvm + ['io.seedfleet.bench.ScaleBench', 'generate', work, str(args.torrents)], check=True)
    results = []
    for mode in args.modes.split(','):
        print(f'running {mode} with {args.torrents} torrents', file=sys.stderr)
        out = subprocess.run(jvm + ['io.seedfleet.bench.ScaleBench', 'run', work, str(args.torrents), mode],
                             capture_output=True, text=True)
        line = next((l for l in out.stdout.splitlines() if l.startswith('RESULT ')), None)
        if line is None:
            sys.stderr.write(out.stdout[-3000:] + out.stderr[-3000:])
            sys.exit(f'{mode}: no result')
        print(line, file=sys.stderr)
        results.append(dict(re.findall(r'(\w+)=(\S+)', line)))
    load = open('/proc/loadavg').read().split()[:3]
    print(f'\n{args.torrents} torrents, -Xmx{args.xmx}, load average before the last run end: {" ".join(load)}\n')
    print('| mode | add all (s) | all ready (s) | heap per torrent | restart to all ready (s) '
          '| heap per torrent after restart | wake by inbound handshake (median ms) | restart without index (s) |')
    print('|---|---|---|---|---|---|---|---|')
    for r in results:
        print(f"| {r['mode']} | {r['add_s']} | {r['ready_s']} | {int(r['heap_per_torrent_b']):,} B "
              f"| {r['restart_ready_s']} | {int(r['heap_after_restart_per_torrent_b']):,} B | {r['wake_ms']} "
              f"| {r['fallback_restart_s']} |")


if __name__ == '__main__':
    main()
