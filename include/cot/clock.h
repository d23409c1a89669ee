/* The time cot runs at: now, or $COT_NOW for tests and demos; dates. */
#ifndef COT_CLOCK_H
#define COT_CLOCK_H

#include <stdbool.h>
#include <time.h>

/* The current time, or $COT_NOW (seconds since the epoch, or YYYY-MM-DD[THH:MM:SSZ]). */
time_t clock_now(void);

/* False when $COT_NOW is set but is none of the forms clock_now reads. */
bool clock_env_ok(void);

/* Parses a strict "YYYY-MM-DD" (a real calendar date) as UTC midnight. */
bool date_parse(const char *s, time_t *out);

/* "YYYY-MM-DD" of t in UTC; out holds 11 bytes. */
void date_format(time_t t, char out[11]);

/* "YYYY-MM-DDTHH:MM:SSZ" of t in UTC; out holds 21 bytes. */
void time_format(time_t t, char out[21]);

/* Parses "YYYY-MM-DDTHH:MM:SSZ". */
bool time_parse(const char *s, time_t *out);

/* Whole days from a to b (b - a), rounding towards negative infinity. */
long days_between(time_t a, time_t b);

#endif
