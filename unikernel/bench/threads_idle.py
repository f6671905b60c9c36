#!/usr/bin/env python3
"""Host CPU time used by an idle unikernel (bench/threads-idle.sh).

Runs a command twice, "idle 0" and "idle SECONDS" (threads-check's main
thread sleeps; nothing else runs), and takes each child's user+system CPU
time from getrusage(RUSAGE_CHILDREN). The difference divided by SECONDS is
the CPU used while idle, apart from booting and exiting. Prints
"idle <label> <cpu seconds> over <seconds> s: <percent>% of one CPU".
"""
import resource
import subprocess
import sys
import time


def cpu_of(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if b"UNICORE:EXIT status=0" not in result.stdout:
        sys.exit("no clean exit from %s:\n%s" % (command, result.stdout.decode()))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main():
    label, seconds = sys.argv[1], int(sys.argv[2])
    command = sys.argv[3:]
    # QEMU takes the arguments as one -append string.
    joined = command[-1] == "-append"

    def arguments(value):
        return ["idle " + value] if joined else ["idle", value]

    base_cpu, base_wall = cpu_of(command + arguments("0"))
    idle_cpu, idle_wall = cpu_of(command + arguments(str(seconds)))
    extra = max(idle_cpu - base_cpu, 0.0)
    print("idle %-7s boot+exit %.3f s CPU (%.2f s wall); with a %d s sleep %.3f s CPU "
          "(%.2f s wall): %.3f s over %d s = %.2f%% of one CPU"
          % (label, base_cpu, base_wall, seconds, idle_cpu, idle_wall, extra, seconds,
             100.0 * extra / seconds))


if __name__ == "__main__":
    main()
