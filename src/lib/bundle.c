/* cot bundle: the route's documents, the checklist and its report, submission.xml, one signed
 * container. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/bundle.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/lock.h"
#include "cot/mem.h"
#include "cot/procedure.h"
#include "cot/report.h"
#include "cot/vendor.h"
#include "cot/verify.h"
#include "cot/xml-load.h"
#include "cot/zip-load.h"

#define MIME_PDF "application/pdf"
#define MIME_YAML "application/yaml"
/* ---- where the documents are ---------------------------------------------------- */

static const char *record_sha256(const struct journal *j, unsigned long seq)
{
	for (size_t k = 0; k < j->n; k++) {
		if (j->v[k].seq == seq) {
			json_t *v = json_object_get(json_object_get(j->v[k].obj, "data"), "sha256");
			return json_is_string(v) ? json_string_value(v) : NULL;
		}
	}
	return NULL;
}

/* Takes rel (relative to the project) when it names a regular file inside it. */
static int take_file(
	const struct project *p, const char *rel, struct bundle_doc *doc, struct cot_err *err)
{
	struct cot_err ignored = COT_ERR_INIT;
	struct stat st;
	char *inside = NULL;

	if (path_inside(p->root, rel, &inside, &ignored))
		return COT_OK;
	doc->path = path_join(p->root, inside);
	if (stat(doc->path, &st) < 0 || !S_ISREG(st.st_mode)) {
		free(doc->path);
		free(inside);
		doc->path = NULL;
		return COT_OK;
	}
	doc->rel = inside;
	doc->present = true;
	return COT_OK;
}

static void add_missing(struct bundle_docs *docs, const struct bundle_role_def *r)
{
	size_t n = strlen(docs->missing);

	if (n)
		n += (size_t)snprintf(docs->missing + n, sizeof(docs->missing) - n, "; ");
	/* TRANSLATORS: a document (the Vitalink contract), its file, a step's id */
	snprintf(docs->missing + n, sizeof(docs->missing) - n,
		_("%s: put it in %s or record it "
		  "with 'cot done %s --file FILE'"),
		_(r->what), r->file, r->step);
}

static int find_doc(const struct project *p, const struct journal *j, const struct procedure *pr,
	enum bundle_role role, struct bundle_doc *doc, struct cot_err *err)
{
	const struct bundle_role_def *r = bundle_role(role);
	int i = step_index(p->cfg.route, r->step);
	int rc;

	if (i >= 0 && pr->steps[i].done && pr->steps[i].file) {
		if ((rc = take_file(p, pr->steps[i].file, doc, err)))
			return rc;
		if (doc->present) {
			const char *want = record_sha256(j, pr->steps[i].seq);
			char hex[65];
			struct cot_err ignored = COT_ERR_INIT;
			doc->from_journal = true;
			doc->changed = want && !fs_sha256(doc->path, hex, &ignored) &&
				       strcmp(hex, want) != 0;
			return COT_OK;
		}
	}
	return take_file(p, r->file, doc, err);
}

int bundle_find_docs(const struct project *p, const struct journal *j, struct bundle_docs *docs,
	struct cot_err *err)
{
	struct procedure pr;
	int rc;

	memset(docs, 0, sizeof(*docs));
	procedure_derive(p->cfg.route, j, &pr);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!bundle_role_needed((enum bundle_role)r, p->cfg.route))
			continue;
		if ((rc = find_doc(p, j, &pr, (enum bundle_role)r, &docs->doc[r], err)))
			return rc;
		if (!docs->doc[r].present)
			add_missing(docs, bundle_role((enum bundle_role)r));
	}
	return COT_OK;
}

void bundle_docs_release(struct bundle_docs *docs)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		free(docs->doc[r].path);
		free(docs->doc[r].rel);
	}
	memset(docs, 0, sizeof(*docs));
}

