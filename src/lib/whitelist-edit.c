/* The authority's changes to the whitelist: locked, atomic, undone on failure, each in the history.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/escape.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/journal.h"
#include "cot/lock.h"
#include "cot/whitelist.h"
#include "cot/xml-load.h"

/* The files of one whitelist. */
struct wl_files {
	char *xml, *sig, *lock, *history, *head;
};

static char *with_suffix(const char *path, const char *suffix)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s%s", path, suffix);
	return buf_detach(&b, NULL);
}

static void files_release(struct wl_files *f)
{
	free(f->xml);
	free(f->sig);
	free(f->lock);
	free(f->history);
	free(f->head);
	memset(f, 0, sizeof(*f));
}

static int files_init(struct wl_files *f, const char *xml, struct cot_err *err)
{
	f->xml = strdup(xml);
	f->sig = with_suffix(xml, ".p7s");
	f->lock = with_suffix(xml, ".lock");
	f->history = with_suffix(xml, ".history");
	f->head = with_suffix(xml, ".history.head");
	if (f->xml && f->sig && f->lock && f->history && f->head)
		return COT_OK;
	files_release(f);
	return cot_err_nomem(err);
}

/*
 * Temp files of the list, its signature and its history left by a writer that was
 * killed: under the list's lock nobody else writes them.
 */
static void sweep(const struct wl_files *f)
{
	const char *const paths[] = {f->xml, f->sig, f->history, f->head};
	const char *bases[5] = {NULL};
	char *copy = strdup(f->xml);

	if (!copy)
		return;
	for (size_t i = 0; i < 4; i++)
		bases[i] = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
	fs_sweep_temps(dirname(copy), bases, 0);
	free(copy);
}

/* What the files held before a change: what an undo writes back. */
struct before {
	char *xml, *sig;
	size_t xml_len, sig_len;
};

static void before_release(struct before *b)
{
	free(b->xml);
	free(b->sig);
	memset(b, 0, sizeof(*b));
}

static int read_before(const struct wl_files *f, bool create, struct before *b, struct cot_err *err)
{
	int rc;

	memset(b, 0, sizeof(*b));
	if (fs_exists(f->xml)) {
		rc = fs_read(f->xml, WHITELIST_MAX, &b->xml, &b->xml_len, err);
		if (rc)
			return rc;
	} else if (!create) {
		return cot_err_set(err, COT_USAGE,
			_("no whitelist at '%s' ('cot whitelist add' starts "
			  "one)"),
			f->xml);
	}
	if (fs_exists(f->sig))
		return fs_read(f->sig, WHITELIST_SIG_MAX, &b->sig, &b->sig_len, err);
	return COT_OK;
}

/* Puts the list and its signature back as they were; says so in err when it cannot. */
static void undo(const struct wl_files *f, const struct before *b, struct cot_err *err)
{
	struct cot_err e = COT_ERR_INIT;
	int rc = 0;
	size_t n;

	if (b->xml)
		rc = fs_restore(f->xml, b->xml, b->xml_len, 0644, &e);
	else if (unlink(f->xml) < 0 && errno != ENOENT)
		rc = cot_err_sys(&e, COT_ENV, errno, _("cannot remove '%s'"), f->xml);
	if (!rc && b->sig)
		rc = fs_restore(f->sig, b->sig, b->sig_len, 0644, &e);
	if (!rc)
		return;
	n = strlen(err->msg);
	/* TRANSLATORS: added to the error of a failed change: why, then the whitelist's file */
	snprintf(err->msg + n, sizeof(err->msg) - n,
		_("; and the old state could not be put back "
		  "(%s): check '%s' by hand"),
		e.msg, f->xml);
}

/* The data every history record of a list state carries. */
static json_t *state_record(const struct whitelist *wl, const char *xml, size_t len)
{
	char hex[65];

	sha256_hex(xml, len, hex);
	return json_pack("{s:I, s:s, s:I}", "sequence", (json_int_t)wl->sequence, "sha256", hex,
		"organisations", (json_int_t)wl->n);
}

