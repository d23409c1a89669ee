/* The ETSI TS 119 102-2 report of cot verify, from results made by hand, against the standard's
 * XSD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/crypto.h>
#include <openssl/obj_mac.h>
#include "cot/verify.h"
#include "helpers.h"

/* Markup, a C0 control, a bidi override and invalid UTF-8: what a hostile bundle holds. */
#define HOSTILE "a</x>&b \x01\xe2\x80\xae\xff\"'"

static char xsd[4096];

/* The reference folder COT_REFERENCE: tests/with-reference.sh skips this program without it. */
static void setup(void)
{
	const char *dir = getenv("COT_REFERENCE");
	char catalog[4096];

	cr_assert(dir && *dir, "set COT_REFERENCE to the folder that holds etsi/");
	snprintf(xsd, sizeof(xsd), "%s/etsi/TS119102-2-v141.xsd", dir);
	snprintf(catalog, sizeof(catalog), "%s/etsi/catalog.xml", dir);
	cr_assert_eq(access(xsd, R_OK), 0, "cannot read %s", xsd);
	cr_assert_eq(access(catalog, R_OK), 0, "cannot read %s", catalog);
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	cr_assert_eq(xmlLoadCatalog(catalog), 0, "cannot load %s", catalog);
}

TestSuite(etsi, .init = setup);

static void sig_init(struct vsig *v, const char *level, size_t nrefs)
{
	static const unsigned char der[] = {0x30, 0x03, 0x02, 0x01, 0x05};

	memset(v, 0, sizeof(*v));
	snprintf(v->manifest, sizeof(v->manifest), "META-INF/ASiCManifest.xml");
	snprintf(v->signature, sizeof(v->signature), "META-INF/signature001.p7s");
	snprintf(v->signer, sizeof(v->signer), "CN=" HOSTILE);
	snprintf(v->signing_time, sizeof(v->signing_time), "2026-12-01T10:00:00Z");
	snprintf(v->level, sizeof(v->level), "%s", level);
	snprintf(v->poe, sizeof(v->poe), "2026-12-01T10:00:05Z");
	snprintf(v->validated_at, sizeof(v->validated_at), "2026-12-06T08:00:00Z");
	v->has_manifest_digest = v->has_sig_digest = true;
	memset(v->manifest_sha256, 0xab, sizeof(v->manifest_sha256));
	v->cert_der = OPENSSL_memdup(der, sizeof(der));
	v->cert_der_len = sizeof(der);
	v->refs = calloc(nrefs + 1, sizeof(*v->refs));
	cr_assert(v->cert_der && v->refs);
	for (size_t k = 0; k < nrefs; k++) {
		v->refs[k].uri = strdup(k % 2 ? HOSTILE : "documents/contract 1.pdf");
		v->refs[k].md_nid = k % 3 ? NID_sha256 : NID_undef;
		v->refs[k].digest_len = 32;
		cr_assert(v->refs[k].uri);
	}
	v->nrefs = nrefs;
}

/* A B-T signature whose proof of existence is its time-stamp. */
static void timestamped(struct vsig *v)
{
	sig_init(v, "B-T", 3);
	v->has_ts = v->poe_from_ts = true;
	snprintf(v->ts_time, sizeof(v->ts_time), "2026-12-01T10:00:05Z");
}

static void result_init(struct vresult *r, const char *path, size_t nsigs)
{
	vresult_init(r);
	r->path = strdup(path);
	r->sigs = calloc(nsigs + 1, sizeof(*r->sigs));
	r->nsigs = nsigs;
	cr_assert(r->path && r->sigs);
}

/* The report of n results, parsed, after the XSD accepted it. */
static xmlDocPtr render_valid(const struct vresult *r, size_t n)
{
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	xmlDocPtr doc;

	cr_assert(vc, "cannot compile %s", xsd);
	cr_assert_eq(
		verify_render(r, n, VERIFY_ETSI, false, false, &out, &err), COT_OK, "%s", err.msg);
	cr_assert(out.len && !memchr(out.data, '\x01', out.len), "a raw control in the report");
	cr_assert(!strstr(out.data, "\xe2\x80\xae"), "a raw bidi override in the report");
	doc = xmlReadMemory(out.data, (int)out.len, "etsi.xml", NULL, XML_PARSE_NONET);
	cr_assert(doc, "the report is not well-formed:\n%s", out.data);
	cr_assert_eq(xmlSchemaValidateDoc(vc, doc), 0, "the XSD refuses the report:\n%s", out.data);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	buf_release(&out);
	return doc;
}

/* The number of nodes expr selects in doc (prefix v: the report's namespace). */
static int count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr x = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	int n;

	cr_assert(x);
	xmlXPathRegisterNs(x, BAD_CAST "v", BAD_CAST "http://uri.etsi.org/19102/v1.4.1#");
	o = xmlXPathEvalExpression(BAD_CAST expr, x);
	cr_assert(o, "bad expression %s", expr);
	n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(x);
	return n;
}

