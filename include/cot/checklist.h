/* Checklists: requirement sets, answer files, their strict loaders, lint rules and the check. */
#ifndef COT_CHECKLIST_H
#define COT_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "cot/diag.h"
#include "cot/exit.h"
#include "cot/project.h"
#include "cot/ydoc.h"

#define REQSET_FORMAT "cot.requirements/1"
#define ANSWERS_FORMAT "cot.answers/1"
#define CHECKLIST_MAX_BYTES ((size_t)4 << 20) /* a requirement set or answer file */
#define CHECKLIST_MAX_DEPTH 16
#define CHECKLIST_MAX_NODES 200000
#define CHECKLIST_MAX_FINDINGS 10000 /* kept per run; the counts go on */

/* What a file is, told from its format marker or, failing that, its keys. */
enum cl_kind { CL_UNKNOWN, CL_REQUIREMENTS, CL_ANSWERS };

enum req_level { LEVEL_MANDATORY, LEVEL_RECOMMENDED };
enum req_answer { ANSWER_STATUS, ANSWER_STATUS_AND_DATE, ANSWER_TEXT };

/* Answer statuses, in the order the schema lists them. */
enum ans_status {
	ST_COMPLIANT,
	ST_PARTIAL,
	ST_PLANNED,
	ST_NON_COMPLIANT,
	ST_NOT_APPLICABLE,
	ST_OPEN,
	ST_COUNT
};

/* A 1-based place in a file; 0 when unknown. */
struct loc {
	unsigned line, col;
};

/* A text in each language (indexed by enum lang); NULL where absent. */
struct ltext {
	char *s[LANG_COUNT];
};

struct req_source {
	char *id;
	char *title;
	struct loc at;
};

struct req_category {
	char *id;
	struct ltext title;
	struct loc at;
};

struct requirement {
	char *id;
	struct loc at; /* of the id */
	char *category;
	int cat; /* index in the set's categories, -1 when unknown */
	struct loc cat_at;
	struct ltext title, description;
	enum req_level level;
	unsigned routes; /* bit (1 << enum route) */
	unsigned kinds;	 /* bit (1 << enum org_kind) */
	enum req_answer answer;
	bool evidence_required;
	char *evidence_kinds; /* "policy, record" */
	bool na_allowed;
	int review_months;
	char *source_id, *source_ref;
	struct loc source_at;
};

struct reqset {
	char *file; /* as named in findings */
	char *id, *version;
	struct ltext title, notice;
	struct req_source *sources;
	size_t nsources;
	struct req_category *cats;
	size_t ncats;
	struct requirement *reqs;
	size_t nreqs;
	const struct requirement **by_id; /* reqs sorted by id, for reqset_get */
	char sha256[65];		  /* of the file's bytes */
	bool static_text; /* its texts (but file and evidence_kinds) are a compiled-in set's,
			     not copies: reqset_release leaves them */
};

struct evidence {
	char *path;
	struct loc at;
};

struct waiver {
	char *justification, *approver;
	char expires[11]; /* YYYY-MM-DD, "" when malformed */
	struct loc at, expires_at;
};

struct answer {
	char *id;
	struct loc at; /* of the key */
	enum ans_status status;
	struct loc status_at;
	char *owner;
	struct evidence *evidence;
	size_t nevidence;
	struct loc evidence_at;
	char reviewed[11]; /* YYYY-MM-DD, "" when absent or malformed */
	struct loc reviewed_at;
	char *note;
	char *justification;
	struct waiver *waiver; /* NULL when none */
};

struct answers {
	char *file;
	char *set_id, *set_version; /* NULL when missing or malformed */
	struct loc set_at;
	char *org_name, *org_kbo;
	struct loc org_at, kbo_at;
	struct answer *v; /* the well-formed answers, in file order */
	size_t n;
	struct loc answers_at; /* of the "answers" key */
	char sha256[65];
};

/* clang-format off */
#define REQSET_INIT {0}
#define ANSWERS_INIT {0}
/* clang-format on */

const char *ans_status_name(enum ans_status s);
const char *req_level_name(enum req_level l);

/* The kind of a parsed document (NULL: unknown). */
enum cl_kind checklist_kind(const struct ynode *root);

/*
 * Builds a requirement set or answers from a parsed document, checking it
 * against its JSON Schema (checklists/schema/) by hand: every violation is a
 * located finding in d (rules schema-*, translation-missing, text-empty).
 * Absolute and ".." evidence paths are kept for answers_lint. What is well
 * formed is kept, so that one run reports everything. Returns COT_USAGE when
 * an error finding was added, COT_OK otherwise. file is copied.
 */
