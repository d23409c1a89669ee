/* libxml2 through dlopen: its functions resolved once, when a command first reads or writes XML. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/xml-load.h"

struct xml_api xml_api;

#define SYM(name, member)                                                                          \
	{                                                                                          \
#name, (void **)&xml_api.member                                                    \
	}

static const struct dl_sym syms[] = {
	SYM(xmlBufferContent, buffer_content),
	SYM(xmlBufferCreate, buffer_create),
	SYM(xmlBufferFree, buffer_free),
	SYM(xmlBufferLength, buffer_length),
	SYM(xmlCheckUTF8, check_utf8),
	SYM(xmlCreateIOParserCtxt, create_io_parser_ctxt),
	SYM(xmlCtxtGetLastError, ctxt_get_last_error),
	SYM(xmlCtxtReadMemory, ctxt_read_memory),
	SYM(xmlCtxtUseOptions, ctxt_use_options),
	SYM(xmlDictLookup, dict_lookup),
	SYM(xmlDocGetRootElement, doc_get_root_element),
	SYM(xmlFreeDoc, free_doc),
	SYM(xmlFreeParserCtxt, free_parser_ctxt),
	SYM(xmlFreeTextWriter, free_text_writer),
	SYM(__xmlGenericError, generic_error),
	SYM(__xmlGenericErrorContext, generic_error_context),
	SYM(xmlGetExternalEntityLoader, get_external_entity_loader),
	SYM(xmlGetLastError, get_last_error),
	SYM(xmlGetLineNo, get_line_no),
	SYM(xmlGetNoNsProp, get_no_ns_prop),
	SYM(xmlGetProp, get_prop),
	SYM(xmlInitParser, init_parser),
	SYM(xmlMemSetup, mem_setup),
	SYM(xmlNewInputFromFile, new_input_from_file),
	SYM(xmlNewParserCtxt, new_parser_ctxt),
	SYM(xmlNewTextWriterMemory, new_text_writer_memory),
	SYM(xmlNodeGetContent, node_get_content),
	SYM(xmlParseDocument, parse_document),
	SYM(xmlReadFile, read_file),
	SYM(xmlReadMemory, read_memory),
	SYM(xmlResetLastError, reset_last_error),
	SYM(xmlSchemaFree, schema_free),
	SYM(xmlSchemaFreeParserCtxt, schema_free_parser_ctxt),
	SYM(xmlSchemaFreeValidCtxt, schema_free_valid_ctxt),
	SYM(xmlSchemaInitTypes, schema_init_types),
	SYM(xmlSchemaNewMemParserCtxt, schema_new_mem_parser_ctxt),
	SYM(xmlSchemaNewParserCtxt, schema_new_parser_ctxt),
	SYM(xmlSchemaNewValidCtxt, schema_new_valid_ctxt),
	SYM(xmlSchemaParse, schema_parse),
	SYM(xmlSchemaSetParserStructuredErrors, schema_set_parser_structured_errors),
	SYM(xmlSchemaSetValidStructuredErrors, schema_set_valid_structured_errors),
	SYM(xmlSchemaValidateDoc, schema_validate_doc),
	SYM(xmlSetExternalEntityLoader, set_external_entity_loader),
	SYM(xmlSetGenericErrorFunc, set_generic_error_func),
	SYM(xmlStopParser, stop_parser),
	SYM(xmlStrEqual, str_equal),
	SYM(xmlTextWriterEndAttribute, text_writer_end_attribute),
	SYM(xmlTextWriterEndDocument, text_writer_end_document),
	SYM(xmlTextWriterEndElement, text_writer_end_element),
	SYM(xmlTextWriterFlush, text_writer_flush),
	SYM(xmlTextWriterFullEndElement, text_writer_full_end_element),
	SYM(xmlTextWriterSetIndent, text_writer_set_indent),
	SYM(xmlTextWriterSetIndentString, text_writer_set_indent_string),
	SYM(xmlTextWriterStartAttribute, text_writer_start_attribute),
	SYM(xmlTextWriterStartDocument, text_writer_start_document),
	SYM(xmlTextWriterStartElement, text_writer_start_element),
	SYM(xmlTextWriterWriteAttribute, text_writer_write_attribute),
	SYM(xmlTextWriterWriteBase64, text_writer_write_base64),
	SYM(xmlTextWriterWriteDTD, text_writer_write_dtd),
	SYM(xmlTextWriterWriteElement, text_writer_write_element),
	SYM(xmlTextWriterWriteFormatAttribute, text_writer_write_format_attribute),
	SYM(xmlTextWriterWriteFormatElement, text_writer_write_format_element),
	SYM(xmlTextWriterWriteRaw, text_writer_write_raw),
	SYM(xmlTextWriterWriteString, text_writer_write_string),
	SYM(xmlURIEscapeStr, uri_escape_str),
	SYM(xmlUTF8Strlen, utf8_strlen),
};

static struct dl_lib xml_lib = {
	.soname = "libxml2.so.2",
	.needed_for = N_("reading and writing XML"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static void xml_quiet(void *ctx, const char *fmt, ...)
{
}

static void setup(void)
{
	xml_api.mem_setup(free, mem_lib_malloc, mem_lib_realloc, mem_lib_strdup);
	/* libxml2 would print its own words ("Cannot initialize memory for new link"): cot
	 * reports every failure itself, with the file it concerns. */
	xml_api.set_generic_error_func(NULL, xml_quiet);
}

int xml_load(struct cot_err *err)
{
	struct cot_err local;
	int rc = dl_load(&xml_lib, err ? err : &local);

	if (rc == COT_OK)
		pthread_once(&setup_once, setup);
	return rc;
}

/* True when n carries the attribute name in no namespace (no allocation). */
static bool has_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && a->name && strcmp((const char *)a->name, name) == 0)
			return true;
	return false;
}

char *xml_attr(const xmlNode *n, const char *name)
{
	/* libxml2 allocates with cot's allocators (setup): its copy is the caller's to free */
	xmlChar *v = xml_api.get_no_ns_prop(n, BAD_CAST name);

	if (!v && has_attr(n, name))
		mem_die(); /* libxml2 had no memory for the copy: never "absent" */
	return (char *)v;
}

char *xml_text(const xmlNode *n)
{
	xmlChar *t = xml_api.node_get_content(n);

	if (!t)
		mem_die(); /* an element's content is "" at least: NULL is want of memory */
	return (char *)t;
}
