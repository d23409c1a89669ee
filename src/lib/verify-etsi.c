/* cot verify --format etsi: an ETSI TS 119 102-2 v1.4.1 signature validation report. */
#include <stdio.h>
#include <string.h>
#include "cot/crypto-load.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/verify.h"
#include "cot/xml-load.h"

#define NS_VR "http://uri.etsi.org/19102/v1.4.1#"
#define NS_DS "http://www.w3.org/2000/09/xmldsig#"
#define NS_COT "urn:cot:verify:1"
#define URN "urn:etsi:019102:"
#define SHA256_URI "http://www.w3.org/2001/04/xmlenc#sha256"
#define CHECK_TYPE "urn:cot:verify:check"

/* An element of static text (no value from a bundle). */
static void el(xmlTextWriterPtr x, const char *name, const char *text)
{
	xml_api.text_writer_write_element(x, BAD_CAST name, BAD_CAST text);
}

/* s, from a bundle, as escaped character data (raw: esc_xml did the escaping). */
static void raw(xmlTextWriterPtr x, const char *s)
{
	struct buf b = BUF_INIT;

	esc_xml(&b, s, strlen(s));
	xml_api.text_writer_write_raw(x, BAD_CAST(b.data ? b.data : ""));
	buf_release(&b);
}

static void el_raw(xmlTextWriterPtr x, const char *name, const char *s)
{
	xml_api.text_writer_start_element(x, BAD_CAST name);
	raw(x, s);
	xml_api.text_writer_end_element(x);
}

static void attr_raw(xmlTextWriterPtr x, const char *name, const char *s)
{
	xml_api.text_writer_start_attribute(x, BAD_CAST name);
	raw(x, s);
	xml_api.text_writer_end_attribute(x);
}

/* The XML Signature URI of a digest algorithm, NULL when it has none cot knows. */
static const char *digest_uri(int nid)
{
	switch (nid) {
	case NID_sha1:
		return NS_DS "sha1";
	case NID_sha224:
		return "http://www.w3.org/2001/04/xmldsig-more#sha224";
	case NID_sha256:
		return SHA256_URI;
	case NID_sha384:
		return "http://www.w3.org/2001/04/xmldsig-more#sha384";
	case NID_sha512:
		return "http://www.w3.org/2001/04/xmlenc#sha512";
	case NID_sha3_256:
		return "http://www.w3.org/2007/05/xmldsig-more#sha3-256";
	case NID_sha3_384:
		return "http://www.w3.org/2007/05/xmldsig-more#sha3-384";
	case NID_sha3_512:
		return "http://www.w3.org/2007/05/xmldsig-more#sha3-512";
	default:
		return NULL;
	}
}

