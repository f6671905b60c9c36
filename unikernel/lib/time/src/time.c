/*
 * The time library: clocks (straight from the platform contract
 * uc/plat/time.h), the UTC calendar and the text forms of uc/time.h.
 *
 * Calendar: days are counted in 400-year cycles (146 097 days, the
 * Gregorian calendar's period) from 2000-03-01. Starting years in March
 * puts the leap day at the end of each year, so every month has a fixed
 * offset within the year and only the last year of a 4-year block, the
 * last block of a century and the last century of a cycle are one day
 * longer.
 */
#include <stdbool.h>
#include <string.h>
#include <uc/errno.h>
#include <uc/plat/time.h>
#include <uc/time.h>

#define SECONDS_PER_DAY 86400
#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524 /* the last century of a cycle has +1 */
#define DAYS_PER_4_YEARS 1461
/* Days from 1970-01-01 to 2000-03-01. */
#define DAYS_TO_2000_03_01 11017
/* 1970-01-01 was a Thursday. */
#define EPOCH_WEEKDAY 4

static const char *const weekday_names[] = { "Sunday",	  "Monday",   "Tuesday",
					     "Wednesday", "Thursday", "Friday",
					     "Saturday" };
static const char *const month_names[] = { "January", "February", "March",
					   "April",   "May",	  "June",
					   "July",    "August",	  "September",
					   "October", "November", "December" };

int64_t uc_time_now_us(void)
{
	return ucplat_time_wall_us();
}

uc_time_t uc_time_now(void)
{
	int64_t microseconds = ucplat_time_wall_us();

	/* Round towards minus infinity, also before the Epoch. */
	return microseconds >= 0 ? microseconds / 1000000 :
				   -((-microseconds + 999999) / 1000000);
}

uint64_t uc_time_monotonic_ns(void)
{
	return ucplat_time_monotonic_ns();
}

