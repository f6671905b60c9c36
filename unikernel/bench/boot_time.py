"""Measurements of bench/boot-time.sh (which builds the trivial kernel).

Usage: boot_time.py KERNEL.elf TRIVIAL.elf

Boot time is wall time from just before QEMU is started to the arrival of
the first byte of the kernel's first line of interest on QEMU's standard
output (the serial port). Each boot runs to its end (isa-debug-exit), so
every run also checks that the kernel works.
"""
import os
import selectors
import statistics
import subprocess
import sys
import time

MACHINES = {"pc": "pc", "microvm": "microvm,x-option-roms=off,rtc=off"}
RUNS = 10
BOOT_TIMEOUT_S = 10.0
MEMORY_TIMEOUT_S = 3.0  # a kernel short of memory may hang instead of dying
MEMORY_STEP_KIB = 4
MEMORY_MAX_KIB = 8192  # known to be enough; the bisection starts below it
MEMORY_VERIFY_KIB = 256  # sizes above the result that must work as well
LOAD_ADDRESS_KIB = 1024  # the image loads at 1 MiB: less cannot work


def qemu_command(machine, kernel, memory="8M"):
    return [
        # The CPU `unicore run` gives under TCG: RDRAND is the core's entropy.
        "qemu-system-x86_64", "-M", MACHINES[machine], "-cpu", "qemu64,+rdrand",
        "-nodefaults",
        "-no-reboot", "-display", "none", "-serial", "stdio",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-m", memory, "-kernel", kernel,
    ]


def boot(command, marker, timeout):
    """Runs QEMU until it exits (or the timeout kills it).

    Returns (milliseconds from start to the first byte of marker, or None;
    everything QEMU printed).
    """
    chunks = []  # (end offset in output, arrival time)
    output = bytearray()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    deadline = start + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not selector.select(remaining):
                break
            chunk = os.read(process.stdout.fileno(), 65536)
            now = time.perf_counter()
            if not chunk:
                break
            output += chunk
            chunks.append((len(output), now))
    process.kill()
    process.wait()
    process.stdout.close()

    index = output.find(marker)
    if index < 0:
        return None, bytes(output)
    arrival = next(t for end, t in chunks if end > index)
    return (arrival - start) * 1000.0, bytes(output)


def time_boots(machine, kernel, trivial):
    ours, theirs = [], []
    for _ in range(RUNS):  # interleaved, so drifts hit both alike
        for times, image, marker in ((ours, kernel, b"UNICORE:START"),
                                     (theirs, trivial, b"TRIVIAL:UP")):
            ms, output = boot(qemu_command(machine, image), marker,
                              BOOT_TIMEOUT_S)
            if ms is None:
                sys.exit(f"{machine}: {image} printed no {marker.decode()}:"
                         f" {output[-200:]!r}")
            times.append(ms)
    return statistics.median(ours), statistics.median(theirs)


def reaches_exit(machine, kernel, kib):
    ms, _ = boot(qemu_command(machine, kernel, f"{kib}K"), b"UNICORE:EXIT",
                 MEMORY_TIMEOUT_S)
    return ms is not None


def smallest_memory(machine, kernel):
    """Smallest -m (KiB) from which every size reaches UNICORE:EXIT.

    Bisection assumes that more memory never hurts. That is false on pc, where
    SeaBIOS keeps its tables at the top of RAM and, for some sizes, over the
    image; so the result is checked on MEMORY_VERIFY_KIB above it, and the
    bisection resumes above any failure found there. Returns the size and the
    sizes below it that work all the same.
    """
    low, high = 0, MEMORY_MAX_KIB  # low fails (assumed), high works
    if not reaches_exit(machine, kernel, high):
        sys.exit(f"{machine}: no UNICORE:EXIT even with -m {high}K")
    while True:
        while high - low > MEMORY_STEP_KIB:
            middle = (low + high) // 2 // MEMORY_STEP_KIB * MEMORY_STEP_KIB
            if reaches_exit(machine, kernel, middle):
                high = middle
            else:
                low = middle
        above = range(high + MEMORY_STEP_KIB, high + MEMORY_VERIFY_KIB + 1,
                      MEMORY_STEP_KIB)
        failure = next((kib for kib in above
                        if not reaches_exit(machine, kernel, kib)), None)
        if failure is None:
            break
        low, high = failure, MEMORY_MAX_KIB
    below = range(high - MEMORY_STEP_KIB, LOAD_ADDRESS_KIB, -MEMORY_STEP_KIB)
    return high, [kib for kib in below if reaches_exit(machine, kernel, kib)]


def ranges(values):
    """[1, 2, 3, 7] in steps of MEMORY_STEP_KIB -> "1K-3K, 7K"."""
    groups = []
    for value in sorted(values):
        if groups and value - groups[-1][1] == MEMORY_STEP_KIB:
            groups[-1][1] = value
        else:
            groups.append([value, value])
    return ", ".join(f"{a}K" if a == b else f"{a}K-{b}K" for a, b in groups)


def main():
    kernel, trivial = sys.argv[1:3]
    print(f"QEMU software emulation, {RUNS} interleaved runs per kernel,"
          " time from process start to the first byte of the first line")
    for machine in MACHINES:
        ours, theirs = time_boots(machine, kernel, trivial)
        print(f"{machine:8} unicore {ours:7.1f} ms   trivial {theirs:7.1f} ms"
              f"   difference {ours - theirs:+6.1f} ms (target <= +5 ms)")

    size = os.path.getsize(kernel)
    print(f"image size {size} bytes = {size / 1024:.1f} KiB"
          " (target <= 64 KiB)")

    for machine in MACHINES:
        kib, islands = smallest_memory(machine, kernel)
        print(f"{machine:8} smallest -m reaching UNICORE:EXIT: {kib}K"
              f" ({MEMORY_STEP_KIB} KiB steps, every size up to"
              f" +{MEMORY_VERIFY_KIB}K works; target <= 1280K)")
        if islands:
            print(f"{'':8} also works, not every size below: {ranges(islands)}")

if __name__ == "__main__":
    main()
