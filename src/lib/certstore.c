/* The project's public certificates in .cot/certs/, and the current one, read from the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/certstore.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/lock.h"
#include "cot/procedure.h"
#include "cot/mem.h"

static const char *data_str(json_t *rec, const char *key)
{
	json_t *v = json_object_get(json_object_get(rec, "data"), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool is_sha256(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 64;
}

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

static void set_current(const struct jrec *r, struct cert_current *cur)
{
	const char *sha = data_str(r->obj, "sha256");

	if (!is_sha256(sha)) {
		cur->received_only = true;
		return;
	}
	cur->found = true;
	cur->received_only = false;
	cur->renewal_requested = false;
	copy(cur->sha256, sizeof(cur->sha256), sha);
	copy(cur->date, sizeof(cur->date), data_str(r->obj, "date"));
	copy(cur->recorded, sizeof(cur->recorded), r->time);
	cur->seq = r->seq;
}

static void replay(const struct jrec *r, struct cert_current *cur)
{
	const char *step = data_str(r->obj, "step");
	bool is_step = strcmp(r->event, "step") == 0, revoke = strcmp(r->event, "revoke") == 0;

	if (is_step && step && strcmp(step, "cert-requested") == 0) {
		cur->requested = true;
		copy(cur->requested_date, sizeof(cur->requested_date), data_str(r->obj, "date"));
	} else if (revoke && step && strcmp(step, "cert-requested") == 0) {
		cur->requested = false;
		cur->requested_date[0] = '\0';
	} else if ((is_step && step && strcmp(step, "cert-received") == 0) ||
		   strcmp(r->event, CERTSTORE_EVENT_IMPORTED) == 0) {
		set_current(r, cur);
	} else if (revoke && step && strcmp(step, "cert-received") == 0) {
		cur->found = cur->received_only = cur->renewal_requested = false;
		cur->sha256[0] = cur->date[0] = cur->recorded[0] = '\0';
		cur->seq = 0;
	} else if (strcmp(r->event, CERTSTORE_EVENT_RENEWAL) == 0) {
		cur->renewal_requested = true;
		copy(cur->renewal_date, sizeof(cur->renewal_date), data_str(r->obj, "date"));
	}
}

void certstore_current(const struct journal *j, struct cert_current *cur)
{
	memset(cur, 0, sizeof(*cur));
	for (size_t i = 0; i < j->n; i++)
		replay(&j->v[i], cur);
}

char *certstore_relpath(const char *sha256)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s/%s.pem", COT_STATE_DIR, CERTSTORE_DIR, sha256);
	return buf_detach(&b, NULL);
}

char *certstore_path(const struct project *p, const char *sha256)
{
	char *rel = certstore_relpath(sha256);
	char *path = rel ? path_join(p->root, rel) : NULL;

	free(rel);
	return path;
}

static void leaf_sha256(X509 *x, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	hex[0] = '\0';
	if (!X509_digest(x, EVP_sha256(), md, &n) || n != 32)
		return;
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The PEM text of leaf then chain; certificates only, by construction. */
static int pem_text(X509 *leaf, STACK_OF(X509) *chain, struct buf *out, struct cot_err *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n;
	int ok;

	if (!bio)
		return cot_err_nomem(err);
	ok = PEM_write_bio_X509(bio, leaf);
	for (int i = 0; ok && chain && i < sk_X509_num(chain); i++)
		ok = PEM_write_bio_X509(bio, sk_X509_value(chain, i));
	n = BIO_get_mem_data(bio, &p);
	if (ok && n > 0)
		buf_add(out, p, (size_t)n);
	BIO_free(bio);
	ERR_clear_error();
	if (!ok || n <= 0 || out->failed)
		return cot_err_nomem(err);
	return COT_OK;
}

