/*
 * Clocks of the qemu platform on x86_64 (uc/plat/time.h): the time-stamp
 * counter (TSC) for elapsed time, and the CMOS real-time clock (RTC) read
 * once for the date.
 *
 * Nothing happens at boot. The first read of either clock (calibrate())
 * reads the RTC and finds the TSC's frequency, in this order of
 * preference, all without waiting: CPUID leaf 0x15 (crystal ratio), the
 * hypervisor timing leaf 0x40000010 (TSC kHz, QEMU/VMware), CPUID leaf
 * 0x16 (nominal MHz); else it measures the TSC against the PIT's channel 2
 * for 10 ms, a cost paid once by the first caller only. The wall clock is
 * the RTC's second at calibration plus the TSC time since; it is therefore
 * off by less than a second, the RTC's resolution.
 *
 * Invariants: after calibrate(), tsc_to_ns_mult is non-zero and ns =
 * (tsc * tsc_to_ns_mult) >> 32; the TSC is constant-rate (QEMU's TCG
 * derives it from the host clock, KVM guarantees it on current hosts).
 * Single-threaded: the core has one CPU and one thread for now.
 */
#include <stdbool.h>
#include <stdint.h>
#include <uc/plat/time.h>
#include <uc/x86_64/cpuid.h>
#include <uc/x86_64/io.h>
#include "qemu.h"

#define NS_PER_SECOND 1000000000ull

#define CPUID_TSC_CRYSTAL_LEAF 0x15
#define CPUID_FREQUENCY_LEAF 0x16
#define CPUID_HYPERVISOR_BASE 0x40000000
#define CPUID_HYPERVISOR_TIMING 0x40000010

#define PIT_HZ 1193182
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define PIT_CHANNEL2_MODE0_LOHI 0xb0
#define PIT_GATE_PORT 0x61
#define PIT_GATE_ENABLE 0x01
#define PIT_SPEAKER 0x02
#define PIT_OUT2 0x20
#define PIT_CALIBRATION_TICKS (PIT_HZ / 100) /* 10 ms */

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_NMI_DISABLE 0x80
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_CENTURY 0x32
#define RTC_A_UPDATING 0x80
#define RTC_B_24_HOUR 0x02
#define RTC_B_BINARY 0x04
#define RTC_HOUR_PM 0x80

/* When nothing can measure the TSC: a plausible frequency. */
#define FALLBACK_TSC_HZ 1000000000ull

static bool calibrated;
static uint64_t tsc_to_ns_mult;
static uint64_t tsc_hz;
static uint64_t tsc_at_rtc_read;
static int64_t rtc_seconds;

/* TSC frequency from CPUID without measuring, or 0. */
static uint64_t tsc_hz_from_cpuid(void)
{
	uint32_t max_leaf = x86_cpuid_max_leaf();
	struct x86_cpuid leaf;

	if (max_leaf >= CPUID_TSC_CRYSTAL_LEAF) {
		leaf = x86_cpuid(CPUID_TSC_CRYSTAL_LEAF, 0);
		if (leaf.eax && leaf.ebx && leaf.ecx)
			return (uint64_t)leaf.ecx * leaf.ebx / leaf.eax;
	}
	if (x86_cpuid(CPUID_HYPERVISOR_BASE, 0).eax >=
	    CPUID_HYPERVISOR_TIMING) {
		leaf = x86_cpuid(CPUID_HYPERVISOR_TIMING, 0);
		if (leaf.eax)
			return (uint64_t)leaf.eax * 1000;
	}
	if (max_leaf >= CPUID_FREQUENCY_LEAF) {
		leaf = x86_cpuid(CPUID_FREQUENCY_LEAF, 0);
		if (leaf.eax)
			return (uint64_t)leaf.eax * 1000000;
	}
	return 0;
}

/*
 * Counts TSC ticks while the PIT's channel 2 counts down 10 ms, polling its
 * output bit; 0 when the machine has no PIT (port 0x61 reads all ones).
 */
static uint64_t tsc_hz_from_pit(void)
{
	uint8_t gate = x86_inb(PIT_GATE_PORT);
	uint64_t start, ticks;

	if (gate == 0xff)
		return 0;
	/* Gate low (stop), speaker off; program a one-shot count. */
	gate &= ~(PIT_GATE_ENABLE | PIT_SPEAKER);
	x86_outb(PIT_GATE_PORT, gate);
	x86_outb(PIT_COMMAND, PIT_CHANNEL2_MODE0_LOHI);
	x86_outb(PIT_CHANNEL2, PIT_CALIBRATION_TICKS & 0xff);
	x86_outb(PIT_CHANNEL2, PIT_CALIBRATION_TICKS >> 8);
	start = x86_rdtsc();
	x86_outb(PIT_GATE_PORT, gate | PIT_GATE_ENABLE);
	while (!(x86_inb(PIT_GATE_PORT) & PIT_OUT2)) {
		if (x86_rdtsc() - start > 100 * FALLBACK_TSC_HZ)
			return 0; /* the output never rose: no usable PIT */
	}
	ticks = x86_rdtsc() - start;
	x86_outb(PIT_GATE_PORT, gate);
	return ticks * PIT_HZ / PIT_CALIBRATION_TICKS;
}

