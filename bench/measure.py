#!/usr/bin/python3
"""measure.py CMD [ARG]...: runs CMD once and prints "wall_s cpu_s peak_rss_kib".

Wall clock from a monotonic clock; CPU time (user + system) from getrusage of
the children. Peak RSS from /usr/bin/time, which execs CMD from its own small
process: a child forked from Python would carry Python's memory until its exec
and getrusage would report that instead. Without /usr/bin/time, the getrusage
figure is printed (an upper bound). CMD's output is discarded; its exit status
does not matter.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
with tempfile.NamedTemporaryFile("r") as out:
    cmd = sys.argv[1:]
    if gnu_time:
        cmd = [gnu_time, "-f", "%M", "-o", out.name] + cmd
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = ru.ru_maxrss
    if gnu_time:
        lines = out.read().split()
        rss = int(lines[-1]) if lines else rss
print("%.4f %.4f %d" % (wall, ru.ru_utime + ru.ru_stime, rss))
