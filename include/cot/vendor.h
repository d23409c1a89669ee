/* A software vendor's project: its KMEHR samples (samples/) and screenshots (screenshots/). */
#ifndef COT_VENDOR_H
#define COT_VENDOR_H

#include <stddef.h>
#include "cot/diag.h"
#include "cot/exit.h"

#define VENDOR_SAMPLES "samples"
#define VENDOR_SCREENSHOTS "screenshots"
#define VENDOR_FILES_MAX 10000			 /* files looked at in each folder */
#define VENDOR_SCREENSHOT_MAX ((size_t)64 << 20) /* a screenshot or design, in bytes */

/*
 * Checks the vendor's folders under root, findings into d, named
 * "samples/FILE" and "screenshots/FILE":
 *  - samples/: at least one *.xml (vendor-samples-none); each checked by
 *    kmehr_check_mem, read bounded (KMEHR_MAX; rules kmehr-*) against the KMEHR schema in
 *    schemas_dir; schemas_dir NULL (cot.yaml has no kmehr: schemas:) or a
 *    folder that does not load is one warning (vendor-samples-schema) naming
 *    the key, and the samples are checked without the schema; other files
 *    are a warning (vendor-samples-other);
 *  - screenshots/: at least one (vendor-screenshots-none); each a PNG, JPEG
 *    or PDF by its content (vendor-screenshot-type), whose name's extension,
 *    when it names one of these, names what it holds
 *    (vendor-screenshot-mismatch); unreadable or over VENDOR_SCREENSHOT_MAX
 *    (vendor-screenshot-unreadable).
 * A missing folder is an error finding (vendor-samples-none,
 * vendor-screenshots-none); entries that are not regular files a warning.
 * Hidden files (".name") are skipped. COT_OK whether or not findings were
 * added; COT_ENV on out of memory or, once there is a sample to check, when
 * libxml2 cannot be loaded (xml_load).
 */
int vendor_check(
	const char *root, const char *schemas_dir, struct diag_list *d, struct cot_err *err);

struct project;

/*
 * vendor_check of project p as cot check runs it: on p's root, with the KMEHR schemas of
 * its cot.yaml (kmehr: schemas:, project_kmehr_schemas; none is the vendor-samples-schema
 * warning). *errors is the number of error findings it added to d: what makes the FOD's
 * cot verify reject the request (bundle.h, submit.h refuse to sign or send it). COT_OK
 * whether or not findings were added; COT_ENV when libxml2 cannot be loaded or out of memory.
 */
int vendor_check_project(
	const struct project *p, struct diag_list *d, unsigned *errors, struct cot_err *err);

#endif