int certstore_write(const struct project *p, X509 *leaf, STACK_OF(X509) *chain, char sha256[65],
	bool *created, struct cot_err *err)
{
	struct buf text = BUF_INIT;
	char *dir = project_state_path(p, CERTSTORE_DIR), *path = NULL;
	int rc;

	leaf_sha256(leaf, sha256);
	if (!dir || !sha256[0]) {
		rc = cot_err_nomem(err);
		goto out;
	}
	if ((rc = fs_mkdir(dir, 0700, err)))
		goto out;
	chmod(dir, 0700);
	/* temp files of a writer that was killed: nobody else writes here under the lock */
	fs_sweep_temps(dir, NULL, 0);
	if ((rc = pem_text(leaf, chain, &text, err)))
		goto out;
	path = certstore_path(p, sha256);
	if (!path) {
		rc = cot_err_nomem(err);
		goto out;
	}
	*created = !fs_exists(path);
	rc = fs_write_atomic(path, text.data, text.len, 0600, err);
out:
	buf_release(&text);
	free(path);
	free(dir);
	return rc;
}

void certstore_remove(const struct project *p, const char *sha256)
{
	char *path = certstore_path(p, sha256);
	struct cot_err err = COT_ERR_INIT;

	if (path && unlink(path) == 0)
		fs_sync_parent(path, &err);
	free(path);
}

/* Puts the certificate with the SHA-256 sha first, when it is in the chain. */
static bool find_leaf(struct cert_bundle *b, const char *sha)
{
	char hex[65];

	leaf_sha256(b->leaf, hex);
	if (strcmp(hex, sha) == 0)
		return true;
	for (int i = 0; i < sk_X509_num(b->chain); i++) {
		X509 *x = sk_X509_value(b->chain, i);
		leaf_sha256(x, hex);
		if (strcmp(hex, sha) != 0)
			continue;
		(void)sk_X509_set(b->chain, i, b->leaf);
		b->leaf = x;
		return true;
	}
	return false;
}

int certstore_load(
	const struct project *p, const char *sha256, struct cert_bundle *out, struct cot_err *err)
{
	char *path = is_sha256(sha256) ? certstore_path(p, sha256) : NULL;
	int rc;

	if (!is_sha256(sha256))
		return cot_err_set(
			err, COT_USAGE, _("'%s' is not a certificate's SHA-256"), sha256);
	if (!path)
		return cot_err_nomem(err);
	if (!fs_exists(path)) {
		rc = cot_err_set(err, COT_ENV,
			_("the certificate store lost '%s', which the journal "
			  "names: import the certificate again"),
			path);
		goto out;
	}
	rc = cert_load_file(path, NULL, 0, out, err);
	if (rc == COT_OK && out->has_private_key)
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' holds private key material: it does not "
			  "belong in the certificate store; remove it and import the certificate "
			  "again"),
			path);
	else if (rc == COT_OK && !find_leaf(out, sha256))
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' does not hold the certificate its name "
			  "says (it was changed): import the certificate again"),
			path);
	if (rc)
		cert_bundle_release(out);
out:
	free(path);
	return rc;
}

/* ---- summary ---- */

static const char *const state_names[] = {"none", "requested", "received-only", "valid", "renew",
	"expired", "not-yet-valid", "mismatch", "unreadable"};

const char *cert_state_name(enum cert_state s)
{
	return state_names[s];
}

static enum cert_state validity_state(const struct cert_summary *s, time_t now)
{
	if (now >= s->not_after)
		return CERT_STATE_EXPIRED;
	if (now < s->not_before)
		return CERT_STATE_NOT_YET_VALID;
	if (now >= s->not_after - (time_t)CERT_RENEWAL_DAYS * 86400)
		return CERT_STATE_RENEW;
	return CERT_STATE_VALID;
}