/* ---- what may go in ------------------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int bundle_check_item(const struct asice_item *it, void *arg, struct cot_err *err)
{
	const char *shown = it->path ? it->path : it->name;
	const char *why = sniff_secret_name(shown);

	struct sniff_pdf pr = {0};

	(void)arg;
	if (!why)
		why = it->sniff.secret;
	if (!why && it->done && sniff_type(&it->sniff) == SNIFF_PDF && it->sniff.pdf_streams) {
		if (it->path)
			sniff_pdf_path(it->path, &pr);
		else
			sniff_pdf_buffer(it->data, it->len, &pr);
		why = pr.secret;
	}
	if (why)
		return cot_err_set(err, COT_USAGE,
			_("refusing '%s': %s; private key material never "
			  "goes into a bundle"),
			shown, why);
	if (strncmp(it->name, BUNDLE_SCREENSHOTS, strlen(BUNDLE_SCREENSHOTS)) == 0 &&
		sniff_type(&it->sniff) == SNIFF_OTHER)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is not a screenshot: its content is no PNG, JPEG or PDF"), shown);
	if (strcmp(it->mime, MIME_PDF) == 0 || ends_with(it->name, ".pdf")) {
		if (sniff_type(&it->sniff) != SNIFF_PDF)
			return cot_err_set(err, COT_USAGE,
				_("'%s' is not a PDF (it does not start with "
				  "%%PDF-); scan or export it as PDF"),
				shown);
		if (it->done && (it->sniff.pdf_encrypted || pr.encrypted))
			return cot_err_set(err, COT_USAGE,
				_("'%s' is an encrypted PDF: the authority "
				  "cannot read it; save it without a password"),
				shown);
	}
	return COT_OK;
}

/* ---- the checklist (route direct) ------------------------------------------------------ */

struct checklist_part {
	struct reqset rs;
	struct answers a;
	struct check_result res;
	struct check_opts opts;
	char *set_path, *answers_path;
	struct buf report;
};

static int load_checklist(
	const struct project *p, struct checklist_part *c, struct diag_list *d, struct cot_err *err)
{
	unsigned before = d->errors;
	int arc, rc;

	c->answers_path = path_join(p->root, p->cfg.answers);
	if ((rc = checklist_project_set(p, &c->set_path, err)))
		return rc;
	arc = answers_load(c->answers_path, p->cfg.answers, &c->a, d, err);
	if (arc && err->code)
		return arc;
	rc = reqset_load(c->set_path, c->set_path, &c->rs, d, err);
	if (rc && err->code)
		return rc;
	reqset_lint(&c->rs, d);
	if (arc || d->errors > before)
		return cot_err_set(err, COT_USAGE,
			_("'%s' cannot be checked: fix the errors above "
			  "first ('cot check')"),
			arc ? p->cfg.answers : c->set_path);
	return COT_OK;
}

static int check_checklist(const struct project *p, time_t now, struct checklist_part *c,
	struct diag_list *d, struct cot_err *err)
{
	struct bundle_report_in in = {.rs = &c->rs,
		.a = &c->a,
		.name = p->cfg.name,
		.kbo = p->cfg.kbo,
		.route = p->cfg.route,
		.kind = p->cfg.kind,
		.created = now,
		.tool_version = COT_VERSION,
		.lang = p->cfg.lang};
	int rc;

	if ((rc = load_checklist(p, c, d, err)))
		return rc;
	check_opts_project(p, now, &c->opts);
	checklist_check(&c->rs, &c->a, &c->opts, &c->res, d);
	diag_sort(d);
	/* What cot verify renders again: the report says what the bundle holds, no more. */
	return bundle_report_render(&in, &c->report, err);
}

static void checklist_release(struct checklist_part *c)
{
	reqset_release(&c->rs);
	answers_release(&c->a);
	check_result_release(&c->res);
	free(c->set_path);
	free(c->answers_path);
	buf_release(&c->report);
}

static void fill_readiness(const struct checklist_part *c, struct submission *s)
{
	s->has_checklist = true;
	s->set_id = strdup(c->rs.id ? c->rs.id : "unknown");
	s->set_version = strdup(c->rs.version ? c->rs.version : "unknown");
	if (!s->set_id || !s->set_version)
		mem_die();
	s->ready = c->res.ready;
	s->applicable = (unsigned)c->res.nreqs;
	s->compliant = c->res.n[RS_COMPLIANT];
	s->not_applicable = c->res.n[RS_NA];
	s->waived = c->res.n[RS_WAIVED];
	s->not_compliant = c->res.n[RS_NOT_COMPLIANT];
	s->open = c->res.n[RS_OPEN];
	s->errors = c->res.errors;
	s->warnings = c->res.warnings;
}

