/* The onboarding procedure as a state machine derived from the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/i18n.h"
#include "cot/clock.h"
#include "cot/lock.h"
#include "cot/procedure.h"

/* Titles and what to do, marked with N_(): translated where they are shown (_()). */
static const struct step_def cert_requested = {"cert-requested",
	N_("eHealth organisation certificate requested"),
	N_("request the production organisation certificate from eHealth (eHealth portal, "
	   "certificate management), then record it with 'cot cert request'"),
	"cot cert request"};

static const struct step_def cert_received = {"cert-received", N_("certificate received"),
	N_("when the certificate arrives, import it with 'cot cert import FILE' and hand it to the "
	   "IT supplier; never send it unprotected by e-mail"),
	"cot cert import"};

static const struct step_def vitalink_requested = {"vitalink-requested",
	N_("Vitalink circle of trust requested"),
	N_("ask Vitalink to join its circle of trust, then 'cot done vitalink-requested'"), NULL};

static const struct step_def vitalink_contract = {"vitalink-contract-received",
	N_("Vitalink contract received"),
	N_("wait for Vitalink to validate and return the contract it signed; put it in documents/ "
	   "and run 'cot done vitalink-contract-received --file documents/FILE'"),
	NULL};

static const struct step_def registered = {"registered", N_("registered with proof of mandate"),
	N_("mail a scan of an official document proving you may act for the organisation (e.g. an "
	   "extract of the Belgian Official Gazette) to circleoftrust@belrai.org, then "
	   "'cot done registered --file documents/FILE'"),
	NULL};

static const struct step_def checklist_complete = {"checklist-complete",
	N_("security checklist complete"),
	N_("realise the security policy with the checklist: answer checklist.yaml, then "
	   "'cot check --record'"),
	"cot check --record"};

static const struct step_def contract_signed = {"contract-signed", N_("BelRAI contract signed"),
	N_("have the legal representative sign the BelRAI contract; put it in documents/ and run "
	   "'cot done contract-signed --file documents/FILE'"),
	NULL};

static const struct step_def submitted_vitalink = {"submitted", N_("submission sent"),
	N_("send the signed BelRAI contract and the Vitalink contract to "
	   "circleoftrust@belrai.org ('cot submit')"),
	"cot submit"};

static const struct step_def submitted_direct = {"submitted", N_("submission sent"),
	N_("send the completed checklist and the signed BelRAI contract to "
	   "circleoftrust@belrai.org ('cot submit')"),
	"cot submit"};

static const struct step_def fod_validated = {"fod-validated", N_("validated by the FOD"),
	N_("wait for the FOD to validate the submission; when it confirms, "
	   "'cot done fod-validated --ref REFERENCE'"),
	NULL};

static const struct step_def whitelisted = {"whitelisted", N_("on the BelRAI whitelist"),
	N_("wait until the organisation's name and KBO number are on the BelRAI whitelist, then "
	   "record it with 'cot done whitelisted'"),
	NULL};

static const struct step_def contract_returned = {"contract-returned",
	N_("countersigned contract returned"),
	N_("wait for the circle-of-trust manager to return the countersigned BelRAI contract; put "
	   "it "
	   "in documents/ and run 'cot done contract-returned --file documents/FILE'"),
	NULL};

/* The vendor's own procedure: recognition of its software (the BelRAI wiki's steps). */
static const struct step_def request_sent = {"request-sent", N_("recognition request sent"),
	N_("answer the vendor requirements in checklist.yaml, put KMEHR samples in samples/ and "
	   "screenshots in screenshots/, run 'cot check', then send the request to "
	   "circleoftrust@belrai.org ('cot submit')"),
	"cot submit"};

static const struct step_def vendor_validated = {"fod-validated",
	N_("validated by the FOD: acceptance access granted"),
	N_("wait for the FOD to validate the request and grant access to the acceptance "
	   "environment (test.belrai.org); then 'cot done fod-validated --ref REFERENCE'"),
	NULL};

