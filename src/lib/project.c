/* The project directory: finding it, and reading and writing cot.yaml strictly. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "cot/lock.h"
#include "cot/mem.h"
#include "cot/project.h"
#include "cot/i18n.h"
#include "cot/ydoc.h"
#include "cot/ytext.h"

static const char *const route_names[] = {"vitalink", "direct"};
static const char *const kind_names[] = {"organisation", "vendor"};
static const char *const lang_names[] = {"en", "nl", "fr"};

static bool parse_name(const char *s, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

const char *route_name(enum route r)
{
	return route_names[r];
}

const char *kind_name(enum org_kind k)
{
	return kind_names[k];
}

const char *lang_name(enum lang l)
{
	return lang_names[l];
}

bool route_parse(const char *s, enum route *r)
{
	int i;

	if (!parse_name(s, route_names, 2, &i))
		return false;
	*r = (enum route)i;
	return true;
}

bool kind_parse(const char *s, enum org_kind *k)
{
	int i;

	if (!parse_name(s, kind_names, 2, &i))
		return false;
	*k = (enum org_kind)i;
	return true;
}

bool lang_parse(const char *s, enum lang *l)
{
	int i;

	if (!parse_name(s, lang_names, LANG_COUNT, &i))
		return false;
	*l = (enum lang)i;
	return true;
}

int project_find(const char *start, char **root, struct cot_err *err)
{
	char *dir = realpath(start ? start : ".", NULL);

	*root = NULL;
	if (!dir)
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot use directory '%s'"), start ? start : ".");
	for (;;) {
		char *cfg = path_join(dir, COT_CONFIG_NAME);
		bool found = cfg && fs_exists(cfg);
		char *slash;
		free(cfg);
		if (found) {
			*root = dir;
			return COT_OK;
		}
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	return cot_err_set(err, COT_USAGE,
		_("not in a cot project (no %s here or in any parent directory); "
		  "run 'cot init' or use -C DIR"),
		COT_CONFIG_NAME);
}

static void get_email(
	const struct ynode *map, const char *key, const char *file, struct diag_list *d, char **out)
{
	const char *s;

	if (!yget_str(map, key, false, file, d, &s) || !s)
		return;
	if (!email_valid(s)) {
		const struct ynode *v = ymap_get(map, key);
		diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-email",
			_("'%s' is not an e-mail address"), s);
		return;
	}
	*out = xstrdup(s);
}

static void parse_contact(const struct ynode *root, const char *key, const char *file,
	struct diag_list *d, struct contact *c)
{
	static const char *const keys[] = {"name", "email", "phone", NULL};
	bool ok;
	const struct ynode *m = yget_kind(root, key, Y_MAP, false, file, d, &ok);
	const char *s;

	if (!m)
		return;
	ycheck_keys(m, keys, file, d);
	if (yget_str(m, "name", false, file, d, &s))
		c->name = xstrdup(s);
	get_email(m, "email", file, d, &c->email);
	if (yget_str(m, "phone", false, file, d, &s))
		c->phone = xstrdup(s);
}

static void parse_strlist(const struct ynode *map, const char *key, const char *file,
	struct diag_list *d, struct strlist *out)
{
	bool ok;
	const struct ynode *seq = yget_kind(map, key, Y_SEQ, false, file, d, &ok);

	if (!seq)
		return;
	out->v = calloc(seq->n + 1, sizeof(char *));
	if (!out->v)
		mem_die();
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->kids[i];
		if (it->kind != Y_SCALAR || !it->str[0]) {
			diag_add(d, DIAG_ERROR, file, it->line, it->col, "schema-type",
				_("items of '%s' must be non-empty strings"), key);
			continue;
		}
		out->v[out->n++] = xstrdup(it->str);
	}
}

/* Reads an enum-valued key through parse; reports the allowed values. */
static void get_enum(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, const char *allowed, bool (*parse)(const char *, void *), void *out)
{
	const char *s;

	if (!yget_str(map, key, required, file, d, &s) || !s)
		return;
	if (!parse(s, out)) {
		const struct ynode *v = ymap_get(map, key);
		diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-value",
			_("'%s' is not a valid %s (one of %s)"), s, key, allowed);
	}
}