/* A DigestAlgAndValue (XAdES DigestAlgAndValueType) element named name. */
static void digest_el(
	xmlTextWriterPtr x, const char *name, const char *alg, const unsigned char *d, size_t len)
{
	xml_api.text_writer_start_element(x, BAD_CAST name);
	xml_api.text_writer_start_element(x, BAD_CAST "ds:DigestMethod");
	xml_api.text_writer_write_attribute(x, BAD_CAST "Algorithm", BAD_CAST alg);
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_start_element(x, BAD_CAST "ds:DigestValue");
	xml_api.text_writer_write_base64(x, (const char *)d, 0, (int)len);
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

/* An element whose VOReference attribute is id (ids separated by spaces). */
static void voref(xmlTextWriterPtr x, const char *name, const char *id)
{
	xml_api.text_writer_start_element(x, BAD_CAST name);
	xml_api.text_writer_write_attribute(x, BAD_CAST "VOReference", BAD_CAST id);
	xml_api.text_writer_end_element(x);
}

/* The ids of signature s of bundle b and of what it refers to: "b1-s2", "b1-s2-cert", … */
static void vo_id(char *out, size_t len, size_t b, size_t s, const char *what)
{
	snprintf(out, len, "b%zu-s%zu%s%s", b + 1, s + 1, what[0] ? "-" : "", what);
}

static const char *main_indication(enum indication i)
{
	switch (i) {
	case IND_TOTAL_PASSED:
		return URN "mainindication:total-passed";
	case IND_TOTAL_FAILED:
		return URN "mainindication:total-failed";
	default:
		return URN "mainindication:indeterminate";
	}
}

static void identifier(
	xmlTextWriterPtr x, const struct vresult *r, const struct vsig *v, const char *id)
{
	xml_api.text_writer_start_element(x, BAD_CAST "SignatureIdentifier");
	xml_api.text_writer_write_attribute(x, BAD_CAST "id", BAD_CAST id);
	if (v && v->has_sig_digest)
		digest_el(x, "DigestAlgAndValue", SHA256_URI, v->sig_sha256, sizeof(v->sig_sha256));
	el(x, "HashOnly", "false");
	el(x, "DocHashOnly", "false");
	xml_api.text_writer_start_element(x, BAD_CAST "OtherInformation");
	el_raw(x, "cot:Container", r->path ? r->path : "");
	if (v) {
		el_raw(x, "cot:Manifest", v->manifest);
		if (v->signature[0])
			el_raw(x, "cot:Signature", v->signature);
	}
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

static void time_info(xmlTextWriterPtr x, const struct vsig *v, const char *ts_id)
{
	if (!v->validated_at[0] || !v->poe[0])
		return;
	xml_api.text_writer_start_element(x, BAD_CAST "ValidationTimeInfo");
	el(x, "ValidationTime", v->validated_at);
	xml_api.text_writer_start_element(x, BAD_CAST "BestSignatureTime");
	el(x, "POETime", v->poe);
	el(x, "TypeOfProof", URN "poetype:validation");
	if (v->poe_from_ts)
		voref(x, "POEObject", ts_id);
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

/* The document CAdES signs is the manifest; its data objects are what it references. */
static void signers_document(xmlTextWriterPtr x, const struct vsig *v, const char *sig_id)
{
	struct buf ids = BUF_INIT;

	if (!v->has_manifest_digest)
		return;
	for (size_t k = 0; k < v->nrefs; k++)
		buf_addf(&ids, "%s%s-d%zu", k ? " " : "", sig_id, k + 1);
	xml_api.text_writer_start_element(x, BAD_CAST "SignersDocument");
	digest_el(
		x, "DigestAlgAndValue", SHA256_URI, v->manifest_sha256, sizeof(v->manifest_sha256));
	if (ids.data)
		voref(x, "SignersDocumentRepresentation", ids.data);
	xml_api.text_writer_end_element(x);
	buf_release(&ids);
}

static void attributes(xmlTextWriterPtr x, const struct vsig *v, const char *ts_id)
{
	if (!v->signing_time[0] && !v->ts_time[0])
		return;
	xml_api.text_writer_start_element(x, BAD_CAST "SignatureAttributes");
	if (v->signing_time[0]) {
		xml_api.text_writer_start_element(x, BAD_CAST "SigningTime");
		xml_api.text_writer_write_attribute(x, BAD_CAST "Signed", BAD_CAST "true");
		el_raw(x, "Time", v->signing_time);
		xml_api.text_writer_end_element(x);
	}
	if (v->ts_time[0]) {
		xml_api.text_writer_start_element(x, BAD_CAST "SignatureTimeStamp");
		xml_api.text_writer_write_attribute(x, BAD_CAST "Signed", BAD_CAST "false");
		voref(x, "AttributeObject", ts_id);
		el(x, "TimeStampValue", v->ts_time);
		xml_api.text_writer_end_element(x);
	}
	xml_api.text_writer_end_element(x);
}

static void signer_info(xmlTextWriterPtr x, const struct vsig *v, const char *cert_id)
{
	if (!v->cert_der_len)
		return;
	xml_api.text_writer_start_element(x, BAD_CAST "SignerInformation");
	xml_api.text_writer_write_attribute(x, BAD_CAST "Pseudonym", BAD_CAST "false");
	voref(x, "SignerCertificate", cert_id);
	if (v->signer[0])
		el_raw(x, "Signer", v->signer);
	xml_api.text_writer_end_element(x);
}

/* Basic for B-B; LTVM (time and long-term validation material) for B-T and B-LT. */
static void process(xmlTextWriterPtr x, const struct vsig *v)
{
	const char *p = strcmp(v->level, "B-B") == 0					? "Basic"
			: strcmp(v->level, "B-T") == 0 || strcmp(v->level, "B-LT") == 0 ? "LTVM"
											: NULL;

	if (!p)
		return;
	xml_api.text_writer_start_element(x, BAD_CAST "SignatureValidationProcess");
	xml_api.text_writer_write_format_element(
		x, BAD_CAST "SignatureValidationProcessID", URN "validationprocess:%s", p);
	xml_api.text_writer_end_element(x);
}

static void report_data(xmlTextWriterPtr x, enum vcheck c)
{
	xml_api.text_writer_start_element(x, BAD_CAST "ReportData");
	el(x, "Type", CHECK_TYPE);
	el(x, "Value", vcheck_id(c));
	xml_api.text_writer_end_element(x);
}

/*
 * MainIndication, SubIndication, and the ids of the checks that gave them: the
 * signature's check (v), or every check that did not pass (a bundle without signature).
 */
static void status(xmlTextWriterPtr x, const struct vresult *r, const struct vsig *v)
{
	enum indication ind = v ? v->ind : r->ind;
	const char *sub = v ? v->sub : r->sub;
	bool any = false;

	xml_api.text_writer_start_element(x, BAD_CAST "SignatureValidationStatus");
	el(x, "MainIndication", main_indication(ind));
	if (sub)
		xml_api.text_writer_write_format_element(
			x, BAD_CAST "SubIndication", URN "subindication:%s", sub);
	for (int c = 0; c < VC_COUNT && ind != IND_TOTAL_PASSED; c++) {
		bool bad = r->c[c].status == VS_FAILED || r->c[c].status == VS_INDETERMINATE;
		if (v ? (int)v->check != c : !bad)
			continue;
		if (!any) {
			xml_api.text_writer_start_element(
				x, BAD_CAST "AssociatedValidationReportData");
			xml_api.text_writer_start_element(
				x, BAD_CAST "AdditionalValidationReportData");
		}
		report_data(x, (enum vcheck)c);
		any = true;
	}
	if (any) {
		xml_api.text_writer_end_element(x);
		xml_api.text_writer_end_element(x);
	}
	xml_api.text_writer_end_element(x);
}

/* cot's verdict on the whole container, which also judges what no signature covers. */
static void container_verdict(xmlTextWriterPtr x, const struct vresult *r)
{
	xml_api.text_writer_start_element(x, BAD_CAST "OtherInformation");
	xml_api.text_writer_start_element(x, BAD_CAST "cot:ContainerVerdict");
	xml_api.text_writer_write_attribute(
		x, BAD_CAST "indication", BAD_CAST indication_name(r->ind));
	if (r->sub)
		xml_api.text_writer_write_attribute(x, BAD_CAST "subindication", BAD_CAST r->sub);
	attr_raw(x, "path", r->path ? r->path : "");
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

/* A SignatureValidationReport for signature s of bundle b (v NULL: a bundle without any). */
static void sig_report(
	xmlTextWriterPtr x, const struct vresult *r, size_t b, size_t s, const struct vsig *v)
{
	char id[48], cert_id[96], ts_id[96];

	vo_id(id, sizeof(id), b, s, "");
	vo_id(cert_id, sizeof(cert_id), b, s, "cert");
	vo_id(ts_id, sizeof(ts_id), b, s, "ts");
	xml_api.text_writer_start_element(x, BAD_CAST "SignatureValidationReport");
	identifier(x, r, v, id);
	if (v) {
		time_info(x, v, ts_id);
		signers_document(x, v, id);
		attributes(x, v, ts_id);
		signer_info(x, v, cert_id);
		process(x, v);
	}
	status(x, r, v);
	container_verdict(x, r);
	xml_api.text_writer_end_element(x);
}

static void vo_start(xmlTextWriterPtr x, const char *id, const char *type)
{
	xml_api.text_writer_start_element(x, BAD_CAST "ValidationObject");
	xml_api.text_writer_write_attribute(x, BAD_CAST "id", BAD_CAST id);
	xml_api.text_writer_write_format_element(
		x, BAD_CAST "ObjectType", URN "validationObject:%s", type);
	xml_api.text_writer_start_element(x, BAD_CAST "ValidationObjectRepresentation");
}

static void vo_end(xmlTextWriterPtr x)
{
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

/* A data object: its URI percent-escaped (never a control character), its digest. */
static void vo_data(xmlTextWriterPtr x, const char *id, const struct vsig_ref *ref)
{
	xmlChar *uri = xml_api.uri_escape_str(BAD_CAST ref->uri, BAD_CAST "/:");
	const char *alg = digest_uri(ref->md_nid);

	vo_start(x, id, "signedData");
	el_raw(x, "URI", uri ? (const char *)uri : "");
	if (alg && ref->digest_len)
		digest_el(x, "DigestAlgAndValue", alg, ref->digest, ref->digest_len);
	vo_end(x);
	free(uri);
}

/* The objects signature s of bundle b refers to; returns how many were written. */
static size_t sig_objects(xmlTextWriterPtr x, size_t b, size_t s, const struct vsig *v)
{
	char id[96], sig_id[48];
	unsigned char d[SHA256_DIGEST_LENGTH];
	size_t n = 0;

	vo_id(sig_id, sizeof(sig_id), b, s, "");
	if (v->cert_der_len) {
		vo_id(id, sizeof(id), b, s, "cert");
		vo_start(x, id, "certificate");
		xml_api.text_writer_start_element(x, BAD_CAST "base64");
		xml_api.text_writer_write_base64(
			x, (const char *)v->cert_der, 0, (int)v->cert_der_len);
		xml_api.text_writer_end_element(x);
		SHA256(v->cert_der, v->cert_der_len, d);
		digest_el(x, "DigestAlgAndValue", SHA256_URI, d, sizeof(d));
		vo_end(x);
		n++;
	}
	if (v->ts_time[0] || v->poe_from_ts) {
		vo_id(id, sizeof(id), b, s, "ts");
		vo_start(x, id, "timestamp");
		digest_el(x, "DigestAlgAndValue", SHA256_URI, v->ts_sha256, sizeof(v->ts_sha256));
		vo_end(x);
		n++;
	}
	for (size_t k = 0; v->has_manifest_digest && k < v->nrefs; k++, n++) {
		snprintf(id, sizeof(id), "%s-d%zu", sig_id, k + 1);
		vo_data(x, id, &v->refs[k]);
	}
	return n;
}

static size_t count_objects(const struct vresult *v, size_t n)
{
	size_t total = 0;

	for (size_t b = 0; b < n; b++)
		for (size_t s = 0; s < v[b].nsigs; s++) {
			const struct vsig *g = &v[b].sigs[s];
			total += (g->cert_der_len > 0) + (g->ts_time[0] || g->poe_from_ts) +
				 (g->has_manifest_digest ? g->nrefs : 0);
		}
	return total;
}

static void write_report(xmlTextWriterPtr x, const struct vresult *v, size_t n)
{
	xml_api.text_writer_start_element(x, BAD_CAST "ValidationReport");
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns", BAD_CAST NS_VR);
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns:ds", BAD_CAST NS_DS);
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns:cot", BAD_CAST NS_COT);
	for (size_t b = 0; b < n; b++) {
		if (!v[b].nsigs)
			sig_report(x, &v[b], b, 0, NULL);
		for (size_t s = 0; s < v[b].nsigs; s++)
			sig_report(x, &v[b], b, s, &v[b].sigs[s]);
	}
	if (count_objects(v, n)) {
		xml_api.text_writer_start_element(x, BAD_CAST "SignatureValidationObjects");
		for (size_t b = 0; b < n; b++)
			for (size_t s = 0; s < v[b].nsigs; s++)
				sig_objects(x, b, s, &v[b].sigs[s]);
		xml_api.text_writer_end_element(x);
	}
	xml_api.text_writer_end_element(x);
}

int verify_render_etsi(
	const struct vresult *results, size_t n, struct buf *out, struct cot_err *err)
{
	xmlBufferPtr b;
	xmlTextWriterPtr x;
	int rc;

	if ((rc = xml_load(err)))
		return rc;
	b = xml_api.buffer_create();
	x = b ? xml_api.new_text_writer_memory(b, 0) : NULL;
	if (!x) {
		xml_api.buffer_free(b);
		return cot_err_nomem(err);
	}
	xml_api.text_writer_set_indent(x, 1);
	xml_api.text_writer_start_document(x, "1.0", "UTF-8", NULL);
	write_report(x, results, n);
	rc = xml_api.text_writer_end_document(x);
	xml_api.free_text_writer(x);
	if (rc >= 0)
		buf_add(out, xml_api.buffer_content(b), (size_t)xml_api.buffer_length(b));
	xml_api.buffer_free(b);
	if (rc < 0)
		return cot_err_set(err, COT_ENV, _("cannot write the ETSI validation report"));
	if (!out->failed)
		return COT_OK;
	cot_err_nomem(err);
	cot_err_prefix(err, "%s", _("the report is too large"));
	return COT_ENV;
}
