/* libzip loaded at run time, only by the commands that read or write an ASiC-E container. */
#ifndef COT_ZIP_LOAD_H
#define COT_ZIP_LOAD_H

#include <stdio.h>
#include <time.h>
#include <zip.h>
#include "cot/exit.h"

/*
 * The libzip functions cot calls, through this table: cot is not linked with libzip (nor
 * so with libbz2 and liblzma), only compiled with its headers; its types and ZIP_* macros
 * come from <zip.h> as before. Valid once zip_load returned COT_OK; a call before is a bug
 * (a NULL call). The callbacks cot gives libzip (zip_source_function*) stay cot's own.
 *
 * The library functions that load it themselves, at their entry, so that no caller can
 * forget: asice_write, asice_open_file, asice_open_mem (asice.h; asice_stream, asice_load
 * and asice_archive_release act on an archive these opened); and, before any other work,
 * bundle_build, verify_files, countersign_bundle, countersign_check, submit_bundle_check,
 * whitelist_org_from_bundle and whitelist_software_from_bundle. zipout_create (zipout.h)
 * expects it loaded: its caller already holds a zip_error_t.
 */
struct zip_api {
	int (*close)(zip_t *za);
	void (*discard)(zip_t *za);
	int (*error_code_system)(const zip_error_t *ze);
	int (*error_code_zip)(const zip_error_t *ze);
	void (*error_fini)(zip_error_t *ze);
	void (*error_init)(zip_error_t *ze);
	void (*error_init_with_code)(zip_error_t *ze, int code);
	void (*error_set)(zip_error_t *ze, int zip_code, int sys_code);
	const char *(*error_strerror)(zip_error_t *ze);
	int (*error_system_type)(const zip_error_t *ze);
	zip_int64_t (*error_to_data)(const zip_error_t *ze, void *data, zip_uint64_t len);
	int (*fclose)(zip_file_t *zf);
	zip_int64_t (*file_add)(zip_t *za, const char *name, zip_source_t *src, zip_flags_t fl);
	int (*file_get_external_attributes)(
		zip_t *za, zip_uint64_t i, zip_flags_t fl, zip_uint8_t *opsys, zip_uint32_t *attr);
	int (*file_set_dostime)(
		zip_t *za, zip_uint64_t i, zip_uint16_t time, zip_uint16_t date, zip_flags_t fl);
	int (*file_set_external_attributes)(
		zip_t *za, zip_uint64_t i, zip_flags_t fl, zip_uint8_t opsys, zip_uint32_t attr);
	int (*file_set_mtime)(zip_t *za, zip_uint64_t i, time_t mtime, zip_flags_t fl);
	const char *(*file_strerror)(zip_file_t *zf);
	zip_file_t *(*fopen_index)(zip_t *za, zip_uint64_t i, zip_flags_t fl);
	zip_int64_t (*fread)(zip_file_t *zf, void *buf, zip_uint64_t n);
	zip_error_t *(*get_error)(zip_t *za);
	const char *(*get_name)(zip_t *za, zip_uint64_t i, zip_flags_t fl);
	zip_int64_t (*get_num_entries)(zip_t *za, zip_flags_t fl);
	zip_t *(*open_from_source)(zip_source_t *src, int flags, zip_error_t *ze);
	int (*register_progress_callback_with_state)(zip_t *za, double precision,
		zip_progress_callback fn, void (*free_state)(void *state), void *state);
	int (*set_file_compression)(
		zip_t *za, zip_uint64_t i, zip_int32_t method, zip_uint32_t level);
	zip_source_t *(*source_buffer)(zip_t *za, const void *data, zip_uint64_t len, int freep);
	zip_source_t *(*source_buffer_create)(
		const void *data, zip_uint64_t len, int freep, zip_error_t *ze);
	zip_source_t *(*source_filep_create)(
		FILE *f, zip_uint64_t start, zip_int64_t len, zip_error_t *ze);
	void (*source_free)(zip_source_t *src);
	zip_source_t *(*source_function)(zip_t *za, zip_source_callback fn, void *ud);
	zip_source_t *(*source_function_create)(zip_source_callback fn, void *ud, zip_error_t *ze);
	zip_int64_t (*source_make_command_bitmap)(zip_source_cmd_t cmd, ...);
	zip_source_t *(*source_zip)(zip_t *za, zip_t *from, zip_uint64_t i, zip_flags_t fl,
		zip_uint64_t start, zip_int64_t len);
	int (*stat_index)(zip_t *za, zip_uint64_t i, zip_flags_t fl, zip_stat_t *st);
	void (*stat_init)(zip_stat_t *st);
	const char *(*strerror)(zip_t *za);
};

extern struct zip_api zip_api;

/* <zip.h>'s one macro that calls libzip (zip_error_set), over the table instead. */
#undef ZIP_SOURCE_GET_ARGS
#define ZIP_SOURCE_GET_ARGS(type, data, len, error)                                                \
	((len) < sizeof(type) ? zip_api.error_set((error), ZIP_ER_INVAL, 0),                       \
		(type *)NULL  : (type *)(data))

/*
 * Loads libzip (libzip.so.4) and fills zip_api, once; safe from any thread. COT_OK, or
 * COT_ENV with a message naming the library when it is missing or lacks a function.
 */
int zip_load(struct cot_err *err);

#endif
