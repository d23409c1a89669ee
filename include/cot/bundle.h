/*
 * cot's submission bundle: which documents a route needs and where cot finds
 * them, submission.xml (written, validated against its XSD, read back), and
 * building the signed ASiC-E container of a project.
 */
#ifndef COT_BUNDLE_H
#define COT_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "cot/asice.h"
#include "cot/blt.h"
#include "cot/diag.h"
#include "cot/exit.h"
#include "cot/journal.h"
#include "cot/project.h"
#include "cot/tsp.h"

#define BUNDLE_SUBMISSION "submission.xml"
#define BUNDLE_NS "urn:x-cot:submission:1"
#define BUNDLE_FORMAT "cot.submission/1"
#define BUNDLE_SUBMISSION_MAX ((size_t)64 << 10)
#define BUNDLE_EVENT "bundle-built"
#define BUNDLE_ANSWERS "checklist/answers.yaml"
#define BUNDLE_REQUIREMENTS "checklist/requirements.yaml"
#define BUNDLE_REPORT "checklist/report.html"
#define BUNDLE_REPORT_MAX ((size_t)64 << 20) /* the largest report cot verify reads */
#define BUNDLE_SAMPLES "samples/"	  /* a vendor's KMEHR messages, in the project and bundle */
#define BUNDLE_SCREENSHOTS "screenshots/" /* a vendor's screenshots or designs */
#define BUNDLE_MAX_FILES 256		  /* samples, and screenshots, in one request */
#define BUNDLE_PRODUCT_MAX 128		  /* characters of a product name or version */

/* ---- Documents ------------------------------------------------------------ */

enum bundle_role {
	ROLE_BELRAI_CONTRACT,
	ROLE_VITALINK_CONTRACT,
	ROLE_PROOF_OF_MANDATE,
	ROLE_COUNT
};

/*
 * A document a route needs. cot takes the file recorded with --file by the
 * step (the latest record of it in the journal) and else the conventional
 * file under the project; in the container it is always called entry.
 */
struct bundle_role_def {
	const char *id;	   /* "belrai-contract", as submission.xml names it */
	const char *what;  /* "the signed BelRAI contract" */
	const char *entry; /* "documents/belrai-contract.pdf" */
	const char *file;  /* the conventional file, relative to the project */
	const char *step;  /* the step recorded with its --file */
	unsigned routes;   /* bit (1 << enum route) of the routes that need it */
};

const struct bundle_role_def *bundle_role(enum bundle_role r);

/* The role called id, or ROLE_COUNT. */
enum bundle_role bundle_role_find(const char *id);

/* True when route needs document r. */
bool bundle_role_needed(enum bundle_role r, enum route route);

/* Where a document of a project comes from. */
struct bundle_doc {
	bool present;
	char *path;	   /* absolute */
	char *rel;	   /* relative to the project, for messages */
	bool from_journal; /* the step's --file, not the conventional file */
	bool changed;	   /* its SHA-256 differs from the one the journal recorded */
};

struct bundle_docs {
	struct bundle_doc doc[ROLE_COUNT];
	char missing[1024]; /* what to provide, one "; "-separated item per document */
};

/*
 * Finds the documents route needs, from the journal j and the project's
 * files. A document recorded with --file that no longer exists, or lies
 * outside the project, falls back to the conventional name. missing says,
 * for each needed document found nowhere, which file to provide.
 * COT_OK (even with documents missing); COT_ENV out of memory.
 */
int bundle_find_docs(const struct project *p, const struct journal *j, struct bundle_docs *docs,
	struct cot_err *err);
void bundle_docs_release(struct bundle_docs *docs);

/*
 * The container check of asice_write for cot: refuses (COT_USAGE, naming the
 * file and why) private key material by name or content, and a document
 * that must be a PDF but is not one or is encrypted (this one only once
 * the whole file is read, it->done). arg is unused.
 */
int bundle_check_item(const struct asice_item *it, void *arg, struct cot_err *err);

/* ---- submission.xml ---------------------------------------------------------- */

struct submission_doc {
	enum bundle_role role;
	char entry[128];
};

struct submission {
	char *name;
	char kbo[KBO_LEN + 1];
	char nihii[NIHII_PERSON_LEN + 1]; /* "" when none */
	enum org_kind kind;
	enum route route;
	bool has_checklist;
	char *set_id, *set_version;
	bool ready;
	unsigned applicable, compliant, not_applicable, waived, not_compliant, open;
	unsigned errors, warnings;
	struct submission_doc docs[ROLE_COUNT];
	size_t ndocs;
	/* a vendor's request (kind vendor): the product, its version, the entries */
	char *product, *product_version; /* NULL for an organisation */
	char **samples;			 /* "samples/NAME" entries */
	size_t nsamples;
	char **screenshots; /* "screenshots/NAME" entries */
	size_t nscreenshots;
	bool is_signed;
	char *tool_version;
	char created[21]; /* YYYY-MM-DDTHH:MM:SSZ */
};

void submission_init(struct submission *s);
void submission_release(struct submission *s);

