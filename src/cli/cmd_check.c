/* cmd_check.c - `pwaf check`: probe a workspace (or load a snapshot), run the checks, report. */
#include "cli.h"

#include "atomicfile.h"

#include "buf.h"
#include "checks.h"
#include "http.h"
#include "probe.h"
#include "probes.h"
#include "settings.h"
#include "snapshot.h"
#include "vocab.h"
#include "wsconfig.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { F_TEXT, F_JSON, F_MARKDOWN, F_JUNIT, F_SARIF };

static const char usage_line[] =
	"usage: pwaf check [--profile P | --host URL | --demo | --snapshot FILE] [--save FILE]\n"
	"                  [--partner P] [--items ID,ID] [--format text|json|markdown|junit|sarif]\n"
	"                  [--output FILE] [--strict] [--timeout SECONDS] [--deadline SECONDS] [--jobs N]\n"
	"                  [--rate-limit N] [--max-objects N] [--max-mb N] [--warehouse ID] [--start-warehouse]\n"
	"                  [--since DAYS] [--product NAME] [--customer-tag KEY] [--account-profile P]";

struct report {
	const struct check_results *res;
	const char *host, *source, *generated_at;
};

/* --- formats ---------------------------------------------------------------------------- */

static void print_text(FILE *f, const struct report *r)
{
	fprintf(f, "workspace: %s (%s), %s\n", r->host, r->source, r->generated_at);
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		fprintf(f, "%-7s  %-12s  %s", check_status_word(c->status), c->item, c->title);
		if (*c->evidence) fprintf(f, " — %s", c->evidence);
		fputc('\n', f);
	}
	fprintf(f, "%zu items:", r->res->n);
	for (int s = 0; s < CHECK_NSTATUS; s++)
		fprintf(f, "%s %d %s", s ? "," : "", r->res->count[s], check_status_name((enum check_status)s));
	fputc('\n', f);
}

static cJSON *summary_json(const struct check_results *res)
{
	cJSON *s = cJSON_CreateObject();
	for (int i = 0; i < CHECK_NSTATUS; i++) cJSON_AddNumberToObject(s, check_status_name((enum check_status)i), res->count[i]);
	return s;
}

static void print_json(FILE *f, const struct report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *w = cJSON_AddObjectToObject(o, "workspace");
	cJSON_AddStringToObject(w, "host", r->host);
	cJSON_AddStringToObject(w, "source", r->source);
	cJSON_AddStringToObject(o, "generated_at", r->generated_at);
	cJSON *a = cJSON_AddArrayToObject(o, "results");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "item", c->item);
		cJSON_AddStringToObject(x, "title", c->title);
		cJSON_AddStringToObject(x, "level", c->level);
		cJSON_AddStringToObject(x, "status", check_status_name(c->status));
		cJSON_AddStringToObject(x, "evidence", c->evidence);
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddItemToObject(o, "summary", summary_json(r->res));
	cli_print_json(f, o);
}

static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '|': fputs("\\|", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '`': fputs("\\`", f); break;
		case '*': case '_': case '[': case ']': case '\\': fputc('\\', f); fputc(*s, f); break;
		case '\n': fputc(' ', f); break;
		default: fputc(*s, f);
		}
	}
}

static void print_markdown(FILE *f, const struct report *r)
{
	fputs("# pwaf check: ", f);
	md_cell(f, r->host);
	fprintf(f, "\n\nSource: %s. Generated at %s.\n\n| Status | Item | Level | Title | Evidence |\n|---|---|---|---|---|\n",
		r->source, r->generated_at);
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		fprintf(f, "| **%s** | ", check_status_word(c->status));
		md_cell(f, c->item);
		fputs(" | ", f);
		md_cell(f, c->level);
		fputs(" | ", f);
		md_cell(f, c->title);
		fputs(" | ", f);
		md_cell(f, c->evidence);
		fputs(" |\n", f);
	}
	fputs("\n**Summary:**", f);
	for (int s = 0; s < CHECK_NSTATUS; s++)
		fprintf(f, "%s %d %s", s ? "," : "", r->res->count[s], check_status_name((enum check_status)s));
	fputc('\n', f);
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n') fputc(' ', f); /* not allowed in XML 1.0 */
			else fputc(*s, f);
		}
	}
}