static const char *last_sha256(const struct journal *j)
{
	json_t *v;

	if (j->n == 0)
		return NULL;
	v = json_object_get(json_object_get(j->v[j->n - 1].obj, "data"), "sha256");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * Verifies the history's chain, and records the list's current state first when the
 * history's last record does not describe it.
 */
static int reconcile(const struct wl_files *f, const struct before *b, const struct whitelist *wl,
	bool *unrecorded, struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	unsigned long n = 0;
	const char *last;
	char hex[65];
	json_t *rec;
	int rc;

	*unrecorded = false;
	rc = journal_verify(f->history, f->head, &n, err);
	if (rc) {
		cot_err_prefix(err,
			_("the whitelist's history '%s' is not intact; nothing was changed"),
			f->history);
		return rc;
	}
	if (!b->xml)
		return COT_OK;
	rc = journal_load(f->history, &j, err);
	if (rc)
		return rc;
	sha256_hex(b->xml, b->xml_len, hex);
	last = last_sha256(&j);
	if (!last || strcmp(last, hex) != 0) {
		rec = state_record(wl, b->xml, b->xml_len);
		json_object_set_new(rec, "note",
			json_string("the whitelist changed without a history "
				    "record (an interrupted change or an edit by hand)"));
		rc = journal_append(f->history, f->head, "unrecorded", rec, err);
		*unrecorded = !rc;
	}
	journal_release(&j);
	return rc;
}

/* ---- Changes ----------------------------------------------------------------------- */

struct op {
	const char *event;
	bool create; /* a missing list is a new, empty one */
	int (*apply)(struct op *op, struct whitelist *wl, json_t *rec, struct cot_err *err);
	const struct wl_org *org;      /* add */
	const struct wl_software *sw;  /* add --software */
	const char *kbo, *reason;      /* remove */
	const char *product, *version; /* remove --software */
	struct wl_org removed;
	struct wl_software removed_sw;
};

/* The index of kbo in wl, or where it would go (then *found is false). */
static size_t find(const struct whitelist *wl, const char *kbo, bool *found)
{
	size_t lo = 0, hi = wl->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(wl->v[mid].kbo, kbo);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int check_org(const struct wl_org *o, struct cot_err *err)
{
	char canon[KBO_LEN + 1], why[160];
	time_t t;
	long cp;
	int chars, rc;

	if ((rc = xml_load(err)))
		return rc;
	if (!kbo_parse(o->kbo, canon, why, sizeof(why)) || strcmp(o->kbo, canon) != 0)
		return cot_err_set(
			err, COT_USAGE, _("KBO number '%s' is not valid: %s"), o->kbo, why);
	if (!date_parse(o->since, &t))
		return cot_err_set(err, COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), o->since);
	if (!o->name || !xml_api.check_utf8((const xmlChar *)o->name))
		return cot_err_set(err, COT_USAGE, _("the name is not UTF-8 text"));
	chars = xml_api.utf8_strlen((const xmlChar *)o->name);
	if (chars < 1 || chars > WHITELIST_NAME_MAX)
		return cot_err_set(err, COT_USAGE,
			ngettext("the name has %d character; 1 to %d are "
				 "allowed",
				"the name has %d characters; 1 to %d are allowed",
				(unsigned long)chars),
			chars, WHITELIST_NAME_MAX);
	if (esc_control_at(o->name, strlen(o->name), false, &cp) >= 0)
		return cot_err_set(err, COT_USAGE,
			_("the name holds the control character %s%0*lx: "
			  "control, bidi and invalid characters are not allowed"),
			cp < 0x80 ? "\\x" : "\\u", cp < 0x80 ? 2 : 4, cp);
	if (o->name[0] == ' ' || o->name[strlen(o->name) - 1] == ' ')
		return cot_err_set(err, COT_USAGE, _("the name starts or ends with a space"));
	if (o->nihii[0] && strlen(o->nihii) != NIHII_ORG_LEN)
		return cot_err_set(
			err, COT_USAGE, _("a NIHII number of an organisation has 8 digits"));
	if (o->bundle[0] && strspn(o->bundle, "0123456789abcdef") != 64)
		return cot_err_set(
			err, COT_USAGE, _("the bundle digest is not 64 lowercase hex digits"));
	return COT_OK;
}

static int apply_add(struct op *op, struct whitelist *wl, json_t *rec, struct cot_err *err)
{
	const struct wl_org *o = op->org;
	bool found;
	size_t at;
	int rc = check_org(o, err);

	if (rc)
		return rc;
	at = find(wl, o->kbo, &found);
	if (found)
		return cot_err_set(err, COT_FINDINGS,
			_("KBO %s is already on the whitelist (%s, since "
			  "%s)"),
			o->kbo, wl->v[at].name, wl->v[at].since);
	if (wl->n == wl->alloc) {
		size_t alloc = wl->alloc ? wl->alloc * 2 : 16;
		struct wl_org *v = realloc(wl->v, alloc * sizeof(*v));
		if (!v)
			return cot_err_nomem(err);
		wl->v = v;
		wl->alloc = alloc;
	}
	memmove(wl->v + at + 1, wl->v + at, (wl->n - at) * sizeof(*wl->v));
	wl->v[at] = *o;
	wl->v[at].name = strdup(o->name);
	wl->n++;
	if (!wl->v[at].name)
		return cot_err_nomem(err);
	json_object_set_new(rec, "kbo", json_string(o->kbo));
	json_object_set_new(rec, "name", json_string(o->name));
	json_object_set_new(rec, "since", json_string(o->since));
	if (o->nihii[0])
		json_object_set_new(rec, "nihii", json_string(o->nihii));
	if (o->bundle[0])
		json_object_set_new(rec, "bundle", json_string(o->bundle));
	return COT_OK;
}

static int check_software(const struct wl_software *w, struct cot_err *err)
{
	char canon[KBO_LEN + 1], why[160];
	time_t t;

	if (!w->product || !whitelist_product_ok(w->product, why, sizeof(why)))
		return cot_err_set(err, COT_USAGE, _("the product name is not allowed: %s"),
			w->product ? why : "");
	if (!w->version || !whitelist_product_ok(w->version, why, sizeof(why)))
		return cot_err_set(err, COT_USAGE, _("the product version is not allowed: %s"),
			w->version ? why : "");
	if (!kbo_parse(w->vendor, canon, why, sizeof(why)) || strcmp(w->vendor, canon) != 0)
		return cot_err_set(
			err, COT_USAGE, _("KBO number '%s' is not valid: %s"), w->vendor, why);
	if (!date_parse(w->since, &t))
		return cot_err_set(err, COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), w->since);
	if (w->bundle[0] && strspn(w->bundle, "0123456789abcdef") != 64)
		return cot_err_set(
			err, COT_USAGE, _("the bundle digest is not 64 lowercase hex digits"));
	return COT_OK;
}

