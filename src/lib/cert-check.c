/* Certificates: eHealth subjects, inspection, checks and chain verification. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cot/cert.h"
#include "cot/algo.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/mem.h"

#define MAX_OUS 8
#define EHEALTH_OU "eHealth-platform Belgium"

static const struct ehealth_idtype idtypes[] = {
	{"CBE", 10, EHEALTH_ID_CBE},
	{"CBE-TREAT_CENTER", 10, EHEALTH_ID_CBE},
	{"EHP", 10, EHEALTH_ID_EHP},
	{"NIHII", 8, EHEALTH_ID_NIHII},
	{"NIHII11", 11, EHEALTH_ID_NIHII},
	{"NIHII-HOSPITAL", 8, EHEALTH_ID_NIHII},
	{"NIHII-PHARMACY", 8, EHEALTH_ID_NIHII},
	{"NIHII-LABO", 8, EHEALTH_ID_NIHII},
	{"NIHII-RETIREMENT", 8, EHEALTH_ID_NIHII},
	{"NIHII-GROUP", 8, EHEALTH_ID_NIHII},
	{"NIHII-PALLIATIVE_CARE", 8, EHEALTH_ID_NIHII},
	{"NIHII-HOME_SERVICES", 8, EHEALTH_ID_NIHII},
	{"NIHII-MEDICAL_HOUSE", 8, EHEALTH_ID_NIHII},
	{"NIHII-GUARD_POST", 8, EHEALTH_ID_NIHII},
	{"NIHII-BELRAI", 8, EHEALTH_ID_NIHII},
	{"NIHII-BELRAI_SCREEN", 8, EHEALTH_ID_NIHII},
	{"SSIN", 11, EHEALTH_ID_SSIN},
};

const struct ehealth_idtype *cert_ehealth_idtype(const char *name)
{
	for (size_t i = 0; i < sizeof(idtypes) / sizeof(idtypes[0]); i++)
		if (strcmp(idtypes[i].name, name) == 0)
			return &idtypes[i];
	return NULL;
}

/* ---- eHealth subjects ---- */

/* The attributes of a subject that matter, in DER order, as UTF-8. */
struct rdns {
	char cn[EHEALTH_VALUE_MAX + 1];
	char serial[EHEALTH_VALUE_MAX + 1];
	char ou[MAX_OUS][EHEALTH_VALUE_MAX + 1];
	size_t n_ou;
	bool has_cn, has_serial;
};

/* A C0 control character or DEL: it would drive a terminal that prints the name. */
static bool has_control(const unsigned char *u, int n)
{
	for (int i = 0; i < n; i++)
		if (u[i] < 0x20 || u[i] == 0x7f)
			return true;
	return false;
}

static int entry_utf8(X509_NAME_ENTRY *e, char *out, struct cot_err *err)
{
	unsigned char *u = NULL;
	int n = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(e));
	int rc = COT_OK;

	if (n < 0)
		rc = cot_err_set(err, COT_FINDINGS, _("the subject holds an unreadable attribute"));
	else if (n > EHEALTH_VALUE_MAX)
		rc = cot_err_set(err, COT_FINDINGS,
			_("the subject holds an attribute of %d bytes (at most %d)"), n,
			EHEALTH_VALUE_MAX);
	else if (memchr(u, '\0', (size_t)n))
		rc = cot_err_set(
			err, COT_FINDINGS, _("the subject holds an attribute with a NUL byte"));
	else if (has_control(u, n))
		rc = cot_err_set(err, COT_FINDINGS,
			_("the subject holds an attribute with a control character"));
	else
		memcpy(out, u, (size_t)n + 1);
	OPENSSL_free(u);
	return rc;
}

static int collect_rdns(X509 *x, struct rdns *r, struct cot_err *err)
{
	X509_NAME *name = X509_get_subject_name(x);
	int rc = COT_OK;

	memset(r, 0, sizeof(*r));
	for (int i = 0; rc == COT_OK && i < X509_NAME_entry_count(name); i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);

		switch (OBJ_obj2nid(X509_NAME_ENTRY_get_object(e))) {
		case NID_commonName:
			if (r->has_cn)
				return cot_err_set(err, COT_FINDINGS,
					_("the subject holds two CNs (exactly one is allowed)"));
			rc = entry_utf8(e, r->cn, err);
			r->has_cn = true;
			break;
		case NID_serialNumber:
			rc = entry_utf8(e, r->serial, err);
			r->has_serial = true;
			break;
		case NID_organizationalUnitName:
			if (r->n_ou == MAX_OUS)
				return cot_err_set(err, COT_FINDINGS,
					_("the subject holds more than %d OUs"), MAX_OUS);
			rc = entry_utf8(e, r->ou[r->n_ou++], err);
			break;
		default:
			break;
		}
	}
	return rc;
}

