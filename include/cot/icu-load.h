/* ICU's libicuuc loaded at run time, only by the code that folds entry names (asice_name_fold). */
#ifndef COT_ICU_LOAD_H
#define COT_ICU_LOAD_H

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include "cot/exit.h"

/*
 * The ICU functions cot calls, through this table: cot is not linked with libicuuc (it and
 * libicudata, libstdc++ would load in every command), only compiled with its headers.
 * ICU renames every function for its major version (u_strToUTF8 is u_strToUTF8_72 in ICU
 * 72): the soname and the names looked up come from the headers cot was compiled with.
 * Valid once icu_load returned COT_OK: a call before is a bug (a NULL call).
 */
struct icu_api {
	const UNormalizer2 *(*nfkc_casefold_instance)(UErrorCode *st);
	int32_t (*normalize)(const UNormalizer2 *nf, const UChar *src, int32_t len, UChar *dest,
		int32_t cap, UErrorCode *st);
	UChar *(*str_from_utf8)(UChar *dest, int32_t cap, int32_t *len, const char *src,
		int32_t src_len, UErrorCode *st);
	char *(*str_to_utf8)(char *dest, int32_t cap, int32_t *len, const UChar *src,
		int32_t src_len, UErrorCode *st);
};

extern struct icu_api icu_api;

/* The soname loaded, "libicuuc.so.72" for ICU 72. */
extern const char icu_soname[];

/*
 * Loads libicuuc and fills icu_api, once; safe from any thread. COT_OK, or COT_ENV with a
 * message naming the library when it is missing or lacks a function. err may be NULL.
 */
int icu_load(struct cot_err *err);

#endif