/* Where (product, version) is in wl's software, or would go (then *found is false). */
static size_t find_software(const struct whitelist *wl, const struct wl_software *w, bool *found)
{
	size_t at = 0;
	int c = 1;

	for (; at < wl->nsw; at++) {
		c = strcmp(wl->sw[at].product, w->product);
		if (!c)
			c = strcmp(wl->sw[at].version, w->version);
		if (c >= 0)
			break;
	}
	*found = at < wl->nsw && c == 0;
	return at;
}

static int apply_add_software(struct op *op, struct whitelist *wl, json_t *rec, struct cot_err *err)
{
	const struct wl_software *w = op->sw;
	struct wl_software copy = *w;
	bool found;
	size_t at;
	int rc = check_software(w, err);

	if (rc)
		return rc;
	at = find_software(wl, w, &found);
	if (found)
		return cot_err_set(err, COT_FINDINGS,
			_("'%s' %s is already on the whitelist (vendor KBO %s, since %s)"),
			w->product, w->version, wl->sw[at].vendor, wl->sw[at].since);
	if (wl->nsw == wl->swalloc) {
		size_t alloc = wl->swalloc ? wl->swalloc * 2 : 16;
		struct wl_software *v = realloc(wl->sw, alloc * sizeof(*v));
		if (!v)
			return cot_err_nomem(err);
		wl->sw = v;
		wl->swalloc = alloc;
	}
	copy.product = strdup(w->product);
	copy.version = strdup(w->version);
	if (!copy.product || !copy.version) {
		wl_software_release(&copy);
		return cot_err_nomem(err);
	}
	memmove(wl->sw + at + 1, wl->sw + at, (wl->nsw - at) * sizeof(*wl->sw));
	wl->sw[at] = copy;
	wl->nsw++;
	json_object_set_new(rec, "product", json_string(w->product));
	json_object_set_new(rec, "version", json_string(w->version));
	json_object_set_new(rec, "vendor", json_string(w->vendor));
	json_object_set_new(rec, "since", json_string(w->since));
	if (w->bundle[0])
		json_object_set_new(rec, "bundle", json_string(w->bundle));
	return COT_OK;
}

