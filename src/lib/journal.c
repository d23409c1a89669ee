/* The append-only, hash-chained journal of a project. */
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/i18n.h"
#include "cot/buf.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/journal.h"

/* The actor recorded: $COT_ACTOR, else user@host. Static storage. */
static const char *journal_actor(void)
{
	static char actor[256];
	const char *env = getenv("COT_ACTOR");
	struct passwd *pw;
	char host[128] = "localhost";

	if (env && *env) {
		snprintf(actor, sizeof(actor), "%s", env);
		return actor;
	}
	pw = getpwuid(getuid());
	gethostname(host, sizeof(host) - 1);
	snprintf(actor, sizeof(actor), "%s@%s", pw ? pw->pw_name : "unknown", host);
	return actor;
}

static const char *str_field(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Parses one line into r; false with the reason in why. */
static bool parse_record(const char *line, size_t len, struct jrec *r, char *why, size_t whylen)
{
	json_error_t je;
	json_t *seq;

	memset(r, 0, sizeof(*r));
	r->obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!r->obj || !json_is_object(r->obj)) {
		snprintf(why, whylen, _("not a JSON record (%s)"),
			r->obj ? _("not an object") : je.text);
		json_decref(r->obj);
		r->obj = NULL;
		return false;
	}
	seq = json_object_get(r->obj, "seq");
	r->time = str_field(r->obj, "time");
	r->event = str_field(r->obj, "event");
	r->actor = str_field(r->obj, "actor");
	if (!json_is_integer(seq) || json_integer_value(seq) < 1 || !r->time || !r->event ||
		!r->actor || !str_field(r->obj, "prev")) {
		snprintf(why, whylen, _("a record needs seq, time, event, actor and prev"));
		json_decref(r->obj);
		r->obj = NULL;
		return false;
	}
	r->seq = (unsigned long)json_integer_value(seq);
	return true;
}

/* Calls fn for each line (without its newline); stops when fn returns nonzero. */
static int each_line(const char *data, size_t len,
	int (*fn)(const char *line, size_t n, unsigned lineno, void *arg), void *arg)
{
	unsigned lineno = 0;
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
		int rc = fn(data + i, n, ++lineno, arg);
		if (rc)
			return rc;
		i += n + 1;
	}
	return 0;
}

struct load_ctx {
	struct journal *j;
	struct cot_err *err;
	const char *path;
};

static int load_line(const char *line, size_t n, unsigned lineno, void *arg)
{
	struct load_ctx *c = arg;
	struct jrec r, *v;
	char why[200];

	if (!parse_record(line, n, &r, why, sizeof(why)))
		return cot_err_set(c->err, COT_USAGE, "%s:%u: %s", c->path, lineno, why);
	v = realloc(c->j->v, (c->j->n + 1) * sizeof(*v));
	if (!v) {
		json_decref(r.obj);
		return cot_err_nomem(c->err);
	}
	r.lineno = lineno;
	c->j->v = v;
	c->j->v[c->j->n++] = r;
	return 0;
}

int journal_load(const char *path, struct journal *j, struct cot_err *err)
{
	struct load_ctx c = {j, err, path};
	char *data = NULL;
	size_t len = 0;
	int rc;

	j->v = NULL;
	j->n = 0;
	if (!fs_exists(path))
		return COT_OK;
	rc = fs_read(path, JOURNAL_MAX, &data, &len, err);
	if (rc)
		return rc;
	rc = each_line(data, len, load_line, &c);
	free(data);
	if (rc)
		journal_release(j);
	return rc;
}

void journal_release(struct journal *j)
{
	for (size_t i = 0; i < j->n; i++)
		json_decref(j->v[i].obj);
	free(j->v);
	j->v = NULL;
	j->n = 0;
}

struct verify_ctx {
	char prev[65];
	unsigned long n;
	unsigned long head_seq; /* 0: no head */
	char head_hash[65];
	bool head_seen; /* the record the head names was met and matched */
	struct cot_err *err;
	const char *path;
};

