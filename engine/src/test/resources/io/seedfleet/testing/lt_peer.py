#!/usr/bin/python3
"""A libtorrent peer on 127.0.0.1 for seedfleet's interop tests, driven from the command line.

  lt_peer.py seed  --torrent T --save DIR [--high-performance]
  lt_peer.py leech --torrent T --save DIR [--peer HOST:PORT]...
  lt_peer.py leech --magnet URI --save DIR [--peer HOST:PORT]...   (metadata fetched from the peers)
  any mode: [--upload-limit B/S] [--download-limit B/S]
  (seed and leech also take --lsd: local service discovery on)
  lt_peer.py make-torrent --source PATH --out T --piece-size N [--v1-only]

Prints JSON lines on stdout: {"event":"listening","port":N}, periodic {"event":"status",...} (with
"time", monotonic seconds, and the session's payload byte totals, for measuring rates),
{"event":"finished"} once a leech has every piece verified, {"event":"peers","addresses":["IP:PORT",...]}
whenever the set of connected peers changes, {"event":"error","message":...} on failure.
Reads commands on stdin: "connect HOST PORT". Runs until SIGTERM.
"""
import argparse
import json
import os
import select
import signal
import sys
import time

import libtorrent as lt


def emit(**event):
    print(json.dumps(event), flush=True)


def make_session(high_performance, upload_limit=0, download_limit=0, lsd=False):
    settings = lt.high_performance_seed() if high_performance else lt.default_settings()
    settings.update({'upload_rate_limit': upload_limit, 'download_rate_limit': download_limit})
    settings.update({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'allow_multiple_connections_per_ip': True,
        # We speak TCP only; libtorrent would try uTP first and fall back to TCP only after timeouts.
        'enable_outgoing_utp': False, 'enable_incoming_utp': False,
        'min_reconnect_time': 1, 'max_failcount': 100,
        # Plaintext first: our engine does not speak MSE/PE; accept both ways in.
        'out_enc_policy': lt.enc_policy.disabled, 'in_enc_policy': lt.enc_policy.pe_enabled,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
    })
    if lsd:
        settings['enable_lsd'] = True
    ses = lt.session(settings)
    if upload_limit or download_limit:
        # Loopback peers are in libtorrent's unlimited "local" class; put every address in the global
        # class so that the rate limits apply on 127.0.0.1 too.
        everyone = lt.ip_filter()
        everyone.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
        ses.set_peer_class_filter(everyone)
    return ses


def add(ses, torrent, save, magnet=None):
    if magnet:
        params = lt.parse_magnet_uri(magnet)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent)
    params.save_path = save
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return ses.add_torrent(params)


def make_torrent(args):
    fs = lt.file_storage()
    lt.add_files(fs, args.source)
    flags = lt.create_torrent.v1_only if args.v1_only else 0
    ct = lt.create_torrent(fs, args.piece_size, flags=flags)
    lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(args.source)))
    with open(args.out, 'wb') as f:
        f.write(lt.bencode(ct.generate()))
    emit(event='created', info_hash=str(lt.torrent_info(args.out).info_hash()))
    return 0


def parse_peer(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


def run(args):
    ses = make_session(args.high_performance, args.upload_limit, args.download_limit, lsd=args.lsd)
    handle = add(ses, args.torrent, args.save, args.magnet)
    emit(event='listening', port=ses.listen_port())
    peers = [parse_peer(p) for p in args.peer]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    last_status = 0
    last_dial = 0
    finished_reported = False
    last_peers = None
    stdin_open = True
    while not stop:
        now = time.monotonic()
        status = handle.status()
        if status.errc.value() != 0:
            emit(event='error', message=status.errc.message())
            return 1
        if now - last_dial > 1 and not status.is_seeding:
            for peer in peers:
                handle.connect_peer(peer)
            last_dial = now
        if now - last_status > 1:
            emit(event='status', state=str(status.state), progress=status.progress, peers=status.num_peers,
                 download_rate=status.download_payload_rate, upload_rate=status.upload_payload_rate,
                 total_done=status.total_done, pieces=status.num_pieces, time=now,
                 total_payload_download=status.total_payload_download,
                 total_payload_upload=status.total_payload_upload)
            last_status = now
        addresses = sorted('%s:%d' % (p.ip[0], p.ip[1]) for p in handle.get_peer_info())
        if addresses != last_peers:
            emit(event='peers', addresses=addresses)
            last_peers = addresses
        if args.mode == 'leech' and status.is_seeding and not finished_reported:
            emit(event='finished', pieces=status.num_pieces, total_done=status.total_done)
            finished_reported = True
        ready = select.select([sys.stdin], [], [], 0.1)[0] if stdin_open else time.sleep(0.1)
        if ready:
            line = sys.stdin.readline()
            if not line:
                stdin_open = False  # no more commands; keep running until SIGTERM
                continue
            parts = line.split()
            if len(parts) == 3 and parts[0] == 'connect':
                peers.append((parts[1], int(parts[2])))
                handle.connect_peer((parts[1], int(parts[2])))
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['seed', 'leech', 'make-torrent'])
    parser.add_argument('--torrent')
    parser.add_argument('--save')
    parser.add_argument('--peer', action='append', default=[])
    parser.add_argument('--high-performance', action='store_true')
    parser.add_argument('--magnet')
    parser.add_argument('--upload-limit', type=int, default=0)
    parser.add_argument('--download-limit', type=int, default=0)
    parser.add_argument('--source')
    parser.add_argument('--out')
    parser.add_argument('--piece-size', type=int, default=1 << 20)
    parser.add_argument('--v1-only', action='store_true')
    parser.add_argument('--lsd', action='store_true', help='announce and listen on the LSD multicast group (BEP 14)')
    args = parser.parse_args()
    try:
        return make_torrent(args) if args.mode == 'make-torrent' else run(args)
    except Exception as e:  # reported as a JSON line so the Java side shows the reason
        emit(event='error', message=repr(e))
        return 1


if __name__ == '__main__':
    sys.exit(main())