static int apply_remove(struct op *op, struct whitelist *wl, json_t *rec, struct cot_err *err)
{
	bool found;
	size_t at = find(wl, op->kbo, &found);

	if (!found)
		return cot_err_set(err, COT_FINDINGS, _("KBO %s is not on the whitelist"), op->kbo);
	op->removed = wl->v[at];
	memmove(wl->v + at, wl->v + at + 1, (wl->n - at - 1) * sizeof(*wl->v));
	wl->n--;
	json_object_set_new(rec, "kbo", json_string(op->kbo));
	json_object_set_new(rec, "name", json_string(op->removed.name));
	json_object_set_new(rec, "reason", json_string(op->reason));
	return COT_OK;
}

static int apply_remove_software(
	struct op *op, struct whitelist *wl, json_t *rec, struct cot_err *err)
{
	struct wl_software key = {.product = (char *)op->product, .version = (char *)op->version};
	bool found;
	size_t at = find_software(wl, &key, &found);

	if (!found)
		/* TRANSLATORS: the product, then its version */
		return cot_err_set(err, COT_FINDINGS, _("'%s' %s is not on the whitelist"),
			op->product, op->version);
	op->removed_sw = wl->sw[at];
	memmove(wl->sw + at, wl->sw + at + 1, (wl->nsw - at - 1) * sizeof(*wl->sw));
	wl->nsw--;
	json_object_set_new(rec, "product", json_string(op->removed_sw.product));
	json_object_set_new(rec, "version", json_string(op->removed_sw.version));
	json_object_set_new(rec, "vendor", json_string(op->removed_sw.vendor));
	json_object_set_new(rec, "reason", json_string(op->reason));
	return COT_OK;
}

/* The new list's bytes, validated by the same reader that reads it back. */
static int render_checked(
	const struct whitelist *wl, const char *path, char **xml, size_t *len, struct cot_err *err)
{
	struct whitelist again;
	int rc = whitelist_render(wl, xml, len, err);

	if (rc)
		return rc;
	whitelist_init(&again);
	rc = whitelist_parse(path, *xml, *len, &again, err);
	whitelist_release(&again);
	if (rc) {
		cot_err_prefix(err, _("the changed whitelist would not be valid"));
		free(*xml);
		*xml = NULL;
	}
	return rc;
}

/* Steps 3 to 5: the signature goes, the list is replaced, the history records it; or all undone. */
static int commit(const struct wl_files *f, const struct before *b, const char *xml, size_t len,
	const char *event, json_t *rec, struct cot_err *err)
{
	int rc = COT_OK;

	fs_undo_track(f->sig, b->sig, b->sig_len, 0644);
	fs_undo_track(f->xml, b->xml, b->xml_len, 0644);
	if (b->sig && unlink(f->sig) < 0)
		rc = cot_err_sys(
			err, COT_ENV, errno, _("cannot remove the old signature '%s'"), f->sig);
	else if (b->sig)
		rc = fs_sync_parent(f->sig, err);
	if (!rc)
		rc = fs_write_atomic(f->xml, xml, len, 0644, err);
	if (!rc) {
		rc = journal_append(f->history, f->head, event, rec, err);
		rec = NULL;
	}
	json_decref(rec);
	if (rc)
		undo(f, b, err);
	fs_undo_clear();
	return rc;
}