/* Splits "TYPE=ID" into out->type_name and out->id; false without '='. */
static bool split_ident(const char *s, struct ehealth_subject *out)
{
	const char *eq = strchr(s, '=');

	if (!eq || eq == s)
		return false;
	snprintf(out->type_name, sizeof(out->type_name), "%.*s", (int)(eq - s), s);
	snprintf(out->id, sizeof(out->id), "%s", eq + 1);
	return true;
}

static void list_ous(const struct rdns *r, char *out, size_t outlen)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < r->n_ou && n < outlen; i++)
		n += (size_t)snprintf(out + n, outlen - n, "%sOU=%s", i ? ", " : "", r->ou[i]);
	if (r->n_ou == 0)
		snprintf(out, outlen, "%s", _("no OU"));
}

/* Finds the one identifier OU; returns its index, or -1 with the reason in err. */
static int find_ident_ou(const struct rdns *r, struct ehealth_subject *out, struct cot_err *err)
{
	struct ehealth_subject probe;
	char ous[512];
	int found = -1, unknown = -1;

	for (size_t i = 0; i < r->n_ou; i++) {
		if (!split_ident(r->ou[i], &probe))
			continue;
		if (!cert_ehealth_idtype(probe.type_name)) {
			if (unknown < 0)
				unknown = (int)i;
			continue;
		}
		if (found >= 0) {
			cot_err_set(err, COT_FINDINGS,
				_("the subject holds two identifiers: OU=%s and OU=%s"),
				r->ou[found], r->ou[i]);
			return -1;
		}
		found = (int)i;
	}
	if (found >= 0) {
		split_ident(r->ou[found], out);
		out->type = cert_ehealth_idtype(out->type_name);
		return found;
	}
	if (unknown >= 0) {
		split_ident(r->ou[unknown], out);
		cot_err_set(err, COT_FINDINGS, _("unknown identifier type '%s' in OU=%s"),
			out->type_name, r->ou[unknown]);
		return -1;
	}
	list_ous(r, ous, sizeof(ous));
	cot_err_set(
		err, COT_FINDINGS, _("the subject has no identifier OU (TYPE=ID); found %s"), ous);
	return -1;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Checks the identifier's length and check digits for its type. */
static int check_ident(struct ehealth_subject *s, struct cot_err *err)
{
	char canon[NIHII_PERSON_LEN + 1], why[128];
	const struct ehealth_idtype *t = s->type;

	if (!all_digits(s->id) || strlen(s->id) != t->len)
		return cot_err_set(err, COT_FINDINGS, _("%s=%s: a %s identifier has %zu digits"),
			t->name, s->id, t->name, t->len);
	switch (t->kind) {
	case EHEALTH_ID_CBE:
		if (!kbo_parse(s->id, canon, why, sizeof(why)))
			return cot_err_set(err, COT_FINDINGS, "%s=%s: %s", t->name, s->id, why);
		break;
	case EHEALTH_ID_NIHII:
		switch (nihii_parse(s->id, canon, why, sizeof(why))) {
		case NIHII_BAD:
			return cot_err_set(err, COT_FINDINGS, "%s=%s: %s", t->name, s->id, why);
		case NIHII_MOD89:
			s->nihii_mod89 = true;
			break;
		case NIHII_MOD97:
			break;
		}
		break;
	case EHEALTH_ID_EHP:
	case EHEALTH_ID_SSIN:
		break;
	}
	return COT_OK;
}

static bool appid_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > EHEALTH_APPID_MAX)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && !isupper((unsigned char)*s) && *s != '_' &&
			*s != '-')
			return false;
	return true;
}