/* Fills the fields that come from the certificate x. */
static void summarise_cert(const struct project *p, X509 *x, const struct cert_info *info,
	time_t now, struct cert_summary *s)
{
	struct ehealth_subject subj;
	struct cot_err e = COT_ERR_INIT;
	bool parsed = cert_ehealth_subject(x, &subj, &e) == COT_OK;

	s->not_before = info->not_before;
	s->not_after = info->not_after;
	s->days_left = days_between(now, info->not_after);
	date_format(info->not_after, s->not_after_date);
	date_format(info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400, s->renewal_opens);
	if (subj.type_name[0])
		snprintf(s->identifier, sizeof(s->identifier), "%s=%s", subj.type_name, subj.id);
	copy(s->name, sizeof(s->name), subj.name);
	if (parsed && cert_ehealth_match(&subj, p->cfg.kbo, p->cfg.nihii, &e) != COT_OK)
		parsed = false;
	if (!parsed) {
		s->state = CERT_STATE_MISMATCH;
		copy(s->why, sizeof(s->why), e.msg);
		return;
	}
	s->state = validity_state(s, now);
}

int certstore_summary(const struct project *p, const struct journal *j, time_t now,
	struct cert_summary *s, struct cot_err *err)
{
	struct cert_bundle b;
	struct cert_info info;
	struct cot_err e = COT_ERR_INIT;
	int rc = COT_OK;

	memset(s, 0, sizeof(*s));
	certstore_current(j, &s->cur);
	if (!s->cur.found) {
		s->state = s->cur.received_only ? CERT_STATE_RECEIVED_ONLY
			   : s->cur.requested	? CERT_STATE_REQUESTED
						: CERT_STATE_NONE;
		return COT_OK;
	}
	cert_bundle_init(&b);
	cert_info_init(&info);
	if (certstore_load(p, s->cur.sha256, &b, &e) == COT_OK &&
		cert_info_get(b.leaf, &info, &e) == COT_OK)
		summarise_cert(p, b.leaf, &info, now, s);
	else if (e.nomem) {
		*err = e; /* its context kept */
		rc = COT_ENV;
	} else if (mem_failed())
		rc = cot_err_nomem(err);
	else {
		s->state = CERT_STATE_UNREADABLE;
		copy(s->why, sizeof(s->why), e.msg);
	}
	cert_info_release(&info);
	cert_bundle_release(&b);
	return rc;
}

/* The advice of s in the language of messages, into out. */
static void advice(const struct cert_summary *s, char *out, size_t len)
{
	unsigned long days = (unsigned long)(s->days_left < 0 ? -s->days_left : s->days_left);
	char before[11];

	switch (s->state) {
	case CERT_STATE_NONE:
		snprintf(out, len, "%s",
			_("not requested yet: request it from eHealth, then 'cot cert request'"));
		break;
	case CERT_STATE_REQUESTED:
		snprintf(out, len,
			_("requested on %s, not received yet (eHealth takes up to 10 days): when "
			  "it "
			  "arrives, 'cot cert import FILE'"),
			s->cur.requested_date);
		break;
	case CERT_STATE_RECEIVED_ONLY:
		snprintf(out, len, "%s",
			_("recorded as received but not imported: 'cot cert import FILE' checks "
			  "and "
			  "keeps it"));
		break;
	case CERT_STATE_VALID:
		snprintf(out, len,
			ngettext("valid until %s (%lu day left); the renewal window opens on %s",
				"valid until %s (%lu days left); the renewal window opens on %s",
				days),
			s->not_after_date, days, s->renewal_opens);
		break;
	case CERT_STATE_RENEW:
		if (s->cur.renewal_requested)
			snprintf(out, len,
				ngettext("renewal requested on %s: import the new certificate when "
					 "it "
					 "arrives ('cot cert import FILE'); the current one "
					 "expires on %s "
					 "(%lu day left)",
					"renewal requested on %s: import the new certificate when "
					"it "
					"arrives ('cot cert import FILE'); the current one expires "
					"on %s "
					"(%lu days left)",
					days),
				s->cur.renewal_date, s->not_after_date, days);
		else
			snprintf(out, len,
				ngettext("renew now: the renewal window opened on %s, it closes on "
					 "%s "
					 "(%lu day left)",
					"renew now: the renewal window opened on %s, it closes on "
					"%s "
					"(%lu days left)",
					days),
				s->renewal_opens, s->not_after_date, days);
		break;
	case CERT_STATE_EXPIRED:
		snprintf(out, len,
			_("expired on %s: it cannot be renewed, request a new certificate"),
			s->not_after_date);
		break;
	case CERT_STATE_NOT_YET_VALID:
		date_format(s->not_before, before);
		snprintf(out, len, _("not valid before %s"), before);
		break;
	case CERT_STATE_MISMATCH:
		snprintf(out, len, _("does not belong to the organisation: %s"), s->why);
		break;
	case CERT_STATE_UNREADABLE:
		snprintf(out, len, _("cannot be read: %s"), s->why);
		break;
	}
}

