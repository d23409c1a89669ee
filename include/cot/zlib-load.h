/* zlib loaded at run time, only when the streams of a PDF are inflated (sniff-pdf.c). */
#ifndef COT_ZLIB_LOAD_H
#define COT_ZLIB_LOAD_H

#include <zlib.h>
#include "cot/exit.h"

/*
 * The zlib functions cot calls, through this table: cot is not linked with zlib (one
 * library less for every command to load; libqpdf, loaded for the same PDFs, brings it
 * anyway), only compiled with its header. Valid once zlib_load returned COT_OK.
 * inflateInit is a macro: call inflateInit_(z, ZLIB_VERSION, (int)sizeof(z_stream)).
 */
struct zlib_api {
	int (*inflateInit_)(z_streamp strm, const char *version, int stream_size);
	int (*inflate)(z_streamp strm, int flush);
	int (*inflateEnd)(z_streamp strm);
};
extern struct zlib_api zlib_api;

/* Loads libz.so.1 once (dl_load): COT_OK, or COT_ENV naming it. */
int zlib_load(struct cot_err *err);

#endif
