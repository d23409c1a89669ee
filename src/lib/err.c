/* The error record library code fills for the command layer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cot/exit.h"
#include "cot/i18n.h"
#include "cot/mem.h"

static void verr(struct cot_err *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	err->nomem = false;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int cot_err_nomem(struct cot_err *err)
{
	cot_err_set(err, COT_ENV, "%s", _("out of memory"));
	err->nomem = true;
	/* A caller may make light of the error: the end of the command will not (mem.h). */
	mem_note_failure();
	return COT_ENV;
}

int cot_err_set(struct cot_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int cot_err_copy(struct cot_err *dst, const struct cot_err *src)
{
	if (dst != src)
		memcpy(dst, src, sizeof(*dst));
	return dst->code;
}

int cot_err_sys(struct cot_err *err, int code, int errno_value, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	verr(err, code, fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(errno_value));
	return code;
}

void cot_err_prefix(struct cot_err *err, const char *fmt, ...)
{
	char old[sizeof(err->msg)];
	va_list ap;
	size_t n;

	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", old);
}
