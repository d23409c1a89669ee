/* The checks of a software vendor's samples/ and screenshots/ folders (cot check). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/kmehr.h"
#include "cot/mem.h"
#include "cot/project.h"
#include "cot/sniff.h"
#include "cot/vendor.h"

struct names {
	char **v;
	size_t n;
};

static void names_release(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible entries of dir, sorted, at most VENDOR_FILES_MAX; false when dir is missing. */
static bool list_dir(const char *dir, struct names *out)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	out->v = NULL;
	out->n = 0;
	if (!dp)
		return false;
	out->v = xcalloc(VENDOR_FILES_MAX, sizeof(char *));
	while ((e = readdir(dp)) && out->n < VENDOR_FILES_MAX)
		if (e->d_name[0] != '.')
			out->v[out->n++] = xstrdup(e->d_name);
	closedir(dp);
	qsort(out->v, out->n, sizeof(char *), cmp_name);
	return true;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), k = strlen(ext);

	return n > k && strcasecmp(name + n - k, ext) == 0;
}

/* Whether path is a regular file (not followed if a link); else a warning. */
static bool regular(const char *path, const char *shown, const char *rule, struct diag_list *d)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		return true;
	diag_add(d, DIAG_WARNING, shown, 0, 0, rule,
		_("'%s' is not a regular file: cot does not look at it"), shown);
	return false;
}

static struct kmehr_schema *load_schema(const char *schemas_dir, struct diag_list *d)
{
	struct cot_err err = COT_ERR_INIT;
	struct kmehr_schema *s = NULL;

	if (!schemas_dir) {
		diag_add(d, DIAG_WARNING, VENDOR_SAMPLES, 0, 0, "vendor-samples-schema",
			_("no KMEHR schemas configured (cot.yaml 'kmehr: schemas:'): the "
			  "samples are checked without the KMEHR XSD"));
		return NULL;
	}
	if (kmehr_schema_load(schemas_dir, &s, &err)) {
		diag_add(d, DIAG_WARNING, VENDOR_SAMPLES, 0, 0, "vendor-samples-schema",
			_("the KMEHR schemas of cot.yaml 'kmehr: schemas:' cannot be used (%s): "
			  "the samples are checked without the KMEHR XSD"),
			err.msg);
		return NULL;
	}
	return s;
}

/* One sample, read bounded and named in findings as shown. */
static int check_sample(const struct kmehr_schema *s, const char *path, const char *shown,
	struct diag_list *d, struct cot_err *err)
{
	struct cot_err rerr = COT_ERR_INIT;
	char *data = NULL;
	size_t len;
	int rc;

	if (fs_read(path, KMEHR_MAX, &data, &len, &rerr)) {
		diag_add(d, DIAG_ERROR, shown, 0, 0, "kmehr-unreadable", "%s", rerr.msg);
		return COT_OK;
	}
	rc = kmehr_check_mem(s, shown, (const unsigned char *)data, len, d, err);
	free(data);
	return rc;
}

static int check_samples(
	const char *root, const char *schemas_dir, struct diag_list *d, struct cot_err *err)
{
	char *dir = path_join(root, VENDOR_SAMPLES);
	struct names l;
	struct kmehr_schema *s = NULL;
	size_t xml = 0;
	int rc = COT_OK;

	if (list_dir(dir, &l))
		s = load_schema(schemas_dir, d);
	for (size_t i = 0; !rc && i < l.n; i++) {
		char *path = path_join(dir, l.v[i]), *shown = path_join(VENDOR_SAMPLES, l.v[i]);
		if (!has_ext(l.v[i], ".xml"))
			diag_add(d, DIAG_WARNING, shown, 0, 0, "vendor-samples-other",
				_("'%s' is not a KMEHR sample (*.xml): it is not checked"), shown);
		else if (regular(path, shown, "vendor-samples-other", d)) {
			xml++;
			rc = check_sample(s, path, shown, d, err);
		}
		free(path);
		free(shown);
	}
	if (!rc && !xml)
		diag_add(d, DIAG_ERROR, VENDOR_SAMPLES, 0, 0, "vendor-samples-none",
			_("no KMEHR sample message in '%s/': put there the messages the "
			  "software will send (*.xml)"),
			VENDOR_SAMPLES);
	kmehr_schema_free(s);
	names_release(&l);
	free(dir);
	return rc;
}

/* The type a file name's extension promises, or SNIFF_OTHER when it names none. */
static enum sniff_type named_type(const char *name)
{
	if (has_ext(name, ".png"))
		return SNIFF_PNG;
	if (has_ext(name, ".jpg") || has_ext(name, ".jpeg"))
		return SNIFF_JPEG;
	if (has_ext(name, ".pdf"))
		return SNIFF_PDF;
	return SNIFF_OTHER;
}

/* One screenshot: its first bytes say what it is. True when it is an image or a PDF. */
static bool check_screenshot(const char *path, const char *shown, struct diag_list *d)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char head[SNIFF_HEAD];
	struct sniff sn;
	enum sniff_type t, named = named_type(shown);
	size_t size;
	ssize_t got;
	int fd;

	if (fs_open_read(path, VENDOR_SCREENSHOT_MAX, &fd, &size, &err)) {
		diag_add(d, DIAG_ERROR, shown, 0, 0, "vendor-screenshot-unreadable", "%s", err.msg);
		return false;
	}
	got = read(fd, head, sizeof(head));
	close(fd);
	sniff_buffer(&sn, head, got > 0 ? (size_t)got : 0);
	t = sniff_type(&sn);
	if (t == SNIFF_OTHER) {
		diag_add(d, DIAG_ERROR, shown, 0, 0, "vendor-screenshot-type",
			_("'%s' is not a PNG, JPEG or PDF file by its content"), shown);
		return false;
	}
	if (named != SNIFF_OTHER && named != t)
		/* TRANSLATORS: a file name, the type its content is, the type its name says. */
		diag_add(d, DIAG_ERROR, shown, 0, 0, "vendor-screenshot-mismatch",
			_("'%s' holds a %s file but its name says %s"), shown, sniff_type_name(t),
			sniff_type_name(named));
	return true;
}

static void check_screenshots(const char *root, struct diag_list *d)
{
	char *dir = path_join(root, VENDOR_SCREENSHOTS);
	struct names l;
	size_t good = 0;

	list_dir(dir, &l);
	for (size_t i = 0; i < l.n; i++) {
		char *path = path_join(dir, l.v[i]), *shown = path_join(VENDOR_SCREENSHOTS, l.v[i]);
		if (regular(path, shown, "vendor-screenshot-type", d))
			good += check_screenshot(path, shown, d);
		free(path);
		free(shown);
	}
	if (!good)
		diag_add(d, DIAG_ERROR, VENDOR_SCREENSHOTS, 0, 0, "vendor-screenshots-none",
			_("no screenshot or design in '%s/': put there how the software handles "
			  "BelRAI data (PNG, JPEG or PDF)"),
			VENDOR_SCREENSHOTS);
	names_release(&l);
	free(dir);
}

int vendor_check(
	const char *root, const char *schemas_dir, struct diag_list *d, struct cot_err *err)
{
	int rc = check_samples(root, schemas_dir, d, err);

	if (!rc)
		check_screenshots(root, d);
	return rc;
}

int vendor_check_project(
	const struct project *p, struct diag_list *d, unsigned *errors, struct cot_err *err)
{
	char *schemas = project_kmehr_schemas(p);
	unsigned before = d->errors;
	int rc = vendor_check(p->root, schemas, d, err);

	free(schemas);
	*errors = d->errors - before;
	return rc;
}
