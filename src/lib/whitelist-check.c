/* The organisations' check: fetch or read the whitelist, verify its signature, look up, cache. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/http.h"
#include "cot/i18n.h"
#include "cot/lock.h"
#include "cot/project.h"
#include "cot/whitelist.h"

#define META_MAX ((size_t)64 << 10) /* the cache's metadata and the last check record */

void wl_check_init(struct wl_check *c)
{
	memset(c, 0, sizeof(*c));
}

void wl_check_release(struct wl_check *c)
{
	wl_lookup_release(&c->hit);
	wl_check_init(c);
}

/* A copy of the whitelist and its signature, and what the server said about them. */
struct copy {
	char *xml, *sig;
	size_t xml_len, sig_len;
	char *etag, *last_modified, *sig_etag, *sig_last_modified;
	time_t fetched;
	unsigned long long sequence; /* the list's, once it passed every check */
};

static void copy_release(struct copy *c)
{
	free(c->xml);
	free(c->sig);
	free(c->etag);
	free(c->last_modified);
	free(c->sig_etag);
	free(c->sig_last_modified);
	memset(c, 0, sizeof(*c));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool want_sig(const struct wl_check_opts *o)
{
	return o->anchors && sk_X509_num(o->anchors) > 0;
}

/* ---- The cache in .cot/cache/ ------------------------------------------------------- */

struct cache {
	char *dir, *xml, *sig, *meta;
};

static void cache_release(struct cache *k)
{
	free(k->dir);
	free(k->xml);
	free(k->sig);
	free(k->meta);
	memset(k, 0, sizeof(*k));
}

static int cache_init(const struct project *p, struct cache *k, struct cot_err *err)
{
	k->dir = project_state_path(p, "cache");
	k->xml = project_state_path(p, "cache/whitelist.xml");
	k->sig = project_state_path(p, "cache/whitelist.xml.p7s");
	k->meta = project_state_path(p, "cache/whitelist.json");
	if (k->dir && k->xml && k->sig && k->meta)
		return COT_OK;
	cache_release(k);
	return cot_err_nomem(err);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads path when its SHA-256 is hex; false when absent, too large or different. */
static bool read_verified(const char *path, const char *hex, size_t max, char **data, size_t *len)
{
	struct cot_err e = COT_ERR_INIT;
	char got[65];

	if (!hex || fs_read(path, max, data, len, &e))
		return false;
	sha256_hex(*data, *len, got);
	if (strcmp(got, hex) == 0)
		return true;
	free(*data);
	*data = NULL;
	return false;
}

/*
 * The sequence of a cached copy: from the metadata, or (a cache written before it was
 * kept there, or one past JSON's integers) from the copy itself. A copy that does not read
 * as a valid list is no cache.
 */
static bool cache_sequence(json_t *m, struct copy *c)
{
	struct cot_err e = COT_ERR_INIT;
	struct wl_lookup l;
	json_t *v = json_object_get(m, "sequence");

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		c->sequence = (unsigned long long)json_integer_value(v);
		return true;
	}
	if (whitelist_lookup("the cached whitelist", c->xml, c->xml_len, "", &l, &e))
		return false;
	c->sequence = l.sequence;
	wl_lookup_release(&l);
	return true;
}

/*
 * The cached copy of url, when there is a whole one: the metadata names url and the
 * SHA-256 of each file (a cache half-written by a killed writer does not match).
 */
static bool cache_load(const struct cache *k, const char *url, bool need_sig, struct copy *c)
{
	struct cot_err e = COT_ERR_INIT;
	char *text = NULL;
	size_t len = 0;
	json_t *m = NULL;
	time_t t;
	bool ok = false;

	if (!fs_exists(k->meta) || fs_read(k->meta, META_MAX, &text, &len, &e))
		return false;
	m = json_loadb(text, len, 0, NULL);
	free(text);
	if (!m || !jstr(m, "url") || strcmp(jstr(m, "url"), url) != 0 || !jstr(m, "fetched") ||
		!time_parse(jstr(m, "fetched"), &t))
		goto out;
	if (!read_verified(k->xml, jstr(m, "sha256"), WHITELIST_MAX, &c->xml, &c->xml_len))
		goto out;
	if (need_sig && !read_verified(k->sig, jstr(m, "sig_sha256"), WHITELIST_SIG_MAX, &c->sig,
				&c->sig_len))
		goto out;
	c->etag = dup_or_null(jstr(m, "etag"));
	c->last_modified = dup_or_null(jstr(m, "last_modified"));
	c->sig_etag = dup_or_null(jstr(m, "sig_etag"));
	c->sig_last_modified = dup_or_null(jstr(m, "sig_last_modified"));
	c->fetched = t;
	ok = cache_sequence(m, c);
out:
	if (!ok)
		copy_release(c);
	json_decref(m);
	return ok;
}

static json_t *cache_meta(const char *url, const struct copy *c)
{
	char hex[65], when[21];
	json_t *m = json_object();

	time_format(c->fetched, when);
	sha256_hex(c->xml, c->xml_len, hex);
	json_object_set_new(m, "url", json_string(url));
	json_object_set_new(m, "fetched", json_string(when));
	json_object_set_new(m, "sha256", json_string(hex));
	json_object_set_new(m, "sequence", json_integer((json_int_t)c->sequence));
	if (c->etag)
		json_object_set_new(m, "etag", json_string(c->etag));
	if (c->last_modified)
		json_object_set_new(m, "last_modified", json_string(c->last_modified));
	if (c->sig) {
		sha256_hex(c->sig, c->sig_len, hex);
		json_object_set_new(m, "sig_sha256", json_string(hex));
	}
	if (c->sig_etag)
		json_object_set_new(m, "sig_etag", json_string(c->sig_etag));
	if (c->sig_last_modified)
		json_object_set_new(m, "sig_last_modified", json_string(c->sig_last_modified));
	return m;
}

/* Writes the files, then the metadata that vouches for them. The caller holds the lock. */
static int cache_write(
	const struct cache *k, const char *url, const struct copy *c, struct cot_err *err)
{
	json_t *m = cache_meta(url, c);
	char *text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc;

	json_decref(m);
	if (!text)
		return cot_err_nomem(err);
	rc = fs_mkdir(k->dir, 0700, err);
	if (!rc)
		rc = fs_write_atomic(k->xml, c->xml, c->xml_len, 0600, err);
	if (!rc && c->sig)
		rc = fs_write_atomic(k->sig, c->sig, c->sig_len, 0600, err);
	else if (!rc && unlink(k->sig) < 0 && errno != ENOENT)
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot remove '%s'"), k->sig);
	if (!rc)
		rc = fs_write_atomic(k->meta, text, strlen(text), 0600, err);
	free(text);
	return rc;
}

static int cache_save(const struct project *p, const struct cache *k, const char *url,
	const struct copy *c, struct cot_err *err)
{
	struct lock lk = LOCK_INIT;
	int rc = project_lock(p, &lk, err);

	if (!rc)
		rc = cache_write(k, url, c, err);
	lock_release(&lk);
	return rc;
}

/* ---- Getting a copy ----------------------------------------------------------------- */

/* The source's path or URL with ".p7s" appended. */
static char *sig_name(const char *base)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s.p7s", base);
	return buf_detach(&b, NULL);
}