static void print_junit(FILE *f, const struct report *r)
{
	const int *n = r->res->count;
	int skipped = n[CHECK_MANUAL] + n[CHECK_UNKNOWN];
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pwaf check\" tests=\"%zu\" "
		   "failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n  <testsuite name=\"",
		r->res->n, n[CHECK_FAIL], n[CHECK_ERROR], skipped);
	xml_text(f, r->host);
	fprintf(f, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" timestamp=\"", r->res->n, n[CHECK_FAIL],
		n[CHECK_ERROR], skipped);
	xml_text(f, r->generated_at);
	fputs("\">\n", f);
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		fputs("    <testcase classname=\"pwaf.", f);
		xml_text(f, c->level);
		fputs("\" name=\"", f);
		xml_text(f, c->item);
		fputs(": ", f);
		xml_text(f, c->title);
		fputs("\"", f);
		const char *tag = c->status == CHECK_FAIL ? "failure" : c->status == CHECK_ERROR ? "error"
				 : c->status == CHECK_MANUAL || c->status == CHECK_UNKNOWN ? "skipped" : NULL;
		if (!tag) {
			if (c->status == CHECK_WARN) {
				fputs(">\n      <system-out>warn: ", f);
				xml_text(f, c->evidence);
				fputs("</system-out>\n    </testcase>\n", f);
			} else {
				fputs("/>\n", f);
			}
			continue;
		}
		fprintf(f, ">\n      <%s message=\"%s: ", tag, check_status_name(c->status));
		xml_text(f, c->evidence);
		fprintf(f, "\"%s", strcmp(tag, "skipped") == 0 ? "/>\n" : ">");
		if (strcmp(tag, "skipped") != 0) {
			xml_text(f, c->evidence);
			fprintf(f, "</%s>\n", tag);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

static void print_sarif(FILE *f, const struct report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(o, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "runs"), run);
	cJSON *drv = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(drv, "name", "pwaf");
	cJSON_AddStringToObject(drv, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(drv, "informationUri", "https://databrickslabs.github.io/partner-architecture/");
	cJSON *rules = cJSON_AddArrayToObject(drv, "rules");
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		cJSON *rule = cJSON_CreateObject();
		cJSON_AddStringToObject(rule, "id", c->item);
		cJSON_AddItemToObject(rule, "shortDescription", cJSON_CreateObject());
		cJSON_AddStringToObject(cJSON_GetObjectItem(rule, "shortDescription"), "text", c->title);
		cJSON *props = cJSON_AddObjectToObject(rule, "properties");
		cJSON_AddStringToObject(props, "level", c->level);
		cJSON_AddItemToArray(rules, rule);
		const char *lvl = c->status == CHECK_FAIL ? "error" : c->status == CHECK_WARN ? "warning"
				 : c->status == CHECK_ERROR ? "note" : NULL;
		if (!lvl) continue;
		cJSON *res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "ruleId", c->item);
		cJSON_AddNumberToObject(res, "ruleIndex", (double)i);
		cJSON_AddStringToObject(res, "level", lvl);
		struct buf m = BUF_INIT;
		buf_addf(&m, "%s: %s", check_status_name(c->status), *c->evidence ? c->evidence : c->title);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", buf_str(&m));
		buf_free(&m);
		cJSON *loc = cJSON_CreateObject();
		cJSON *ll = cJSON_CreateObject();
		cJSON_AddStringToObject(ll, "name", r->host);
		cJSON_AddStringToObject(ll, "kind", "resource");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), ll);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
		cJSON_AddItemToArray(results, res);
	}
	cli_print_json(f, o);
}

/* --- the partner's identity (attribution checks) ------------------------------------------- */

/* What the flags said, completed from pwaf's config file (flags win). Strings are borrowed. */
struct identity {
	const char *product, *customer_tag, *query_tag, *warehouse, *account_profile;
};

