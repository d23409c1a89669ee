/* The authority's policy for cot verify: trusted requirement sets and the NIHII-to-KBO register. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/checklist.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/policy.h"
#include "cot/i18n.h"
#include "shipped-set-sha256.h"

#define SHIPPED_SET "belrai-security-1.0"

void policy_init(struct verify_policy *p)
{
	memset(p, 0, sizeof(*p));
}

void policy_release(struct verify_policy *p)
{
	for (size_t i = 0; i < p->nsets; i++)
		reqset_release(&p->sets[i]);
	free(p->sets);
	free(p->reg_file);
	free(p->reg);
	policy_init(p);
}

/* ---- the register ------------------------------------------------------------------------ */

/* The next whitespace-separated word of *s, NUL-terminated in place; NULL at the end. */
static char *word(char **s)
{
	char *w = *s + strspn(*s, " \t\r");

	if (!*w)
		return NULL;
	*s = w + strcspn(w, " \t\r");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* "KBO 'x': why" (or NIHII), one whole sentence, in place; -1. */
static int prefixed(char *why, size_t whylen, bool kbo, const char *value)
{
	char reason[256];

	snprintf(reason, sizeof(reason), "%s", why);
	if (kbo)
		/* TRANSLATORS: the KBO number as written, then why it is not valid */
		snprintf(why, whylen, _("KBO '%.40s': %.160s"), value, reason);
	else
		/* TRANSLATORS: the NIHII number as written, then why it is not valid */
		snprintf(why, whylen, _("NIHII '%.40s': %.160s"), value, reason);
	return -1;
}

static int parse_binding(char *line, struct reg_binding *b, char *why, size_t whylen)
{
	char n[NIHII_PERSON_LEN + 1], *s = line, *nihii, *kbo;

	*strchrnul(line, '#') = '\0';
	if (!(nihii = word(&s)))
		return 1; /* blank */
	if (!(kbo = word(&s))) {
		snprintf(why, whylen, _("'%s' has no KBO after it (NIHII KBO [name])"), nihii);
		return -1;
	}
	if (nihii_parse(nihii, n, why, whylen) == NIHII_BAD)
		return prefixed(why, whylen, false, nihii);
	if (strlen(n) != NIHII_ORG_LEN) {
		snprintf(why, whylen, _("'%s' is not the NIHII of an institution (8 digits)"),
			nihii);
		return -1;
	}
	memcpy(b->nihii, n, sizeof(b->nihii));
	return kbo_parse(kbo, b->kbo, why, whylen) ? 0 : prefixed(why, whylen, true, kbo);
}

static int parse_register(
	struct verify_policy *p, const char *path, char *data, size_t len, struct cot_err *err)
{
	char why[256];
	unsigned no = 0;

	if (memchr(data, '\0', len))
		return cot_err_set(err, COT_USAGE, _("%s: a NUL byte: not a text file"), path);
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		struct reg_binding b;
		int rc;
		no++;
		if (nl)
			*nl = '\0';
		if (strlen(line) > REGISTER_MAX_LINE)
			return cot_err_set(err, COT_USAGE, _("%s:%u: a line longer than %d bytes"),
				path, no, REGISTER_MAX_LINE);
		if ((rc = parse_binding(line, &b, why, sizeof(why))) < 0)
			return cot_err_set(err, COT_USAGE, "%s:%u: %s", path, no, why);
		if (rc == 0) {
			b.line = no;
			p->reg = xrealloc(p->reg, (p->nreg + 1) * sizeof(*p->reg));
			p->reg[p->nreg++] = b;
		}
		line = nl ? nl + 1 : NULL;
	}
	return COT_OK;
}

int policy_load_register(struct verify_policy *p, const char *path, struct cot_err *err)
{
	char *data = NULL;
	size_t len = 0;
	char why[sizeof(err->msg)];
	int rc = fs_read(path, REGISTER_MAX, &data, &len, err);

	if (rc) {
		/* Not err->msg itself: cot_err_set writes there while it formats. */
		snprintf(why, sizeof(why), "%s", err->msg);
		return cot_err_set(err, COT_USAGE, _("cannot read the register: %s"), why);
	}
	free(p->reg);
	p->reg = NULL;
	p->nreg = 0;
	rc = parse_register(p, path, data, len, err);
	free(data);
	if (rc) {
		free(p->reg);
		p->reg = NULL;
		p->nreg = 0;
		return rc;
	}
	free(p->reg_file);
	p->reg_file = xstrdup(path);
	return COT_OK;
}

