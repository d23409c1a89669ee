/* libqpdf through dlopen: its C API resolved once, when a PDF is first checked. */
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/qpdf-load.h"

struct qpdf_api qpdf_api;

#define SYM(f)                                                                                     \
	{                                                                                          \
		"qpdf_" #f, (void **)&qpdf_api.f                                                   \
	}

static const struct dl_sym syms[] = {
	SYM(init),
	SYM(cleanup),
	SYM(silence_errors),
	SYM(set_suppress_warnings),
	SYM(read),
	SYM(read_memory),
	SYM(has_error),
	SYM(get_error),
	SYM(get_error_code),
	SYM(get_error_message_detail),
	SYM(is_encrypted),
	SYM(get_trailer),
	SYM(get_object_by_id),
	SYM(oh_get_array_item),
	SYM(oh_get_array_n_items),
	SYM(oh_get_dict),
	SYM(oh_get_int_value),
	SYM(oh_get_key),
	SYM(oh_get_name),
	SYM(oh_get_stream_data),
	SYM(oh_is_array),
	SYM(oh_is_dictionary_of_type),
	SYM(oh_is_integer),
	SYM(oh_is_name),
	SYM(oh_is_null),
	SYM(oh_is_stream),
	SYM(oh_release_all),
};

static struct dl_lib qpdf_lib = {
	.soname = QPDF_SONAME,
	.needed_for = N_("the structural check of PDF files"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int qpdf_load(struct cot_err *err)
{
	return dl_load(&qpdf_lib, err);
}