/* The signature beside a list file, when it is checked. */
static int read_sig(const struct wl_check_opts *o, struct copy *c, struct cot_err *err)
{
	char *sig;
	int rc = COT_OK;

	if (!want_sig(o))
		return COT_OK;
	sig = sig_name(o->file);
	if (!sig)
		return cot_err_nomem(err);
	if (!fs_exists(sig))
		rc = cot_err_set(
			err, COT_ENV, _("the whitelist is not signed: there is no '%s'"), sig);
	else if ((rc = fs_read(sig, WHITELIST_SIG_MAX, &c->sig, &c->sig_len, err)))
		rc = COT_ENV;
	free(sig);
	return rc;
}

/* GETs url, conditionally when validators of a cached copy are given. */
static int get(const struct wl_check_opts *o, const char *url, size_t max, const char *etag,
	const char *last_modified, struct http_response *r, struct cot_err *err)
{
	struct http_opts h = {.cacert = o->cacert,
		.connect_timeout = o->connect_timeout,
		.timeout = o->timeout,
		.max_body = max,
		.etag = etag,
		.last_modified = last_modified};

	http_response_init(r);
	return http_get(url, &h, r, err);
}

/* Takes a response's body and validators into the copy (the cached ones on 304). */
static int take(struct http_response *r, const char *cached, size_t cached_len, char **data,
	size_t *len, char **etag, char **lm, struct cot_err *err)
{
	if (r->not_modified) {
		*data = malloc(cached_len + 1);
		if (!*data)
			return cot_err_nomem(err);
		memcpy(*data, cached, cached_len);
		(*data)[cached_len] = '\0';
		*len = cached_len;
	} else {
		*data = r->body;
		*len = r->len;
		r->body = NULL;
	}
	/* a 304 may leave out the validators: the old ones stay */
	if (r->etag || !r->not_modified) {
		free(*etag);
		*etag = r->etag;
		r->etag = NULL;
	}
	if (r->last_modified || !r->not_modified) {
		free(*lm);
		*lm = r->last_modified;
		r->last_modified = NULL;
	}
	return COT_OK;
}