Test(etsi, timestamped_signature_is_ltvm_with_its_token_as_poe)
{
	struct vresult r;
	xmlDocPtr doc;

	result_init(&r, "in/" HOSTILE ".asice", 1);
	timestamped(&r.sigs[0]);
	doc = render_valid(&r, 1);
	cr_expect_eq(count(doc, "//v:SignatureValidationProcessID[.="
				"'urn:etsi:019102:validationprocess:LTVM']"),
		1);
	cr_expect_eq(count(doc, "//v:BestSignatureTime/v:POEObject[@VOReference='b1-s1-ts']"), 1);
	cr_expect_eq(count(doc, "//v:SignatureTimeStamp[v:TimeStampValue='2026-12-01T10:00:05Z']"
				"/v:AttributeObject[@VOReference='b1-s1-ts']"),
		1);
	cr_expect_eq(count(doc, "//v:ValidationObject[@id='b1-s1-ts']/v:ObjectType[.="
				"'urn:etsi:019102:validationObject:timestamp']"),
		1);
	cr_expect_eq(count(doc, "//v:SignersDocumentRepresentation[@VOReference="
				"'b1-s1-d1 b1-s1-d2 b1-s1-d3']"),
		1);
	/* a hostile URI is percent-escaped; a data object without a known digest has only it */
	cr_expect_eq(count(doc, "//v:URI[contains(., '%01') and contains(., '%E2%80%AE')]"), 1);
	cr_expect_eq(count(doc, "//v:ValidationObject[@id='b1-s1-d1']/*/v:DigestAlgAndValue"), 0);
	cr_expect_eq(
		count(doc, "//v:MainIndication[.='urn:etsi:019102:mainindication:total-passed']"),
		1);
	xmlFreeDoc(doc);
	vresult_release(&r);
}

Test(etsi, bundle_without_signature_gives_its_verdict_and_failed_checks)
{
	struct vresult r[2];
	xmlDocPtr doc;

	result_init(&r[0], "broken.asice", 0);
	r[0].ind = IND_TOTAL_FAILED;
	r[0].sub = "FORMAT_FAILURE";
	r[0].c[VC_ARCHIVE_FORMAT].status = VS_FAILED;
	r[0].c[VC_MIMETYPE].status = VS_INDETERMINATE;
	result_init(&r[1], "second.asice", 1);
	sig_init(&r[1].sigs[0], "B-B", 0);
	r[1].sigs[0].ind = IND_INDETERMINATE;
	r[1].sigs[0].sub = "NO_CERTIFICATE_CHAIN_FOUND";
	r[1].sigs[0].check = VC_SIGNER_CHAIN;
	doc = render_valid(r, 2);
	cr_expect_eq(count(doc, "/v:ValidationReport/v:SignatureValidationReport"), 2);
	cr_expect_eq(count(doc, "//v:SignatureValidationStatus[v:SubIndication="
				"'urn:etsi:019102:subindication:FORMAT_FAILURE']//v:Value"),
		2);
	cr_expect_eq(count(doc, "//v:SignatureValidationStatus[v:MainIndication="
				"'urn:etsi:019102:mainindication:indeterminate']//"
				"v:Value[.='signer-chain']"),
		1);
	/* no data object: no SignersDocumentRepresentation, whose IDREFS may not be empty */
	cr_expect_eq(count(doc, "//v:SignersDocumentRepresentation"), 0);
	cr_expect_eq(count(doc, "//v:SignatureValidationProcessID[.="
				"'urn:etsi:019102:validationprocess:Basic']"),
		1);
	xmlFreeDoc(doc);
	vresult_release(&r[0]);
	vresult_release(&r[1]);
}

Test(etsi, every_signature_of_many_bundles_has_unique_ids)
{
	enum { BUNDLES = 4 };
	struct vresult r[BUNDLES];
	xmlDocPtr doc;

	for (size_t b = 0; b < BUNDLES; b++) {
		result_init(&r[b], HOSTILE, VERIFY_MAX_SIGS);
		for (size_t s = 0; s < VERIFY_MAX_SIGS; s++)
			timestamped(&r[b].sigs[s]);
	}
	doc = render_valid(r, BUNDLES);
	cr_expect_eq(count(doc, "//v:SignatureValidationReport"), BUNDLES * VERIFY_MAX_SIGS);
	cr_expect_eq(count(doc, "//v:ValidationObject"), BUNDLES * VERIFY_MAX_SIGS * 5);
	xmlFreeDoc(doc);
	for (size_t b = 0; b < BUNDLES; b++)
		vresult_release(&r[b]);
}
