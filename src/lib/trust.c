/* Trust anchors: shipped sets (trust/production, trust/acceptance) and files named in cot.yaml. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/cert.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/trust.h"

static const struct {
	const char *name;
	const char *dir;
} sets[] = {
	{"ehealth-production", "production"},
	{"ehealth-acceptance", "acceptance"},
};

const char *trust_set_subdir(const char *name)
{
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (strcmp(sets[i].name, name) == 0)
			return sets[i].dir;
	return NULL;
}

char *trust_data_dir(void)
{
	return path_join(fs_from_build_tree() ? COT_SRCDIR : COT_DATADIR, "trust");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_pem_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".pem") == 0;
}

/* The *.pem names of dir, sorted, into names (at most TRUST_MAX_SET_FILES). */
static int list_pems(const char *set, const char *dir, char **names, size_t *n, struct cot_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = COT_OK;

	*n = 0;
	if (!d)
		return cot_err_sys(err, COT_ENV, errno,
			_("trust set '%s': cannot read '%s' (is cot "
			  "installed completely?)"),
			set, dir);
	while (rc == COT_OK && (e = readdir(d))) {
		if (!is_pem_name(e->d_name))
			continue;
		if (*n == TRUST_MAX_SET_FILES)
			rc = cot_err_set(err, COT_USAGE,
				_("trust set '%s': more than %d files in '%s'"), set,
				TRUST_MAX_SET_FILES, dir);
		else if (!(names[(*n)++] = strdup(e->d_name)))
			rc = cot_err_nomem(err);
	}
	closedir(d);
	if (rc == COT_OK && *n == 0)
		rc = cot_err_set(err, COT_ENV, _("trust set '%s': no .pem file in '%s'"), set, dir);
	qsort(names, *n, sizeof(char *), by_name);
	return rc;
}

static int load_set(
	const char *set, const char *subdir, STACK_OF(X509) *anchors, struct cot_err *err)
{
	char *names[TRUST_MAX_SET_FILES];
	char *top = trust_data_dir(), *dir = top ? path_join(top, subdir) : NULL;
	size_t n = 0;
	int rc;

	if (!dir) {
		rc = cot_err_nomem(err);
		goto out;
	}
	rc = list_pems(set, dir, names, &n, err);
	for (size_t i = 0; rc == COT_OK && i < n; i++) {
		char *path = path_join(dir, names[i]);
		rc = cert_load_anchors(path, anchors, err);
		if (rc)
			cot_err_prefix(err, _("trust set '%s'"), set);
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
out:
	free(dir);
	free(top);
	return rc;
}

static int load_file(
	const char *root, const char *item, STACK_OF(X509) *anchors, struct cot_err *err)
{
	char *path = path_join(root, item);
	int rc;

	if (!fs_exists(path) && strchr(item, '/') == NULL && strncmp(item, "ehealth-", 8) == 0) {
		rc = cot_err_set(err, COT_USAGE,
			_("trust anchor '%s' is neither a trust set "
			  "(ehealth-production, ehealth-acceptance) nor a file"),
			item);
	} else {
		rc = cert_load_anchors(path, anchors, err);
		if (rc && rc != COT_ENV)
			/* TRANSLATORS: the anchor's file; the reason follows after a colon */
			cot_err_prefix(err, _("trust anchor '%s'"), item);
	}
	free(path);
	return rc;
}

int trust_load(
	const char *root, const struct strlist *items, STACK_OF(X509) *anchors, struct cot_err *err)
{
	int rc = COT_OK;

	for (size_t i = 0; rc == COT_OK && items && i < items->n; i++) {
		const char *subdir = trust_set_subdir(items->v[i]);
		rc = subdir ? load_set(items->v[i], subdir, anchors, err)
			    : load_file(root, items->v[i], anchors, err);
	}
	return rc;
}