static int fetch(const struct wl_check_opts *o, const struct copy *old, struct copy *c,
	bool *revalidated, struct cot_err *err)
{
	struct http_response r;
	char *sigurl = NULL;
	int rc;

	rc = get(o, o->url, WHITELIST_MAX, old ? old->etag : NULL, old ? old->last_modified : NULL,
		&r, err);
	c->etag = dup_or_null(old ? old->etag : NULL);
	c->last_modified = dup_or_null(old ? old->last_modified : NULL);
	if (!rc)
		rc = take(&r, old ? old->xml : NULL, old ? old->xml_len : 0, &c->xml, &c->xml_len,
			&c->etag, &c->last_modified, err);
	*revalidated = !rc && r.not_modified;
	http_response_release(&r);
	if (rc || !want_sig(o))
		return rc;
	sigurl = sig_name(o->url);
	if (!sigurl)
		return cot_err_nomem(err);
	rc = get(o, sigurl, WHITELIST_SIG_MAX, old && old->sig ? old->sig_etag : NULL,
		old && old->sig ? old->sig_last_modified : NULL, &r, err);
	c->sig_etag = dup_or_null(old && old->sig ? old->sig_etag : NULL);
	c->sig_last_modified = dup_or_null(old && old->sig ? old->sig_last_modified : NULL);
	if (!rc)
		rc = take(&r, old ? old->sig : NULL, old ? old->sig_len : 0, &c->sig, &c->sig_len,
			&c->sig_etag, &c->sig_last_modified, err);
	else
		cot_err_prefix(err, _("the whitelist's signature"));
	http_response_release(&r);
	free(sigurl);
	return rc;
}

/* ---- The answer --------------------------------------------------------------------- */

/*
 * The list's bytes on their way to the parser, from a file or from a copy in memory, and
 * through the signature's digest when it is checked: what is verified is what is parsed.
 */
struct feed {
	int fd; /* the file, or -1: the copy in memory */
	const char *path;
	const char *mem;
	size_t left;		  /* a file: at most the size it had when opened, never more */
	struct wl_sig_check *sig; /* or NULL */
};

static int feed_read(void *ctx, char *buf, int len, struct cot_err *err)
{
	struct feed *f = ctx;
	size_t want = f->left < (size_t)len ? f->left : (size_t)len;
	ssize_t n = (ssize_t)want;

	if (f->fd < 0) {
		memcpy(buf, f->mem, want);
		f->mem += want;
	} else {
		do
			n = read(f->fd, buf, want);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return cot_err_sys(err, COT_ENV, errno, _("cannot read '%s'"), f->path), -1;
	}
	f->left -= (size_t)n;
	if (f->sig && whitelist_sig_update(f->sig, buf, (size_t)n))
		return cot_err_nomem(err), -1;
	return (int)n;
}

/* The rest of the bytes, into the signature's digest, after the parse stopped at a fault. */
static void feed_drain(struct feed *f)
{
	struct cot_err e = COT_ERR_INIT;
	char b[16384];

	while (f->left && feed_read(f, b, (int)sizeof(b), &e) > 0)
		;
}

static int sig_failed(struct wl_check *c, struct cot_err *err)
{
	wl_lookup_release(&c->hit);
	cot_err_prefix(err, _("the signature of '%s' does not hold"), c->source);
	return err->code = COT_ENV;
}

/*
 * The signature's verdict once the list was read (rc: the lookup's). A signature that
 * does not hold is the error even when the list did not pass: a change after signing is
 * then the cause. A list that could not be read (COT_ENV) says so.
 */
static int sig_outcome(const struct wl_check_opts *o, struct feed *f, int rc, struct wl_check *c,
	struct cot_err *err)
{
	struct cot_err e = COT_ERR_INIT;

	if (rc == COT_USAGE)
		feed_drain(f);
	if (rc != COT_ENV && whitelist_sig_end(f->sig, o->anchors, clock_now(), &c->signer, &e)) {
		*err = e;
		rc = sig_failed(c, err);
	} else if (!rc) {
		c->verified = true;
	}
	return rc;
}