/* Fill the unset fields of id from the config file (conf keeps the strings; config_free it). */
static int identity_load(struct identity *id, struct config *conf)
{
	char *path = config_default_path();
	struct diag d = { 0 };
	int rc = config_load(conf, path, &d);
	if (rc < 0) diag_print(&d, stderr);
	diag_free(&d);
	free(path);
	if (rc < 0) return -1;
	if (!id->product) id->product = conf->product;
	if (!id->customer_tag) id->customer_tag = conf->customer_tag;
	if (!id->query_tag) id->query_tag = conf->query_tag;
	if (!id->warehouse) id->warehouse = conf->warehouse;
	if (!id->account_profile) id->account_profile = conf->account_profile;
	char err[300];
	const struct { const char *key, *val; } v[] = { { "product", id->product }, { "customer_tag", id->customer_tag },
							  { "warehouse", id->warehouse } };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i].val && config_value_ok(v[i].key, v[i].val, err, sizeof err) < 0)
		{
			cli_usage_error("check", "%s", err);
			return -1;
		}
	return 0;
}

/* The account console's profile: only that profile (no DATABRICKS_* of the workspace), an account host. */
static int account_resolve(const char *profile, struct ws_config *acct, char *err, size_t errlen)
{
	struct ws_config_flags fl = { .profile = profile, .profile_only = 1 };
	if (wsconfig_resolve(&fl, acct, err, errlen) < 0) return -1;
	if (!acct->is_account) {
		char *h = http_safe_text(acct->host, strlen(acct->host), 120);
		snprintf(err, errlen, "profile '%s' is for %s, not an account console (https://accounts.cloud.databricks.com, "
			 "https://accounts.azuredatabricks.net or https://accounts.gcp.databricks.com, with account_id)",
			 profile, h);
		free(h);
		wsconfig_free(acct);
		return -1;
	}
	return 0;
}

/* Record in the snapshot the identity the checks read (meta partner_product, customer_tag,
 * query_tag, since_days): the flags and config of this run, else what a saved snapshot holds. */
static void identity_apply(const struct identity *id, const struct probe_run_opts *po, struct snapshot *snap)
{
	char buf[16];
	if (id->product) snapshot_set_meta(snap, "partner_product", id->product);
	if (id->customer_tag) snapshot_set_meta(snap, "customer_tag", id->customer_tag);
	else if (!snapshot_meta(snap, "customer_tag", buf, sizeof buf)) snapshot_set_meta(snap, "customer_tag", "customer_id");
	if (id->query_tag) snapshot_set_meta(snap, "query_tag", id->query_tag);
	if (po->since_days || !snapshot_meta(snap, "since_days", buf, sizeof buf)) {
		snprintf(buf, sizeof buf, "%d", po->since_days ? po->since_days : 30);
		snapshot_set_meta(snap, "since_days", buf);
	}
}

/* Say once which selected items need the product's User-Agent name when none is known. */
static void identity_hint(struct cdb *db, const struct doc_filter *f, const char *const *ids, struct snapshot *snap)
{
	char buf[8];
	if (snapshot_meta(snap, "partner_product", buf, sizeof buf)) return;
	struct doc_list l;
	struct doc_filter g = *f;
	g.kind = "item";
	if (cdb_list(db, &g, &l) < 0) return;
	struct buf names = BUF_INIT;
	int n = 0;
	for (size_t i = 0; i < l.n; i++) {
		int wanted = !ids;
		for (size_t k = 0; ids && ids[k]; k++) wanted |= strcasecmp(ids[k], l.v[i].id) == 0;
		int uses = 0;
		for (char **p = l.v[i].probes; p && *p; p++)
			uses |= !strcmp(*p, "sys-audit-user-agents") || !strcmp(*p, "sys-query-clients");
		if (!wanted || !uses) continue;
		if (n++ < 6) buf_addf(&names, "%s%s", n > 1 ? ", " : "", l.v[i].id);
	}
	doc_list_free(&l);
	if (n)
		fprintf(stderr, "pwaf check: %d items need your product's User-Agent name (%s%s): set it once with "
			"'pwaf config product Partner_Product', or pass --product\n", n, buf_str(&names), n > 6 ? ", ..." : "");
	buf_free(&names);
}

