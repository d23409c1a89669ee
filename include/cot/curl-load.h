/* libcurl loaded at run time, only by the commands that use the network. */
#ifndef COT_CURL_LOAD_H
#define COT_CURL_LOAD_H

#include <curl/curl.h>
#include "cot/exit.h"

/*
 * The libcurl functions cot calls, through this table: cot is not linked with libcurl
 * (its ≈ 30 libraries would load in every command), only compiled with its headers.
 * Valid once curl_load returned COT_OK; a call before is a bug (a NULL call).
 */
struct curl_api {
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *c);
	void (*easy_reset)(CURL *c);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *c);
	const char *(*easy_strerror)(CURLcode code);
	void (*free)(void *p);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart part, char **out, unsigned flags);
	CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *s, unsigned flags);
};

extern struct curl_api curl_api;

/*
 * Loads libcurl (libcurl.so.4) and fills curl_api, once; safe from any thread. COT_OK, or
 * COT_ENV with a message naming the library when it is missing or lacks a function.
 */
int curl_load(struct cot_err *err);

#endif