/* ---- building ------------------------------------------------------------------------------- */

void bundle_result_init(struct bundle_result *r)
{
	memset(r, 0, sizeof(*r));
}

void bundle_result_release(struct bundle_result *r)
{
	free(r->path);
	free(r->rel);
	submission_release(&r->sub);
	bundle_result_init(r);
}

/*
 * The default container path: out/<KBO>-<YYYY-MM-DD>.asice under the project, with
 * "-UNSIGNED" before ".asice" for an unsigned one. Caller frees.
 */
static char *bundle_default_path(const struct project *p, time_t t, bool is_signed)
{
	struct buf b = BUF_INIT;
	char day[11];

	date_format(t, day);
	buf_addf(
		&b, "%s/out/%s-%s%s.asice", p->root, p->cfg.kbo, day, is_signed ? "" : "-UNSIGNED");
	return buf_detach(&b, NULL);
}

/* A vendor's sample or screenshot: its entry in the container and its file. */
struct vfile {
	char entry[sizeof(BUNDLE_SCREENSHOTS) + 256]; /* a directory entry's name is at most 255 */
	char *path;
	bool shot;
};

/* Everything a build holds until the end. */
struct build {
	const struct project *p;
	const struct bundle_opts *o;
	struct bundle_docs docs;
	struct checklist_part cl;
	bool has_checklist;
	char *xml;
	size_t xml_len;
	struct asice_item *items; /* ROLE_COUNT + 4 + the vendor's files */
	size_t n;
	struct vfile *vf; /* a vendor's samples and screenshots */
	size_t nvf;
	char changed[512];
	bool writing;  /* the container may be in place: a failure must undo it */
	bool made_out; /* out/ did not exist before */
	char *earlier; /* a second name of the bundle the new one replaces, or NULL */
};

static void add_item(struct build *b, const char *name, const char *path, const void *data,
	size_t len, const char *mime, bool store)
{
	b->items[b->n++] = (struct asice_item){
		.name = name, .path = path, .data = data, .len = len, .mime = mime, .store = store};
}

static int vendor_submission(const struct build *b, struct submission *s, struct cot_err *err)
{
	const struct cot_config *cfg = &b->p->cfg;
	int rc;

	if (!cfg->product || !cfg->product_version)
		return cot_err_set(err, COT_USAGE,
			_("'%s' names no product or no product version: a vendor's request says "
			  "which software it is for"),
			COT_CONFIG_NAME);
	if (!(s->product = strdup(cfg->product)) ||
		!(s->product_version = strdup(cfg->product_version)))
		return cot_err_nomem(err);
	for (size_t i = 0; i < b->nvf; i++)
		if ((rc = submission_add_file(s, b->vf[i].shot, b->vf[i].entry, err)))
			return rc;
	return COT_OK;
}

static int make_submission(struct build *b, struct submission *s, struct cot_err *err)
{
	const struct cot_config *cfg = &b->p->cfg;
	struct cot_err why = COT_ERR_INIT;
	struct submission back;
	int rc;

	s->name = strdup(cfg->name);
	s->tool_version = strdup(COT_VERSION);
	if (!s->name || !s->tool_version)
		return cot_err_nomem(err);
	memcpy(s->kbo, cfg->kbo, sizeof(s->kbo));
	memcpy(s->nihii, cfg->nihii, sizeof(s->nihii));
	s->kind = cfg->kind;
	s->route = cfg->route;
	s->is_signed = b->o->signer != NULL;
	time_format(b->o->time, s->created);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!b->docs.doc[r].present)
			continue;
		s->docs[s->ndocs].role = (enum bundle_role)r;
		snprintf(s->docs[s->ndocs].entry, sizeof(s->docs[0].entry), "%s",
			bundle_role((enum bundle_role)r)->entry);
		s->ndocs++;
	}
	if (b->has_checklist)
		fill_readiness(&b->cl, s);
	if (cfg->kind == KIND_VENDOR && (rc = vendor_submission(b, s, err)))
		return rc;
	if ((rc = xml_load(err)))
		return rc;
	b->xml = submission_render(s, &b->xml_len);
	if (!b->xml)
		return cot_err_nomem(err);
	rc = submission_parse(b->xml, b->xml_len, &back, &why);
	submission_release(&back);
	if (rc && why.nomem)
		return cot_err_copy(err, &why);
	if (rc)
		return cot_err_set(err, COT_USAGE,
			_("submission.xml would not be valid: %s (is the "
			  "organisation or product name too long, or does it hold markup?)"),
			why.msg);
	return COT_OK;
}