static int evaluate(const struct wl_check_opts *o, struct feed *f, const struct copy *cp,
	struct wl_check *c, struct cot_err *err)
{
	struct wl_source src = {feed_read, f};
	struct wl_query q = {
		.kbo = o->product ? NULL : o->kbo, .product = o->product, .version = o->version};
	struct wl_sig_check v;
	int rc;

	if (want_sig(o)) {
		rc = whitelist_sig_begin(cp->sig, cp->sig_len, &v, err);
		if (rc) {
			whitelist_sig_release(&v);
			return sig_failed(c, err);
		}
		f->sig = &v;
	}
	rc = whitelist_query_from(c->source, &src, &q, &c->hit, err);
	if (f->sig) {
		rc = sig_outcome(o, f, rc, c, err);
		whitelist_sig_release(&v);
		f->sig = NULL;
	}
	if (rc)
		return err->code = COT_ENV;
	c->listed = c->hit.found;
	return COT_OK;
}

/* A copy in memory (fetched or cached); the reader refuses one over WHITELIST_MAX. */
static int evaluate_copy(const struct wl_check_opts *o, const struct copy *cp, struct wl_check *c,
	struct cot_err *err)
{
	struct feed f = {.fd = -1, .path = c->source, .mem = cp->xml, .left = cp->xml_len};

	return evaluate(o, &f, cp, c, err);
}

/* A file, read once as it is parsed: never held whole. */
static int evaluate_file(const struct wl_check_opts *o, struct wl_check *c, struct cot_err *err)
{
	struct feed f = {.fd = -1, .path = o->file};
	struct copy cp = {0};
	int rc = fs_open_read(o->file, WHITELIST_MAX, &f.fd, &f.left, err);

	if (rc)
		return COT_ENV;
	rc = read_sig(o, &cp, err);
	if (!rc)
		rc = evaluate(o, &f, &cp, c, err);
	close(f.fd);
	copy_release(&cp);
	return rc;
}

static int check_args(const struct project *p, const struct wl_check_opts *o, struct cot_err *err)
{
	if (!o->url == !o->file)
		return cot_err_set(
			err, COT_USAGE, _("give the whitelist's URL or its file (one of them)"));
	if (o->url && !http_url_ok(o->url, err))
		return err->code; /* COT_USAGE, or COT_ENV without libcurl */
	if (o->url && o->offline && !p)
		return cot_err_set(err, COT_USAGE,
			_("--offline reads the project's cache: run it in a "
			  "project"));
	if (o->cacert && access(o->cacert, R_OK) < 0)
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot read the CA file '%s'"), o->cacert);
	return COT_OK;
}

/*
 * A list older than the cached one (a lower sequence) is refused: a server, a mirror or
 * an attacker in the way replaying a signed list from before a removal.
 */
static int rollback(const struct copy *old, const struct copy *now, struct cot_err *err)
{
	char at[21];

	time_format(old->fetched, at);
	return cot_err_set(err, COT_ENV,
		_("the whitelist served has sequence %llu, lower than "
		  "sequence %llu of the copy fetched on %s: an older list is refused (the cached "
		  "copy is kept)"),
		now->sequence, old->sequence, at);
}

static int check_url(const struct project *p, const struct wl_check_opts *o, struct wl_check *c,
	struct cot_err *err)
{
	struct cache k = {0};
	struct copy old = {0}, now = {0};
	bool have = false;
	int rc = COT_OK;

	if (p && (rc = cache_init(p, &k, err)))
		return rc;
	if (p)
		have = cache_load(&k, o->url, want_sig(o), &old);
	if (o->offline && !have) {
		rc = want_sig(o) ? cot_err_set(err, COT_ENV,
					   _("there is no cached copy of '%s' with its "
					     "signature; run the check without --offline first"),
					   o->url)
				 : cot_err_set(err, COT_ENV,
					   _("there is no cached copy of '%s'; run the check "
					     "without --offline first"),
					   o->url);
	} else if (o->offline) {
		c->from_cache = true;
		c->fetched = old.fetched;
		rc = evaluate_copy(o, &old, c, err);
	} else {
		rc = fetch(o, have ? &old : NULL, &now, &c->revalidated, err);
		now.fetched = clock_now();
		c->fetched = now.fetched;
		if (!rc)
			rc = evaluate_copy(o, &now, c, err);
		now.sequence = c->hit.sequence;
		if (!rc && have && now.sequence < old.sequence)
			rc = rollback(&old, &now, err);
		if (!rc && p && cache_save(p, &k, o->url, &now, err))
			snprintf(c->warning, sizeof(c->warning), _("the cache was not updated: %s"),
				err->msg);
	}
	copy_release(&old);
	copy_release(&now);
	cache_release(&k);
	return rc;
}