int reqset_from_tree(
	const char *file, const struct ynode *root, struct reqset *rs, struct diag_list *d);
int answers_from_tree(
	const char *file, const struct ynode *root, struct answers *a, struct diag_list *d);

/*
 * Reads path (at most CHECKLIST_MAX_BYTES) and builds from it. name is the
 * file as shown in findings (path when NULL). YAML and schema problems are
 * findings in d (COT_USAGE); a file that cannot be read at all is COT_USAGE
 * in err with no finding. A file over the size limit is a yaml-size finding.
 */
int reqset_load(const char *path, const char *name, struct reqset *rs, struct diag_list *d,
	struct cot_err *err);
int answers_load(const char *path, const char *name, struct answers *a, struct diag_list *d,
	struct cot_err *err);

/*
 * The tree of a requirement set compiled into cot (parsed at build time by the same
 * ydoc_parse and ytext_check, without a finding) whose bytes are exactly data, or NULL
 * for any other bytes, or when there is no memory to build it the first time (then parse
 * the file). *sha256 (when not NULL) is then the hex SHA-256 of data. The tree is kept
 * for the process and shared: never free or change it. answers_load takes it instead of
 * parsing such a file; reqset_load builds such a set straight from the compiled-in data,
 * unchecked (it holds no finding) and with texts not copied (rs->static_text).
 */
const struct ynode *reqset_compiled(const char *data, size_t len, const char **sha256);

void reqset_release(struct reqset *rs);
void answers_release(struct answers *a);

/* The requirement with id, or NULL. */
const struct requirement *reqset_get(const struct reqset *rs, const char *id);

/* True when an evidence path is absolute or has a ".." segment: outside the project. */
bool evidence_path_outside(const char *path);

/* True when requirement r applies to a project of route and kind. */
bool req_applies(const struct requirement *r, enum route route, enum org_kind kind);

/*
 * Checks of a requirement set a schema cannot express: duplicate ids
 * (req-duplicate-id), unknown categories and sources (req-unknown-category,
 * req-unknown-source), and as warnings empty categories, unused sources and
 * id prefixes that differ within a category.
 */
void reqset_lint(const struct reqset *rs, struct diag_list *d);

/*
 * Checks of answers that need no project and no clock: the KBO check digits
 * (kbo-invalid), evidence paths that are absolute or have ".." segments
 * (evidence-outside-project), not-applicable without justification
 * (na-no-justification),
 * and with the set they answer (rs may be NULL: then a warning
 * answers-unknown-set instead): unknown ids (answer-unknown-id), set and
 * version (answers-set-mismatch), not-applicable where not allowed
 * (na-not-allowed).
 */
void answers_lint(const struct answers *a, const struct reqset *rs, struct diag_list *d);

/*
 * Where shipped requirement sets live: $COT_CHECKLISTS, else the installed
 * data directory, else the source tree. Finds "<name>.yaml" there (name is
 * "belrai-security-1.0", i.e. "<id>-<version>"); *path is the caller's.
 * COT_USAGE naming the directories looked in when there is none.
 */
int reqset_find(const char *name, char **path, struct cot_err *err);

/*
 * The requirement set a project names in cot.yaml (checklist.requirements):
 * a path relative to the project when it has a '/' or ends in .yaml or
 * .yml, else a shipped set found by reqset_find. *path is the caller's.
 */
int checklist_project_set(const struct project *p, char **path, struct cot_err *err);

/* The answers JSON Schema beside a set found by reqset_find; caller frees. */
char *reqset_answers_schema(const char *set_path);

/* --- the check ------------------------------------------------------------- */

/* Where an applicable requirement stands, from its answer. */
enum req_state {
	RS_COMPLIANT,
	RS_NA,	   /* not applicable, allowed and justified */
	RS_WAIVED, /* not compliant, risk accepted by a waiver in force */
	RS_NOT_COMPLIANT,
	RS_OPEN, /* no answer, or status open */
	RS_COUNT
};

struct req_result {
	const struct requirement *req;
	const struct answer *ans; /* NULL when not answered */
	enum req_state state;
	unsigned errors, warnings; /* findings about it that d kept (diag_list's max, keep_from) */
};

struct cat_result {
	const struct req_category *cat;
	unsigned n[RS_COUNT]; /* requirements per state */
	unsigned total, errors;
};