/* --- running ---------------------------------------------------------------------------- */

static char **split_ids(const char *s)
{
	size_t n = 0;
	char **v = xcalloc(1, sizeof *v);
	char *copy = xstrdup(s);
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = xstrdup(t);
		v[n] = NULL;
	}
	free(copy);
	return v;
}

/* Probe the live workspace into snap. Returns EXIT_FINE, or EXIT_CONNECT when nothing could be read
 * (every probe failed to connect) or the credentials were refused (current-user 401/403). */
static int probe_live(const struct ws_config *cfg, char **probes, struct snapshot *snap,
		      const struct probe_run_opts *po)
{
	char err[512];
	struct probe_run *r = probe_run_start(cfg, (const char *const *)probes, snap, po, err, sizeof err);
	if (!r) {
		fprintf(stderr, "pwaf check: %s\n", err);
		return EXIT_USAGE;
	}
	probe_run_wait(r);
	struct probe_event ev;
	int total = 0, conn_failed = 0, rc = EXIT_FINE;
	struct buf errs = BUF_INIT;
	char *auth_err = NULL;
	int no_account = 0;
	while (probe_run_poll(r, &ev) == 1) {
		total++;
		if (ev.error && strcmp(ev.code, PROBE_CODE_NO_ACCOUNT) == 0) {
			no_account++; /* said once below */
			total--;
		} else if (ev.error) {
			char *e = http_safe_text(ev.error, strlen(ev.error), 400);
			buf_addf(&errs, "pwaf check: %s: %s\n", ev.name, e);
			if (ev.status == 0) conn_failed++;
			if (strcmp(ev.name, "current-user") == 0 && (ev.status == 401 || ev.status == 403 || ev.status == 0)) {
				rc = EXIT_CONNECT;
				free(auth_err);
				auth_err = xstrdup(e);
			}
			free(e);
		}
		probe_event_free(&ev);
	}
	if (no_account)
		fprintf(stderr, "pwaf check: %d account-level probes skipped: pass --account-profile P (or set "
			"'pwaf config account_profile P') for budgets, federation policies and OAuth app integrations\n",
			no_account);
	if (total && conn_failed == total) rc = EXIT_CONNECT;
	if (rc == EXIT_CONNECT) {
		fprintf(stderr, "pwaf check: cannot connect to or authenticate with %s: ", cfg->host);
		if (auth_err) fprintf(stderr, "%s\n", auth_err);
		else fprintf(stderr, "every request failed\n%s", buf_str(&errs));
	} else {
		fputs(buf_str(&errs), stderr);
	}
	free(auth_err);
	buf_free(&errs);
	probe_run_free(r);
	return rc;
}

static void print_format(FILE *f, int format, const struct report *rep)
{
	switch (format) {
	case F_TEXT: print_text(f, rep); break;
	case F_JSON: print_json(f, rep); break;
	case F_MARKDOWN: print_markdown(f, rep); break;
	case F_JUNIT: print_junit(f, rep); break;
	case F_SARIF: print_sarif(f, rep); break;
	}
}