static int verify_line(const char *line, size_t n, unsigned lineno, void *arg)
{
	struct verify_ctx *c = arg;
	struct jrec r;
	char why[200];
	const char *prev;
	int rc = 0;

	if (!parse_record(line, n, &r, why, sizeof(why)))
		return cot_err_set(c->err, COT_FINDINGS, "%s:%u: record %lu: %s", c->path, lineno,
			c->n + 1, why);
	prev = str_field(r.obj, "prev");
	if (r.seq != c->n + 1)
		rc = cot_err_set(c->err, COT_FINDINGS,
			_("%s:%u: record %lu: sequence number %lu, expected %lu "
			  "(records were removed, inserted or reordered)"),
			c->path, lineno, c->n + 1, r.seq, c->n + 1);
	else if (strcmp(prev, c->prev) != 0 && r.seq == 1)
		rc = cot_err_set(c->err, COT_FINDINGS,
			_("%s:%u: record 1: the chain is broken: its 'prev' is not the journal's "
			  "start (this record was edited)"),
			c->path, lineno);
	else if (strcmp(prev, c->prev) != 0)
		rc = cot_err_set(c->err, COT_FINDINGS,
			_("%s:%u: record %lu: the chain is broken: record %lu before it "
			  "was changed, or this one was edited"),
			c->path, lineno, r.seq, r.seq - 1);
	json_decref(r.obj);
	sha256_hex(line, n, c->prev);
	c->n++;
	if (!rc && c->n == c->head_seq) {
		if (strcmp(c->prev, c->head_hash) != 0)
			rc = cot_err_set(c->err, COT_FINDINGS,
				_("%s:%u: record %lu differs from the one the head recorded"),
				c->path, lineno, c->n);
		c->head_seen = true;
	}
	return rc;
}

/* Parses a head file's text ("SEQ HASH\n") into c. */
static int parse_head(
	const char *head_path, const char *data, struct verify_ctx *c, struct cot_err *err)
{
	if (sscanf(data, "%lu %64s", &c->head_seq, c->head_hash) != 2 || c->head_seq == 0 ||
		strlen(c->head_hash) != 64)
		return cot_err_set(err, COT_FINDINGS, _("'%s' is malformed"), head_path);
	return COT_OK;
}

/*
 * The chain of data (the journal's bytes) against head (the head file's text, NULL when
 * there is none). The head names the last record written. It may lag behind the journal
 * (a writer killed between the two renames; the next write repairs it), but it never
 * runs ahead of it: that means records at the end were removed.
 */
static int verify_data(const char *path, const char *head_path, const char *data, size_t len,
	const char *head, unsigned long *records, struct cot_err *err)
{
	struct verify_ctx c = {JOURNAL_GENESIS, 0, 0, "", false, err, path};
	int rc;

	*records = 0;
	if (head && (rc = parse_head(head_path, head, &c, err)))
		return rc;
	if ((rc = each_line(data, len, verify_line, &c)))
		return rc;
	*records = c.n;
	if (c.n && !c.head_seq)
		return cot_err_set(err, COT_FINDINGS,
			_("'%s' is missing: the journal's end cannot be checked"), head_path);
	if (c.head_seq && !c.head_seen)
		return cot_err_set(err, COT_FINDINGS,
			_("the journal ends at record %lu but its head says record %lu: "
			  "records at the end were removed"),
			c.n, c.head_seq);
	return COT_OK;
}

int journal_verify(
	const char *path, const char *head_path, unsigned long *records, struct cot_err *err)
{
	char *data = NULL, *head = NULL;
	size_t len = 0, headlen = 0;
	int rc = COT_OK;

	*records = 0;
	if (fs_exists(head_path))
		rc = fs_read(head_path, 256, &head, &headlen, err);
	if (!rc && fs_exists(path))
		rc = fs_read(path, JOURNAL_MAX, &data, &len, err);
	if (!rc)
		rc = verify_data(path, head_path, data ? data : "", len, head, records, err);
	free(data);
	free(head);
	return rc;
}

/* The sequence number and hash of the last line of data. */
static int last_record(const char *path, const char *data, size_t len, unsigned long *seq,
	char hash[65], struct cot_err *err)
{
	const char *end = data + len, *start;
	struct jrec r;
	char why[200];

	*seq = 0;
	memcpy(hash, JOURNAL_GENESIS, 65);
	while (end > data && end[-1] == '\n')
		end--;
	if (end == data)
		return COT_OK;
	start = end;
	while (start > data && start[-1] != '\n')
		start--;
	if (!parse_record(start, (size_t)(end - start), &r, why, sizeof(why)))
		return cot_err_set(err, COT_USAGE, _("%s: last record: %s"), path, why);
	*seq = r.seq;
	json_decref(r.obj);
	sha256_hex(start, (size_t)(end - start), hash);
	return COT_OK;
}

static char *make_record(unsigned long seq, const char *event, json_t *data, const char *prev)
{
	char now[21];
	json_t *o = json_object();
	char *line;

	time_format(clock_now(), now);
	json_object_set_new(o, "seq", json_integer((json_int_t)seq));
	json_object_set_new(o, "time", json_string(now));
	json_object_set_new(o, "event", json_string(event));
	json_object_set_new(o, "actor", json_string(journal_actor()));
	json_object_set_new(o, "data", data ? data : json_object());
	json_object_set_new(o, "prev", json_string(prev));
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return line;
}