static int change(struct op *op, struct whitelist *wl, const struct wl_files *f,
	const struct before *b, struct wl_change *out, struct cot_err *err)
{
	char *xml = NULL;
	size_t len = 0;
	json_t *rec = json_object();
	int rc;

	if (!rec)
		return cot_err_nomem(err);
	rc = op->apply(op, wl, rec, err);
	if (!rc) {
		wl->sequence++;
		time_format(clock_now(), wl->issued);
		rc = render_checked(wl, f->xml, &xml, &len, err);
	}
	if (!rc) {
		json_t *state = state_record(wl, xml, len);
		json_object_update(rec, state);
		json_decref(state);
		json_object_set_new(rec, "signature_removed", json_boolean(b->sig != NULL));
		rc = commit(f, b, xml, len, op->event, rec, err);
		rec = NULL;
	}
	if (!rc) {
		out->sequence = wl->sequence;
		out->count = wl->n;
		out->created = !b->xml;
		out->signature_removed = b->sig != NULL;
	}
	json_decref(rec);
	free(xml);
	return rc;
}

static int edit(const char *path, struct op *op, struct wl_change *out, struct cot_err *err)
{
	struct wl_files f;
	struct lock lk = LOCK_INIT;
	struct before b = {0};
	struct whitelist wl;
	int rc;

	memset(out, 0, sizeof(*out));
	whitelist_init(&wl);
	rc = files_init(&f, path, err);
	if (rc)
		return rc;
	rc = lock_acquire(&lk, f.lock, err);
	if (!rc) {
		sweep(&f);
		rc = read_before(&f, op->create, &b, err);
	}
	if (!rc && b.xml)
		rc = whitelist_parse(f.xml, b.xml, b.xml_len, &wl, err);
	if (!rc)
		rc = reconcile(&f, &b, &wl, &out->unrecorded, err);
	if (!rc)
		rc = change(op, &wl, &f, &b, out, err);
	if (!rc) {
		out->org = op->removed;
		out->sw = op->removed_sw;
	} else {
		free(op->removed.name);
		wl_software_release(&op->removed_sw);
	}
	whitelist_release(&wl);
	before_release(&b);
	lock_release(&lk);
	files_release(&f);
	return rc;
}

int whitelist_add(
	const char *path, const struct wl_org *org, struct wl_change *out, struct cot_err *err)
{
	struct op op = {.event = "add", .create = true, .apply = apply_add, .org = org};

	return edit(path, &op, out, err);
}

int whitelist_add_software(
	const char *path, const struct wl_software *sw, struct wl_change *out, struct cot_err *err)
{
	struct op op = {
		.event = "add-software", .create = true, .apply = apply_add_software, .sw = sw};

	return edit(path, &op, out, err);
}

int whitelist_remove(const char *path, const char *kbo, const char *reason, struct wl_change *out,
	struct cot_err *err)
{
	struct op op = {.event = "remove", .apply = apply_remove, .kbo = kbo, .reason = reason};

	return edit(path, &op, out, err);
}

int whitelist_remove_software(const char *path, const char *product, const char *version,
	const char *reason, struct wl_change *out, struct cot_err *err)
{
	struct op op = {.event = "remove-software",
		.apply = apply_remove_software,
		.product = product,
		.version = version,
		.reason = reason};

	return edit(path, &op, out, err);
}

int whitelist_load(const char *path, struct whitelist *wl, struct cot_err *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!fs_exists(path))
		return cot_err_set(err, COT_USAGE, _("no whitelist at '%s'"), path);
	rc = fs_read(path, WHITELIST_MAX, &data, &len, err);
	if (!rc)
		rc = whitelist_parse(path, data, len, wl, err);
	free(data);
	return rc;
}

/* ---- Signing ----------------------------------------------------------------------- */

static int check_validity(X509 *cert, time_t now, struct cot_err *err)
{
	if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0)
		return cot_err_set(err, COT_USAGE, _("the signing certificate is not valid yet"));
	if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0)
		return cot_err_set(err, COT_USAGE, _("the signing certificate has expired"));
	return COT_OK;
}

/* Puts back the list and signature of before a failed signing, or removes a new signature. */
static void sign_undo(const struct wl_files *f, const struct before *b, struct cot_err *err)
{
	if (!b->sig && unlink(f->sig) == 0)
		fs_sync_parent(f->sig, &(struct cot_err){0});
	undo(f, b, err);
}

