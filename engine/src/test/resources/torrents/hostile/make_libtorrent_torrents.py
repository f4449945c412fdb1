#!/usr/bin/python3
"""Makes the libtorrent-created members of the hostile corpus (run once; outputs are committed).

hybrid_libtorrent.torrent: a hybrid v1+v2 torrent, as libtorrent 2.0 makes by default, with
BEP 47 pad files. v2_only_libtorrent.torrent: a v2-only torrent, which seedfleet rejects.
File contents are deterministic (byte i of a file is i % 251) so tests can rebuild them.
"""
import os
import sys
import tempfile

import libtorrent as lt

SIZES = {"first.bin": 20000, "second.bin": 5000, "sub/third.bin": 40000}


def make(flags, out):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "hybrid")
        for name, size in SIZES.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(bytes(i % 251 for i in range(size)))
        fs = lt.file_storage()
        lt.add_files(fs, root)
        t = lt.create_torrent(fs, 16384, flags=flags)
        t.add_tracker("http://127.0.0.1:6969/announce")
        t.set_creator("libtorrent " + lt.__version__)
        lt.set_piece_hashes(t, tmp)
        with open(out, "wb") as f:
            f.write(lt.bencode(t.generate()))


here = os.path.dirname(os.path.abspath(sys.argv[0]))
make(0, os.path.join(here, "hybrid_libtorrent.torrent"))
make(lt.create_torrent.v2_only, os.path.join(here, "v2_only_libtorrent.torrent"))