/*
 * Adds entry (copied) to s's samples (screenshot false) or screenshots. COT_USAGE past
 * BUNDLE_MAX_FILES; COT_ENV out of memory.
 */
int submission_add_file(
	struct submission *s, bool screenshot, const char *entry, struct cot_err *err);

/*
 * submission.xml for s, a new NUL-terminated string (*len bytes); NULL when out of memory or
 * when libxml2 cannot be loaded (call xml_load first for its message).
 */
char *submission_render(const struct submission *s, size_t *len);

/*
 * Reads submission.xml (at most BUNDLE_SUBMISSION_MAX bytes) into s: refuses
 * a DTD before parsing, parses without network or entities, validates it
 * against the compiled-in schema (templates/submission.xsd), and checks the
 * KBO and NIHII check digits. A vendor's request (kind vendor) must name its
 * product and an organisation's must not. COT_USAGE with the first reason
 * otherwise.
 */
int submission_parse(const void *data, size_t len, struct submission *s, struct cot_err *err);

/*
 * Loads libxml2 (xml_load) and sets up its globals that submission_parse needs (the parser,
 * the schema types), which libxml2 2.9 otherwise sets up lazily and not thread-safely: call
 * it before threads that parse submissions start. COT_OK, or xml_load's COT_ENV.
 */
int submission_xml_init(struct cot_err *err);

/* ---- The checklist's report ---------------------------------------------------- */

struct buf;
struct reqset;
struct answers;
struct check_result;

/* Everything checklist/report.html is made of: nothing but what the bundle holds. */
struct bundle_report_in {
	const struct reqset *rs; /* the requirement set (cot verify: the trusted one) */
	const struct answers *a; /* the answers the bundle carries */
	const char *name, *kbo;	 /* submission.xml's organisation */
	enum route route;
	enum org_kind kind;
	time_t created;		  /* submission.xml's created: the report's date */
	const char *tool_version; /* submission.xml's tool version, in the footer */
	enum lang lang;
};

/*
 * Renders the checklist/report.html a bundle carries, which cot bundle
 * writes and cot verify renders again to compare byte for byte: the answers
 * judged against the set on the date created, without evidence files (they
 * stay with the organisation), the answers named BUNDLE_ANSWERS in findings,
 * numbers written without the locale. The same input gives the same bytes
 * whatever the clock, the locale or where the files lie. Appends to out.
 * COT_ENV when out of memory.
 */
int bundle_report_render(const struct bundle_report_in *in, struct buf *out, struct cot_err *err);

/* ---- Building ------------------------------------------------------------------ */

struct bundle_opts {
	const char *out;		   /* the container to write; NULL: the default path */
	time_t time;			   /* entry times, signing time, created */
	const struct asice_signer *signer; /* NULL: an unsigned container, for review */
	const struct tsp_opts *tsa;	   /* with a signer: its signature gets a timestamp
					      from this TSA (B-T); NULL: none (B-B) */
	asice_progress_fn progress;
	void *progress_arg;
};

struct bundle_result {
	char *path; /* the container written */
	char *rel;  /* path as recorded in the journal */
	char sha256[65];
	uint64_t size;
	uint64_t content;  /* bytes of the documents put in */
	char changed[512]; /* documents changed since their step recorded them,
			      "; "-separated ("" when none) */
	size_t entries;
	struct submission sub; /* what submission.xml says */
	bool timestamped;      /* the signature has a checked timestamp (B-T) */
	struct tsp_result tsa; /* what the check of the timestamp found */
	struct blt_result lt;  /* timestamped: the revocation data embedded (B-LT) */
};

void bundle_result_init(struct bundle_result *r);
void bundle_result_release(struct bundle_result *r);

/*
 * Builds the project's container: finds the route's documents (missing ones
 * are COT_FINDINGS, naming the files to provide), for route direct checks
 * the checklist answers against the requirement set as cot check does
 * (findings go to d; a signed bundle of a checklist that is not ready is
 * COT_FINDINGS) and renders its HTML report; for a vendor's signed
 * request, checks its samples and screenshots as cot check does too
 * (vendor_check_project, vendor.h: findings go to d, any error is
 * COT_FINDINGS naming their count; warnings do not block); writes submission.xml,
 * validates it, refuses documents beyond what cot verify reads
 * (VERIFY_MAX_ENTRY each, VERIFY_MAX_TOTAL in all: COT_USAGE), writes the
 * container in one pass (asice_write with
 * bundle_check_item), and records BUNDLE_EVENT with the path and SHA-256 in
 * the journal under the project lock. With o->tsa, the signature is
 * timestamped (tsp_stamp_cades, checked, then written): a TSA that fails is
 * its error (COT_ENV with the reason). Then the signer's chain is checked
 * for revocation online and what decided it embedded (blt_extend: B-LT in
 * r->lt); a certificate revoked or of unknown status is COT_ENV too. A
 * failure leaves no container and no record.
 */
int bundle_build(const struct project *p, const struct bundle_opts *o, struct bundle_result *r,
	struct diag_list *d, struct cot_err *err);

/* The latest BUNDLE_EVENT record of a journal, or NULL. */
const struct jrec *bundle_last(const struct journal *j);

#endif
