#!/usr/bin/python3
"""libtorrent side of the loopback transfer benchmark: a seeder or a leecher on 127.0.0.1.

seed:  lt_bench_peer.py seed TORRENT SAVE_DIR        prints "port N", then seeds until killed; a line
       "connect PORT" on its input makes it dial 127.0.0.1:PORT (for aria2c, which takes no peer)
leech: lt_bench_peer.py leech TORRENT SAVE_DIR PORT  downloads from 127.0.0.1:PORT, prints
       "first_byte S" and "done S" (seconds since start), exits 0 when every piece is verified.
serve: lt_bench_peer.py serve                        a long-running leecher session (the warm mode):
       each input line "get MAGNET SAVE_DIR" adds the magnet (its x.pe names the seeder), waits until
       every piece is verified, prints "done S", and removes the torrent (the files stay).
sink:  lt_bench_peer.py sink TORRENT SAVE_DIR PORT   the leecher of the seeding benchmark: like
       leech, but without hashing the pieces (the caller compares the file afterwards) so that its
       CPU does not limit the seeder under test; prints "connect T" and "done T" in CLOCK_MONOTONIC
       seconds, comparable across processes.
All use high_performance_seed() settings and plaintext, as the seeder in docs/BENCHMARKS.md.
"""
import os
import sys
import time

import libtorrent as lt


def session(extra=None):
    settings = lt.high_performance_seed()
    settings.update({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'allow_multiple_connections_per_ip': True,
        # TCP only, for both clients: seedfleet has no uTP yet, and uTP on loopback is far slower.
        'enable_outgoing_utp': False, 'enable_incoming_utp': False,
        'min_reconnect_time': 1, 'max_failcount': 100,
        'out_enc_policy': lt.enc_policy.disabled, 'in_enc_policy': lt.enc_policy.pe_enabled,
        'alert_mask': lt.alert.category_t.error_notification,
    })
    settings.update(extra or {})
    return lt.session(settings)


def add(ses, torrent, save):
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return ses.add_torrent(params)


def sink(torrent, save, port):
    ses = session({'disable_hash_checks': True,
                   'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
                   | lt.alert.category_t.storage_notification})
    handle = add(ses, torrent, save)
    print('connect', time.monotonic(), flush=True)
    while True:
        handle.connect_peer(('127.0.0.1', port))  # a no-op while connected
        # The finished alert marks the end exactly, without polling the session's thread.
        ses.wait_for_alert(100)
        if any(isinstance(a, lt.torrent_finished_alert) for a in ses.pop_alerts()):
            print('done', time.monotonic(), flush=True)
            # Without hash checks the torrent finishes before its last blocks are written: wait for
            # the writes, then skip the session's orderly shutdown, which can take seconds.
            handle.flush_cache()
            while not any(isinstance(a, lt.cache_flushed_alert) for a in ses.pop_alerts()):
                ses.wait_for_alert(1000)
            os._exit(0)


def serve():
    ses = session()
    print('ready', flush=True)
    for line in sys.stdin:
        words = line.split()
        if len(words) != 3 or words[0] != 'get':
            continue
        start = time.monotonic()
        params = lt.parse_magnet_uri(words[1])
        params.save_path = words[2]
        params.flags &= ~lt.torrent_flags.auto_managed
        params.flags &= ~lt.torrent_flags.paused
        handle = ses.add_torrent(params)
        while not handle.status().is_seeding:
            time.sleep(0.05)
        print('done', round(time.monotonic() - start, 3), flush=True)
        ses.remove_torrent(handle)
    return 0


def dial_on_request(handle):
    for line in sys.stdin:
        words = line.split()
        if len(words) == 2 and words[0] == 'connect':
            handle.connect_peer(('127.0.0.1', int(words[1])))


def main():
    if sys.argv[1] == 'serve':
        return serve()
    mode, torrent, save = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == 'sink':
        return sink(torrent, save, int(sys.argv[4]))
    start = time.monotonic()
    ses = session()
    handle = add(ses, torrent, save)
    if mode == 'seed':
        while handle.status().state != lt.torrent_status.seeding:
            if handle.status().state == lt.torrent_status.downloading:
                sys.exit('seed: the data in %s does not match %s' % (save, torrent))
            time.sleep(0.1)
        print('port', ses.listen_port(), flush=True)
        dial_on_request(handle)
        while True:
            time.sleep(3600)
    port = int(sys.argv[4])
    first_byte = None
    while True:
        handle.connect_peer(('127.0.0.1', port))
        status = handle.status()
        if first_byte is None and status.total_payload_download > 0:
            first_byte = time.monotonic() - start
            print('first_byte', round(first_byte, 3), flush=True)
        if status.is_seeding:
            print('done', round(time.monotonic() - start, 3), flush=True)
            return 0
        time.sleep(0.05)


if __name__ == '__main__':
    sys.exit(main())