static bool route_parse_v(const char *s, void *o)
{
	return route_parse(s, o);
}

static bool kind_parse_v(const char *s, void *o)
{
	return kind_parse(s, o);
}

static bool lang_parse_v(const char *s, void *o)
{
	return lang_parse(s, o);
}

static void parse_ids(
	const struct ynode *org, const char *file, struct diag_list *d, struct cot_config *cfg)
{
	char why[160];
	const char *s;

	if (yget_str(org, "kbo", true, file, d, &s) && s &&
		!kbo_parse(s, cfg->kbo, why, sizeof(why))) {
		const struct ynode *v = ymap_get(org, "kbo");
		diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-kbo",
			_("KBO number '%s' is not valid: %s"), s, why);
	}
	if (yget_str(org, "nihii", false, file, d, &s) && s) {
		const struct ynode *v = ymap_get(org, "nihii");
		enum nihii_rule r = nihii_parse(s, cfg->nihii, why, sizeof(why));
		if (r == NIHII_BAD)
			diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-nihii",
				_("NIHII number '%s' is not valid: %s"), s, why);
		else if (strlen(cfg->nihii) != NIHII_ORG_LEN)
			diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-nihii",
				_("NIHII number '%s' is a person's (11 digits); an organisation "
				  "has 8"),
				s);
		else if (r == NIHII_MOD89)
			diag_add(d, DIAG_WARNING, file, v->line, v->col, "config-nihii",
				_("NIHII number '%s' passes only the unconfirmed modulo-89 check"),
				s);
	}
}

/* A non-empty text value of key into *out. */
static void get_text(
	const struct ynode *map, const char *key, const char *file, struct diag_list *d, char **out)
{
	const char *s;

	if (!yget_str(map, key, true, file, d, &s) || !s)
		return;
	if (!s[0]) {
		const struct ynode *v = ymap_get(map, key);
		diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-value", _("'%s' is empty"),
			key);
	}
	*out = xstrdup(s);
}

/* A vendor names its product and has no route; an organisation the reverse. */
static void parse_kind_keys(
	const struct ynode *org, const char *file, struct diag_list *d, struct cot_config *cfg)
{
	static const char *const vendor_keys[] = {"product", "product-version"};
	const struct ynode *v;

	if (cfg->kind == KIND_ORGANISATION) {
		get_enum(org, "route", true, file, d, "vitalink, direct", route_parse_v,
			&cfg->route);
		for (size_t i = 0; i < 2; i++)
			if ((v = ymap_get(org, vendor_keys[i])))
				diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-kind",
					_("'%s' is for a software vendor's project (kind: vendor)"),
					vendor_keys[i]);
		return;
	}
	cfg->route = ROUTE_DIRECT;
	if ((v = ymap_get(org, "route")))
		diag_add(d, DIAG_ERROR, file, v->line, v->col, "config-kind",
			_("a software vendor's project has no 'route': remove it"));
	get_text(org, "product", file, d, &cfg->product);
	get_text(org, "product-version", file, d, &cfg->product_version);
}

static void parse_organisation(
	const struct ynode *root, const char *file, struct diag_list *d, struct cot_config *cfg)
{
	static const char *const keys[] = {"name", "kbo", "nihii", "kind", "route", "lang",
		"product", "product-version", NULL};
	bool ok;
	const struct ynode *org = yget_kind(root, "organisation", Y_MAP, true, file, d, &ok);
	const char *s;

	if (!org)
		return;
	ycheck_keys(org, keys, file, d);
	if (yget_str(org, "name", true, file, d, &s) && s) {
		if (!s[0])
			diag_add(d, DIAG_ERROR, file, org->line, org->col, "config-value",
				_("the organisation name is empty"));
		cfg->name = xstrdup(s);
	}
	parse_ids(org, file, d, cfg);
	get_enum(org, "kind", false, file, d, "organisation, vendor", kind_parse_v, &cfg->kind);
	parse_kind_keys(org, file, d, cfg);
	get_enum(org, "lang", false, file, d, "nl, fr, en", lang_parse_v, &cfg->lang);
}

