/*
 * cot submit's rules: what must be done before submitting, whether the last
 * bundle is still the project's, the message that carries it, and what the
 * journal keeps of each submission.
 */
#ifndef COT_SUBMIT_H
#define COT_SUBMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "cot/journal.h"
#include "cot/mail.h"
#include "cot/project.h"
#include "cot/smtp.h"

#define SUBMIT_STEP "submitted"	    /* the step recorded by the first send */
#define SUBMIT_RESENT "resubmitted" /* the event of a later send (--force) */
#define SUBMIT_WRITTEN "submit-eml" /* the event of a message written for a mail client */
#define SUBMIT_MAX_MISSING 8

/* ---- where it goes ---------------------------------------------------------------- */

/* True when to is the authority's address (PROJECT_SUBMIT_TO, case-insensitive). */
bool submit_to_authority(const char *to);

/*
 * Whether credentials meant for the host meant (an smtp:// or smtps:// URL, or
 * a bare host name) may be sent to server (a URL): their hosts are the same,
 * case-insensitive. COT_USAGE with the reason otherwise, or when meant is
 * NULL (nobody said which host they are for); COT_ENV when libcurl, which
 * parses the URLs, cannot be loaded (curl-load.h).
 */
int submit_credentials_for(const char *server, const char *meant, struct cot_err *err);

/* ---- is the project complete? --------------------------------------------------- */

struct submit_missing {
	char item[SUBMIT_MAX_MISSING][512]; /* what is missing, one sentence each */
	int n;
};

/*
 * What project p lacks before submitting, on date now: every step of its
 * route before SUBMIT_STEP recorded; on route direct, a checklist ready for
 * submission (as cot check judges it); the documents the route needs; for a
 * vendor, samples and screenshots in which cot check finds no error
 * (vendor_check_project, vendor.h: an item naming their count; warnings do not
 * count). COT_OK when nothing is missing; COT_FINDINGS with m filled; COT_ENV out
 * of memory or, for a vendor, when libxml2 cannot be loaded.
 */
int submit_check_ready(const struct project *p, const struct journal *j, time_t now,
	struct submit_missing *m, struct cot_err *err);

/* ---- is the bundle current? ----------------------------------------------------- */

struct submit_bundle {
	bool found;	   /* the journal records a bundle */
	unsigned long seq; /* its bundle-built record */
	char *path;	   /* absolute */
	char *rel;	   /* as recorded */
	char sha256[65];
	uint64_t size;
	bool current;	/* it can be sent as it is */
	char why[1024]; /* otherwise, why it must be built again */
	char **entries; /* its data objects (the manifest's), for the message */
	size_t nentries;
};

void submit_bundle_init(struct submit_bundle *b);
void submit_bundle_release(struct submit_bundle *b);

/*
 * Judges the latest signed bundle the journal records (bundle.h's BUNDLE_EVENT;
 * an unsigned review copy built after it is passed over). It is not current
 * (b->why says why) when there is none or only an unsigned copy, it was built
 * for another route, the file is gone or its SHA-256 is not the one recorded,
 * the SHA-256 of one of its inputs (the route's documents, the checklist
 * answers and requirement set on route direct) differs from the digest the
 * bundle's manifest recorded when it was made (file times do not count: a
 * touch, cp -r or git checkout leaves a bundle current), or cot.yaml now
 * names the organisation otherwise than its submission.xml.
 * COT_OK whatever it finds; COT_ENV out of memory.
 */
int submit_bundle_check(const struct project *p, const struct journal *j, struct submit_bundle *b,
	struct cot_err *err);

/*
 * The journal's record of the bundle submit_bundle_check judges: the latest signed one
 * (a review copy, --unsigned, a file of its own, built since never hides it), else the
 * latest one; NULL when none. Borrowed from j.
 */
const struct jrec *submit_bundle_record(const struct journal *j);

/* ---- what was submitted before ---------------------------------------------------- */

enum submit_how { SUBMIT_HOW_SENT, SUBMIT_HOW_RESENT, SUBMIT_HOW_WRITTEN };