static const struct step_def acceptance_tested = {"acceptance-tested", N_("acceptance tests done"),
	N_("test in the acceptance environment until what the software sends is visible on "
	   "test.belrai.org, tell the FOD it is done, then 'cot done acceptance-tested'"),
	NULL};

static const struct step_def demo_held = {"demo-held", N_("demonstration held"),
	N_("demonstrate the software to the FOD, then 'cot done demo-held'"), NULL};

static const struct step_def production_access = {"production-access",
	N_("production access granted"),
	N_("wait for the FOD to validate the demonstration and grant production access, then "
	   "'cot done production-access --ref REFERENCE'"),
	NULL};

static const struct step_def *const vendor_steps[] = {
	&request_sent, &vendor_validated, &acceptance_tested, &demo_held, &production_access};

static const struct step_def *const vitalink_steps[] = {&cert_requested, &cert_received,
	&vitalink_requested, &vitalink_contract, &contract_signed, &submitted_vitalink,
	&fod_validated, &whitelisted, &contract_returned};

static const struct step_def *const direct_steps[] = {&cert_requested, &cert_received, &registered,
	&checklist_complete, &contract_signed, &submitted_direct, &fod_validated, &whitelisted,
	&contract_returned};

const struct step_def *const *route_steps(enum route r, int *n)
{
	*n = STEP_MAX;
	return r == ROUTE_VITALINK ? vitalink_steps : direct_steps;
}

const struct step_def *const *procedure_steps(enum route r, enum org_kind k, int *n)
{
	switch (k) {
	case KIND_VENDOR:
		*n = (int)(sizeof(vendor_steps) / sizeof(vendor_steps[0]));
		return vendor_steps;
	case KIND_ORGANISATION:
		break;
	}
	return route_steps(r, n);
}

static int index_in(const struct step_def *const *s, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s[i]->id, id) == 0)
			return i;
	return -1;
}

int step_index(enum route r, const char *id)
{
	int n;
	const struct step_def *const *s = route_steps(r, &n);

	return index_in(s, n, id);
}

int procedure_step_index(enum route r, enum org_kind k, const char *id)
{
	int n;
	const struct step_def *const *s = procedure_steps(r, k, &n);

	return index_in(s, n, id);
}

const char *procedure_submit_step(enum org_kind k)
{
	return k == KIND_VENDOR ? "request-sent" : "submitted";
}

int step_other_route(enum route r, const char *id)
{
	enum route other = r == ROUTE_VITALINK ? ROUTE_DIRECT : ROUTE_VITALINK;

	if (step_index(r, id) >= 0 || step_index(other, id) < 0)
		return -1;
	return (int)other;
}

const char *procedure_done_text(void)
{
	return _("nothing: the organisation is admitted to the BelRAI circle of trust");
}

const char *procedure_finished_text(const struct procedure *pr)
{
	if (pr->kind == KIND_VENDOR)
		return _("nothing: the software has production access to the BelRAI web service");
	return procedure_done_text();
}

