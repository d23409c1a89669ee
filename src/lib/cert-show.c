/* cot cert show's output: a certificate as text for people or as cot.cert/1 JSON. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/certshow.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/escape.h"
#include "cot/i18n.h"

void cert_view_init(struct cert_view *v)
{
	memset(v, 0, sizeof(*v));
	cert_bundle_init(&v->b);
	cert_info_init(&v->info);
}

void cert_view_release(struct cert_view *v)
{
	cert_bundle_release(&v->b);
	cert_info_release(&v->info);
	free(v->label);
	cert_view_init(v);
}

int cert_view_describe(struct cert_view *v, struct cot_err *err)
{
	struct cot_err why = COT_ERR_INIT;
	int rc = cert_info_get(v->b.leaf, &v->info, err);

	if (rc)
		return rc;
	v->subj_ok = cert_ehealth_subject(v->b.leaf, &v->subj, &why) == COT_OK;
	if (!v->subj_ok)
		snprintf(v->subj_why, sizeof(v->subj_why), "%s", why.msg);
	return COT_OK;
}

static const char *validity_state(const struct cert_info *info, time_t now)
{
	if (now >= info->not_after)
		return "expired";
	if (now < info->not_before)
		return "not-yet-valid";
	if (now >= info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400)
		return "renew";
	return "valid";
}

static json_t *str_or_null(const char *s)
{
	json_t *j = s && *s ? esc_json(s, strlen(s)) : NULL;

	return j ? j : json_null();
}

static json_t *names_json(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *identifier_json(const struct cert_view *in)
{
	static const char *const kinds[] = {"cbe", "nihii", "ehp", "ssin"};
	const struct ehealth_subject *s = &in->subj;

	return json_pack("{s:o, s:o, s:o, s:b, s:o}", "type", str_or_null(s->type_name), "value",
		str_or_null(s->id), "kind",
		s->type ? json_string(kinds[s->type->kind]) : json_null(), "valid", in->subj_ok,
		"error", in->subj_ok ? json_null() : str_or_null(in->subj_why));
}

static json_t *chain_json(const struct cert_view *in)
{
	json_t *a = json_array();

	for (int i = 0; i < sk_X509_num(in->b.chain); i++) {
		struct cert_info ci;
		struct cot_err err = COT_ERR_INIT;
		char na[21];
		cert_info_init(&ci);
		if (cert_info_get(sk_X509_value(in->b.chain, i), &ci, &err) == COT_OK) {
			time_format(ci.not_after, na);
			json_array_append_new(a,
				json_pack("{s:o, s:o, s:s, s:s}", "subject",
					str_or_null(ci.subject), "issuer", str_or_null(ci.issuer),
					"sha256", ci.sha256, "not_after", na));
		}
		cert_info_release(&ci);
	}
	return a;
}

static void add_validity_json(json_t *o, const struct cert_info *info, time_t now)
{
	char t[21], opens[11], closes[11];

	time_format(info->not_before, t);
	json_object_set_new(o, "not_before", json_string(t));
	time_format(info->not_after, t);
	json_object_set_new(o, "not_after", json_string(t));
	json_object_set_new(o, "days_left", json_integer(days_between(now, info->not_after)));
	json_object_set_new(o, "state", json_string(validity_state(info, now)));
	date_format(info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400, opens);
	date_format(info->not_after, closes);
	json_object_set_new(
		o, "renewal_window", json_pack("{s:s, s:s}", "opens", opens, "closes", closes));
}

json_t *certshow_json(const struct cert_view *in, time_t now)
{
	const struct cert_info *info = &in->info;
	json_t *o = json_pack("{s:s, s:o, s:s}", "schema", "cot.cert/1", "file",
		str_or_null(in->label), "format", cert_format_name(in->b.format));

	if (in->from_store)
		json_object_set_new(o, "imported",
			json_pack("{s:s, s:s}", "received", in->cur.date, "recorded",
				in->cur.recorded));
	if (in->b.n_keys)
		json_object_set_new(o, "keystore",
			json_pack("{s:o, s:I}", "entry", str_or_null(in->b.entry), "private_keys",
				(json_int_t)in->b.n_keys));
	json_object_set_new(o, "identifier", identifier_json(in));
	json_object_set_new(o, "organisation", str_or_null(in->subj.name));
	json_object_set_new(o, "application", str_or_null(in->subj.app_id));
	json_object_set_new(o, "person", json_boolean(in->subj.person));
	json_object_set_new(o, "subject", str_or_null(info->subject));
	json_object_set_new(o, "issuer", str_or_null(info->issuer));
	json_object_set_new(o, "serial", str_or_null(info->serial));
	add_validity_json(o, info, now);
	json_object_set_new(
		o, "key", json_pack("{s:s, s:i}", "type", info->key_type, "bits", info->key_bits));
	json_object_set_new(o, "signature_algorithm", json_string(info->sig_alg));
	json_object_set_new(o, "key_usage", names_json(info->key_usage_names, info->n_key_usage));
	json_object_set_new(o, "extended_key_usage",
		names_json((const char *const *)info->ext_key_usage, info->n_ext_key_usage));
	json_object_set_new(o, "sha256", json_string(info->sha256));
	json_object_set_new(o, "fingerprint", json_string(info->fingerprint));
	json_object_set_new(o, "self_signed", json_boolean(info->self_signed));
	json_object_set_new(o, "ca", json_boolean(info->ca));
	json_object_set_new(o, "chain", chain_json(in));
	return o;
}

static void row(FILE *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "  KEY" padded to the value's column; KEY is UTF-8, one column per character. */
static void print_key(FILE *f, const char *key)
{
	int width = (int)esc_columns(key, strlen(key));

	fprintf(f, "  %s%*s ", key, width < 16 ? 16 - width : 0, "");
}

