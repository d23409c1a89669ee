/* Time and dates, always UTC; $COT_NOW pins "now" for tests and demos. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/clock.h"

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool civil_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

static bool parse_ymd(const char *s, struct tm *tm)
{
	if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
		!all_digits(s + 8, 2))
		return false;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = num(s, 4) - 1900;
	tm->tm_mon = num(s + 5, 2) - 1;
	tm->tm_mday = num(s + 8, 2);
	return civil_valid(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
}

bool date_parse(const char *s, time_t *out)
{
	struct tm tm;

	if (strlen(s) != 10 || !parse_ymd(s, &tm))
		return false;
	*out = timegm(&tm);
	return true;
}

bool time_parse(const char *s, time_t *out)
{
	struct tm tm;

	if (strlen(s) != 20 || !parse_ymd(s, &tm) || s[10] != 'T' || s[19] != 'Z' ||
		!all_digits(s + 11, 2) || s[13] != ':' || !all_digits(s + 14, 2) || s[16] != ':' ||
		!all_digits(s + 17, 2))
		return false;
	tm.tm_hour = num(s + 11, 2);
	tm.tm_min = num(s + 14, 2);
	tm.tm_sec = num(s + 17, 2);
	if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	*out = timegm(&tm);
	return true;
}

static bool env_time(time_t *t)
{
	const char *env = getenv("COT_NOW");

	if (!env || !*env)
		return false;
	if (all_digits(env, strlen(env)) && strlen(env) < 12) {
		*t = (time_t)strtoll(env, NULL, 10);
		return true;
	}
	return date_parse(env, t) || time_parse(env, t);
}

bool clock_env_ok(void)
{
	const char *env = getenv("COT_NOW");
	time_t t;

	return !env || !*env || env_time(&t);
}

time_t clock_now(void)
{
	time_t t;

	return env_time(&t) ? t : time(NULL);
}

void date_format(time_t t, char out[11])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void time_format(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long days_between(time_t a, time_t b)
{
	long long d = (long long)b - (long long)a;

	return (long)(d >= 0 ? d / 86400 : -((-d + 86399) / 86400));
}
