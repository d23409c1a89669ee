/* JSON documents to a stream: a document jansson could not build is never printed. */
#include "cot/jsonout.h"
#include <stdlib.h>
#include <string.h>
#include "cot/mem.h"

int json_print(FILE *f, json_t *o, size_t flags, struct cot_err *err)
{
	char *s = o && !mem_failed() ? json_dumps(o, flags) : NULL;

	json_decref(o);
	if (!s)
		return cot_err_nomem(err);
	fputs(s, f);
	fputc('\n', f);
	free(s);
	return COT_OK;
}