/* The CN is "TYPE=ID" or "TYPE=ID, APPID"; the identifier must be the OU's. */
static int parse_cn(
	const struct rdns *r, const char *ident, struct ehealth_subject *out, struct cot_err *err)
{
	size_t n = strlen(ident);
	const char *rest;

	if (!r->has_cn)
		return cot_err_set(
			err, COT_FINDINGS, _("the subject has no CN (expected CN=%s)"), ident);
	if (strncmp(r->cn, ident, n) != 0 || (r->cn[n] != '\0' && r->cn[n] != ','))
		return cot_err_set(err, COT_FINDINGS,
			_("the CN '%s' does not match the identifier OU=%s"), r->cn, ident);
	if (r->cn[n] == '\0')
		return COT_OK;
	rest = r->cn + n + 1;
	while (*rest == ' ')
		rest++;
	if (!appid_valid(rest))
		return cot_err_set(err, COT_FINDINGS,
			_("invalid application id '%s' in the CN (expected [0-9A-Z_-]{1,30})"),
			rest);
	snprintf(out->app_id, sizeof(out->app_id), "%s", rest);
	return COT_OK;
}

/* The name is the OU that is no other part; the last such OU in DER order, which is
 * the first after "eHealth-platform Belgium" as eHealth writes subjects. */
static void find_name(const struct rdns *r, int ident, struct ehealth_subject *out)
{
	for (size_t i = 0; i < r->n_ou; i++) {
		if ((int)i == ident || strcmp(r->ou[i], EHEALTH_OU) == 0 ||
			(out->app_id[0] && strcmp(r->ou[i], out->app_id) == 0))
			continue;
		snprintf(out->name, sizeof(out->name), "%s", r->ou[i]);
	}
}

/* An eID certificate: no identifier OU, the SSIN in serialNumber. */
static int parse_eid(const struct rdns *r, struct ehealth_subject *out, struct cot_err *err)
{
	out->type = cert_ehealth_idtype("SSIN");
	snprintf(out->type_name, sizeof(out->type_name), "SSIN");
	snprintf(out->id, sizeof(out->id), "%s", r->serial);
	out->person = true;
	return check_ident(out, err);
}

int cert_ehealth_subject(X509 *x, struct ehealth_subject *out, struct cot_err *err)
{
	struct rdns *r = xmalloc(sizeof(*r));
	char ident[2 * EHEALTH_VALUE_MAX + 2];
	int rc, i;

	memset(out, 0, sizeof(*out));
	rc = collect_rdns(x, r, err);
	if (rc)
		goto out;
	out->person = r->has_serial;
	i = find_ident_ou(r, out, err);
	if (i < 0 && r->has_serial && all_digits(r->serial) && strlen(r->serial) == 11) {
		rc = parse_eid(r, out, err);
		goto out;
	}
	if (i < 0) {
		rc = COT_FINDINGS;
		goto out;
	}
	out->person = out->person || out->type->kind == EHEALTH_ID_SSIN;
	snprintf(ident, sizeof(ident), "%s=%s", out->type_name, out->id);
	rc = parse_cn(r, ident, out, err);
	if (rc == COT_OK)
		find_name(r, i, out);
	if (rc == COT_OK)
		rc = check_ident(out, err);
out:
	free(r);
	return rc;
}

int cert_ehealth_match(
	const struct ehealth_subject *s, const char *kbo, const char *nihii, struct cot_err *err)
{
	char k[KBO_LEN + 1], n[NIHII_PERSON_LEN + 1], why[128];

	if (!kbo_parse(kbo, k, why, sizeof(why)))
		return cot_err_set(err, COT_USAGE, _("invalid KBO number '%s': %s"), kbo, why);
	if (nihii && *nihii && nihii_parse(nihii, n, why, sizeof(why)) == NIHII_BAD)
		return cot_err_set(err, COT_USAGE, _("invalid NIHII number '%s': %s"), nihii, why);
	if (!s->type)
		return cot_err_set(
			err, COT_FINDINGS, _("the certificate has no eHealth identifier"));
	switch (s->type->kind) {
	case EHEALTH_ID_CBE:
		if (strcmp(s->id, k) == 0)
			return COT_OK;
		return cot_err_set(err, COT_FINDINGS,
			_("the certificate is for %s %s, the project is KBO %s"), s->type->name,
			s->id, k);
	case EHEALTH_ID_NIHII:
		if (!nihii || !*nihii)
			return cot_err_set(err, COT_FINDINGS,
				_("the certificate is for %s %s, the project has no NIHII number"),
				s->type->name, s->id);
		if (strcmp(s->id, n) == 0)
			return COT_OK;
		return cot_err_set(err, COT_FINDINGS,
			_("the certificate is for %s %s, the project is NIHII %s"), s->type->name,
			s->id, n);
	default:
		return cot_err_set(err, COT_FINDINGS,
			_("the certificate is for %s %s, which cannot be matched with the "
			  "project's "
			  "KBO %s"),
			s->type->name, s->id, k);
	}
}