void certstore_advice(const struct cert_summary *s, enum lang l, char *out, size_t len)
{
	struct i18n_state was;

	if (len)
		out[0] = 0;
	i18n_enter(&was, l);
	advice(s, out, len);
	i18n_leave(&was);
}

/* ---- cot cert import: the transaction ---- */

/* Under the lock: store the certificate, then the journal record that makes it current. */
static int store_and_record(const struct project *p, const struct lock *lk, X509 *leaf,
	STACK_OF(X509) *chain, const char *date, json_t *data, struct certstore_import *r,
	struct cot_err *err)
{
	int rc = certstore_write(p, leaf, chain, r->sha256, &r->created, err);

	if (rc) {
		json_decref(data);
		return rc;
	}
	/* what makes it current (certstore_current) */
	json_object_set_new(data, "sha256", json_string(r->sha256));
	if (r->renewal) {
		json_object_set_new(data, "date", json_string(date));
		rc = project_journal_append(p, CERTSTORE_EVENT_IMPORTED, data, err);
	} else {
		rc = procedure_record_locked(p, lk, "cert-received", date, data, err);
	}
	if (rc && r->created)
		certstore_remove(p, r->sha256);
	return rc;
}

static int can_import(const struct procedure *pr, const char *date, struct certstore_import *r,
	struct cot_err *err)
{
	int i = step_index(pr->route, "cert-received");
	char today[11];

	r->renewal = pr->steps[i].done;
	if (!r->renewal) {
		int rc = procedure_can_mark(pr, "cert-received", date, clock_now(), err);
		if (rc == COT_FINDINGS && !pr->steps[i - 1].done)
			cot_err_set(err, rc,
				_("cert-requested is not recorded: record the request "
				  "first with 'cot cert request --date YYYY-MM-DD'"));
		return rc;
	}
	memcpy(r->received, pr->steps[i].date, sizeof(r->received));
	date_format(clock_now(), today);
	if (strcmp(date, today) > 0)
		return cot_err_set(err, COT_USAGE, _("the date %s is in the future (today is %s)"),
			date, today);
	return COT_OK;
}

int certstore_import(const struct project *p, X509 *leaf, STACK_OF(X509) *chain, const char *date,
	json_t *data, struct certstore_import *r, struct cot_err *err)
{
	struct lock lk = LOCK_INIT;
	struct journal j = JOURNAL_INIT;
	struct cert_current cur;
	struct procedure pr;
	char sha256[65];
	int rc = COT_OK;

	memset(r, 0, sizeof(*r));
	leaf_sha256(leaf, sha256);
	if (!sha256[0])
		rc = cot_err_nomem(err);
	if (rc || (rc = project_lock(p, &lk, err)) || (rc = project_journal_load(p, &j, err)))
		goto out;
	certstore_current(&j, &cur);
	procedure_derive(p->cfg.route, &j, &pr);
	if ((rc = can_import(&pr, date, r, err)))
		goto out;
	r->same = r->renewal && cur.found && strcmp(cur.sha256, sha256) == 0;
	if (!r->same) {
		rc = store_and_record(p, &lk, leaf, chain, date, data, r, err);
		data = NULL;
	}
out:
	json_decref(data);
	journal_release(&j);
	lock_release(&lk);
	return rc;
}