/* A submission as the journal keeps it; the strings are borrowed from the journal. */
struct submit_record {
	enum submit_how how;
	unsigned long seq;
	const char *time; /* the record's time, UTC */
	const char *date; /* the step's date (SENT), else the day of time */
	const char *to, *message_id, *sha256, *server, *reply, *file;
	const char *ref; /* a step recorded by hand: 'cot done submitted --ref' */
};

/*
 * The latest send (the step SUBMIT_STEP, even if revoked since, or a
 * SUBMIT_RESENT event), of the bundle sha256 when not NULL. False when none.
 */
bool submit_last_sent(const struct journal *j, const char *sha256, struct submit_record *r);

/* The latest submission of any kind, a message written for a mail client included. */
bool submit_last(const struct journal *j, struct submit_record *r);

/* For cot status: the latest submission as JSON ({"how": "sent", "date", "to", ...}) or null. */
json_t *submit_status_json(const struct journal *j);

/* For cot status: the latest submission in a sentence in language l ("sent on ... to ..."). */
void submit_status_text(const struct journal *j, enum lang l, char *out, size_t len);

/* ---- the message ---------------------------------------------------------------------- */

struct submit_msg {
	const char *from; /* borrowed from the configuration */
	const char *from_name;
	const char *reply_to;
	const char *to; /* borrowed from the caller */
	char *subject, *body, *message_id;
	char attach_name[64];
	struct mail_msg msg;
};

void submit_msg_init(struct submit_msg *sm);
void submit_msg_release(struct submit_msg *sm);

/*
 * The sender of cfg: submission.from, else the security officer's e-mail.
 * COT_USAGE, saying which keys to set, when there is neither.
 */
int submit_sender(const struct cot_config *cfg, const char **from, struct cot_err *err);

/* The mail template (templates/mail/submit.LANG.txt, compiled in) of language l. */
const char *submit_template(enum lang l);

/*
 * A vendor's (kind vendor) template (templates/mail/submit-vendor.LANG.txt): the
 * request for its software's recognition, naming {product} and {version} too.
 */
const char *submit_vendor_template(enum lang l);

/*
 * Builds the message that carries bundle b (current) to to, in language l,
 * dated now: From submission.from (else the security officer's e-mail) with
 * the officer's or the organisation's name, Reply-To the officer's e-mail
 * (else From), a new Message-ID at the sender's domain, the subject and body
 * of submit_template(l) (a vendor's: submit_vendor_template(l), with the
 * product and version) naming the organisation, its KBO, the route, the
 * bundle's name, size and SHA-256 and its contents, and the bundle attached
 * as ASICE_MIMETYPE. COT_USAGE for a missing sender or a bad address.
 */
int submit_compose(const struct project *p, enum lang l, const struct submit_bundle *b,
	const char *to, time_t now, struct submit_msg *sm, struct cot_err *err);

/* ---- the journal ---------------------------------------------------------------------- */

/* True when the step SUBMIT_STEP is recorded (and not revoked) in j. */
bool submit_step_done(const struct project *p, const struct journal *j);

/*
 * Whether a send on date now could be recorded (the caller holds the
 * project lock and loaded j under it): the step SUBMIT_STEP must be
 * recordable (procedure_can_mark) unless it is done already, when a
 * SUBMIT_RESENT event is recorded instead. Same codes as procedure_can_mark.
 */
int submit_can_record(
	const struct project *p, const struct journal *j, time_t now, struct cot_err *err);

/*
 * After the server accepted sm, under the project lock lk (abort() if it is
 * not held): records the step SUBMIT_STEP on the date of now with the
 * bundle's path and SHA-256, the Message-ID, the recipient, the server
 * (server, a URL without credentials), its reply and the attempts made; or,
 * when the step is done already, a SUBMIT_RESENT event with the same data.
 */
struct lock;
int submit_record_sent(const struct project *p, const struct lock *lk, const struct submit_msg *sm,
	const struct submit_bundle *b, const char *server, const struct smtp_result *res,
	time_t now, struct cot_err *err);

/* After sm was written to file for a mail client: a SUBMIT_WRITTEN event, under lk. */
int submit_record_written(const struct project *p, const struct lock *lk,
	const struct submit_msg *sm, const struct submit_bundle *b, const char *file,
	struct cot_err *err);

#endif