/* ---- Inspection ---- */

void cert_info_init(struct cert_info *info)
{
	memset(info, 0, sizeof(*info));
}

void cert_info_release(struct cert_info *info)
{
	free(info->subject);
	free(info->issuer);
	free(info->serial);
	for (size_t i = 0; i < info->n_ext_key_usage; i++)
		free(info->ext_key_usage[i]);
	cert_info_init(info);
}

/* One line, RFC 2253, with UTF-8 kept rather than escaped as \XX. */
static char *name_line(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL, *s = NULL;
	long n;

	if (!bio)
		return NULL;
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(bio, &p);
		s = strndup(n > 0 ? p : "", n > 0 ? (size_t)n : 0);
	}
	BIO_free(bio);
	return s;
}

static char *serial_hex(X509 *x)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	char *s = hex ? strdup(hex) : NULL;

	OPENSSL_free(hex);
	BN_free(bn);
	return s;
}

static bool asn1_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return false;
	*out = timegm(&tm);
	return true;
}

static void key_info(X509 *x, struct cert_info *info)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int id;

	info->key_type = "unknown";
	if (!pk)
		return;
	id = EVP_PKEY_get_base_id(pk);
	if (id == EVP_PKEY_RSA)
		info->key_type = "RSA";
	else if (id == EVP_PKEY_EC)
		info->key_type = "EC";
	else if (id == EVP_PKEY_DSA)
		info->key_type = "DSA";
	else if (id != NID_undef && OBJ_nid2sn(id))
		info->key_type = OBJ_nid2sn(id);
	info->key_bits = EVP_PKEY_get_bits(pk);
}

static const struct {
	uint32_t bit;
	const char *name;
} ku_names[] = {
	{KU_DIGITAL_SIGNATURE, "digitalSignature"},
	{KU_NON_REPUDIATION, "nonRepudiation"},
	{KU_KEY_ENCIPHERMENT, "keyEncipherment"},
	{KU_DATA_ENCIPHERMENT, "dataEncipherment"},
	{KU_KEY_AGREEMENT, "keyAgreement"},
	{KU_KEY_CERT_SIGN, "keyCertSign"},
	{KU_CRL_SIGN, "cRLSign"},
	{KU_ENCIPHER_ONLY, "encipherOnly"},
	{KU_DECIPHER_ONLY, "decipherOnly"},
};

static void key_usage(X509 *x, struct cert_info *info)
{
	uint32_t ku = X509_get_key_usage(x);

	info->has_key_usage = ku != UINT32_MAX;
	info->key_usage = info->has_key_usage ? ku : 0;
	for (size_t i = 0; i < sizeof(ku_names) / sizeof(ku_names[0]); i++)
		if (info->key_usage & ku_names[i].bit)
			info->key_usage_names[info->n_key_usage++] = ku_names[i].name;
}

static int ext_key_usage(X509 *x, struct cert_info *info, struct cot_err *err)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	char txt[128];
	int rc = COT_OK;

	for (int i = 0; eku && i < sk_ASN1_OBJECT_num(eku) && info->n_ext_key_usage < CERT_MAX_EKU;
		i++) {
		ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		int nid = OBJ_obj2nid(o);
		char *s;

		if (nid != NID_undef)
			snprintf(txt, sizeof(txt), "%s", OBJ_nid2sn(nid));
		else if (OBJ_obj2txt(txt, sizeof(txt), o, 1) <= 0)
			snprintf(txt, sizeof(txt), "?");
		s = strdup(txt);
		if (!s) {
			rc = cot_err_nomem(err);
			break;
		}
		info->ext_key_usage[info->n_ext_key_usage++] = s;
	}
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	return rc;
}

static void fingerprints(X509 *x, struct cert_info *info)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	X509_digest(x, EVP_sha256(), md, &n);
	for (unsigned i = 0; i < n && i < 32; i++) {
		snprintf(info->fingerprint + 3 * i, 4, i + 1 < n ? "%02X:" : "%02X", md[i]);
		snprintf(info->sha256 + 2 * i, 3, "%02x", md[i]);
	}
}