/* The answers file cot.yaml names lies in the project: relative, no '..' (as documents). */
static void answers_inside(const struct ynode *n, const char *file, struct diag_list *d)
{
	const char *s = n->str;
	bool up = strcmp(s, "..") == 0 || strncmp(s, "../", 3) == 0 || strstr(s, "/../") ||
		  (strlen(s) >= 3 && strcmp(s + strlen(s) - 3, "/..") == 0);

	if (s[0] == '/' || up)
		diag_add(d, DIAG_ERROR, file, n->line, n->col, "config-path",
			_("the answers file '%s' "
			  "is outside the project: give a path inside it"),
			s);
}

static void parse_sections(
	const struct ynode *root, const char *file, struct diag_list *d, struct cot_config *cfg)
{
	static const char *const ck[] = {"requirements", "answers", NULL};
	static const char *const ce[] = {"environment", "trust", NULL};
	static const char *const sk[] = {"to", "from", "smtp", NULL};
	static const char *const wk[] = {"url", "file", "trust", NULL};
	static const char *const ak[] = {"trust", NULL};
	static const char *const gk[] = {"tsa", "tsa-trust", NULL};
	static const char *const kk[] = {"schemas", NULL};
	const struct ynode *m;
	const char *s;
	bool ok;

	if ((m = yget_kind(root, "checklist", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, ck, file, d);
		if (yget_str(m, "requirements", false, file, d, &s) && s)
			cfg->requirements = xstrdup(s);
		if (yget_str(m, "answers", false, file, d, &s) && s) {
			cfg->answers = xstrdup(s);
			answers_inside(ymap_get(m, "answers"), file, d);
		}
	}
	if ((m = yget_kind(root, "certificate", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, ce, file, d);
		if (yget_str(m, "environment", false, file, d, &s) && s) {
			if (strcmp(s, "production") && strcmp(s, "acceptance"))
				diag_add(d, DIAG_ERROR, file, ymap_get(m, "environment")->line,
					ymap_get(m, "environment")->col, "config-value",
					_("'%s' is not a valid environment (production or "
					  "acceptance)"),
					s);
			cfg->cert_env = xstrdup(s);
		}
		parse_strlist(m, "trust", file, d, &cfg->trust);
	}
	if ((m = yget_kind(root, "submission", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, sk, file, d);
		get_email(m, "to", file, d, &cfg->submit_to);
		get_email(m, "from", file, d, &cfg->submit_from);
		if (yget_str(m, "smtp", false, file, d, &s) && s)
			cfg->smtp_url = xstrdup(s);
	}
	if ((m = yget_kind(root, "whitelist", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, wk, file, d);
		if (yget_str(m, "url", false, file, d, &s) && s)
			cfg->whitelist_url = xstrdup(s);
		if (yget_str(m, "file", false, file, d, &s) && s)
			cfg->whitelist_file = xstrdup(s);
		parse_strlist(m, "trust", file, d, &cfg->whitelist_trust);
	}
	if ((m = yget_kind(root, "authority", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, ak, file, d);
		parse_strlist(m, "trust", file, d, &cfg->authority_trust);
	}
	if ((m = yget_kind(root, "signature", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, gk, file, d);
		if (yget_str(m, "tsa", false, file, d, &s) && s)
			cfg->tsa_url = xstrdup(s);
		parse_strlist(m, "tsa-trust", file, d, &cfg->tsa_trust);
	}
	if ((m = yget_kind(root, "kmehr", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(m, kk, file, d);
		if (yget_str(m, "schemas", false, file, d, &s) && s)
			cfg->kmehr_schemas = xstrdup(s);
	}
}

static void config_defaults(struct cot_config *cfg)
{
	if (!cfg->requirements)
		cfg->requirements = xstrdup("belrai-security-1.0");
	if (!cfg->answers)
		cfg->answers = xstrdup("checklist.yaml");
	if (!cfg->cert_env)
		cfg->cert_env = xstrdup("production");
	if (!cfg->submit_to)
		cfg->submit_to = xstrdup(PROJECT_SUBMIT_TO);
}

int config_parse(
	const char *file, const char *data, size_t len, struct cot_config *cfg, struct diag_list *d)
{
	static const char *const top[] = {"format", "organisation", "contacts", "checklist",
		"certificate", "submission", "whitelist", "authority", "signature", "kmehr", NULL};
	static const char *const ck[] = {
		"security_officer", "legal_representative", "it_vendor", NULL};
	struct ydoc_limits lim = {.max_bytes = COT_CONFIG_MAX, .max_depth = 8, .max_nodes = 10000};
	unsigned errors = d->errors;
	struct ynode *root = NULL;
	const struct ynode *contacts;
	const char *fmt;
	bool ok;

	memset(cfg, 0, sizeof(*cfg));
	if (ydoc_parse(file, data, len, &lim, &root, d))
		return COT_USAGE;
	if (!root || root->kind != Y_MAP) {
		diag_add(d, DIAG_ERROR, file, root ? root->line : 1, root ? root->col : 1,
			"schema-type",
			_("cot.yaml must be a mapping with an 'organisation' section"));
		ynode_free(root);
		return COT_USAGE;
	}
	ytext_check(root, file, d);
	ycheck_keys(root, top, file, d);
	if (yget_str(root, "format", true, file, d, &fmt) && fmt &&
		strcmp(fmt, "cot.project/1") != 0)
		diag_add(d, DIAG_ERROR, file, ymap_get(root, "format")->line,
			ymap_get(root, "format")->col, "config-format",
			_("format '%s' is not one this cot reads (cot.project/1)"), fmt);
	cfg->version = 1;
	parse_organisation(root, file, d, cfg);
	if ((contacts = yget_kind(root, "contacts", Y_MAP, false, file, d, &ok))) {
		ycheck_keys(contacts, ck, file, d);
		parse_contact(contacts, "security_officer", file, d, &cfg->security_officer);
		parse_contact(
			contacts, "legal_representative", file, d, &cfg->legal_representative);
		parse_contact(contacts, "it_vendor", file, d, &cfg->it_vendor);
	}
	parse_sections(root, file, d, cfg);
	config_defaults(cfg);
	ynode_free(root);
	return d->errors > errors ? COT_USAGE : COT_OK;
}

int project_open(const char *dir, struct project *p, struct diag_list *d, struct cot_err *err)
{
	char *data = NULL;
	size_t len;
	int rc;

	rc = project_find(dir, &p->root, err);
	if (rc)
		return rc;
	p->config_path = path_join(p->root, COT_CONFIG_NAME);
	rc = fs_read(p->config_path, COT_CONFIG_MAX, &data, &len, err);
	if (rc)
		return rc;
	rc = config_parse(p->config_path, data, len, &p->cfg, d);
	free(data);
	if (rc)
		return cot_err_set(err, COT_USAGE, _("'%s' has errors"), p->config_path);
	/* A symbolic link may lead where the lexical check of cot.yaml cannot see. */
	rc = project_path_inside(p, p->cfg.answers, err);
	if (rc == COT_USAGE)
		diag_add(d, DIAG_ERROR, p->config_path, 0, 0, "config-path",
			_("the answers file %s"), err->msg);
	return rc ? cot_err_set(err, rc, _("'%s' has errors"), p->config_path) : COT_OK;
}

int project_path_inside(const struct project *p, const char *rel, struct cot_err *err)
{
	char *joined = path_join(p->root, rel), *real = NULL, *root = NULL;
	struct stat st;
	size_t n;
	int rc = COT_OK;

	if (lstat(joined, &st) < 0)
		goto out;
	real = realpath(joined, NULL);
	root = realpath(p->root, NULL);
	if (!real && errno == ENOENT) {
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' is a symbolic link to nothing: cot does not "
			  "follow it"),
			rel);
		goto out;
	}
	if (!real || !root) {
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot resolve '%s'"), rel);
		goto out;
	}
	n = strlen(root);
	if (strncmp(real, root, n) != 0 || real[n] != '/')
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' leads outside the project (to '%s'): cot "
			  "reads and writes only inside it"),
			rel, real);
out:
	free(joined);
	free(real);
	free(root);
	return rc;
}

static void add_field(struct buf *b, const char *indent, const char *key, const char *val)
{
	if (!val)
		return;
	buf_addf(b, "%s%s: ", indent, key);
	ytext_quote(b, val);
	buf_adds(b, "\n");
}

static void add_contact(struct buf *b, const char *key, const struct contact *c, const char *what)
{
	buf_addf(b, "  # %s\n  %s:", what, key);
	if (!c->name && !c->email && !c->phone) {
		buf_adds(b, " {}\n");
		return;
	}
	buf_adds(b, "\n");
	add_field(b, "    ", "name", c->name);
	add_field(b, "    ", "email", c->email);
	add_field(b, "    ", "phone", c->phone);
}

static void add_list(struct buf *b, const char *indent, const char *key, const struct strlist *l)
{
	if (!l->n)
		return;
	buf_addf(b, "%s%s:\n", indent, key);
	for (size_t i = 0; i < l->n; i++) {
		buf_addf(b, "%s  - ", indent);
		ytext_quote(b, l->v[i]);
		buf_adds(b, "\n");
	}
}

char *config_render(const struct cot_config *cfg)
{
	struct buf b = BUF_INIT;

	buf_adds(&b,
		"# cot project profile: read by every cot command in this directory and below.\n"
		"# Edit it by hand; 'cot status' tells you when something in it is wrong.\n"
		"format: cot.project/1\n\norganisation:\n");
	add_field(&b, "  ", "name", cfg->name);
	add_field(&b, "  ", "kbo", cfg->kbo);
	if (cfg->nihii[0])
		add_field(&b, "  ", "nihii", cfg->nihii);
	buf_addf(&b, "  kind: %s        # organisation | vendor\n", kind_name(cfg->kind));
	if (cfg->kind == KIND_VENDOR) {
		add_field(&b, "  ", "product", cfg->product);
		add_field(&b, "  ", "product-version", cfg->product_version);
	} else
		buf_addf(&b, "  route: %s        # vitalink | direct\n", route_name(cfg->route));
	buf_addf(&b, "  lang: %s          # nl | fr | en: messages, reports, mail\n\ncontacts:\n",
		lang_name(cfg->lang));
	add_contact(&b, "security_officer", &cfg->security_officer, "information security officer");
	add_contact(&b, "legal_representative", &cfg->legal_representative,
		"signs the BelRAI contract and the circle-of-trust declaration");
	add_contact(&b, "it_vendor", &cfg->it_vendor, "IT supplier of the care software");
	buf_adds(&b, "\nchecklist:\n");
	add_field(&b, "  ", "requirements", cfg->requirements);
	add_field(&b, "  ", "answers", cfg->answers);
	buf_adds(&b, "\ncertificate:\n");
	add_field(&b, "  ", "environment", cfg->cert_env);
	add_list(&b, "  ", "trust", &cfg->trust);
	buf_adds(&b, "\nsubmission:\n");
	add_field(&b, "  ", "to", cfg->submit_to);
	add_field(&b, "  ", "from", cfg->submit_from);
	add_field(&b, "  ", "smtp", cfg->smtp_url);
	if (cfg->whitelist_url || cfg->whitelist_file || cfg->whitelist_trust.n) {
		buf_adds(&b, "\nwhitelist:\n");
		add_field(&b, "  ", "url", cfg->whitelist_url);
		add_field(&b, "  ", "file", cfg->whitelist_file);
		add_list(&b, "  ", "trust", &cfg->whitelist_trust);
	}
	if (cfg->authority_trust.n) {
		buf_adds(&b, "\nauthority:\n");
		add_list(&b, "  ", "trust", &cfg->authority_trust);
	}
	if (cfg->tsa_url || cfg->tsa_trust.n) {
		buf_adds(&b, "\nsignature:\n");
		add_field(&b, "  ", "tsa", cfg->tsa_url);
		add_list(&b, "  ", "tsa-trust", &cfg->tsa_trust);
	}
	if (cfg->kmehr_schemas) {
		buf_adds(&b, "\nkmehr:\n");
		add_field(&b, "  ", "schemas", cfg->kmehr_schemas);
	}
	return buf_detach(&b, NULL);
}

static void contact_release(struct contact *c)
{
	free(c->name);
	free(c->email);
	free(c->phone);
}

static void strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

void config_release(struct cot_config *cfg)
{
	free(cfg->name);
	free(cfg->product);
	free(cfg->product_version);
	contact_release(&cfg->security_officer);
	contact_release(&cfg->legal_representative);
	contact_release(&cfg->it_vendor);
	free(cfg->requirements);
	free(cfg->answers);
	free(cfg->cert_env);
	strlist_release(&cfg->trust);
	free(cfg->submit_to);
	free(cfg->submit_from);
	free(cfg->smtp_url);
	free(cfg->whitelist_url);
	free(cfg->whitelist_file);
	strlist_release(&cfg->whitelist_trust);
	strlist_release(&cfg->authority_trust);
	free(cfg->tsa_url);
	strlist_release(&cfg->tsa_trust);
	free(cfg->kmehr_schemas);
	memset(cfg, 0, sizeof(*cfg));
}

void project_release(struct project *p)
{
	free(p->root);
	free(p->config_path);
	config_release(&p->cfg);
	memset(p, 0, sizeof(*p));
}

char *project_kmehr_schemas(const struct project *p)
{
	if (!p || !p->cfg.kmehr_schemas)
		return NULL;
	if (p->cfg.kmehr_schemas[0] == '/')
		return xstrdup(p->cfg.kmehr_schemas);
	return path_join(p->root, p->cfg.kmehr_schemas);
}

char *project_state_path(const struct project *p, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s/%s", p->root, COT_STATE_DIR, name);
	return buf_detach(&b, NULL);
}

int project_lock(const struct project *p, struct lock *lk, struct cot_err *err)
{
	char *path = project_state_path(p, "lock");
	char *state = path_join(p->root, COT_STATE_DIR);
	int rc;

	if (!path)
		rc = cot_err_nomem(err);
	else
		rc = lock_acquire(lk, path, err);
	/* under the lock nobody else writes in .cot/: temp files there are a killed writer's */
	if (!rc)
		fs_sweep_temps(state, NULL, 0);
	free(path);
	free(state);
	return rc;
}

int project_journal_append(
	const struct project *p, const char *event, json_t *data, struct cot_err *err)
{
	char *path = project_state_path(p, "journal");
	char *head = project_state_path(p, "journal.head");
	int rc;

	if (path && head) {
		rc = journal_append(path, head, event, data, err);
	} else {
		json_decref(data);
		rc = cot_err_nomem(err);
	}
	free(path);
	free(head);
	return rc;
}

int project_journal_load(const struct project *p, struct journal *j, struct cot_err *err)
{
	char *path = project_state_path(p, "journal");
	int rc;

	if (!path)
		return cot_err_nomem(err);
	rc = journal_load(path, j, err);
	free(path);
	return rc;
}

/* ---- cot init: creating a project ---- */

static bool checklist_exists(const char *dir)
{
	char *path = path_join(dir, "checklist.yaml");
	bool there = fs_exists(path);

	free(path);
	return there;
}

/*
 * The answers skeleton checklist.yaml, from the requirement set cfg names:
 * made before anything is created, so that a missing set changes nothing.
 */
static int make_checklist(
	const struct cot_config *cfg, char **text, struct diag_list *d, struct cot_err *err)
{
	struct reqset rs = REQSET_INIT;
	char *path = NULL, *schema = NULL;
	int rc;

	*text = NULL;
	rc = reqset_find(cfg->requirements, &path, err);
	if (!rc && (rc = reqset_load(path, NULL, &rs, d, err)) && !err->code)
		cot_err_set(err, rc, _("the requirement set '%s' has errors"), path);
	if (rc) {
		char why[sizeof(err->msg)];
		snprintf(why, sizeof(why), "%s", err->msg);
		rc = cot_err_set(err, COT_ENV, _("cannot write checklist.yaml: %s"), why);
		goto out;
	}
	schema = reqset_answers_schema(path);
	*text = answers_skeleton(&rs, cfg, schema);
	if (!*text)
		rc = cot_err_nomem(err);
out:
	free(schema);
	free(path);
	reqset_release(&rs);
	return rc;
}

/* The nearest directory at or above dir (which may not exist yet) that exists; caller frees. */
static char *nearest_existing(const char *dir)
{
	char *p = xstrdup(dir), *slash;
	struct stat st;

	while (stat(p, &st) < 0) {
		while ((slash = strrchr(p, '/')) && slash > p && !slash[1])
			*slash = '\0';
		slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			return xstrdup(".");
		}
		slash[slash == p] = '\0';
	}
	return p;
}

/*
 * Refuses a directory that already holds a project or an interrupted one, or that lies
 * inside a project (its .cot, documents/, anywhere below its cot.yaml).
 */
static int check_target(const char *dir, struct cot_err *err)
{
	char *cfg = path_join(dir, COT_CONFIG_NAME), *state = path_join(dir, COT_STATE_DIR);
	char *near = nearest_existing(dir), *root = NULL, *outer = NULL;
	struct cot_err ignored = COT_ERR_INIT;
	int rc = COT_OK;

	if (fs_exists(cfg))
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' already holds a cot project; nothing was changed"), dir);
	else if (project_find(near, &root, &ignored) == COT_OK)
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' lies inside the cot project of '%s'; a project "
			  "cannot hold another: choose a directory outside it"),
			dir, (outer = path_join(root, COT_CONFIG_NAME)));
	else if (fs_exists(state))
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' holds a '.cot' directory but no cot.yaml (an "
			  "interrupted 'cot init'?); remove '%s' and try again"),
			dir, state);
	else if (checklist_exists(dir))
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' holds a checklist.yaml but no cot.yaml; move it "
			  "away and try again ('cot init' writes a new one)"),
			dir);
	free(cfg);
	free(state);
	free(near);
	free(root);
	free(outer);
	return rc;
}