struct check_result {
	struct req_result *reqs; /* the applicable requirements, in set order */
	size_t nreqs;
	struct cat_result *cats; /* categories with applicable requirements, in set order */
	size_t ncats;
	unsigned n[RS_COUNT];
	unsigned answered;	   /* applicable requirements with a status other than open */
	unsigned errors, warnings; /* all findings of the run */
	bool ready;		   /* evaluated something, answered something, no error */
};

/* What a check needs besides the two files. */
struct check_opts {
	const char *root; /* evidence paths are relative to it (absolute path) */
	enum route route;
	enum org_kind kind;
	time_t now;	     /* today, for reviews and waivers */
	const char *org_kbo; /* cot.yaml's, to compare; NULL outside a project */
	const char *org_name;
	const char *config_file; /* cot.yaml, named in those findings */
	bool no_files;		 /* evidence files are not looked at (they stay with the
				    organisation: cot verify, a bundle's report) */
	bool english;		 /* findings in English, not in the language of messages:
				    a bundle's report renders the same wherever cot runs */
};

/*
 * Checks answers a against set rs for a project: everything answers_lint
 * checks, then applicable requirements not answered (answer-missing),
 * mandatory ones not compliant (answer-not-compliant), waivers
 * (waiver-expired, and a note waiver-active), evidence (evidence-missing,
 * evidence-unreadable, evidence-outside-project with symlinks resolved,
 * evidence-empty), reviews (review-stale, review-future, review-missing),
 * text answers (answer-text-missing), answers to requirements that do not
 * apply (answer-not-required) and the organisation (answers-org-mismatch).
 * When requirements apply but none is answered, an error nothing-answered
 * (at the "answers" key): recommended ones alone would only warn.
 * Findings about a requirement carry its id as subject. Fills res (release it
 * with check_result_release); res->ready is false when nothing applied or
 * nothing was answered.
 */
void checklist_check(const struct reqset *rs, const struct answers *a, const struct check_opts *o,
	struct check_result *res, struct diag_list *d);

void check_result_release(struct check_result *res);

/* Where a project's checklist stands, for cot status: cot check's verdict without its findings. */
struct checklist_summary {
	char file[256];	    /* the answers file, relative to the project */
	char set[128];	    /* "belrai-security 1.0" */
	char problem[1024]; /* why it could not be judged; "" when it was */
	char first[1024];   /* its first error, "file:line: message"; "" when none */
	size_t applicable;
	unsigned answered, n[RS_COUNT], errors, warnings;
	bool ready;
};

/* Judges the project's checklist on date now, as cot check does. */
void checklist_summarise(const struct project *p, time_t now, struct checklist_summary *s);

/*
 * A project's requirement set and answers, read once for everything one command derives
 * from them (cot status: its checklist line, its deadlines, its next action). Release it
 * with checklist_input_release.
 */
struct checklist_input {
	char file[256];	    /* the answers file, relative to the project */
	bool set_ok;	    /* the set was read without error; else problem says why */
	struct reqset rs;   /* empty unless set_ok */
	int answers_rc;	    /* answers_load's, when set_ok */
	struct answers a;   /* what is well formed, also when answers_rc is not COT_OK */
	unsigned errors;    /* error findings of reading both */
	unsigned warnings;  /* warning findings of reading both */
	char problem[1024]; /* why the set or the answers cannot be judged; "" when they can */
};

/* clang-format off */
#define CHECKLIST_INPUT_INIT {"", false, REQSET_INIT, 0, ANSWERS_INIT, 0, 0, ""}
/* clang-format on */

/* Reads p's set (checklist_project_set) and, when it has no error, p's answers into in. */
void checklist_input_load(const struct project *p, struct checklist_input *in);
void checklist_input_release(struct checklist_input *in);

/* checklist_summarise on what in holds: the same summary, without reading anything. */
void checklist_summarise_input(const struct project *p, const struct checklist_input *in,
	time_t now, struct checklist_summary *s);

/* The options cot check and cot status judge project p with, on date now. */
void check_opts_project(const struct project *p, time_t now, struct check_opts *o);

/* Whole percent of part in total, rounded down (0 when total is 0). */
unsigned check_percent(unsigned part, unsigned total);

/* The date months after date (YYYY-MM-DD), the day clamped to the month's end. */
bool date_add_months(const char *date, int months, char out[11]);

/*
 * The skeleton checklist.yaml of cot init: the $schema modeline (schema_ref,
 * may be NULL), format, requirements, organisation and one "status: open"
 * answer per requirement that applies to cfg's route and kind, each under a
 * comment with its title in cfg's language. Caller frees; NULL when out of
 * memory.
 */
char *answers_skeleton(
	const struct reqset *rs, const struct cot_config *cfg, const char *schema_ref);

#endif
