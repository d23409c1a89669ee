/* cot status DIR...: the printing of many projects, one line each (status-many.c). */
#ifndef COT_STATUS_MANY_H
#define COT_STATUS_MANY_H

#include "cot/cli.h"

/*
 * Reads the projects of the n folders dirs (portfolio.h) and prints one line each in
 * ctx->format: text (aligned columns), json (JSON Lines) or csv (RFC 4180). Returns 0 when
 * every project was read and none has anything overdue, 1 otherwise, 2/3 as usual.
 */
int status_many(struct cot_ctx *ctx, int n, char **dirs);

#endif
