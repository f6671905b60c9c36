#!/usr/bin/env bash
# Idle cost of the tickless schedulers: threads-check's main thread sleeps
# SECONDS (default 5) with nothing else to run, on linuxu (the process must
# block in the host kernel: target < 2% of one CPU) and under QEMU (the
# virtual CPU halts: QEMU's own CPU time should barely grow), with
# sched-coop and sched-preempt. Each is measured as the host CPU time of
# the child (getrusage) minus that of a run that sleeps 0 s (the boot and
# exit). Not a test.
#
# Usage: unikernel/bench/threads-idle.sh [WORK_DIR] [SECONDS]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$root/.." && pwd)
work=${1:-$(mktemp -d)}
seconds=${2:-5}
recipe_coop=$root/apps/threads-check/recipe.toml
recipe_preempt=$root/apps/threads-check/preempt.toml

for scheduler in coop preempt; do
	recipe=recipe_$scheduler
	linuxu=$("$repo/unicore" build "${!recipe}" --target linuxu/x86_64 -o "$work/$scheduler" | tail -1)
	qemu=$("$repo/unicore" build "${!recipe}" --target qemu/x86_64 -o "$work/$scheduler" | tail -1)
	python3 "$root/bench/threads_idle.py" "linuxu-$scheduler" "$seconds" "$linuxu"
	python3 "$root/bench/threads_idle.py" "qemu-$scheduler" "$seconds" \
		qemu-system-x86_64 -M pc -accel tcg -cpu qemu64,+rdrand -nodefaults \
		-no-reboot -display none -serial stdio -m 64M \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$qemu" -append
done
