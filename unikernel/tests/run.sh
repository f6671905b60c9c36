#!/usr/bin/env bash
# Self-tests of the unikernel core: formatting, the make interface
# (incremental no-op, rebuild on config change), and the console and exit
# contract of README.md on linuxu and on QEMU (-M pc, q35, microvm), including
# the boot failure paths. Writes the configuration files the build tool would
# write, by hand. Ends with the line "N passed, N failed"; exit status 0 only
# when nothing failed.
#
# Usage: unikernel/tests/run.sh [WORK_DIR]     (default: a fresh temporary dir)
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
# check NAME COMMAND...: one test case, passed when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# configure OUT PLAT [EXTRA_LIB_DIR] [NAME=VALUE...]: write config.mk and
# uc_config.h for the hello application, as the build tool does; each
# NAME=VALUE sets #define UC_CONFIG_NAME VALUE over the defaults.
configure() {
	local out=$1 plat=$2 extra_dir=${3:-} upper assignment name
	shift 3 || shift $#
	upper=$(tr a-z- A-Z_ <<<"$plat")
	local dirs="$root/lib/libc-minimal $root/lib/time $root/lib/console $root/lib/process $root/lib/exception $extra_dir"
	dirs="$(echo $dirs) $root/plat/$plat"
	mkdir -p "$out/config/include"
	cat >"$out/config/config.mk" <<-EOF
		UC_APP_NAME := hello
		UC_APP_DIR := $root/apps/hello
		UC_PLAT := $plat
		UC_ARCH := x86_64
		UC_LIBS := $(for dir in $dirs; do printf '%s ' "${dir##*/}"; done)
		UC_LIB_DIRS := $dirs
	EOF
	local -A config=(
		[APP_NAME]='"hello"' [PLAT]="\"$plat\"" ["PLAT_$upper"]=1
		[ARCH]='"x86_64"' [ARCH_X86_64]=1 [CMDLINE]='"world"' [WITH_TESTS]=0
		[LIB_LIBC_MINIMAL]=1 [LIB_TIME]=1 [LIB_CONSOLE]=1 [LIB_PROCESS]=1 [LIB_EXCEPTION]=1 ["LIB_$upper"]=1
		[LINUXU_MEMORY_SIZE]=256
		[CONSOLE_PRINTF_BUFFER_SIZE]=256 [CONSOLE_LOG_LEVEL]='"info"'
		[CONSOLE_LOG_LEVEL_INFO]=1 [PROCESS_CMDLINE_SIZE]=1024
		[PROCESS_MAX_ARGS]=64 [EXCEPTION_MAX_STACK_GUARDS]=32 ['INIT_CALLS(CALL)']=''
	)
	for assignment in "$@"; do
		config[${assignment%%=*}]=${assignment#*=}
	done
	for name in "${!config[@]}"; do
		echo "#define UC_CONFIG_$name ${config[$name]}"
	done >"$out/config/include/uc_config.h"
}

build() { make -s -C "$root" O="$1" CONFIG="$1/config/config.mk" -j2 >"$1/build.log" 2>&1; }

# run_qemu MACHINE ELF [QEMU ARGS...]: boots, killing QEMU after
# $qemu_timeout seconds (default 20); sets $output and $status.
run_qemu() {
	local machine=$1 elf=$2
	shift 2
	output=$(timeout "${qemu_timeout:-20}" qemu-system-x86_64 -M "$machine" -nodefaults -no-reboot \
		-display none -serial stdio -m 8M -kernel "$elf" "$@" </dev/null 2>&1)
	status=$?
}

# run_linuxu ELF [ARGS...]: runs; sets $output and $status.
run_linuxu() {
	output=$("$@" 2>&1)
	status=$?
}

show() { sed 's/^/     | /' <<<"$output"; }

# expect STATUS LINE...: the last run exited with STATUS and printed every
# LINE as a whole line.
expect() {
	local want=$1 line ok=true
	shift
	if [ "$status" -ne "$want" ]; then
		echo "     exit status $status, expected $want"
		ok=false
	fi
	for line; do
		if ! grep -qxF -- "$line" <<<"$output"; then
			echo "     missing line: $line"
			ok=false
		fi
	done
	$ok || show
	$ok
}

# expect_absent TEXT: the last run printed nothing containing TEXT.
expect_absent() { ! grep -qF -- "$1" <<<"$output" || { show; false; }; }

debug_exit=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
start_qemu='UNICORE:START app=hello plat=qemu arch=x86_64'
start_linuxu='UNICORE:START app=hello plat=linuxu arch=x86_64'

# Helpers whose success is the test.
formatted() {
	(cd "$root" && find . -name '*.[ch]' -print0 |
		xargs -0 clang-format --style=file --dry-run --Werror)
}
up_to_date() { make -q --no-print-directory -C "$root" O="$1" CONFIG="$1/config/config.mk"; }
rebuilds_nothing() {
	! make --no-print-directory -C "$root" O="$1" CONFIG="$1/config/config.mk" | grep -E '^  (CC|AS|LD) '
}
fails_with() { # fails_with TEXT MAKE_ARGS...
	local text=$1
	shift
	! make -C "$root" "$@" >"$work/error.log" 2>&1 && grep -qF -- "$text" "$work/error.log"
}
# with_probe OUT PLAT RESULT: configure with the init-probe fixture library.
with_probe() {
	configure "$1" "$2" "$root/tests/fixtures/init-probe" \
		LIB_INIT_PROBE=1 "INIT_PROBE_RESULT=$3" \
		'INIT_CALLS(CALL)=CALL("init-probe", init_probe_init)'
}

# --- Formatting --------------------------------------------------------------
check "clang-format: every .c and .h is formatted" formatted

# --- The make interface ------------------------------------------------------
qemu_out=$work/qemu
linuxu_out=$work/linuxu
configure "$qemu_out" qemu
configure "$linuxu_out" linuxu
check "make: builds qemu/x86_64" build "$qemu_out"
check "make: builds linuxu/x86_64" build "$linuxu_out"
check "make -q: up to date right after a build" up_to_date "$qemu_out"
check "make: a second build rebuilds nothing" rebuilds_nothing "$linuxu_out"
touch "$qemu_out/config/include/uc_config.h"
check "make -q: a changed uc_config.h needs a rebuild" \
	bash -c '! make -q --no-print-directory -C "$1" O="$2" CONFIG="$2/config/config.mk"' _ "$root" "$qemu_out"
check "make: rebuilds after a config change" build "$qemu_out"
check "make: a missing O is a clear error" fails_with "O is not set" CONFIG=/x
check "make: a missing CONFIG file is a clear error" \
	fails_with "does not exist" O="$work/none" CONFIG="$work/none/config.mk"
size=$(stat -c %s "$qemu_out/hello.elf")
check "qemu image is at most 64 KiB ($size bytes)" test "$size" -le 65536

# --- QEMU --------------------------------------------------------------------
for machine in pc q35 microvm,x-option-roms=off,rtc=off; do
	run_qemu "$machine" "$qemu_out/hello.elf" "${debug_exit[@]}" -append '--exit=3 a b'
	check "qemu $machine: markers, argv, exit code (3 << 1) | 1" expect 7 \
		"$start_qemu" 'argv[0] = "hello"' 'argv[1] = "--exit=3"' \
		'argv[3] = "b"' 'UNICORE:EXIT status=3'
done

run_qemu pc "$qemu_out/hello.elf" "${debug_exit[@]}"
check "qemu pc: default command line; status 0 is exit code 1" expect 1 \
	'argv[1] = "world"' 'UNICORE:EXIT status=0'

run_qemu pc "$qemu_out/hello.elf" "${debug_exit[@]}" -append '"two words" x""y ""'
check "qemu pc: double quotes group words" expect 1 \
	'argv[1] = "two words"' 'argv[2] = "xy"' 'argv[3] = ""'

qemu_timeout=3 run_qemu microvm,x-option-roms=off,rtc=off "$qemu_out/hello.elf"
check "qemu microvm without isa-debug-exit: exit marker, then halted (timeout)" \
	expect 124 'UNICORE:EXIT status=0'

# --- linuxu ------------------------------------------------------------------
elf=$linuxu_out/hello.elf
run_linuxu "$elf"
check "linuxu: markers, default command line, status 0" expect 0 \
	"$start_linuxu" "argv[0] = \"$elf\"" 'argv[1] = "world"' 'UNICORE:EXIT status=0'
check "linuxu: the start marker is the first line, the exit marker the last" \
	test "$(head -n 1 <<<"$output")/$(tail -n 1 <<<"$output")" = \
	"$start_linuxu/UNICORE:EXIT status=0"
run_linuxu "$elf" --exit=42 "x y"
check "linuxu: the process's own argv; exit status 42" expect 42 \
	'argv[2] = "x y"' 'UNICORE:EXIT status=42'
run_linuxu "$elf" --exit=300
check "linuxu: the marker keeps the full status, the exit code its low 8 bits" \
	expect 44 'UNICORE:EXIT status=300'

# --- Boot sequence: init table and command line limits -------------------------
with_probe "$work/probe-ok" linuxu 0
with_probe "$work/probe-fail" linuxu -22
with_probe "$work/probe-fail-qemu" qemu -22
configure "$work/max-args" linuxu "" PROCESS_MAX_ARGS=2 'CMDLINE="one two"'
for out in probe-ok probe-fail probe-fail-qemu max-args; do
	check "make: builds $out" build "$work/$out"
done

run_linuxu "$work/probe-ok/hello.elf"
check "init table: runs before main; the start marker starts a line" expect 0 \
	'init-probe: init' "$start_linuxu"

run_linuxu "$work/probe-fail/hello.elf"
check "init table: a failing init names the library, stops with status 120" \
	expect 120 'init-probe: init' \
	'process: library init-probe failed to initialize: init_probe_init() returned -22' \
	'UNICORE:EXIT status=120'
check "init table: no start marker when the boot failed" expect_absent UNICORE:START

run_qemu pc "$work/probe-fail-qemu/hello.elf" "${debug_exit[@]}"
check "qemu pc: a failing init stops with status 120 (exit code 241)" \
	expect 241 'UNICORE:EXIT status=120'

run_linuxu "$work/max-args/hello.elf"
check "command line: more than max-args arguments stop with status 121" \
	expect 121 'UNICORE:EXIT status=121'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