static const struct {
	const char *name;
	mode_t mode;
	bool vendor; /* a vendor's only: its KMEHR samples and screenshots */
} init_dirs[] = {{"", 0755, false}, {"documents", 0755, false}, {"evidence", 0755, false},
	{"out", 0755, false}, {"samples", 0755, true}, {"screenshots", 0755, true},
	{".cot", 0700, false}, {".cot/certs", 0700, false}, {".cot/cache", 0700, false}};

#define INIT_NDIRS (sizeof(init_dirs) / sizeof(init_dirs[0]))

/*
 * Makes the project's directories (dirs: their paths, in init_dirs' order); made[i] says
 * which did not exist before, and those are tracked for mem_die (fs_undo_track) as soon as
 * they exist.
 */
static int make_dirs(char *const dirs[INIT_NDIRS], enum org_kind kind, bool made[INIT_NDIRS],
	struct cot_err *err)
{
	int rc = COT_OK;

	for (size_t i = 0; !rc && i < INIT_NDIRS; i++) {
		if (init_dirs[i].vendor && kind != KIND_VENDOR)
			continue;
		made[i] = !fs_exists(dirs[i]);
		rc = fs_mkdir(dirs[i], init_dirs[i].mode, err);
		if (rc)
			made[i] = false;
		else if (init_dirs[i].mode == 0700)
			chmod(dirs[i], 0700);
		if (made[i])
			fs_undo_track(dirs[i], NULL, 0, S_IFDIR | init_dirs[i].mode);
	}
	return rc;
}

