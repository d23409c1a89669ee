/* The project directory: discovery, cot.yaml (strict), paths under .cot/. */
#ifndef COT_PROJECT_H
#define COT_PROJECT_H

/* The authority's address for submissions: the shipped default of submission: to: */
#define PROJECT_SUBMIT_TO "circleoftrust@belrai.org"

#include <stdbool.h>
#include <stddef.h>
#include "cot/diag.h"
#include "cot/exit.h"
#include "cot/ident.h"

#define COT_CONFIG_NAME "cot.yaml"
#define COT_STATE_DIR ".cot"
#define COT_CONFIG_MAX ((size_t)1 << 20)

enum route { ROUTE_VITALINK, ROUTE_DIRECT };
enum org_kind { KIND_ORGANISATION, KIND_VENDOR };
enum lang { LANG_EN, LANG_NL, LANG_FR };
#define LANG_COUNT 3

struct contact {
	char *name;
	char *email;
	char *phone;
};

struct strlist {
	char **v;
	size_t n;
};

struct cot_config {
	int version;
	char *name;
	char kbo[KBO_LEN + 1];
	char nihii[NIHII_PERSON_LEN + 1]; /* "" when none */
	enum route route; /* a vendor's is ROUTE_DIRECT: cot.yaml has none (procedure.h) */
	enum org_kind kind;
	enum lang lang;
	char *product;	       /* a vendor's software (organisation: product:), else NULL */
	char *product_version; /* its version (organisation: product-version:) */
	struct contact security_officer;
	struct contact legal_representative;
	struct contact it_vendor;
	char *requirements;   /* requirement set: a shipped set id or a path */
	char *answers;	      /* answers file, relative to the project */
	char *cert_env;	      /* "production" or "acceptance" */
	struct strlist trust; /* trust anchors: trust-set names or PEM paths */
	char *submit_to;
	char *submit_from;
	char *smtp_url;
	char *whitelist_url;
	char *whitelist_file;
	struct strlist whitelist_trust;
	struct strlist
		authority_trust;  /* the FOD's countersignature: trust-set names or PEM paths */
	char *tsa_url;		  /* signature: tsa: the TSA for B-T signatures, or NULL */
	struct strlist tsa_trust; /* signature: tsa-trust: the TSA's trust anchors */
	char *kmehr_schemas;	  /* kmehr: schemas: eHealth's KMEHR XSD folder, as written */
};


struct project {
	char *root; /* absolute path of the directory holding cot.yaml */
	char *config_path;
	struct cot_config cfg;
};

/* clang-format off */
#define PROJECT_INIT {0}
/* clang-format on */

const char *route_name(enum route r);
const char *kind_name(enum org_kind k);
const char *lang_name(enum lang l);
bool route_parse(const char *s, enum route *r);
bool kind_parse(const char *s, enum org_kind *k);
bool lang_parse(const char *s, enum lang *l);

/*
 * Finds the nearest directory at or above start holding cot.yaml. *root is the
 * caller's. COT_USAGE "not in a cot project" when none is found.
 */
int project_find(const char *start, char **root, struct cot_err *err);

/*
 * Whether rel (relative to the project's root) stays inside the project once symbolic
 * links are followed: COT_OK when it does or when nothing is there; COT_USAGE, naming
 * where it leads, when it leads outside or is a link to nothing. project_open checks the
 * answers file with it; cot bundle the out/ directory it writes to.
 */
int project_path_inside(const struct project *p, const char *rel, struct cot_err *err);

/*
 * Loads and strictly checks cot.yaml text. Findings go to d; returns COT_OK,
 * or COT_USAGE when any error finding was added. An organisation's section
 * needs route: and has no product:; a vendor's (kind: vendor) is the reverse:
 * product: and product-version:, no route: (cfg->route is then ROUTE_DIRECT).
 */
int config_parse(const char *file, const char *data, size_t len, struct cot_config *cfg,
	struct diag_list *d);

/* Discovers (from dir, or cwd when NULL) and loads a project. */
int project_open(const char *dir, struct project *p, struct diag_list *d, struct cot_err *err);

/* The KMEHR schema folder of cot.yaml resolved against the project root (caller's), or NULL. */
char *project_kmehr_schemas(const struct project *p);

/* Serialises a configuration as commented cot.yaml text; caller frees. */
char *config_render(const struct cot_config *cfg);

void config_release(struct cot_config *cfg);

/*
 * cot init: creates the project of cfg in dir (made if missing): documents/, evidence/,
 * out/, for a vendor samples/ and screenshots/ too, .cot/ (0700) with certs/ and cache/, checklist.yaml (the answers skeleton of
 * cfg's requirement set), the journal's first record ("init") and then cot.yaml, created
 * exclusively: the commit point. A dir that holds a project, an interrupted one, a
 * checklist.yaml, or that lies inside a project is COT_USAGE and nothing is changed. On
 * any failure what this call made is removed again. The requirement set's findings go
 * to d.
 */
int project_create(
	const char *dir, const struct cot_config *cfg, struct diag_list *d, struct cot_err *err);
void project_release(struct project *p);

/* A new string: path under the project's .cot/ directory. */
char *project_state_path(const struct project *p, const char *name);

struct lock;
/* Takes the project lock, .cot/lock, for a mutation of .cot/. */
int project_lock(const struct project *p, struct lock *lk, struct cot_err *err);

/* Appends a journal record under the lock the caller holds; data is stolen. */
struct json_t;
int project_journal_append(
	const struct project *p, const char *event, struct json_t *data, struct cot_err *err);

/* Loads the project's journal. */
struct journal;
int project_journal_load(const struct project *p, struct journal *j, struct cot_err *err);

#endif