unsigned policy_binds(const struct verify_policy *p, const char *nihii, const char *kbo)
{
	for (size_t i = 0; p && i < p->nreg; i++)
		if (strcmp(p->reg[i].nihii, nihii) == 0 && strcmp(p->reg[i].kbo, kbo) == 0)
			return p->reg[i].line;
	return 0;
}

/* ---- trusted requirement sets ---------------------------------------------------------- */

const struct reqset *policy_set(const struct verify_policy *p, const char *id, const char *version)
{
	for (size_t i = 0; p && id && version && i < p->nsets; i++)
		if (strcmp(p->sets[i].id, id) == 0 && strcmp(p->sets[i].version, version) == 0)
			return &p->sets[i];
	return NULL;
}

static int first_error(const struct diag_list *d, const char *path, struct cot_err *err)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == DIAG_ERROR)
			return cot_err_set(err, COT_USAGE,
				_("requirement set '%s' is not valid: %s:%u:%u: "
				  "%s [%s]"),
				path, d->v[i].file ? d->v[i].file : path, d->v[i].line, d->v[i].col,
				d->v[i].msg, d->v[i].rule ? d->v[i].rule : "");
	return cot_err_set(err, COT_USAGE, _("requirement set '%s' is not valid"), path);
}

/* Puts rs in p: in place of a set of the same id and version when replace, else added. */
static int keep_set(struct verify_policy *p, struct reqset *rs, bool replace, const char *path,
	struct cot_err *err)
{
	const struct reqset *same = policy_set(p, rs->id, rs->version);

	if (same && !replace)
		return cot_err_set(err, COT_USAGE,
			_("requirement set '%s' is %s %s, which is "
			  "trusted already"),
			path, rs->id, rs->version);
	if (same) {
		size_t i = (size_t)(same - p->sets);
		reqset_release(&p->sets[i]);
		p->sets[i] = *rs;
		return COT_OK;
	}
	if (p->nsets == POLICY_MAX_SETS)
		return cot_err_set(
			err, COT_USAGE, _("at most %d trusted requirement sets"), POLICY_MAX_SETS);
	p->sets = xrealloc(p->sets, (p->nsets + 1) * sizeof(*p->sets));
	p->sets[p->nsets++] = *rs;
	return COT_OK;
}

int policy_add_set(struct verify_policy *p, const char *path, bool replace, struct cot_err *err)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs = REQSET_INIT;
	char why[sizeof(err->msg)];
	int rc;

	d.max = 20;
	rc = reqset_load(path, path, &rs, &d, err);
	if (!rc)
		reqset_lint(&rs, &d);
	if (rc && err->code) {
		snprintf(why, sizeof(why), "%s", err->msg);
		rc = cot_err_set(err, COT_USAGE, _("cannot read requirement set: %s"), why);
	} else if (rc || d.errors || !rs.id || !rs.version)
		rc = first_error(&d, path, err);
	else
		rc = keep_set(p, &rs, replace, path, err);
	if (rc)
		reqset_release(&rs);
	diag_list_release(&d);
	return rc;
}

int policy_add_shipped(struct verify_policy *p, struct cot_err *err)
{
	struct cot_err none = COT_ERR_INIT;
	char *path = NULL;
	int rc;

	if (reqset_find(SHIPPED_SET, &path, &none))
		return COT_OK;
	rc = policy_add_set(p, path, false, err);
	if (!rc && strcmp(p->sets[p->nsets - 1].sha256, SHIPPED_SET_SHA256) != 0) {
		rc = cot_err_set(err, COT_USAGE,
			_("the requirement set '%s' shipped with cot was "
			  "changed after cot was built (SHA-256 %s, built with %s): reinstall cot"),
			path, p->sets[p->nsets - 1].sha256, SHIPPED_SET_SHA256);
	}
	free(path);
	return rc;
}

int policy_load(struct verify_policy *p, char *const *files, size_t nfiles, const char *reg,
	struct cot_err *err)
{
	int rc = policy_add_shipped(p, err);

	for (size_t i = 0; !rc && i < nfiles; i++)
		rc = policy_add_set(p, files[i], true, err);
	if (!rc && reg)
		rc = policy_load_register(p, reg, err);
	if (rc)
		policy_release(p);
	return rc;
}