int64_t uc_difftime(uc_time_t t1, uc_time_t t0)
{
	return t1 - t0;
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int uc_time_to_tm(uc_time_t time, struct uc_tm *tm)
{
	/* Day of the March-based year at which each month starts. */
	static const int march_month_starts[] = {
		0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337
	};
	int64_t days, seconds, cycles;
	int year, part, month;

	if (time < UC_TIME_MIN || time > UC_TIME_MAX)
		return -UC_ERANGE;
	days = time / SECONDS_PER_DAY;
	seconds = time % SECONDS_PER_DAY;
	if (seconds < 0) {
		seconds += SECONDS_PER_DAY;
		days--;
	}
	tm->weekday = (int)(((days + EPOCH_WEEKDAY) % 7 + 7) % 7);
	tm->hour = (int)(seconds / 3600);
	tm->minute = (int)(seconds / 60 % 60);
	tm->second = (int)(seconds % 60);

	days -= DAYS_TO_2000_03_01;
	cycles = days / DAYS_PER_400_YEARS;
	days %= DAYS_PER_400_YEARS;
	if (days < 0) {
		days += DAYS_PER_400_YEARS;
		cycles--;
	}
	year = 2000 + (int)cycles * 400;
	part = (int)(days / DAYS_PER_100_YEARS);
	if (part == 4)
		part = 3; /* the cycle's last day, a leap day */
	days -= part * DAYS_PER_100_YEARS;
	year += part * 100;
	part = (int)(days / DAYS_PER_4_YEARS);
	days -= part * DAYS_PER_4_YEARS;
	year += part * 4;
	part = (int)(days / 365);
	if (part == 4)
		part = 3; /* the block's last day, a leap day */
	days -= part * 365;
	year += part;

	/* days is now the day of the year that began on March 1st. */
	for (month = 11; march_month_starts[month] > days; month--)
		;
	tm->day = (int)days - march_month_starts[month] + 1;
	if (month >= 10) {
		/* January and February end the March-based year. */
		year++;
		tm->month = month - 9;
		tm->yearday = (int)days - 306;
	} else {
		tm->month = month + 3;
		tm->yearday = (int)days + 59 + is_leap(year);
	}
	tm->year = year;
	return 0;
}

/* Output of uc_ctime(): counts what the text needs, stores what fits. */
struct output {
	char *buf;
	size_t size;
	size_t length;
};

static void put_bytes(struct output *out, const char *text, size_t length)
{
	for (; length; length--, text++) {
		if (out->length + 1 < out->size)
			out->buf[out->length] = *text;
		out->length++;
	}
}

static void put_string(struct output *out, const char *text)
{
	put_bytes(out, text, strlen(text));
}

/* @value in decimal, at least @width characters, padded on the left with @pad. */
static void put_number(struct output *out, int64_t value, int width, char pad)
{
	char text[24]; /* filled from the end */
	size_t start = sizeof(text);
	bool negative = value < 0;
	uint64_t magnitude = negative ? -(uint64_t)value : (uint64_t)value;

	do {
		text[--start] = '0' + magnitude % 10;
		magnitude /= 10;
	} while (magnitude);
	if (negative)
		text[--start] = '-';
	while (sizeof(text) - start < (size_t)width && start > 0)
		text[--start] = pad;
	put_bytes(out, text + start, sizeof(text) - start);
}

static void put_abbreviation(struct output *out, const char *name)
{
	put_bytes(out, name, 3);
}

/* ISO 8601 week number of @tm (1-53); sets *@iso_year to its year. */
static int iso_week(const struct uc_tm *tm, int *iso_year)
{
	/* Monday-based weekday 0..6 and the Thursday of the same week. */
	int monday_weekday = (tm->weekday + 6) % 7;
	int thursday_yearday = tm->yearday - monday_weekday + 3;
	int year_length = is_leap(tm->year) ? 366 : 365;

	*iso_year = tm->year;
	if (thursday_yearday < 0) {
		(*iso_year)--;
		thursday_yearday += is_leap(*iso_year) ? 366 : 365;
	} else if (thursday_yearday >= year_length) {
		(*iso_year)++;
		thursday_yearday -= year_length;
	}
	return thursday_yearday / 7 + 1;
}

static void put_conversion(struct output *out, char conversion,
			   const struct uc_tm *tm, uc_time_t time)
{
	int iso_year, hour12 = tm->hour % 12 ? tm->hour % 12 : 12;

	switch (conversion) {
	case 'a':
		put_abbreviation(out, weekday_names[tm->weekday]);
		break;
	case 'A':
		put_string(out, weekday_names[tm->weekday]);
		break;
	case 'b':
	case 'h':
		put_abbreviation(out, month_names[tm->month - 1]);
		break;
	case 'B':
		put_string(out, month_names[tm->month - 1]);
		break;
	case 'c':
		put_conversion(out, 'a', tm, time);
		put_string(out, " ");
		put_conversion(out, 'b', tm, time);
		put_string(out, " ");
		put_conversion(out, 'e', tm, time);
		put_string(out, " ");
		put_conversion(out, 'T', tm, time);
		put_string(out, " ");
		put_conversion(out, 'Y', tm, time);
		break;
	case 'C':
		put_number(out, tm->year / 100, 2, '0');
		break;
	case 'd':
		put_number(out, tm->day, 2, '0');
		break;
	case 'D':
	case 'x':
		put_number(out, tm->month, 2, '0');
		put_string(out, "/");
		put_number(out, tm->day, 2, '0');
		put_string(out, "/");
		put_number(out, tm->year % 100, 2, '0');
		break;
	case 'e':
		put_number(out, tm->day, 2, ' ');
		break;
	case 'F':
		put_number(out, tm->year, 1, '0'); /* as glibc: no padding */
		put_string(out, "-");
		put_number(out, tm->month, 2, '0');
		put_string(out, "-");
		put_number(out, tm->day, 2, '0');
		break;
	case 'g':
		iso_week(tm, &iso_year);
		put_number(out, iso_year % 100, 2, '0');
		break;
	case 'G':
		iso_week(tm, &iso_year);
		put_number(out, iso_year, 1, '0');
		break;
	case 'H':
		put_number(out, tm->hour, 2, '0');
		break;
	case 'I':
		put_number(out, hour12, 2, '0');
		break;
	case 'j':
		put_number(out, tm->yearday + 1, 3, '0');
		break;
	case 'k':
		put_number(out, tm->hour, 2, ' ');
		break;
	case 'l':
		put_number(out, hour12, 2, ' ');
		break;
	case 'm':
		put_number(out, tm->month, 2, '0');
		break;
	case 'M':
		put_number(out, tm->minute, 2, '0');
		break;
	case 'n':
		put_string(out, "\n");
		break;
	case 'p':
		put_string(out, tm->hour < 12 ? "AM" : "PM");
		break;
	case 'R':
		put_conversion(out, 'H', tm, time);
		put_string(out, ":");
		put_conversion(out, 'M', tm, time);
		break;
	case 's':
		put_number(out, time, 1, '0');
		break;
	case 'S':
		put_number(out, tm->second, 2, '0');
		break;
	case 't':
		put_string(out, "\t");
		break;
	case 'T':
	case 'X':
		put_conversion(out, 'R', tm, time);
		put_string(out, ":");
		put_conversion(out, 'S', tm, time);
		break;
	case 'u':
		put_number(out, tm->weekday ? tm->weekday : 7, 1, '0');
		break;
	case 'U':
		put_number(out, (tm->yearday + 7 - tm->weekday) / 7, 2, '0');
		break;
	case 'V':
		put_number(out, iso_week(tm, &iso_year), 2, '0');
		break;
	case 'w':
		put_number(out, tm->weekday, 1, '0');
		break;
	case 'W':
		put_number(out, (tm->yearday + 7 - (tm->weekday + 6) % 7) / 7,
			   2, '0');
		break;
	case 'y':
		put_number(out, tm->year % 100, 2, '0');
		break;
	case 'Y':
		put_number(out, tm->year, 1, '0');
		break;
	case 'z':
		put_string(out, "+0000");
		break;
	case 'Z':
		put_string(out, "UTC");
		break;
	case '%':
		put_string(out, "%");
		break;
	default:
		put_bytes(out, "%", 1);
		put_bytes(out, &conversion, 1);
	}
}

size_t uc_ctime(uc_time_t time, const char *format, char *buf, size_t size)
{
	struct output out = { .buf = buf, .size = size, .length = 0 };
	struct uc_tm tm;

	if (size)
		buf[0] = '\0';
	if (uc_time_to_tm(time, &tm))
		return 0;
	for (; *format; format++) {
		if (*format != '%' || !format[1]) {
			put_bytes(&out, format, 1);
			continue;
		}
		put_conversion(&out, *++format, &tm, time);
	}
	if (out.length >= size) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	buf[out.length] = '\0';
	return out.length;
}

size_t uc_ttime(uc_time_t time, char buf[UC_TTIME_SIZE])
{
	return uc_ctime(time, "%a %b %e %H:%M:%S %Y", buf, UC_TTIME_SIZE);
}
