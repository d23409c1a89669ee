/* Belgian identifiers: KBO/CBE enterprise numbers and NIHII/RIZIV numbers. */
#ifndef COT_IDENT_H
#define COT_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#define KBO_LEN 10
#define NIHII_ORG_LEN 8
#define NIHII_PERSON_LEN 11

/*
 * Parses an enterprise number written as "0123.456.749", "0123 456 749",
 * "0123456749", "BE0123456749" (also "BE 0123.456.749") or the old 9-digit form.
 * On success writes the canonical 10 digits and a NUL to out[KBO_LEN + 1]
 * and returns true; otherwise writes the reason to why and returns false.
 */
bool kbo_parse(const char *in, char out[KBO_LEN + 1], char *why, size_t whylen);

enum nihii_rule {
	NIHII_BAD = 0,
	NIHII_MOD97, /* the classic rule */
	NIHII_MOD89, /* passes only the unconfirmed modulo-89 variant: warn */
};

/*
 * Parses an 8-digit institution or 11-digit person NIHII number (dots, spaces
 * and slashes ignored). Writes the digits to out[NIHII_PERSON_LEN + 1]. Returns
 * which check it passed, or NIHII_BAD with the reason in why.
 */
enum nihii_rule nihii_parse(
	const char *in, char out[NIHII_PERSON_LEN + 1], char *why, size_t whylen);

/* Writes "0123.456.749" for canonical digits; out holds at least 13 bytes. */
void kbo_format(const char *canonical, char *out, size_t outlen);

/* A plausible e-mail address: one @, a dotted domain, no spaces or controls. */
bool email_valid(const char *s);

#endif