/* Puts back what path held (old, or nothing when old is NULL); true when it could. */
static bool put_back(const char *path, const char *old, size_t len)
{
	struct cot_err e = COT_ERR_INIT;

	if (old)
		return fs_restore(path, old, len, 0600, &e) == COT_OK;
	return (unlink(path) == 0 || errno == ENOENT) && fs_sync_parent(path, &e) == COT_OK;
}

/*
 * Both files are written in full before either is renamed, and a failure after the
 * journal's rename puts the old journal back: a failed append changes nothing.
 */
static int replace_both(const char *path, const char *data, size_t len, const char *old,
	size_t oldlen, const char *head_path, const char *head, const char *oldhead,
	size_t oldheadlen, struct cot_err *err)
{
	struct fs_staged j = FS_STAGED_INIT, h = FS_STAGED_INIT;
	int rc = fs_stage(&j, path, data, len, 0600, err);

	if (!rc)
		rc = fs_stage(&h, head_path, head, strlen(head), 0600, err);
	if (!rc)
		rc = fs_commit(&j, err);
	if (!rc && (rc = fs_commit(&h, err)) == COT_OK)
		rc = fs_sync_parent(path, err);
	if (rc && j.committed) {
		bool back = put_back(path, old, oldlen);
		if (h.committed)
			back = put_back(head_path, oldhead, oldheadlen) && back;
		if (!back) {
			size_t n = strlen(err->msg);
			snprintf(err->msg + n, sizeof(err->msg) - n,
				_("; and the journal could not be "
				  "put back, so the record may have been kept ('cot log' shows "
				  "it)"));
		}
	}
	fs_discard(&j);
	fs_discard(&h);
	return rc;
}

/* why (a journal_verify finding) as the one message of a broken journal, in err. */
static int broken(const struct cot_err *why, bool writing, struct cot_err *err)
{
	if (why->nomem)
		return cot_err_nomem(err);
	if (why->code != COT_FINDINGS) {
		*err = *why;
		return why->code;
	}
	if (writing)
		return cot_err_set(err, COT_FINDINGS,
			_("nothing was recorded, the journal is broken: %s; 'cot log --verify' "
			  "tells more; to recover, put back the journal and its head from a "
			  "backup"),
			why->msg);
	return cot_err_set(err, COT_FINDINGS,
		_("the journal is broken: %s; 'cot log --verify' tells more; to recover, put back "
		  "the journal and its head from a backup"),
		why->msg);
}

int journal_intact(const char *path, const char *head_path, bool writing, struct cot_err *err)
{
	struct cot_err why = COT_ERR_INIT;
	unsigned long n;

	if (journal_verify(path, head_path, &n, &why) == COT_OK)
		return COT_OK;
	return broken(&why, writing, err);
}

/*
 * History is never extended on a broken chain: the bytes about to be copied are
 * verified first, under the caller's lock, so nothing can change between the check
 * and the append.
 */
static int refuse_broken(const char *path, const char *head_path, const char *data, size_t len,
	const char *head, struct cot_err *err)
{
	struct cot_err why = COT_ERR_INIT;
	unsigned long n;

	if (verify_data(path, head_path, data, len, head, &n, &why) == COT_OK)
		return COT_OK;
	return broken(&why, true, err);
}

int journal_append(const char *path, const char *head_path, const char *event, json_t *data,
	struct cot_err *err)
{
	struct buf b = BUF_INIT;
	char *old = NULL, *oldhead = NULL, *line = NULL, prev[65], hash[65], head[100];
	size_t len = 0, headlen = 0;
	unsigned long seq;
	int rc;

	b.max = JOURNAL_MAX;
	if (fs_exists(path)) {
		rc = fs_read(path, JOURNAL_MAX, &old, &len, err);
		if (rc)
			goto out;
	}
	if (fs_exists(head_path)) {
		rc = fs_read(head_path, 256, &oldhead, &headlen, err);
		if (rc)
			goto out;
	}
	rc = refuse_broken(path, head_path, old ? old : "", len, oldhead, err);
	if (!rc)
		rc = last_record(path, old ? old : "", len, &seq, prev, err);
	if (rc)
		goto out;
	line = make_record(seq + 1, event, data, prev);
	data = NULL;
	if (!line) {
		rc = cot_err_nomem(err);
		goto out;
	}
	buf_add(&b, old ? old : "", len);
	if (len && old[len - 1] != '\n')
		buf_adds(&b, "\n");
	buf_addf(&b, "%s\n", line);
	if (b.failed) {
		rc = cot_err_set(err, COT_ENV, _("the journal '%s' is full"), path);
		goto out;
	}
	sha256_hex(line, strlen(line), hash);
	snprintf(head, sizeof(head), "%lu %s\n", seq + 1, hash);
	rc = replace_both(path, b.data, b.len, old, len, head_path, head, oldhead, headlen, err);
out:
	json_decref(data);
	free(line);
	free(old);
	free(oldhead);
	buf_release(&b);
	return rc;
}
