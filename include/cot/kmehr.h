/* KMEHR sample messages (vendor track): the eHealth XSD, compiled once, and the BelRAI rules. */
#ifndef COT_KMEHR_H
#define COT_KMEHR_H

#include <stddef.h>
#include "cot/diag.h"
#include "cot/exit.h"

#define KMEHR_NS "http://www.ehealth.fgov.be/standards/kmehr/schema/v1"
#define KMEHR_MAX ((size_t)16 << 20) /* a sample message is read up to 16 MiB */

/* The KMEHR schema, compiled: opaque, read-only once loaded (shared by threads). */
struct kmehr_schema;

/*
 * Compiles the KMEHR XSD found in dir (eHealth's folder as distributed: the
 * kmehr-1_32.xsd it holds, at its top or under ehealth-kmehr/XSD/) without
 * network or entity expansion. COT_USAGE naming dir and where to get the
 * schemas when none is found; COT_USAGE with the schema's own error when it
 * does not compile.
 */
int kmehr_schema_load(const char *dir, struct kmehr_schema **out, struct cot_err *err);

/* The standard version the schema states ("1.32"), borrowed from s. */
const char *kmehr_schema_version(const struct kmehr_schema *s);

void kmehr_schema_free(struct kmehr_schema *s);

/*
 * Checks one message, the bytes of file name (as named in findings): well
 * formed, KMEHR namespace and root, valid against s (skipped when s is NULL),
 * and the BelRAI rules (a belrai-report transaction, the schema's standard
 * version, a sender naming the software, no INSS/SSIN with valid check
 * digits). Each problem a finding in d, located file:line:col, rules
 * "kmehr-*". COT_OK whether or not findings were added; COT_ENV only on out
 * of memory.
 */
int kmehr_check_mem(const struct kmehr_schema *s, const char *name, const unsigned char *data,
	size_t len, struct diag_list *d, struct cot_err *err);

/* The same for a file read bounded (KMEHR_MAX): unreadable or too large is a finding. */
int kmehr_check_file(
	const struct kmehr_schema *s, const char *path, struct diag_list *d, struct cot_err *err);

#endif
