/* libxml2 loaded at run time, only by the commands and code paths that read or write XML. */
#ifndef COT_XML_LOAD_H
#define COT_XML_LOAD_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>
#include "cot/exit.h"

/*
 * The libxml2 functions cot calls, through this table: cot is not linked with libxml2 (it
 * and the ICU and libstdc++ it needs would load in every command), only compiled with its
 * headers. The member is the libxml2 name without "xml", in snake case (xmlReadMemory:
 * read_memory); its type is libxml2's own. Valid once xml_load returned COT_OK: a call
 * before is a bug (a NULL call). What libxml2 returns to be freed with xmlFree is freed
 * with free(): xml_load gives libxml2 cot's allocators.
 *
 * Every public function of these modules loads libxml2 itself before it touches it, and
 * fails with xml_load's COT_ENV when it cannot: kmehr.h, whitelist.h (reading, writing,
 * editing), bundle.h's submission functions, verify.h (verify and its reports), report.h's
 * writers, asice.h's manifest functions; the xw_* writers of report-xml.h refuse to open
 * (false) without it.
 */
struct xml_api {
	__typeof__(xmlBufferContent) *buffer_content;
	__typeof__(xmlBufferCreate) *buffer_create;
	__typeof__(xmlBufferFree) *buffer_free;
	__typeof__(xmlBufferLength) *buffer_length;
	__typeof__(xmlCheckUTF8) *check_utf8;
	__typeof__(xmlCreateIOParserCtxt) *create_io_parser_ctxt;
	__typeof__(xmlCtxtGetLastError) *ctxt_get_last_error;
	__typeof__(xmlCtxtReadMemory) *ctxt_read_memory;
	__typeof__(xmlCtxtUseOptions) *ctxt_use_options;
	__typeof__(xmlDictLookup) *dict_lookup;
	__typeof__(xmlDocGetRootElement) *doc_get_root_element;
	__typeof__(xmlFreeDoc) *free_doc;
	__typeof__(xmlFreeParserCtxt) *free_parser_ctxt;
	__typeof__(xmlFreeTextWriter) *free_text_writer;
	__typeof__(__xmlGenericError) *generic_error;
	__typeof__(__xmlGenericErrorContext) *generic_error_context;
	__typeof__(xmlGetExternalEntityLoader) *get_external_entity_loader;
	__typeof__(xmlGetLastError) *get_last_error;
	__typeof__(xmlGetLineNo) *get_line_no;
	__typeof__(xmlGetNoNsProp) *get_no_ns_prop;
	__typeof__(xmlGetProp) *get_prop;
	__typeof__(xmlInitParser) *init_parser;
	__typeof__(xmlMemSetup) *mem_setup;
	__typeof__(xmlNewInputFromFile) *new_input_from_file;
	__typeof__(xmlNewParserCtxt) *new_parser_ctxt;
	__typeof__(xmlNewTextWriterMemory) *new_text_writer_memory;
	__typeof__(xmlNodeGetContent) *node_get_content;
	__typeof__(xmlParseDocument) *parse_document;
	__typeof__(xmlReadFile) *read_file;
	__typeof__(xmlReadMemory) *read_memory;
	__typeof__(xmlResetLastError) *reset_last_error;
	__typeof__(xmlSchemaFree) *schema_free;
	__typeof__(xmlSchemaFreeParserCtxt) *schema_free_parser_ctxt;
	__typeof__(xmlSchemaFreeValidCtxt) *schema_free_valid_ctxt;
	__typeof__(xmlSchemaInitTypes) *schema_init_types;
	__typeof__(xmlSchemaNewMemParserCtxt) *schema_new_mem_parser_ctxt;
	__typeof__(xmlSchemaNewParserCtxt) *schema_new_parser_ctxt;
	__typeof__(xmlSchemaNewValidCtxt) *schema_new_valid_ctxt;
	__typeof__(xmlSchemaParse) *schema_parse;
	__typeof__(xmlSchemaSetParserStructuredErrors) *schema_set_parser_structured_errors;
	__typeof__(xmlSchemaSetValidStructuredErrors) *schema_set_valid_structured_errors;
	__typeof__(xmlSchemaValidateDoc) *schema_validate_doc;
	__typeof__(xmlSetExternalEntityLoader) *set_external_entity_loader;
	__typeof__(xmlSetGenericErrorFunc) *set_generic_error_func;
	__typeof__(xmlStopParser) *stop_parser;
	__typeof__(xmlStrEqual) *str_equal;
	__typeof__(xmlTextWriterEndAttribute) *text_writer_end_attribute;
	__typeof__(xmlTextWriterEndDocument) *text_writer_end_document;
	__typeof__(xmlTextWriterEndElement) *text_writer_end_element;
	__typeof__(xmlTextWriterFlush) *text_writer_flush;
	__typeof__(xmlTextWriterFullEndElement) *text_writer_full_end_element;
	__typeof__(xmlTextWriterSetIndent) *text_writer_set_indent;
	__typeof__(xmlTextWriterSetIndentString) *text_writer_set_indent_string;
	__typeof__(xmlTextWriterStartAttribute) *text_writer_start_attribute;
	__typeof__(xmlTextWriterStartDocument) *text_writer_start_document;
	__typeof__(xmlTextWriterStartElement) *text_writer_start_element;
	__typeof__(xmlTextWriterWriteAttribute) *text_writer_write_attribute;
	__typeof__(xmlTextWriterWriteBase64) *text_writer_write_base64;
	__typeof__(xmlTextWriterWriteDTD) *text_writer_write_dtd;
	__typeof__(xmlTextWriterWriteElement) *text_writer_write_element;
	__typeof__(xmlTextWriterWriteFormatAttribute) *text_writer_write_format_attribute;
	__typeof__(xmlTextWriterWriteFormatElement) *text_writer_write_format_element;
	__typeof__(xmlTextWriterWriteRaw) *text_writer_write_raw;
	__typeof__(xmlTextWriterWriteString) *text_writer_write_string;
	__typeof__(xmlURIEscapeStr) *uri_escape_str;
	__typeof__(xmlUTF8Strlen) *utf8_strlen;
};

extern struct xml_api xml_api;

/*
 * n's attribute name (in no namespace) as a copy to free, or NULL when n has none. libxml2
 * answers NULL for an absent attribute and for want of memory alike: here want of memory
 * ends cot (mem_die, exit 3), so that it is never read as an attribute left out.
 */
char *xml_attr(const xmlNode *n, const char *name);

/* The text content of the element n as a copy to free (maybe ""); want of memory ends cot. */
char *xml_text(const xmlNode *n);

/*
 * Loads libxml2 (libxml2.so.2) and fills xml_api, once; safe from any thread. On the first
 * success, before any other libxml2 call, gives libxml2 cot's allocators (mem.h: a failed
 * allocation inside libxml2 is noted) and silences its generic messages on stderr (cot
 * reports every failure itself). COT_OK, or COT_ENV with a message naming the library when
 * it is missing or lacks a function. err may be NULL when the caller only needs the code.
 */
int xml_load(struct cot_err *err);

#endif