/* The type the manifest states; bundle_check_item judges the bytes. */
static const char *vendor_mime(const struct vfile *f)
{
	if (!f->shot)
		return "text/xml";
	if (ends_with(f->entry, ".png"))
		return "image/png";
	if (ends_with(f->entry, ".jpg") || ends_with(f->entry, ".jpeg"))
		return "image/jpeg";
	if (ends_with(f->entry, ".pdf"))
		return MIME_PDF;
	return "application/octet-stream";
}

static void plan_items(struct build *b)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (b->docs.doc[r].present)
			add_item(b, bundle_role((enum bundle_role)r)->entry, b->docs.doc[r].path,
				NULL, 0, MIME_PDF, true);
	if (b->has_checklist) {
		add_item(b, BUNDLE_ANSWERS, b->cl.answers_path, NULL, 0, MIME_YAML, false);
		add_item(b, BUNDLE_REQUIREMENTS, b->cl.set_path, NULL, 0, MIME_YAML, false);
		add_item(b, BUNDLE_REPORT, NULL, b->cl.report.data, b->cl.report.len, "text/html",
			false);
	}
	for (size_t i = 0; i < b->nvf; i++)
		add_item(b, b->vf[i].entry, b->vf[i].path, NULL, 0, vendor_mime(&b->vf[i]),
			b->vf[i].shot);
	add_item(b, BUNDLE_SUBMISSION, NULL, b->xml, b->xml_len, "application/xml", false);
	asice_sort_items(b->items, b->n);
}

/* What cot verify reads: no document larger, no bundle bigger (a file may still grow: the
 * container writer refuses a file that changes while it is read). */
static int check_sizes(const struct build *b, struct cot_err *err)
{
	uint64_t total = 0;
	struct stat st;

	for (size_t i = 0; i < b->n; i++) {
		const struct asice_item *it = &b->items[i];
		uint64_t size = it->len;
		if (it->path && stat(it->path, &st) == 0)
			size = (uint64_t)st.st_size;
		if (size > VERIFY_MAX_ENTRY)
			return cot_err_set(err, COT_USAGE,
				_("'%s' is too large for a bundle (%llu bytes, "
				  "at most %llu)"),
				it->path ? it->path : it->name, (unsigned long long)size,
				(unsigned long long)VERIFY_MAX_ENTRY);
		total += size;
	}
	if (total > VERIFY_MAX_TOTAL)
		return cot_err_set(err, COT_USAGE,
			_("the documents make %llu bytes: a bundle holds at "
			  "most %llu"),
			(unsigned long long)total, (unsigned long long)VERIFY_MAX_TOTAL);
	return COT_OK;
}

/* Which characters a sample's or screenshot's file name may have, as submission.xsd says. */
static bool plain_file_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 101 || !(isalnum((unsigned char)s[0])))
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static int by_entry(const void *a, const void *b)
{
	return strcmp(((const struct vfile *)a)->entry, ((const struct vfile *)b)->entry);
}

static int add_vfile(
	struct build *b, const char *dir, const char *name, bool shot, struct cot_err *err)
{
	struct vfile *f = &b->vf[b->nvf];
	struct stat st;

