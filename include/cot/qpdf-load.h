/* libqpdf loaded at run time, only when a PDF's structure is checked (sniff-pdf.c). */
#ifndef COT_QPDF_LOAD_H
#define COT_QPDF_LOAD_H

#include <qpdf/qpdf-c.h>
#include "cot/exit.h"

/*
 * The functions of qpdf's C API that cot calls, through this table: cot is not linked
 * with libqpdf (nor so with libstdc++ and libjpeg), only compiled with its headers.
 * Valid once qpdf_load returned COT_OK.
 */
/* clang-format 14 splits a pointer to a function returning a macro-named type */
/* clang-format off */
struct qpdf_api {
	qpdf_data (*init)(void);
	void (*cleanup)(qpdf_data *q);
	void (*silence_errors)(qpdf_data q);
	void (*set_suppress_warnings)(qpdf_data q, QPDF_BOOL value);
	QPDF_ERROR_CODE (*read)(qpdf_data q, char const *filename, char const *password);
	QPDF_ERROR_CODE (*read_memory)(qpdf_data q, char const *description, char const *buffer,
		unsigned long long size, char const *password);
	QPDF_BOOL (*has_error)(qpdf_data q);
	qpdf_error (*get_error)(qpdf_data q);
	enum qpdf_error_code_e (*get_error_code)(qpdf_data q, qpdf_error e);
	char const *(*get_error_message_detail)(qpdf_data q, qpdf_error e);
	QPDF_BOOL (*is_encrypted)(qpdf_data q);
	qpdf_oh (*get_trailer)(qpdf_data q);
	qpdf_oh (*get_object_by_id)(qpdf_data q, int objid, int generation);
	qpdf_oh (*oh_get_array_item)(qpdf_data q, qpdf_oh oh, int n);
	int (*oh_get_array_n_items)(qpdf_data q, qpdf_oh oh);
	qpdf_oh (*oh_get_dict)(qpdf_data q, qpdf_oh oh);
	long long (*oh_get_int_value)(qpdf_data q, qpdf_oh oh);
	qpdf_oh (*oh_get_key)(qpdf_data q, qpdf_oh oh, char const *key);
	char const *(*oh_get_name)(qpdf_data q, qpdf_oh oh);
	QPDF_ERROR_CODE (*oh_get_stream_data)(qpdf_data q, qpdf_oh oh,
		enum qpdf_stream_decode_level_e decode_level, QPDF_BOOL *filtered,
		unsigned char **bufp, size_t *len);
	QPDF_BOOL (*oh_is_array)(qpdf_data q, qpdf_oh oh);
	QPDF_BOOL (*oh_is_dictionary_of_type)(qpdf_data q, qpdf_oh oh, char const *type,
		char const *subtype);
	QPDF_BOOL (*oh_is_integer)(qpdf_data q, qpdf_oh oh);
	QPDF_BOOL (*oh_is_name)(qpdf_data q, qpdf_oh oh);
	QPDF_BOOL (*oh_is_null)(qpdf_data q, qpdf_oh oh);
	QPDF_BOOL (*oh_is_stream)(qpdf_data q, qpdf_oh oh);
	void (*oh_release_all)(qpdf_data q);
};
/* clang-format on */

extern struct qpdf_api qpdf_api;

/* The soname loaded: that of the libqpdf cot is built against (Debian 12: qpdf 11). */
#define QPDF_SONAME "libqpdf.so.29"

/*
 * Loads libqpdf and fills qpdf_api, once; safe from any thread (cot verify -j). COT_OK,
 * or COT_ENV with a message naming the library when it is missing or lacks a function.
 */
int qpdf_load(struct cot_err *err);

#endif
