"""Helpers shared by the benchmark drivers in bench/ (ports, process CPU, the ratio table)."""
import os
import socket

CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU seconds of process pid and its threads so far, from /proc."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    # Fields 14 and 15 of proc(5) (utime, stime) are the 12th and 13th after the command name.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def print_ratio_table(headers, rows):
    """A Markdown table of (MB/s, CPU s per GiB) by program, ending with seedfleet / libtorrent."""
    print('| %s |' % ' | '.join(headers))
    print('|---|---|---|')
    for name, (mbps, cpu) in rows.items():
        print('| %s | %.0f | %.2f |' % (name, mbps, cpu))
    sf, lt_ = rows['seedfleet'], rows['libtorrent']
    print('| **ratio seedfleet / libtorrent** | **%.2f** | **%.2f** |' % (sf[0] / lt_[0], sf[1] / lt_[1]))
