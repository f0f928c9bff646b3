/* cmd_check.c - `pwaf check`: probe a workspace (or load a snapshot), run the checks, report. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/atomicfile.h"

#include "core/buf.h"
#include "core/checkreport.h"
#include "core/fleetreport.h"
#include "ws/checks.h"
#include "ws/http.h"
#include "ws/livesource.h"
#include "ws/probe.h"
#include "core/probes.h"
#include "core/settings.h"
#include "ws/snapshot.h"
#include "core/vocab.h"
#include "ws/wsconfig.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>



/* --- the partner's identity (attribution checks) ------------------------------------------- */

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

/* The first time the host cannot be reached and the request is tried again, say so at once on
 * stderr rather than waiting silently through the retries. 1 when said. */
static int say_trouble(struct probe_run *r)
{
	char brief[160];
	int retrying = 0;
	if (!probe_run_trouble(r, brief, sizeof brief, &retrying) || !retrying) return 0;
	fprintf(stderr, "pwaf check: %s, retrying…\n", brief);
	return 1;
}

/* Probe the live workspace into snap. Returns EXIT_FINE, or EXIT_CONNECT when nothing could be read
 * (every probe failed to connect) or the credentials were refused (current-user 401/403). */
static int probe_live(const struct ws_config *cfg, char **probes, struct snapshot *snap,
		      const struct probe_run_opts *po)
{
	char err[PWAF_ERRLEN];
	struct probe_run *r = probe_run_start(cfg, (const char *const *)probes, snap, po, err, sizeof err);
	if (!r) {
		fprintf(stderr, "pwaf check: %s\n", err);
		return EXIT_USAGE;
	}
	struct probe_event ev;
	int total = 0, conn_failed = 0, rc = EXIT_FINE;
	struct buf errs = BUF_INIT;
	char *auth_err = NULL;
	int no_account = 0, said = 0, prc;
	while ((prc = probe_run_poll(r, &ev)) >= 0) {
		if (prc == 0) {
			said = said || say_trouble(r);
			struct pollfd pf = { probe_run_fd(r), POLLIN, 0 };
			poll(&pf, 1, 250);
			continue;
		}
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

/* The report to stdout, or to --output atomically (a device such as /dev/null is written directly). */
static int write_report(const char *output, const struct buf *out)
{
	if (!output) {
		fwrite(out->data ? out->data : "", 1, out->len, stdout);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	char err[PWAF_ERRLEN];
	int rc = atomic_write(output, out->data ? out->data : "", out->len, err, sizeof err);
	if (rc < 0) fprintf(stderr, "pwaf check: %s\n", err);
	return rc;
}

/* What the command line asked for. Strings borrowed from argv. */
struct check_args {
	const char *save, *partner, *items, *output, *fmt;
	int strict;
	unsigned show;                  /* --status: CHECK_* bits; 0: all */
	struct fleet_args fa;           /* the fleet's options (a fleet when all_profiles, account or snapshot_dir) */
	struct probe_run_opts po;
	struct livesource_identity id;
};

enum {
	O_ALL_PROFILES = 1001, O_ACCOUNT, O_WORKSPACES, O_SAVE_DIR, O_SNAPSHOT_DIR, O_PARALLEL, O_FLEET_CONNS,
	O_FLEET_RATE, O_RESULTS_TABLE, O_RESULTS_PROFILE, O_RESULTS_BATCH, O_FLEET_DEADLINE,
};

static const struct option check_opts[] = {
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
	{ "status", required_argument, NULL, 'T' },
	{ "all-profiles", no_argument, NULL, O_ALL_PROFILES },
	{ "account", required_argument, NULL, O_ACCOUNT },
	{ "workspaces", required_argument, NULL, O_WORKSPACES },
	{ "save-dir", required_argument, NULL, O_SAVE_DIR },
	{ "snapshot-dir", required_argument, NULL, O_SNAPSHOT_DIR },
	{ "parallel", required_argument, NULL, O_PARALLEL },
	{ "fleet-conns", required_argument, NULL, O_FLEET_CONNS },
	{ "fleet-rate", required_argument, NULL, O_FLEET_RATE },
	{ "results-table", required_argument, NULL, O_RESULTS_TABLE },
	{ "results-profile", required_argument, NULL, O_RESULTS_PROFILE },
	{ "results-batch", required_argument, NULL, O_RESULTS_BATCH },
	{ "fleet-deadline", required_argument, NULL, O_FLEET_DEADLINE },
	{ NULL, 0, NULL, 0 }
};

/* The numeric options: whole numbers in [1, max], or decimals in (0, max]; takes says what. */
static const struct num_opt {
	int val;
	const char *name;
	int whole;
	double max;
	const char *takes;
} num_opts[] = {
	{ 't', "--timeout", 0, 3600, "seconds between 0 and 3600" },
	{ 'j', "--jobs", 1, 32, "a number from 1 to 32" },
	{ 'L', "--deadline", 0, 86400, "seconds between 0 and 86400" },
	{ 'R', "--rate-limit", 0, 1000, "requests per second between 0 and 1000" },
	{ 'M', "--max-objects", 1, 10000000, "a number from 1 to 10000000" },
	{ 'B', "--max-mb", 1, 65536, "megabytes from 1 to 65536" },
	{ O_PARALLEL, "--parallel", 1, 256, "a number from 1 to 256" },
	{ O_FLEET_CONNS, "--fleet-conns", 1, 1024, "a number from 1 to 1024" },
	{ O_RESULTS_BATCH, "--results-batch", 1, 100000, "a number from 1 to 100000" },
	{ O_FLEET_RATE, "--fleet-rate", 0, 10000, "requests per second between 0 and 10000" },
	{ O_FLEET_DEADLINE, "--fleet-deadline", 0, 86400, "seconds between 0 and 86400" },
};

/* Store numeric option o's value v where it belongs. */
static void set_num(struct check_args *a, int val, double v)
{
	switch (val) {
	case 't':
		a->po.timeout_ms = (long)(v * 1000);
		a->po.connect_timeout_ms = a->po.timeout_ms < 10000 ? a->po.timeout_ms : 10000;
		break;
	case 'j': a->po.max_conns = (int)v; break;
	case 'L': a->po.deadline_ms = (long)(v * 1000); break;
	case 'R': a->po.rate_limit = v; break;
	case 'M': a->po.max_objects = (long)v; break;
	case 'B': a->po.max_bytes = (long)v << 20; break;
	case O_PARALLEL: a->fa.parallel = (int)v; break;
	case O_FLEET_CONNS: a->fa.conns = (int)v; break;
	case O_RESULTS_BATCH: a->fa.results_batch = (size_t)v; break;
	case O_FLEET_RATE: a->fa.rate = v; break;
	case O_FLEET_DEADLINE: a->fa.fleet_deadline_ms = (long)(v * 1000); break;
	}
}

/* A numeric option: 1 when val is one (0 stored, -1 after the usage error), 0 when it is not. */
static int parse_num(struct check_args *a, int val, const char *arg)
{
	for (size_t i = 0; i < sizeof num_opts / sizeof *num_opts; i++) {
		const struct num_opt *o = &num_opts[i];
		if (o->val != val) continue;
		char *end;
		double v;
		if (o->whole) {
			long l = strtol(arg, &end, 10);
			v = end == arg || *end || l < 1 || l > (long)o->max ? -1 : (double)l;
		} else {
			v = strtod(arg, &end);
			if (end == arg || *end || !(v > 0) || v > o->max) v = -1;
		}
		if (v < 0) {
			cli_usage_error("check", "%s takes %s, not '%s'", o->name, o->takes, arg);
			return -1;
		}
		set_num(a, val, v);
		return 1;
	}
	return 0;
}

/* One option of check's own (not a numeric one). Returns 0, or -1 after a usage error. */
static int parse_opt(struct check_args *a, int c, char *arg)
{
	char *end, e[PWAF_ERRLEN];
	switch (c) {
	case 's': a->save = arg; break;
	case 'P': a->partner = arg; break;
	case 'i': a->items = arg; break;
	case 'o': a->output = arg; break;
	case 'f': a->fmt = arg; break; /* the fleet has its own formats */
	case 'x': a->strict = 1; break;
	case 'W': a->id.warehouse = arg; break;
	case 'w': a->id.start_warehouse = 1; break;
	case 'A': a->id.account_profile = arg; break;
	case 'X': a->id.product = arg; break;
	case 'C': a->id.customer_tag = arg; break;
	case O_ALL_PROFILES: a->fa.all_profiles = 1; break;
	case O_ACCOUNT: a->fa.account = arg; break;
	case O_WORKSPACES: a->fa.glob = arg; break;
	case O_SAVE_DIR: a->fa.save_dir = arg; break;
	case O_SNAPSHOT_DIR: a->fa.snapshot_dir = arg; break;
	case O_RESULTS_TABLE: a->fa.results_table = arg; break;
	case O_RESULTS_PROFILE: a->fa.results_profile = arg; break;
	case 'T':
		if (check_report_parse_statuses(arg, &a->show, e, sizeof e) < 0) {
			cli_usage_error("check", "--status: %s", e);
			return -1;
		}
		break;
	case 'n': {
		long d = strtol(arg, &end, 10);
		if (end == arg || (*end && strcmp(end, "d") != 0) || d < 1 || d > 3650) {
			cli_usage_error("check", "--since takes days from 1 to 3650 (30 or 30d), not '%s'", arg);
			return -1;
		}
		a->id.since_days = (int)d;
		break;
	}
	}
	return 0;
}

/* Parse argv into a. Returns -1 with the exit code in *code (0 after --help), else 0. */
static int parse_args(int argc, char **argv, struct check_args *a, int *code)
{
	struct cli_parse p = { .cmd = "check", .common = CLI_O_DB | CLI_O_SOURCE, .own = check_opts,
			       .own_short = "s:P:i:f:o:t:j:L:R:M:B:xW:wn:A:X:C:T:" };
	int c;
	*code = EXIT_USAGE;
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		if (c == CLI_OPT_EXIT) { *code = p.exit; return -1; }
		int n = parse_num(a, c, optarg);
		if (n < 0 || (n == 0 && parse_opt(a, c, optarg) < 0)) return -1;
	}
	if (optind < argc) { cli_usage_error("check", "unexpected argument '%s'", argv[optind]); return -1; }
	if (cli_check_term("check", VOCAB_PARTNER, a->partner)) return -1;
	return 0;
}

/* The options must fit what is checked: one workspace or a fleet. Returns the report format
 * (an enum check_report_format or fleet_report_format), or -1 after a usage error. */
static int check_mode_fits(const struct check_args *a, int fleet)
{
	const struct fleet_args *fa = &a->fa;
	if (fleet) {
		const char *clash = cli_g.demo ? "--demo" : cli_g.snapshot ? "--snapshot" : cli_g.host ? "--host" : a->save ? "--save"
				    : a->show ? "--status" : cli_g.profile && !fa->results_table ? "--profile" : NULL;
		if (clash) {
			cli_usage_error("check", "%s names one workspace; a fleet (--all-profiles, --account, "
					"--snapshot-dir) checks many%s", clash,
					strcmp(clash, "--save") == 0 ? ": keep their snapshots with --save-dir DIR" : "");
			return -1;
		}
		return a->fmt ? cli_parse_format("check", a->fmt, fleet_report_format_names()) : 0;
	}
	const char *only = fa->glob ? "--workspaces" : fa->save_dir ? "--save-dir" : fa->parallel ? "--parallel"
			   : fa->conns ? "--fleet-conns" : fa->rate > 0 ? "--fleet-rate" : fa->results_table ? "--results-table"
			   : fa->results_profile ? "--results-profile" : fa->results_batch ? "--results-batch"
			   : fa->fleet_deadline_ms ? "--fleet-deadline" : NULL;
	if (only) {
		cli_usage_error("check", "%s is for a fleet: add --all-profiles, --account PROFILE or --snapshot-dir DIR", only);
		return -1;
	}
	return a->fmt ? cli_parse_format("check", a->fmt, check_report_format_names()) : CREPORT_TEXT;
}

/* Check a fleet with what a asked for. Returns check_fleet's exit code. */
static int run_fleet(struct check_args *a, int format, struct cdb *db, const struct doc_filter *filt, char **ids)
{
	struct fleet_args *fa = &a->fa;
	fa->format = format;
	fa->output = a->output;
	fa->strict = a->strict;
	fa->profile = cli_g.profile;
	fa->warehouse = a->id.warehouse;
	fa->po = a->po;
	if (a->id.customer_tag) fa->po.customer_tag = a->id.customer_tag;
	if (a->id.since_days) fa->po.since_days = a->id.since_days;
	fa->po.start_warehouse |= a->id.start_warehouse;
	fa->id = &a->id;
	fa->db = db;
	fa->filter = filt;
	fa->ids = (const char *const *)ids;
	return check_fleet(fa);
}

/* Write the report of res; returns EXIT_FINE, or EXIT_USAGE when it cannot be written. */
static int report(const struct check_args *a, int format, struct snapshot *snap, const struct check_results *res)
{
	char hb[300], gb[64];
	const char *h = snapshot_meta(snap, "host", hb, sizeof hb);
	char *hs = http_safe_text(h ? h : "", h ? strlen(h) : 0, 200);
	const char *gen = snapshot_meta(snap, "generated_at", gb, sizeof gb);
	char *gs = http_safe_text(gen ? gen : "", gen ? strlen(gen) : 0, 40);
	struct check_report rep = { .res = res, .host = hs, .source = snapshot_source(snap), .generated_at = gs,
				    .show = a->show, .color = !a->output && format == CREPORT_TEXT && cli_color_ok(stdout) };
	struct buf out = BUF_INIT;
	check_report_write(&rep, (enum check_report_format)format, &out);
	int rc = write_report(a->output, &out) < 0 ? EXIT_USAGE : EXIT_FINE;
	buf_free(&out);
	free(hs);
	free(gs);
	return rc;
}

/* EXIT_CHECK_FAIL when a required item fails or errs (or, with --strict, is unknown). */
static int results_exit(const struct check_results *res, int strict)
{
	for (size_t i = 0; i < res->n; i++) {
		enum check_status st = res->v[i].status;
		if (vocab_level_of(res->v[i].level) == LEVEL_REQUIRED &&
		    (st == CHECK_FAIL || st == CHECK_ERROR || (strict && st == CHECK_UNKNOWN)))
			return EXIT_CHECK_FAIL;
	}
	return EXIT_FINE;
}

/* Check one workspace (the demo, a saved snapshot or a live one): open, probe, save, run, report. */
static int run_one(struct check_args *a, int format, struct cdb *db, const struct doc_filter *filt, char **ids)
{
	char err[PWAF_ERRLEN];
	struct livesource src = { 0 };
	struct livesource_spec spec = { .demo = cli_g.demo, .demo_json = pwaf_demo_json, .demo_len = pwaf_demo_json_len,
					.snapshot = cli_g.snapshot, .profile = cli_g.profile, .host = cli_g.host };
	int rc = EXIT_FINE;
	struct check_results res;
	if (livesource_open(&spec, &a->id, &src, err, sizeof err) < 0) goto fail;
	struct snapshot *snap = src.snap;
	if (src.warning[0]) fprintf(stderr, "pwaf check: %s\n", src.warning);
	if (src.kind == SOURCE_WORKSPACE) {
		livesource_probe_opts(&src, &a->id, &a->po);
		char **need = checks_probes_needed(db, filt, (const char *const *)ids);
		rc = probe_live(&src.cfg, need, snap, &a->po);
		checks_free_names(need);
		if (rc == EXIT_USAGE) goto out;
	}
	if (a->save && snapshot_save(snap, a->save, err, sizeof err) < 0) goto fail;
	identity_hint(db, filt, (const char *const *)ids, snap);
	if (checks_run(db, snap, filt, (const char *const *)ids, &res, err, sizeof err) < 0) goto fail;
	if (report(a, format, snap, &res) != EXIT_FINE && rc == EXIT_FINE) rc = EXIT_USAGE;
	if (rc == EXIT_FINE) rc = results_exit(&res, a->strict);
	check_results_free(&res);
	goto out;
fail:
	fprintf(stderr, "pwaf check: %s\n", err);
	rc = EXIT_USAGE;
out:
	livesource_close(&src);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = { 0 };
	int rc;
	if (parse_args(argc, argv, &a, &rc) < 0) return rc;
	int fleet = a.fa.all_profiles || a.fa.account || a.fa.snapshot_dir;
	int format = check_mode_fits(&a, fleet);
	if (format < 0) return EXIT_USAGE;

	char err[PWAF_ERRLEN];
	struct config conf;
	if (livesource_identity_load(&a.id, &conf, err, sizeof err) < 0) {
		config_free(&conf);
		return cli_usage_error("check", "%s", err);
	}
	struct cdb *db = cli_open_content();
	if (!db) {
		config_free(&conf);
		return EXIT_USAGE;
	}
	struct doc_filter filt = { .partner = a.partner };
	char **ids = a.items ? split_ids(a.items) : NULL;
	if (ids && !ids[0]) {
		rc = cli_usage_error("check", "--items takes a comma-separated list of item ids");
	} else {
		rc = fleet ? run_fleet(&a, format, db, &filt, ids) : run_one(&a, format, db, &filt, ids);
	}
	config_free(&conf);
	checks_free_names(ids);
	cdb_close(db);
	return rc;
}