static const char *data_str(json_t *rec, const char *key)
{
	json_t *v = json_object_get(json_object_get(rec, "data"), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

void procedure_derive(enum route r, const struct journal *j, struct procedure *pr)
{
	procedure_derive_kind(r, KIND_ORGANISATION, j, pr);
}

void procedure_derive_kind(
	enum route r, enum org_kind kind, const struct journal *j, struct procedure *pr)
{
	const struct step_def *const *defs = procedure_steps(r, kind, &pr->nsteps);

	memset(pr->steps, 0, sizeof(pr->steps));
	pr->route = r;
	pr->kind = kind;
	for (int i = 0; i < pr->nsteps; i++)
		pr->steps[i].def = defs[i];
	for (size_t k = 0; k < j->n; k++) {
		const struct jrec *rec = &j->v[k];
		const char *id = data_str(rec->obj, "step");
		int i = id ? index_in(defs, pr->nsteps, id) : -1;
		struct step_state *s = i >= 0 ? &pr->steps[i] : NULL;
		if (!s)
			continue;
		if (strcmp(rec->event, "step") == 0) {
			const char *date = data_str(rec->obj, "date");
			s->done = true;
			snprintf(s->date, sizeof(s->date), "%s", date ? date : "");
			s->ref = data_str(rec->obj, "ref");
			s->file = data_str(rec->obj, "file");
			s->seq = rec->seq;
		} else if (strcmp(rec->event, "revoke") == 0) {
			memset(s, 0, sizeof(*s));
			s->def = defs[i];
		}
	}
	pr->next = pr->nsteps;
	pr->started[0] = '\0';
	for (int i = pr->nsteps - 1; i >= 0; i--)
		if (!pr->steps[i].done)
			pr->next = i;
	for (int i = 0; i < pr->nsteps; i++)
		if (pr->steps[i].done && pr->steps[i].date[0] &&
			(!pr->started[0] || strcmp(pr->steps[i].date, pr->started) < 0))
			memcpy(pr->started, pr->steps[i].date, sizeof(pr->started));
}

/* The ids of pr's steps, comma-separated, into out. */
static void list_ids(const struct procedure *pr, char *out, size_t outlen)
{
	out[0] = '\0';
	for (int i = 0; i < pr->nsteps; i++) {
		strncat(out, pr->steps[i].def->id, outlen - strlen(out) - 3);
		if (i + 1 < pr->nsteps)
			strncat(out, ", ", outlen - strlen(out) - 1);
	}
}

static int unknown_step(const struct procedure *pr, const char *id, struct cot_err *err)
{
	int other = step_other_route(pr->route, id);
	char list[512];

	list_ids(pr, list, sizeof(list));
	if (pr->kind == KIND_VENDOR) {
		if (step_index(ROUTE_VITALINK, id) >= 0 || step_index(ROUTE_DIRECT, id) >= 0)
			return cot_err_set(err, COT_USAGE,
				_("step '%s' is an organisation's; this is a vendor project, whose "
				  "steps are: %s"),
				id, list);
		return cot_err_set(err, COT_USAGE,
			_("unknown step '%s'; the steps of a vendor project are: %s"), id, list);
	}
	if (other < 0 && procedure_step_index(pr->route, KIND_VENDOR, id) >= 0)
		return cot_err_set(err, COT_USAGE,
			_("step '%s' is a software vendor's; this project is an organisation's, on "
			  "route %s"),
			id, route_name(pr->route));
	if (other >= 0)
		return cot_err_set(err, COT_USAGE,
			_("step '%s' belongs to route %s; this project follows route %s"), id,
			route_name((enum route)other), route_name(pr->route));
	return cot_err_set(err, COT_USAGE, _("unknown step '%s'; the steps of route %s are: %s"),
		id, route_name(pr->route), list);
}

/* Lists the prerequisites of step i not done yet, into out. */
static void missing_steps(const struct procedure *pr, int i, char *out, size_t outlen)
{
	out[0] = '\0';
	for (int k = 0; k < i; k++) {
		if (pr->steps[k].done)
			continue;
		if (out[0])
			strncat(out, ", ", outlen - strlen(out) - 1);
		strncat(out, pr->steps[k].def->id, outlen - strlen(out) - 1);
	}
}

int procedure_can_mark(const struct procedure *pr, const char *id, const char *date, time_t now,
	struct cot_err *err)
{
	int i = procedure_step_index(pr->route, pr->kind, id);
	char today[11], missing[512];
	time_t t;

	if (i < 0)
		return unknown_step(pr, id, err);
	if (!date_parse(date, &t))
		return cot_err_set(err, COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), date);
	if (pr->steps[i].done)
		return cot_err_set(err, COT_FINDINGS,
			_("step '%s' is already recorded (%s); to correct it: "
			  "cot done %s --revoke --note WHY"),
			id, pr->steps[i].date, id);
	missing_steps(pr, i, missing, sizeof(missing));
	if (missing[0])
		return cot_err_set(err, COT_FINDINGS,
			ngettext("step '%s' needs what comes before it: %s is not done",
				"step '%s' needs what comes before it: %s are not done",
				strchr(missing, ',') ? 2 : 1),
			id, missing);
	date_format(now, today);
	if (strcmp(date, today) > 0)
		return cot_err_set(err, COT_USAGE, _("the date %s is in the future (today is %s)"),
			date, today);
	if (i > 0 && strcmp(date, pr->steps[i - 1].date) < 0)
		return cot_err_set(err, COT_USAGE,
			_("the date %s is before the previous step, '%s' on %s"), date,
			pr->steps[i - 1].def->id, pr->steps[i - 1].date);
	return COT_OK;
}

int procedure_can_revoke(const struct procedure *pr, const char *id, struct cot_err *err)
{
	int i = procedure_step_index(pr->route, pr->kind, id);

	if (i < 0)
		return unknown_step(pr, id, err);
	if (!pr->steps[i].done)
		return cot_err_set(
			err, COT_FINDINGS, _("step '%s' is not recorded: nothing to revoke"), id);
	for (int k = i + 1; k < pr->nsteps; k++)
		if (pr->steps[k].done)
			return cot_err_set(err, COT_FINDINGS,
				_("step '%s' cannot be revoked while '%s', which follows it, is "
				  "recorded; "
				  "revoke that first"),
				id, pr->steps[k].def->id);
	return COT_OK;
}

int procedure_journal_intact(const struct project *p, bool writing, struct cot_err *err)
{
	char *path = project_state_path(p, "journal"),
	     *head = project_state_path(p, "journal.head");
	int rc = path && head ? journal_intact(path, head, writing, err) : cot_err_nomem(err);

	free(path);
	free(head);
	return rc;
}

int procedure_record_locked(const struct project *p, const struct lock *lk, const char *id,
	const char *date, json_t *data, struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	struct procedure pr;
	int rc;

	if (!data)
		data = json_object();
	if (!lk || lk->fd < 0)
		abort(); /* the caller must hold the lock: a bug otherwise */
	rc = procedure_journal_intact(p, true, err);
	if (!rc)
		rc = project_journal_load(p, &j, err);
	if (!rc) {
		procedure_derive_kind(p->cfg.route, p->cfg.kind, &j, &pr);
		rc = procedure_can_mark(&pr, id, date, clock_now(), err);
	}
	if (!rc) {
		json_t *rec = json_pack("{s:s, s:s}", "step", id, "date", date);
		json_object_update(rec, data);
		rc = project_journal_append(p, "step", rec, err);
	}
	json_decref(data);
	journal_release(&j);
	return rc;
}

int procedure_record(const struct project *p, const char *id, const char *date, json_t *data,
	struct cot_err *err)
{
	struct lock lk = LOCK_INIT;
	int rc = project_lock(p, &lk, err);

	if (rc)
		json_decref(data);
	else
		rc = procedure_record_locked(p, &lk, id, date, data, err);
	lock_release(&lk);
	return rc;
}

int procedure_revoke(const struct project *p, const char *id, const char *note, struct cot_err *err)
{
	struct lock lk = LOCK_INIT;
	struct journal j = JOURNAL_INIT;
	struct procedure pr;
	int rc;

	rc = project_lock(p, &lk, err);
	if (!rc)
		rc = procedure_journal_intact(p, true, err);
	if (!rc && !(rc = project_journal_load(p, &j, err)))
		procedure_derive_kind(p->cfg.route, p->cfg.kind, &j, &pr);
	if (!rc)
		rc = procedure_can_revoke(&pr, id, err);
	if (!rc) {
		json_t *data = json_object();
		json_object_set_new(data, "step", json_string(id));
		json_object_set_new(data, "note", json_string(note));
		rc = project_journal_append(p, "revoke", data, err);
	}
	journal_release(&j);
	lock_release(&lk);
	return rc;
}