/*
 * The freeze attack: an old list, validly signed, served forever. A list is only good until
 * its next-update; a signed list without one (made before cot set it) proves nothing about
 * today, so when the signature is checked it is refused too.
 */
static int check_fresh(const struct wl_check *c, time_t now, struct cot_err *err)
{
	char when[21];
	time_t t;

	if (!c->hit.next_update[0] && c->verified)
		return cot_err_set(err, COT_ENV,
			_("the whitelist '%s' (sequence %llu) has no "
			  "next-update, so an old copy could be served forever: ask the authority "
			  "to sign "
			  "it again with 'cot whitelist sign', which sets one"),
			c->source, c->hit.sequence);
	if (!c->hit.next_update[0] || !time_parse(c->hit.next_update, &t) || now <= t)
		return COT_OK;
	time_format(now, when);
	return cot_err_set(err, COT_ENV,
		_("the whitelist '%s' (sequence %llu) was due to be "
		  "replaced by %s and it is %s: it is out of date, or whoever serves it keeps an "
		  "old "
		  "one; nothing can be concluded from it: check again later, and if it stays so, "
		  "ask "
		  "the authority (circleoftrust@belrai.org) for the current list"),
		c->source, c->hit.sequence, c->hit.next_update, when);
}

int whitelist_check(const struct project *p, const struct wl_check_opts *o, struct wl_check *c,
	struct cot_err *err)
{
	int rc = check_args(p, o, err);

	if (rc)
		return rc;
	snprintf(c->source, sizeof(c->source), "%s", o->url ? o->url : o->file);
	rc = o->url ? check_url(p, o, c, err) : evaluate_file(o, c, err);
	if (!rc)
		rc = check_fresh(c, clock_now(), err);
	return rc;
}

/* ---- The last check, for cot status -------------------------------------------------- */

static json_t *check_record(const struct wl_check *c, time_t now)
{
	char when[21], fetched[21];
	json_t *o;

	time_format(now, when);
	o = json_pack("{s:b, s:s, s:s, s:b, s:I, s:s, s:b}", "listed", c->listed, "checked", when,
		"source", c->source, "from_cache", c->from_cache, "sequence",
		(json_int_t)c->hit.sequence, "issued", c->hit.issued, "verified", c->verified);
	if (o && c->fetched) {
		time_format(c->fetched, fetched);
		json_object_set_new(o, "fetched", json_string(fetched));
	}
	if (o && c->listed) {
		json_object_set_new(o, "since", json_string(c->hit.org.since));
		json_object_set_new(o, "name", json_string(c->hit.org.name));
	}
	return o;
}

int whitelist_check_save(
	const struct project *p, const struct wl_check *c, time_t now, struct cot_err *err)
{
	struct lock lk = LOCK_INIT;
	char *dir = project_state_path(p, "cache");
	char *path = project_state_path(p, "cache/whitelist-check.json");
	json_t *o = json_pack("{s:s}", "kbo", p->cfg.kbo), *rec = check_record(c, now);
	char *text = NULL;
	int rc;

	if (o && rec)
		json_object_update(o, rec);
	json_decref(rec);
	text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	if (!dir || !path || !text) {
		rc = cot_err_nomem(err);
		goto out;
	}
	rc = project_lock(p, &lk, err);
	if (!rc)
		rc = fs_mkdir(dir, 0700, err);
	if (!rc)
		rc = fs_write_atomic(path, text, strlen(text), 0600, err);
out:
	lock_release(&lk);
	json_decref(o);
	free(text);
	free(dir);
	free(path);
	return rc;
}

int whitelist_check_load(const struct project *p, json_t **out, struct cot_err *err)
{
	char *path = project_state_path(p, "cache/whitelist-check.json");
	char *text = NULL;
	size_t len = 0;
	json_error_t je;
	int rc = COT_OK;

	*out = NULL;
	if (!path)
		return cot_err_nomem(err);
	if (fs_exists(path)) {
		rc = fs_read(path, META_MAX, &text, &len, err);
		if (!rc && !(*out = json_loadb(text, len, 0, &je)))
			rc = cot_err_set(err, COT_USAGE, _("'%s' is not JSON: %s"), path, je.text);
		if (!rc && !json_is_object(*out)) {
			json_decref(*out);
			*out = NULL;
			rc = cot_err_set(err, COT_USAGE, _("'%s' is not a JSON object"), path);
		}
	}
	free(text);
	free(path);
	return rc;
}