	snprintf(f->entry, sizeof(f->entry), "%s%s", dir, name);
	if (!plain_file_name(name))
		return cot_err_set(err, COT_USAGE,
			_("'%s': rename it with letters, digits, '.', '_' and '-' only (at most "
			  "101)"),
			f->entry);
	if (!(f->path = path_join(b->p->root, f->entry)))
		return cot_err_nomem(err);
	f->shot = shot;
	b->nvf++;
	if (lstat(f->path, &st) < 0 || !S_ISREG(st.st_mode))
		return cot_err_set(err, COT_USAGE, _("'%s' is not a regular file"), f->entry);
	return COT_OK;
}

/* The files of dir (BUNDLE_SAMPLES or BUNDLE_SCREENSHOTS) under the project, sorted; none when
 * it does not exist. */
static int scan_vendor_dir(struct build *b, const char *dir, bool shot, struct cot_err *err)
{
	char *path = path_join(b->p->root, dir);
	DIR *dh = path ? opendir(path) : NULL;
	size_t first = b->nvf;
	struct dirent *e;
	int rc = COT_OK;

	if (!path)
		return cot_err_nomem(err);
	if (!dh && errno != ENOENT)
		rc = cot_err_set(err, COT_USAGE, _("cannot read '%s': %s"), dir, strerror(errno));
	while (!rc && dh && (e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		if (b->nvf - first >= BUNDLE_MAX_FILES)
			rc = cot_err_set(err, COT_USAGE, _("more than %d files in '%s'"),
				BUNDLE_MAX_FILES, dir);
		else
			rc = add_vfile(b, dir, e->d_name, shot, err);
	}
	if (dh)
		closedir(dh);
	free(path);
	if (b->nvf - first > 1)
		qsort(b->vf + first, b->nvf - first, sizeof(*b->vf), by_entry);
	return rc;
}

/* A vendor's request: no route documents; its samples, screenshots and conformity answers. */
static int gather_vendor(struct build *b, struct diag_list *d, struct cot_err *err)
{
	int rc;

	b->vf = calloc(2 * BUNDLE_MAX_FILES, sizeof(*b->vf));
	if (!b->vf)
		return cot_err_nomem(err);
	if ((rc = scan_vendor_dir(b, BUNDLE_SAMPLES, false, err)) ||
		(rc = scan_vendor_dir(b, BUNDLE_SCREENSHOTS, true, err)))
		return rc;
	if (b->o->signer && (!b->nvf || b->vf[0].shot || !b->vf[b->nvf - 1].shot))
		return cot_err_set(err, COT_FINDINGS,
			_("a vendor's request needs KMEHR messages in '%s' and screenshots or "
			  "designs in '%s'"),
			BUNDLE_SAMPLES, BUNDLE_SCREENSHOTS);
	b->has_checklist = true;
	if ((rc = check_checklist(b->p, b->o->time, &b->cl, d, err)))
		return rc;
	return COT_OK;
}

/* A signed bundle of a checklist that is not ready would not pass cot verify. */
static int ready_to_sign(const struct build *b, struct cot_err *err)
{
	if (b->cl.res.ready || !b->o->signer)
		return COT_OK;
	return cot_err_set(err, COT_FINDINGS,
		ngettext("the checklist is not ready (%u error; "
			 "see 'cot check'): a signed bundle would not pass; use --unsigned "
			 "to build "
			 "one for review",
			"the checklist is not ready (%u errors; see 'cot check'): a "
			"signed bundle would not pass; use --unsigned to build one for "
			"review",
			b->cl.res.errors),
		b->cl.res.errors);
}

/*
 * A signed vendor's request whose samples or screenshots cot check finds in error would not
 * pass the FOD's cot verify (its vendor-request check): the findings go to d, as the
 * checklist's do.
 */
static int vendor_ready(const struct build *b, struct diag_list *d, struct cot_err *err)
{
	size_t first = d->n;
	unsigned errors;
	int rc;

	if (!b->o->signer)
		return COT_OK;
	if ((rc = vendor_check_project(b->p, d, &errors, err)))
		return rc;
	/* a screenshot of another type: bundle_check_item refuses it as it writes, naming it */
	for (size_t i = first; i < d->n; i++)
		if (d->v[i].sev == DIAG_ERROR &&
			strcmp(d->v[i].rule, "vendor-screenshot-type") == 0)
			errors--;
	if (!errors)
		return COT_OK;
	return cot_err_set(err, COT_FINDINGS,
		ngettext("the samples and screenshots are not ready (%u error; 'cot check' lists "
			 "them): the FOD's 'cot verify' would reject the request; use --unsigned "
			 "to build one for review",
			"the samples and screenshots are not ready (%u errors; 'cot check' lists "
			"them): the FOD's 'cot verify' would reject the request; use --unsigned "
			"to build one for review",
			errors),
		errors);
}

/* The documents and, for route direct, the checklist: all there, and ready when signing. */
static int gather(struct build *b, struct diag_list *d, struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	int rc;

	if (b->p->cfg.kind == KIND_VENDOR) {
		if ((rc = gather_vendor(b, d, err)) || (rc = ready_to_sign(b, err)))
			return rc;
		return vendor_ready(b, d, err);
	}
	rc = project_journal_load(b->p, &j, err);

	if (!rc)
		rc = bundle_find_docs(b->p, &j, &b->docs, err);
	journal_release(&j);
	if (rc)
		return rc;
	for (int r = 0; r < ROLE_COUNT; r++) {
		size_t n = strlen(b->changed);
		if (b->docs.doc[r].changed)
			/* TRANSLATORS: a file, then a step's id */
			snprintf(b->changed + n, sizeof(b->changed) - n,
				_("%s%s (recorded by '%s')"), n ? "; " : "", b->docs.doc[r].rel,
				bundle_role((enum bundle_role)r)->step);
	}
	if (b->docs.missing[0])
		/* TRANSLATORS: the route (vitalink, direct), then what is missing, each with a
		   "put it in ..." clause */
		return cot_err_set(err, COT_FINDINGS, _("route %s needs %s"),
			route_name(b->p->cfg.route), b->docs.missing);
	if (b->p->cfg.route != ROUTE_DIRECT)
		return COT_OK;
	b->has_checklist = true;
	if ((rc = check_checklist(b->p, b->o->time, &b->cl, d, err)))
		return rc;
	return ready_to_sign(b, err);
}

static char *relative_to(const char *root, const char *path)
{
	struct cot_err ignored = COT_ERR_INIT;
	char *rel = NULL;

	if (path_inside(root, path, &rel, &ignored))
		return strdup(path);
	return rel;
}

static int record(const struct build *b, struct bundle_result *r, struct cot_err *err)
{
	char created[21];
	json_t *data;

	time_format(b->o->time, created);
	data = json_pack("{s:s, s:s, s:I, s:b, s:s, s:I, s:s}", "path", r->rel, "sha256", r->sha256,
		"size", (json_int_t)r->size, "signed", b->o->signer != NULL, "route",
		route_name(b->p->cfg.route), "entries", (json_int_t)r->entries, "created", created);
	if (data && b->o->signer &&
		json_object_set_new(data, "level",
			json_string(r->lt.lt	     ? "B-LT"
				    : r->timestamped ? "B-T"
						     : "B-B"))) {
		json_decref(data);
		data = NULL;
	}
	if (!data)
		return cot_err_nomem(err);
	return project_journal_append(b->p, BUNDLE_EVENT, data, err);
}

/* The SHA-256 the journal's last bundle record gives for the bundle at path, or "". */
static void recorded_sha256(const struct project *p, const char *path, char out[65])
{
	struct journal j = JOURNAL_INIT;
	struct cot_err e = COT_ERR_INIT;
	const struct jrec *last;
	char *rel = relative_to(p->root, path);

	out[0] = '\0';
	if (rel && !project_journal_load(p, &j, &e) && (last = bundle_last(&j))) {
		json_t *data = json_object_get(last->obj, "data");
		const char *at = json_string_value(json_object_get(data, "path"));
		const char *sha = json_string_value(json_object_get(data, "sha256"));
		if (at && sha && strcmp(at, rel) == 0 && strlen(sha) == 64)
			memcpy(out, sha, 65);
	}
	journal_release(&j);
	free(rel);
}

/*
 * The bundle a killed rebuild kept aside goes back in place when it is the one the
 * journal recorded and the one in place is not (the build died before its record).
 */
static void restore_earlier(const struct project *p, const char *path, const char *earlier)
{
	struct cot_err e = COT_ERR_INIT;
	char want[65], have[65];

	recorded_sha256(p, path, want);
	if (want[0] && (fs_sha256(path, have, &e) || strcmp(have, want) != 0) &&
		!fs_sha256(earlier, have, &e) && strcmp(have, want) == 0)
		rename(earlier, path);
	unlink(earlier);
	fs_sync_parent(path, &e);
}

/*
 * Under the project lock: what killed builds of path left beside it, its temp files and
 * the earlier bundle a rebuild kept ("-earlier"); a live writer's (another project's
 * -o FILE) stay.
 */
static void recover(const struct project *p, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *const bases[] = {base, NULL};
	char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	size_t blen;
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	const char *tag;
	long pid;

	while (d && (e = readdir(d))) {
		char *full;
		if (!fs_temp_parse(e->d_name, &blen, &pid, &tag) || !tag ||
			strcmp(tag, "earlier") != 0 || blen != strlen(base) ||
			strncmp(e->d_name, base, blen) != 0)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue;
		full = path_join(dir, e->d_name);
		restore_earlier(p, path, full);
		free(full);
	}
	if (d)
		closedir(d);
	if (dir)
		fs_sweep_temps(dir, bases, FS_SWEEP_DEAD_ONLY);
	free(dir);
}

/*
 * A rebuild over an earlier bundle of the same name keeps the earlier one under a
 * second name until the journal has recorded the new one: a failure puts it back.
 */
static int keep_earlier(const char *path, char **earlier, struct cot_err *err)
{
	size_t n = strlen(path) + 64;
	struct stat st;
	int rc;

	*earlier = NULL;
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return COT_OK;
	*earlier = malloc(n);
	if (!*earlier || fs_temp_name(*earlier, n, path, "earlier")) {
		free(*earlier);
		*earlier = NULL;
		return cot_err_nomem(err);
	}
	unlink(*earlier);
	if (link(path, *earlier) == 0)
		return COT_OK;
	rc = cot_err_sys(err, COT_ENV, errno,
		_("cannot keep the earlier '%s' while it is rebuilt "
		  "(move it away, or choose another name with -o)"),
		path);
	free(*earlier);
	*earlier = NULL;
	return rc;
}

/* The end of a build: the earlier bundle dropped after a success, put back after a failure. */
static void finish_output(struct build *b, const char *path, bool ok, struct cot_err *err)
{
	struct cot_err e = COT_ERR_INIT;
	bool back = true;

	if (ok && b->earlier) {
		unlink(b->earlier);
	} else if (!ok && b->writing) {
		/* Both names of one file (the new one never got in place): rename does nothing. */
		if (b->earlier && (back = rename(b->earlier, path) == 0))
			unlink(b->earlier);
		else if (!b->earlier)
			back = unlink(path) == 0 || errno == ENOENT;
		if (b->made_out) {
			char *dir = path_join(b->p->root, "out");
			if (dir)
				rmdir(dir);
			free(dir);
		}
		if (!back) {
			size_t n = strlen(err->msg);
			/* TRANSLATORS: appended to the error that stopped the build */
			snprintf(err->msg + n, sizeof(err->msg) - n,
				_("; and the earlier '%s' could "
				  "not be put back: it is in '%s'"),
				path, b->earlier ? b->earlier : "?");
		}
	}
	if (b->writing)
		fs_sync_parent(path, &e);
	free(b->earlier);
	b->earlier = NULL;
}

/* asice_write's seal: the signature timestamp, checked before it is written (B-T). */
struct stamp {
	const struct tsp_opts *tsa;
	struct bundle_result *r;
	const struct asice_signer *signer;
};

/* B-LT: the chain checked after the timestamp and what decided it embedded (blt.h). */
static int extend_signature(unsigned char **sig, size_t *len, struct stamp *st, struct cot_err *err)
{
	unsigned char *out = NULL;
	size_t out_len = 0;
	int rc;

	rc = blt_extend(*sig, *len, st->signer->cert, st->signer->chain, NULL, &out, &out_len,
		&st->r->lt, err);
	if (rc)
		return rc;
	OPENSSL_free(*sig);
	*sig = out;
	*len = out_len;
	return COT_OK;
}

static int stamp_signature(unsigned char **sig, size_t *len, void *arg, struct cot_err *err)
{
	struct stamp *st = arg;
	unsigned char *out = NULL;
	size_t out_len = 0;
	int rc;

	rc = tsp_stamp_cades(st->tsa, *sig, *len, clock_now(), &out, &out_len, &st->r->tsa, err);
	if (rc)
		return rc;
	OPENSSL_free(*sig);
	*sig = out;
	*len = out_len;
	st->r->timestamped = true;
	return extend_signature(sig, len, st, err);
}

static int write_container(struct build *b, struct bundle_result *r, struct cot_err *err)
{
	struct stamp st = {b->o->tsa, r, b->o->signer};
	struct asice_write_opts wo = {.time = b->o->time,
		.signer = b->o->signer,
		.check = bundle_check_item,
		.progress = b->o->progress,
		.progress_arg = b->o->progress_arg};
	struct asice_written w;
	char *dir;
	int rc;

	if (b->o->tsa && b->o->signer) {
		wo.seal = stamp_signature;
		wo.seal_arg = &st;
	}
	r->path = b->o->out ? strdup(b->o->out)
			    : bundle_default_path(b->p, b->o->time, b->o->signer != NULL);
	dir = path_join(b->p->root, "out");
	if (!r->path) {
		free(dir);
		return cot_err_nomem(err);
	}
	b->made_out = !b->o->out && !fs_exists(dir);
	rc = b->o->out ? fs_output_file_ok(b->o->out, err) : project_path_inside(b->p, "out", err);
	if (!rc && !b->o->out)
		rc = fs_mkdir(dir, 0755, err);
	free(dir);
	if (rc)
		return rc;
	recover(b->p, r->path);
	if ((rc = keep_earlier(r->path, &b->earlier, err)))
		return rc;
	b->writing = true;
	if ((rc = asice_write(r->path, b->items, b->n, &wo, &w, err)))
		return rc;
	for (int i = 0; i < 32; i++)
		snprintf(r->sha256 + 2 * i, 3, "%02x", w.sha256[i]);
	r->size = w.size;
	r->entries = b->n + 2 + (b->o->signer != NULL);
	for (size_t i = 0; i < b->n; i++)
		r->content += b->items[i].size;
	r->rel = relative_to(b->p->root, r->path);
	return r->rel ? COT_OK : cot_err_nomem(err);
}

int bundle_build(const struct project *p, const struct bundle_opts *o, struct bundle_result *r,
	struct diag_list *d, struct cot_err *err)
{
	struct build b = {.p = p, .o = o};
	struct lock lk = LOCK_INIT;
	int rc;

	bundle_result_init(r);
	if ((rc = zip_load(err)) || (rc = project_lock(p, &lk, err)))
		return rc;
	b.items = calloc(ROLE_COUNT + 4 + 2 * BUNDLE_MAX_FILES, sizeof(*b.items));
	rc = b.items ? gather(&b, d, err) : cot_err_nomem(err);
	memcpy(r->changed, b.changed, sizeof(r->changed));
	if (!rc && !(rc = make_submission(&b, &r->sub, err))) {
		plan_items(&b);
		rc = check_sizes(&b, err);
		if (!rc)
			rc = write_container(&b, r, err);
		if (!rc)
			rc = record(&b, r, err);
		finish_output(&b, r->path, rc == COT_OK, err);
	}
	lock_release(&lk);
	bundle_docs_release(&b.docs);
	if (b.has_checklist)
		checklist_release(&b.cl);
	for (size_t i = 0; i < b.nvf; i++)
		free(b.vf[i].path);
	free(b.vf);
	free(b.items);
	free(b.xml);
	return rc;
}

const struct jrec *bundle_last(const struct journal *j)
{
	for (size_t k = j->n; k-- > 0;)
		if (strcmp(j->v[k].event, BUNDLE_EVENT) == 0)
			return &j->v[k];
	return NULL;
}