/*
 * After a failure: removes what this init wrote (check_target saw no cot.yaml, .cot or
 * checklist.yaml) and the directories it made, which rmdir removes only when empty.
 */
static void undo_create(const char *dir, const bool made[INIT_NDIRS], bool wrote_checklist)
{
	static const char *const files[] = {".cot/journal", ".cot/journal.head", ".cot/lock"};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = path_join(dir, files[i]);
		unlink(p);
		free(p);
	}
	if (wrote_checklist) {
		char *p = path_join(dir, "checklist.yaml");
		unlink(p);
		free(p);
	}
	for (size_t i = INIT_NDIRS; i-- > 0;) {
		char *p = path_join(dir, init_dirs[i].name);
		if (made[i])
			rmdir(p);
		free(p);
	}
}

/*
 * The journal's first record and then cot.yaml, created exclusively: the commit point.
 * state: the paths of .cot/lock, .cot/journal and .cot/journal.head, tracked for mem_die
 * before they are made.
 */
static int write_project(
	const char *dir, const struct cot_config *cfg, char *const state[3], struct cot_err *err)
{
	struct project p = {.root = (char *)dir};
	struct lock lk = LOCK_INIT;
	char *text = config_render(cfg), *path = path_join(dir, COT_CONFIG_NAME);
	json_t *data = json_object();
	int rc;

	for (size_t i = 0; i < 3; i++)
		fs_undo_track(state[i], NULL, 0, 0600);

	json_object_set_new(data, "name", json_string(cfg->name));
	json_object_set_new(data, "kbo", json_string(cfg->kbo));
	if (cfg->kind != KIND_VENDOR)
		json_object_set_new(data, "route", json_string(route_name(cfg->route)));
	json_object_set_new(data, "kind", json_string(kind_name(cfg->kind)));
	if (cfg->kind == KIND_VENDOR) {
		json_object_set_new(data, "product", json_string(cfg->product));
		json_object_set_new(data, "product-version", json_string(cfg->product_version));
	}
	rc = project_lock(&p, &lk, err);
	if (!rc && fs_exists(path))
		rc = cot_err_set(err, COT_USAGE, _("'%s' already holds a cot project"), dir);
	if (!rc)
		rc = project_journal_append(&p, "init", data, err);
	else
		json_decref(data);
	if (!rc)
		rc = fs_write_new(path, text, strlen(text), 0644, err);
	lock_release(&lk);
	free(text);
	free(path);
	return rc;
}