static uint8_t rtc_read(uint8_t reg)
{
	x86_outb(RTC_INDEX, RTC_NMI_DISABLE | reg);
	return x86_inb(RTC_DATA);
}

static int from_bcd(uint8_t value, bool binary)
{
	return binary ? value : (value >> 4) * 10 + (value & 0x0f);
}

static bool is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Seconds since the Epoch of a date and time of the years 1970-9999. */
static int64_t epoch_seconds(int year, int month, int day, int hour, int minute,
			     int second)
{
	static const int days_before_month[] = { 0,   31,  59,	90,  120, 151,
						 181, 212, 243, 273, 304, 334 };
	int64_t days = (int64_t)(year - 1970) * 365;
	int64_t previous = year - 1;

	/* Leap days of the years before @year, minus those before 1970. */
	days += previous / 4 - previous / 100 + previous / 400 - 477;
	days += days_before_month[(month - 1) % 12];
	if (month > 2 && is_leap(year))
		days++;
	days += day - 1;
	return ((days * 24 + hour) * 60 + minute) * 60 + second;
}

/*
 * Reads the RTC as seconds since the Epoch, or returns 0 when the machine
 * has none (every register reads all ones). Reads twice until both reads
 * agree, so that an update between two registers cannot tear the value.
 */
static int64_t rtc_read_epoch(void)
{
	uint8_t first[7], second[7];
	uint8_t status_b = rtc_read(RTC_STATUS_B);
	static const uint8_t registers[7] = { RTC_SECONDS, RTC_MINUTES,
					      RTC_HOURS,   RTC_DAY,
					      RTC_MONTH,   RTC_YEAR,
					      RTC_CENTURY };
	bool binary = status_b & RTC_B_BINARY;
	int hour, year, attempt, i;

	if (status_b == 0xff && rtc_read(RTC_STATUS_A) == 0xff)
		return 0;
	for (attempt = 0; attempt < 100; attempt++) {
		while (rtc_read(RTC_STATUS_A) & RTC_A_UPDATING)
			;
		for (i = 0; i < 7; i++)
			first[i] = rtc_read(registers[i]);
		while (rtc_read(RTC_STATUS_A) & RTC_A_UPDATING)
			;
		for (i = 0; i < 7; i++)
			second[i] = rtc_read(registers[i]);
		for (i = 0; i < 7 && first[i] == second[i]; i++)
			;
		if (i == 7)
			break;
	}

	hour = from_bcd(second[2] & ~RTC_HOUR_PM, binary);
	if (!(status_b & RTC_B_24_HOUR) && (second[2] & RTC_HOUR_PM))
		hour = (hour % 12) + 12;
	else if (!(status_b & RTC_B_24_HOUR) && hour == 12)
		hour = 0;
	year = from_bcd(second[6], binary) * 100 + from_bcd(second[5], binary);
	if (year < 1970)
		year += 100; /* no century register: assume 20xx */
	return epoch_seconds(year, from_bcd(second[4], binary),
			     from_bcd(second[3], binary), hour,
			     from_bcd(second[1], binary),
			     from_bcd(second[0], binary));
}

static void calibrate(void)
{
	uint64_t hz = tsc_hz_from_cpuid();

	if (!hz)
		hz = tsc_hz_from_pit();
	if (!hz)
		hz = FALLBACK_TSC_HZ;
	/* 1e9 << 32 fits in 64 bits; hz above 1 Hz keeps the quotient in range. */
	tsc_to_ns_mult = (NS_PER_SECOND << 32) / hz;
	tsc_hz = hz;
	rtc_seconds = rtc_read_epoch();
	tsc_at_rtc_read = x86_rdtsc();
	calibrated = true;
}

static uint64_t tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * tsc_to_ns_mult) >> 32);
}

uint64_t ucplat_time_monotonic_ns(void)
{
	if (!calibrated)
		calibrate();
	return tsc_to_ns(x86_rdtsc());
}

int64_t ucplat_time_wall_us(void)
{
	if (!calibrated)
		calibrate();
	return rtc_seconds * 1000000 +
	       (int64_t)(tsc_to_ns(x86_rdtsc() - tsc_at_rtc_read) / 1000);
}

uint64_t qemu_clock_tsc_of_ns(uint64_t ns)
{
	if (!calibrated)
		calibrate();
	return ns / NS_PER_SECOND * tsc_hz +
	       ns % NS_PER_SECOND * tsc_hz / NS_PER_SECOND;
}