int cert_info_get(X509 *x, struct cert_info *info, struct cot_err *err)
{
	const char *sig = OBJ_nid2ln(X509_get_signature_nid(x));
	int rc;

	info->subject = name_line(X509_get_subject_name(x));
	info->issuer = name_line(X509_get_issuer_name(x));
	info->serial = serial_hex(x);
	if (!info->subject || !info->issuer || !info->serial) {
		rc = cot_err_nomem(err);
		goto out;
	}
	if (!asn1_time(X509_get0_notBefore(x), &info->not_before) ||
		!asn1_time(X509_get0_notAfter(x), &info->not_after)) {
		rc = cot_err_set(err, COT_USAGE,
			_("the certificate %s has unreadable validity dates"), info->subject);
		goto out;
	}
	info->sig_alg = sig ? sig : "unknown";
	key_info(x, info);
	key_usage(x, info);
	fingerprints(x, info);
	info->self_signed = X509_self_signed(x, 1) == 1;
	info->ca = X509_check_ca(x) != 0;
	rc = ext_key_usage(x, info, err);
out:
	ERR_clear_error();
	return rc;
}

/* ---- Checks ---- */

static void add(struct cert_findings *f, const char *id, enum cert_severity sev, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

static void add(
	struct cert_findings *f, const char *id, enum cert_severity sev, const char *fmt, ...)
{
	struct cert_finding *it;
	va_list ap;

	if (f->n == CERT_MAX_FINDINGS)
		abort(); /* the checks add fewer than CERT_MAX_FINDINGS: a bug */
	it = &f->item[f->n++];
	it->id = id;
	it->severity = sev;
	va_start(ap, fmt);
	vsnprintf(it->msg, sizeof(it->msg), fmt, ap);
	va_end(ap);
}

static void check_validity(
	const struct cert_info *info, const struct cert_check_opts *o, struct cert_findings *f)
{
	char after[11], before[11], opens[11];
	time_t open = info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400;

	date_format(info->not_after, after);
	date_format(info->not_before, before);
	date_format(open, opens);
	if (o->now >= info->not_after) {
		add(f, "cert-expired", CERT_ERROR,
			_("expired on %s: it cannot be renewed, request a new certificate"), after);
	} else if (o->now < info->not_before) {
		add(f, "cert-not-yet-valid", CERT_ERROR, _("not valid before %s"), before);
	} else if (o->warn_days > 0 && o->now >= info->not_after - (time_t)o->warn_days * 86400) {
		if (o->now >= open)
			add(f, "cert-renewal-window", CERT_ERROR,
				_("renew now: the renewal window opened on %s, it closes on %s"),
				opens, after);
		else
			add(f, "cert-renewal-window", CERT_WARNING,
				_("expires on %s: the renewal window opens on %s"), after, opens);
	}
}

static void check_strength(X509 *x, struct cert_findings *f)
{
	char why[200];

	if (algo_key(X509_get0_pubkey(x), why, sizeof(why)))
		add(f, "cert-weak-key", CERT_ERROR, "%s", why);
	if (algo_cert_signature(x, why, sizeof(why)))
		add(f, "cert-weak-signature", CERT_ERROR, "%s", why);
}

static void check_usage(X509 *x, const struct cert_info *info, struct cert_findings *f)
{
	char why[200];
	bool client = false;

	if (algo_signer_usage(x, why, sizeof(why)))
		add(f, "cert-key-usage", CERT_ERROR, "%s", why);
	else if (!(info->key_usage & KU_DIGITAL_SIGNATURE))
		add(f, "cert-key-usage", CERT_WARNING,
			_("key usage lacks digitalSignature, which "
			  "eHealth's TLS services require"));
	if (info->has_key_usage && !(info->key_usage & KU_NON_REPUDIATION))
		add(f, "cert-key-usage", CERT_WARNING, _("key usage lacks nonRepudiation"));
	if (info->has_key_usage && !(info->key_usage & KU_KEY_ENCIPHERMENT))
		add(f, "cert-key-usage", CERT_WARNING, _("key usage lacks keyEncipherment"));
	for (size_t i = 0; i < info->n_ext_key_usage; i++)
		client = client || strcmp(info->ext_key_usage[i], "clientAuth") == 0;
	if (info->n_ext_key_usage > 0 && !client)
		add(f, "cert-key-usage", CERT_WARNING,
			_("extended key usage lacks clientAuth, which eHealth services require"));
}

static void check_subject(X509 *x, const struct cert_check_opts *o, struct cert_findings *f)
{
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	if (cert_ehealth_subject(x, &s, &err) != COT_OK) {
		add(f, "cert-identifier", CERT_ERROR, "%s", err.msg);
		return;
	}
	if (s.nihii_mod89)
		add(f, "cert-identifier", CERT_WARNING,
			_("%s=%s passes only the unconfirmed modulo-89 check"), s.type->name, s.id);
	if (o->kbo && cert_ehealth_match(&s, o->kbo, o->nihii, &err) != COT_OK)
		add(f, "cert-organisation", CERT_ERROR, "%s", err.msg);
}

int cert_check(X509 *x, const struct cert_info *info, const struct cert_check_opts *opts,
	struct cert_findings *out)
{
	out->n = 0;
	check_validity(info, opts, out);
	check_strength(x, out);
	check_usage(x, info, out);
	if (info->self_signed)
		add(out, "cert-self-signed", CERT_ERROR,
			_("self-signed: an eHealth certificate is issued by the eHealth CA"));
	check_subject(x, opts, out);
	ERR_clear_error();
	for (size_t i = 0; i < out->n; i++)
		if (out->item[i].severity == CERT_ERROR)
			return COT_FINDINGS;
	return COT_OK;
}

/* ---- Chains ---- */

static int verify_failed(X509_STORE_CTX *ctx, struct cot_err *err)
{
	int e = X509_STORE_CTX_get_error(ctx);
	X509 *cur = X509_STORE_CTX_get_current_cert(ctx);
	char *who = cur ? name_line(X509_get_subject_name(cur)) : NULL;

	/* TRANSLATORS: OpenSSL's reason, the depth, then ", " and a subject, or nothing */
	cot_err_set(err, COT_FINDINGS,
		_("the certificate chain does not verify: %s (depth %d%s%s)"),
		X509_verify_cert_error_string(e), X509_STORE_CTX_get_error_depth(ctx),
		who ? ", " : "", who ? who : "");
	free(who);
	return COT_FINDINGS;
}

int cert_verify_chain_anchors(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *anchors,
	time_t at, struct cot_err *err)
{
	return cert_verify_chain_get(leaf, untrusted, anchors, at, NULL, err);
}

int cert_verify_chain_get(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *anchors, time_t at,
	STACK_OF(X509) **chain, struct cot_err *err)
{
	X509_STORE *store = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_VERIFY_PARAM *param;
	int rc = COT_OK;

	if (!anchors || sk_X509_num(anchors) == 0)
		return cot_err_set(err, COT_USAGE, _("no trust anchors to verify the chain with"));
	store = X509_STORE_new();
	ctx = X509_STORE_CTX_new();
	if (!store || !ctx) {
		rc = cot_err_nomem(err);
		goto out;
	}
	for (int i = 0; i < sk_X509_num(anchors); i++) {
		if (!X509_STORE_add_cert(store, sk_X509_value(anchors, i))) {
			rc = cot_err_set(err, COT_ENV, _("cannot add a trust anchor"));
			goto out;
		}
	}
	if (!X509_STORE_CTX_init(ctx, store, leaf, untrusted)) {
		rc = cot_err_set(err, COT_ENV, _("cannot start verifying the chain"));
		goto out;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_time(param, at);
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_verify_cert(ctx) != 1)
		rc = verify_failed(ctx, err);
	else if (chain && !(*chain = X509_STORE_CTX_get1_chain(ctx)))
		rc = cot_err_nomem(err);
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	ERR_clear_error();
	return rc;
}

int cert_verify_chain(X509 *leaf, STACK_OF(X509) *untrusted, const char *const *anchor_paths,
	size_t n_anchor_paths, time_t at, struct cot_err *err)
{
	STACK_OF(X509) *anchors = sk_X509_new_null();
	int rc = COT_OK;

	if (!anchors)
		return cot_err_nomem(err);
	for (size_t i = 0; rc == COT_OK && i < n_anchor_paths; i++)
		rc = cert_load_anchors(anchor_paths[i], anchors, err);
	if (rc == COT_OK)
		rc = cert_verify_chain_anchors(leaf, untrusted, anchors, at, err);
	sk_X509_pop_free(anchors, X509_free);
	return rc;
}