/* checklist.yaml, created exclusively before cot.yaml: a project always has one. */
static int write_checklist(const char *dir, const char *text, struct cot_err *err)
{
	char *path = path_join(dir, "checklist.yaml");
	int rc = fs_write_new(path, text, strlen(text), 0644, err);

	free(path);
	return rc;
}

/*
 * The files an init creates before cot.yaml, its commit point: tracked for mem_die with
 * the directories (fs_undo_track, new files: removed), so that cot ending for want of
 * memory between its first directory and cot.yaml leaves nothing, as undo_create does
 * for an error it returns. No file is there before (check_target).
 */
static const char *const init_files[] = {
	"checklist.yaml", ".cot/lock", ".cot/journal", ".cot/journal.head"};
#define INIT_NFILES (sizeof(init_files) / sizeof(init_files[0]))

int project_create(
	const char *dir, const struct cot_config *cfg, struct diag_list *d, struct cot_err *err)
{
	bool made[INIT_NDIRS] = {false}, wrote_checklist = false;
	char *checklist = NULL, *dirs[INIT_NDIRS], *files[INIT_NFILES];
	int rc;

	if ((rc = check_target(dir, err)) || (rc = make_checklist(cfg, &checklist, d, err))) {
		free(checklist);
		return rc;
	}
	for (size_t i = 0; i < INIT_NDIRS; i++)
		dirs[i] = path_join(dir, init_dirs[i].name);
	for (size_t i = 0; i < INIT_NFILES; i++)
		files[i] = path_join(dir, init_files[i]);
	if ((rc = make_dirs(dirs, cfg->kind, made, err)) ||
		(fs_undo_track(files[0], NULL, 0, 0644),
			rc = write_checklist(dir, checklist, err)) ||
		(wrote_checklist = true, rc = write_project(dir, cfg, files + 1, err)))
		undo_create(dir, made, wrote_checklist);
	fs_undo_clear();
	for (size_t i = 0; i < INIT_NDIRS; i++)
		free(dirs[i]);
	for (size_t i = 0; i < INIT_NFILES; i++)
		free(files[i]);
	free(checklist);
	return rc;
}
