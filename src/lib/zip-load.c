/* libzip through dlopen: its functions resolved once, when a command first uses a zip. */
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/zip-load.h"

struct zip_api zip_api;

#define SYM(f)                                                                                     \
	{                                                                                          \
		"zip_" #f, (void **)&zip_api.f                                                     \
	}

static const struct dl_sym syms[] = {
	SYM(close),
	SYM(discard),
	SYM(error_code_system),
	SYM(error_code_zip),
	SYM(error_fini),
	SYM(error_init),
	SYM(error_init_with_code),
	SYM(error_set),
	SYM(error_strerror),
	SYM(error_system_type),
	SYM(error_to_data),
	SYM(fclose),
	SYM(file_add),
	SYM(file_get_external_attributes),
	SYM(file_set_dostime),
	SYM(file_set_external_attributes),
	SYM(file_set_mtime),
	SYM(file_strerror),
	SYM(fopen_index),
	SYM(fread),
	SYM(get_error),
	SYM(get_name),
	SYM(get_num_entries),
	SYM(open_from_source),
	SYM(register_progress_callback_with_state),
	SYM(set_file_compression),
	SYM(source_buffer),
	SYM(source_buffer_create),
	SYM(source_filep_create),
	SYM(source_free),
	SYM(source_function),
	SYM(source_function_create),
	SYM(source_make_command_bitmap),
	SYM(source_zip),
	SYM(stat_index),
	SYM(stat_init),
	SYM(strerror),
};

static struct dl_lib zip_lib = {
	.soname = "libzip.so.4",
	.needed_for = N_("bundles (ASiC-E zip archives)"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int zip_load(struct cot_err *err)
{
	return dl_load(&zip_lib, err);
}