/* The report to stdout, or to --output atomically (a device such as /dev/null is written directly). */
static int write_report(int format, const char *output, const struct report *rep)
{
	if (!output) {
		print_format(stdout, format, rep);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f) {
		fprintf(stderr, "pwaf check: out of memory\n");
		return -1;
	}
	print_format(f, format, rep);
	fclose(f);
	char err[600];
	int rc = atomic_write(output, data, len, err, sizeof err);
	if (rc < 0) fprintf(stderr, "pwaf check: %s\n", err);
	free(data);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "demo", no_argument, NULL, 'D' },
		{ "snapshot", required_argument, NULL, 'S' },
		{ "save", required_argument, NULL, 's' },
		{ "partner", required_argument, NULL, 'P' },
		{ "items", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "deadline", required_argument, NULL, 'L' },
		{ "rate-limit", required_argument, NULL, 'R' },
		{ "max-objects", required_argument, NULL, 'M' },
		{ "max-mb", required_argument, NULL, 'B' },
		{ "strict", no_argument, NULL, 'x' },
		{ "warehouse", required_argument, NULL, 'W' },
		{ "start-warehouse", no_argument, NULL, 'w' },
		{ "since", required_argument, NULL, 'n' },
		{ "account-profile", required_argument, NULL, 'A' },
		{ "product", required_argument, NULL, 'X' },
		{ "customer-tag", required_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", "markdown", "junit", "sarif", NULL };
	const char *snapshot_file = NULL, *save = NULL, *partner = NULL, *items = NULL, *output = NULL;
	int format = F_TEXT, c, strict = 0;
	struct probe_run_opts po = { 0 };
	struct identity id = { 0 };
	optind = 0;
	while ((c = getopt_long(argc, argv, "p:H:DS:s:P:i:f:o:t:j:d:hL:R:M:B:xW:wn:A:X:C:", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'p': cli_g.profile = optarg; break;
		case 'H': cli_g.host = optarg; break;
		case 'D': cli_g.demo = 1; break;
		case 'S': snapshot_file = optarg; break;
		case 's': save = optarg; break;
		case 'P': partner = optarg; break;
		case 'i': items = optarg; break;
		case 'o': output = optarg; break;
		case 'd': cli_g.db = optarg; break;
		case 'f': if ((format = cli_parse_format("check", optarg, formats)) < 0) return EXIT_USAGE; break;
		case 't': {
			double t = strtod(optarg, &end);
			if (end == optarg || *end || t <= 0 || t > 3600)
				return cli_usage_error("check", "--timeout takes seconds between 0 and 3600, not '%s'", optarg);
			po.timeout_ms = (long)(t * 1000);
			po.connect_timeout_ms = po.timeout_ms < 10000 ? po.timeout_ms : 10000;
			break;
		}
		case 'j': {
			long j = strtol(optarg, &end, 10);
			if (end == optarg || *end || j < 1 || j > 32)
				return cli_usage_error("check", "--jobs takes a number from 1 to 32, not '%s'", optarg);
			po.max_conns = (int)j;
			break;
		}
		case 'L': {
			double t = strtod(optarg, &end);
			if (end == optarg || *end || !(t > 0) || t > 86400)
				return cli_usage_error("check", "--deadline takes seconds between 0 and 86400, not '%s'", optarg);
			po.deadline_ms = (long)(t * 1000);
			break;
		}
		case 'R': {
			double v = strtod(optarg, &end);
			if (end == optarg || *end || !(v > 0) || v > 1000)
				return cli_usage_error("check", "--rate-limit takes requests per second between 0 and 1000, not '%s'",
						       optarg);
			po.rate_limit = v;
			break;
		}
		case 'M': {
			long m = strtol(optarg, &end, 10);
			if (end == optarg || *end || m < 1 || m > 10000000)
				return cli_usage_error("check", "--max-objects takes a number from 1 to 10000000, not '%s'", optarg);
			po.max_objects = m;
			break;
		}
		case 'B': {
			long m = strtol(optarg, &end, 10);
			if (end == optarg || *end || m < 1 || m > 65536)
				return cli_usage_error("check", "--max-mb takes megabytes from 1 to 65536, not '%s'", optarg);
			po.max_bytes = m << 20;
			break;
		}
		case 'x': strict = 1; break;
		case 'W': id.warehouse = optarg; break;
		case 'w': po.start_warehouse = 1; break;
		case 'A': id.account_profile = optarg; break;
		case 'X': id.product = optarg; break;
		case 'C': id.customer_tag = optarg; break;
		case 'n': {
			long d = strtol(optarg, &end, 10);
			if (end == optarg || (*end && strcmp(end, "d") != 0) || d < 1 || d > 3650)
				return cli_usage_error("check", "--since takes days from 1 to 3650 (30 or 30d), not '%s'", optarg);
			po.since_days = (int)d;
			break;
		}
		case 'h': puts(usage_line); return EXIT_FINE;
		default: fprintf(stderr, "%s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (optind < argc) return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	int sources = (cli_g.demo != 0) + (snapshot_file != NULL) + (cli_g.profile || cli_g.host);
	if (sources > 1)
		return cli_usage_error("check", "choose one of --profile/--host, --demo and --snapshot");
	if (cli_check_term("check", VOCAB_PARTNER, partner)) return EXIT_USAGE;

	struct config conf;
	if (identity_load(&id, &conf) < 0) return EXIT_USAGE;
	struct cdb *db = cli_open_content();
	if (!db) {
		config_free(&conf);
		return EXIT_USAGE;
	}
	struct doc_filter filt = { .partner = partner };
	char **ids = items ? split_ids(items) : NULL;
	if (ids && !ids[0]) {
		checks_free_names(ids);
		cdb_close(db);
		return cli_usage_error("check", "--items takes a comma-separated list of item ids");
	}
	char err[1024];
	struct snapshot *snap = NULL;
	struct ws_config cfg = { 0 }, acct = { 0 };
	int rc = EXIT_FINE;
	if (cli_g.demo) {
		snap = snapshot_new("demo", NULL, err, sizeof err);
		if (snap && snapshot_import_demo(snap, (const char *)pwaf_demo_json, pwaf_demo_json_len, err, sizeof err) < 0) {
			snapshot_close(snap);
			snap = NULL;
		}
	} else if (snapshot_file) {
		snap = snapshot_open(snapshot_file, err, sizeof err);
	} else {
		struct ws_config_flags fl = { .profile = cli_g.profile, .host = cli_g.host };
		if (wsconfig_resolve(&fl, &cfg, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
		if (cfg.warning[0]) fprintf(stderr, "pwaf check: %s\n", cfg.warning);
		if (id.account_profile && account_resolve(id.account_profile, &acct, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
		po.account = acct.host ? &acct : NULL;
		po.warehouse_id = id.warehouse ? id.warehouse : cfg.warehouse_id;
		po.customer_tag = id.customer_tag;
		snap = snapshot_new("live", cfg.host, err, sizeof err);
		if (snap) {
			char **need = checks_probes_needed(db, &filt, (const char *const *)ids);
			rc = probe_live(&cfg, need, snap, &po);
			checks_free_names(need);
			if (rc == EXIT_USAGE) goto out;
		}
	}
	if (!snap) {
		fprintf(stderr, "pwaf check: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!cli_g.demo) identity_apply(&id, &po, snap); /* kept in a saved snapshot too */
	if (save && snapshot_save(snap, save, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf check: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	identity_hint(db, &filt, (const char *const *)ids, snap);
	struct check_results res;
	if (checks_run(db, snap, &filt, (const char *const *)ids, &res, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf check: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	char hb[300], gb[64], host_safe_buf[300];
	const char *h = snapshot_meta(snap, "host", hb, sizeof hb);
	char *hs = http_safe_text(h ? h : "", h ? strlen(h) : 0, 200);
	snprintf(host_safe_buf, sizeof host_safe_buf, "%s", hs);
	free(hs);
	const char *gen = snapshot_meta(snap, "generated_at", gb, sizeof gb);
	char *gs = http_safe_text(gen ? gen : "", gen ? strlen(gen) : 0, 40);
	struct report rep = { &res, host_safe_buf, snapshot_source(snap), gs };
	if (write_report(format, output, &rep) < 0 && rc == EXIT_FINE) rc = EXIT_USAGE;
	free(gs);
	if (rc == EXIT_FINE)
		for (size_t i = 0; i < res.n; i++) {
			enum check_status st = res.v[i].status;
			if (strcmp(res.v[i].level, "required") == 0 &&
			    (st == CHECK_FAIL || st == CHECK_ERROR || (strict && st == CHECK_UNKNOWN)))
				rc = EXIT_CHECK_FAIL;
		}
	check_results_free(&res);
out:
	snapshot_close(snap);
	wsconfig_free(&cfg);
	wsconfig_free(&acct);
	config_free(&conf);
	checks_free_names(ids);
	cdb_close(db);
	return rc;
}
