/* The checklist report a bundle carries, rendered from the bundle's own contents only. */
#include <string.h>
#include "cot/buf.h"
#include "cot/bundle.h"
#include "cot/checklist.h"
#include "cot/report.h"

int bundle_report_render(const struct bundle_report_in *in, struct buf *out, struct cot_err *err)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;
	struct answers named = *in->a; /* a shallow copy, never released: only its name differs */
	struct check_opts o = {.route = in->route,
		.kind = in->kind,
		.now = in->created,
		.org_kbo = in->kbo,
		.org_name = in->name,
		.config_file = BUNDLE_SUBMISSION,
		.no_files = true,
		.english = true};
	struct report r = {.command = "check",
		.d = &d,
		.lang = in->lang,
		.rs = in->rs,
		.a = &named,
		.res = &res,
		.opts = &o,
		.org_name = in->name,
		.org_kbo = in->kbo,
		.tool_version = in->tool_version};
	int rc;

	named.file = (char *)BUNDLE_ANSWERS;
	d.max = CHECKLIST_MAX_FINDINGS;
	checklist_check(in->rs, &named, &o, &res, &d);
	diag_sort(&d);
	rc = report_render_html(&r, out, err);
	check_result_release(&res);
	diag_list_release(&d);
	return rc;
}
