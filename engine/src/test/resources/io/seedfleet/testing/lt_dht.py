#!/usr/bin/python3
"""A libtorrent DHT node on 127.0.0.1 for seedfleet's DHT interop tests.

  lt_dht.py [--bootstrap HOST:PORT]... [--seed TORRENT --save DIR]

With --seed it also seeds that torrent and keeps announcing it to the DHT (force_dht_announce every
2 s). Loopback-hostile protections are switched off (see INTEROP-NOTES.md).

Prints JSON lines on stdout: {"event":"listening","port":N,"info_hash":HEX-or-null},
{"event":"status","dht_nodes":N,...} every second, {"event":"peers","info_hash":HEX,"peers":["ip:port",...]}
for each DHT get_peers reply, {"event":"error","message":...} on failure.
Reads commands on stdin: "add-node HOST PORT", "get-peers HEX", "announce HEX PORT". Runs until SIGTERM.
"""
import argparse
import json
import select
import signal
import sys
import time

import libtorrent as lt


def emit(**event):
    print(json.dumps(event), flush=True)


def make_session(bootstrap):
    settings = lt.default_settings()
    settings.update({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': True, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'dht_bootstrap_nodes': ','.join(bootstrap),
        # Every node is 127.0.0.1 here: switch off the protections that reject many nodes on one IP.
        'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
        'dht_prefer_verified_node_ids': False, 'dht_enforce_node_id': False, 'dht_ignore_dark_internet': False,
        'allow_multiple_connections_per_ip': True,
        'enable_outgoing_utp': False, 'enable_incoming_utp': False,
        'out_enc_policy': lt.enc_policy.disabled, 'in_enc_policy': lt.enc_policy.pe_enabled,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
        | lt.alert.category_t.dht_notification | lt.alert.category_t.dht_operation_notification,
    })
    return lt.session(settings)


def parse_peer(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


def hash_of(hex_text):
    return lt.sha1_hash(bytes.fromhex(hex_text))


def seed(ses, torrent, save):
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return ses.add_torrent(params)


def handle_command(ses, line):
    parts = line.split()
    if len(parts) == 3 and parts[0] == 'add-node':
        ses.add_dht_node((parts[1], int(parts[2])))
    elif len(parts) == 2 and parts[0] == 'get-peers':
        ses.dht_get_peers(hash_of(parts[1]))
    elif len(parts) == 3 and parts[0] == 'announce':
        ses.dht_announce(hash_of(parts[1]), int(parts[2]), 0)
    else:
        emit(event='error', message='unknown command: ' + line.strip())


def run(args):
    ses = make_session(args.bootstrap)
    handle = seed(ses, args.seed, args.save) if args.seed else None
    info_hash = str(handle.status().info_hashes.v1) if handle else None
    emit(event='listening', port=ses.listen_port(), info_hash=info_hash)
    for node in args.bootstrap:
        ses.add_dht_node(parse_peer(node))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    last_status = 0
    last_announce = 0
    stdin_open = True
    while not stop:
        now = time.monotonic()
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.dht_get_peers_reply_alert):
                emit(event='peers', info_hash=str(alert.info_hash),
                     peers=['%s:%d' % (ip, port) for ip, port in alert.peers()])
        if handle and now - last_announce > 2:
            handle.force_dht_announce()
            last_announce = now
        if now - last_status > 1:
            status = ses.status()
            emit(event='status', dht_nodes=status.dht_nodes, dht_global_nodes=status.dht_global_nodes,
                 seeding=bool(handle and handle.status().is_seeding))
            last_status = now
        ready = select.select([sys.stdin], [], [], 0.1)[0] if stdin_open else time.sleep(0.1)
        if ready:
            line = sys.stdin.readline()
            if not line:
                stdin_open = False  # no more commands; keep running until SIGTERM
                continue
            handle_command(ses, line)
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--bootstrap', action='append', default=[])
    parser.add_argument('--seed')
    parser.add_argument('--save')
    args = parser.parse_args()
    try:
        return run(args)
    except Exception as e:  # reported as a JSON line so the Java side shows the reason
        emit(event='error', message=repr(e))
        return 1


if __name__ == '__main__':
    sys.exit(main())