static void row(FILE *f, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char *shown;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* subjects and names come from the certificate: escaped, one line */
	shown = esc_text_str(b.data ? b.data : "?");
	print_key(f, key);
	fprintf(f, "%s\n", shown);
	free(shown);
	buf_release(&b);
}

static void print_list(FILE *f, const char *key, const char *const *v, size_t n)
{
	print_key(f, key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", v[i]);
	fprintf(f, "%s\n", n ? "" : _("none"));
}

static void print_identity(FILE *f, const struct cert_view *in)
{
	const struct ehealth_subject *s = &in->subj;

	if (in->subj_ok)
		row(f, _("identifier"), "%s %s", s->type_name, s->id);
	else if (s->type_name[0])
		row(f, _("identifier"), "%s %s (%s)", s->type_name, s->id, in->subj_why);
	else
		/* TRANSLATORS: why the subject names no eHealth identifier */
		row(f, _("identifier"), _("none understood (%s)"), in->subj_why);
	row(f, _("organisation"), "%s", s->name[0] ? s->name : _("(none in the subject)"));
	row(f, _("application"), "%s", s->app_id[0] ? s->app_id : _("none"));
	row(f, _("subject"), "%s", in->info.subject);
	row(f, _("issuer"), "%s", in->info.issuer);
	row(f, _("serial"), "%s", in->info.serial);
}

static void print_validity(FILE *f, const struct cert_info *info, time_t now)
{
	char nb[21], na[21], opens[11];
	long left = days_between(now, info->not_after);

	time_format(info->not_before, nb);
	time_format(info->not_after, na);
	date_format(info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400, opens);
	long starts = days_between(now, info->not_before) + 1;

	row(f, _("valid from"), "%s", nb);
	if (now >= info->not_after)
		row(f, _("valid until"),
			ngettext("%s: expired %ld day ago", "%s: expired %ld days ago",
				(unsigned long)-left),
			na, -left);
	else if (now < info->not_before)
		row(f, _("valid until"),
			ngettext("%s: not valid yet (starts in %ld day)",
				"%s: not valid yet (starts in %ld days)", (unsigned long)starts),
			na, starts);
	else
		row(f, _("valid until"),
			ngettext("%s: %ld day left", "%s: %ld days left", (unsigned long)left), na,
			left);
	if (now >= info->not_after - (time_t)CERT_RENEWAL_DAYS * 86400)
		row(f, _("renewal"),
			_("window opened on %s (eHealth renews only in the last %d days)"), opens,
			CERT_RENEWAL_DAYS);
	else
		row(f, _("renewal"),
			_("window opens on %s (eHealth renews only in the last %d days)"), opens,
			CERT_RENEWAL_DAYS);
}

void certshow_text(FILE *f, const struct cert_view *in, time_t now)
{
	const struct cert_info *info = &in->info;

	if (in->from_store)
		fprintf(f, _("%s (received on %s)\n"), in->label, in->cur.date);
	else
		fprintf(f, "%s (%s)\n", in->label, cert_format_name(in->b.format));
	print_identity(f, in);
	print_validity(f, info, now);
	/* TRANSLATORS: the key's type (RSA, EC) and size */
	row(f, _("key"), _("%s %d bits"), info->key_type, info->key_bits);
	row(f, _("signature"), "%s", info->sig_alg);
	print_list(f, _("key usage"), info->key_usage_names, info->n_key_usage);
	print_list(f, _("extended usage"), (const char *const *)info->ext_key_usage,
		info->n_ext_key_usage);
	row(f, "SHA-256", "%s", info->fingerprint);
	for (int i = 0; i < sk_X509_num(in->b.chain); i++) {
		struct cert_info ci;
		struct cot_err err = COT_ERR_INIT;
		cert_info_init(&ci);
		cert_info_get(sk_X509_value(in->b.chain, i), &ci, &err);
		row(f, i ? "" : _("chain"), "%s", ci.subject ? ci.subject : "?");
		cert_info_release(&ci);
	}
	if (sk_X509_num(in->b.chain) == 0)
		row(f, _("chain"), "%s", _("no CA certificate with it"));
	if (in->b.n_keys)
		row(f, _("keystore"),
			ngettext("entry '%s'; %zu private key, never shown nor stored",
				"entry '%s'; %zu private keys, never shown nor stored",
				in->b.n_keys),
			in->b.entry ? in->b.entry : _("(unnamed)"), in->b.n_keys);
}