/*
 * Writes xml (b's list with its new next-update) when it differs from b's, signs it, checks
 * the signature against cert itself, writes it and records it.
 */
static int sign_list(const struct wl_files *f, const struct before *b, const struct whitelist *wl,
	const char *xml, size_t len, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain, time_t now,
	struct wl_signer *who, struct cot_err *err)
{
	STACK_OF(X509) *self = sk_X509_new_null();
	unsigned char *der = NULL;
	size_t derlen = 0;
	char hex[65];
	json_t *rec = NULL;
	bool wrote = false;
	int rc;

	if (!self || !sk_X509_push(self, cert)) {
		sk_X509_free(self);
		return cot_err_nomem(err);
	}
	rc = whitelist_sig_make(xml, len, key, cert, chain, &der, &derlen, err);
	if (!rc && whitelist_sig_verify(xml, len, der, derlen, self, now, who, err)) {
		cot_err_prefix(err, _("the new signature does not verify"));
		rc = err->code = COT_ENV;
	}
	fs_undo_track(f->sig, b->sig, b->sig_len, 0644);
	fs_undo_track(f->xml, b->xml, b->xml_len, 0644);
	if (!rc && (len != b->xml_len || memcmp(xml, b->xml, len) != 0)) {
		wrote = true;
		rc = fs_write_atomic(f->xml, xml, len, 0644, err);
	}
	if (!rc) {
		wrote = true;
		rc = fs_write_atomic(f->sig, der, derlen, 0644, err);
	}
	if (!rc) {
		rec = state_record(wl, xml, len);
		sha256_hex(der, derlen, hex);
		json_object_set_new(rec, "next_update", json_string(wl->next_update));
		json_object_set_new(rec, "signer", json_string(who->subject));
		json_object_set_new(rec, "fingerprint", json_string(who->fingerprint));
		json_object_set_new(rec, "signature_sha256", json_string(hex));
		rc = journal_append(f->history, f->head, "sign", rec, err);
	}
	if (rc && wrote)
		sign_undo(f, b, err);
	fs_undo_clear();
	OPENSSL_free(der);
	sk_X509_free(self);
	return rc;
}

/* The list with next-update now + days: a signed list is only good until then. */
static int with_next_update(const struct wl_files *f, struct whitelist *wl, time_t now, int days,
	char **xml, size_t *len, struct cot_err *err)
{
	if (days < 1 || days > WHITELIST_VALID_MAX_DAYS)
		return cot_err_set(err, COT_USAGE,
			_("a signature is valid for 1 to %d days, not %d"),
			WHITELIST_VALID_MAX_DAYS, days);
	time_format(now + (time_t)days * 86400, wl->next_update);
	return render_checked(wl, f->xml, xml, len, err);
}

int whitelist_sign(const char *path, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain, time_t now,
	int valid_days, struct wl_signer *who, unsigned long long *sequence, struct cot_err *err)
{
	struct wl_files f;
	struct lock lk = LOCK_INIT;
	struct before b = {0};
	struct whitelist wl;
	char *xml = NULL;
	size_t len = 0;
	bool unrecorded;
	int rc;

	whitelist_init(&wl);
	rc = check_validity(cert, now, err);
	if (!rc)
		rc = files_init(&f, path, err);
	if (rc)
		return rc;
	rc = lock_acquire(&lk, f.lock, err);
	if (!rc) {
		sweep(&f);
		rc = read_before(&f, false, &b, err);
	}
	if (!rc)
		rc = whitelist_parse(f.xml, b.xml, b.xml_len, &wl, err);
	if (!rc)
		rc = reconcile(&f, &b, &wl, &unrecorded, err);
	if (!rc)
		rc = with_next_update(&f, &wl, now, valid_days, &xml, &len, err);
	if (!rc)
		rc = sign_list(&f, &b, &wl, xml, len, key, cert, chain, now, who, err);
	if (!rc)
		*sequence = wl.sequence;
	free(xml);
	whitelist_release(&wl);
	before_release(&b);
	lock_release(&lk);
	files_release(&f);
	return rc;
}
