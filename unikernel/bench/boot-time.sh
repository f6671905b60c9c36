#!/usr/bin/env bash
# Boot-time, size and memory benchmark of a qemu/x86_64 unikernel image.
#
# Builds the trivial PVH kernel of trivial-pvh/ (it prints one line and
# exits), then, on QEMU -M pc and -M microvm under software emulation:
#   - times, 10 runs each, interleaved, from QEMU process start to the first
#     byte of KERNEL's "UNICORE:START" line and of the trivial kernel's line,
#     and prints the medians and their difference (target: at most 5 ms);
#   - prints KERNEL's file size (target: at most 64 KiB);
#   - finds by bisection (4 KiB steps) the smallest -m with which KERNEL
#     reaches its "UNICORE:EXIT" line.
#
# Usage: bench/boot-time.sh KERNEL.elf        (needs gcc, python3, qemu-system-x86_64)
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
	echo "usage: $0 KERNEL.elf" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
kernel=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -nostdlib -static -no-pie -Wl,-e,start -Wl,-Ttext-segment=0x100000 \
	-Wl,--build-id=none -o "$work/trivial.elf" "$here/trivial-pvh/trivial.S"
python3 "$here/boot_time.py" "$kernel" "$work/trivial.elf"
