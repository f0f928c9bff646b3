/* cmd_check.c - `pwaf check`: probe a workspace (or load a snapshot), run the checks, report. */
#include "cli.h"
#include "errlen.h"

#include "atomicfile.h"

#include "buf.h"
#include "checkreport.h"
#include "fleetreport.h"
#include "checks.h"
#include "http.h"
#include "livesource.h"
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

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
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
		{ "all-profiles", no_argument, NULL, 1001 },
		{ "account", required_argument, NULL, 1002 },
		{ "workspaces", required_argument, NULL, 1003 },
		{ "save-dir", required_argument, NULL, 1004 },
		{ "snapshot-dir", required_argument, NULL, 1005 },
		{ "parallel", required_argument, NULL, 1006 },
		{ "fleet-conns", required_argument, NULL, 1007 },
		{ "fleet-rate", required_argument, NULL, 1008 },
		{ "results-table", required_argument, NULL, 1009 },
		{ "results-profile", required_argument, NULL, 1010 },
		{ "results-batch", required_argument, NULL, 1011 },
		{ "fleet-deadline", required_argument, NULL, 1012 },
		{ NULL, 0, NULL, 0 }
	};
	const char *save = NULL, *partner = NULL, *items = NULL, *output = NULL, *fmt = NULL;
	int format = CREPORT_TEXT, c, strict = 0;
	struct fleet_args fa = { 0 };
	unsigned show = 0;
	struct probe_run_opts po = { 0 };
	struct livesource_identity id = { 0 };
	struct cli_parse p = { .cmd = "check", .common = CLI_O_DB | CLI_O_SOURCE, .own = opts,
			       .own_short = "s:P:i:f:o:t:j:L:R:M:B:xW:wn:A:X:C:T:" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		char *end;
		switch (c) {
		case 's': save = optarg; break;
		case 'P': partner = optarg; break;
		case 'i': items = optarg; break;
		case 'o': output = optarg; break;
		case 'f': fmt = optarg; break; /* the fleet has its own formats */
		case 1001: fa.all_profiles = 1; break;
		case 1002: fa.account = optarg; break;
		case 1003: fa.glob = optarg; break;
		case 1004: fa.save_dir = optarg; break;
		case 1005: fa.snapshot_dir = optarg; break;
		case 1009: fa.results_table = optarg; break;
		case 1010: fa.results_profile = optarg; break;
		case 1006:
		case 1007:
		case 1011: {
			long v = strtol(optarg, &end, 10), max = c == 1006 ? 256 : c == 1007 ? 1024 : 100000;
			const char *what = c == 1006 ? "--parallel" : c == 1007 ? "--fleet-conns" : "--results-batch";
			if (end == optarg || *end || v < 1 || v > max)
				return cli_usage_error("check", "%s takes a number from 1 to %ld, not '%s'", what, max, optarg);
			if (c == 1006) fa.parallel = (int)v;
			else if (c == 1007) fa.conns = (int)v;
			else fa.results_batch = (size_t)v;
			break;
		}
		case 1008:
		case 1012: {
			double v = strtod(optarg, &end);
			if (end == optarg || *end || !(v > 0) || v > (c == 1008 ? 10000 : 86400))
				return cli_usage_error("check", "%s takes %s, not '%s'", c == 1008 ? "--fleet-rate" : "--fleet-deadline",
						       c == 1008 ? "requests per second between 0 and 10000" : "seconds between 0 and 86400",
						       optarg);
			if (c == 1008) fa.rate = v;
			else fa.fleet_deadline_ms = (long)(v * 1000);
			break;
		}
		case 'T': {
			char e[PWAF_ERRLEN];
			if (check_report_parse_statuses(optarg, &show, e, sizeof e) < 0) return cli_usage_error("check", "--status: %s", e);
			break;
		}
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
		case 'w': id.start_warehouse = 1; break;
		case 'A': id.account_profile = optarg; break;
		case 'X': id.product = optarg; break;
		case 'C': id.customer_tag = optarg; break;
		case 'n': {
			long d = strtol(optarg, &end, 10);
			if (end == optarg || (*end && strcmp(end, "d") != 0) || d < 1 || d > 3650)
				return cli_usage_error("check", "--since takes days from 1 to 3650 (30 or 30d), not '%s'", optarg);
			id.since_days = (int)d;
			break;
		}
		default: return p.exit;
		}
	}
	if (optind < argc) return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if (cli_check_term("check", VOCAB_PARTNER, partner)) return EXIT_USAGE;
	int fleet = fa.all_profiles || fa.account || fa.snapshot_dir;
	if (fleet) {
		const char *clash = cli_g.demo ? "--demo" : cli_g.snapshot ? "--snapshot" : cli_g.host ? "--host" : save ? "--save"
				    : show ? "--status" : cli_g.profile && !fa.results_table ? "--profile" : NULL;
		if (clash)
			return cli_usage_error("check", "%s names one workspace; a fleet (--all-profiles, --account, "
							"--snapshot-dir) checks many%s", clash,
					       strcmp(clash, "--save") == 0 ? ": keep their snapshots with --save-dir DIR" : "");
		if ((format = fmt ? cli_parse_format("check", fmt, fleet_report_format_names()) : 0) < 0) return EXIT_USAGE;
	} else {
		const char *only = fa.glob ? "--workspaces" : fa.save_dir ? "--save-dir" : fa.parallel ? "--parallel"
				   : fa.conns ? "--fleet-conns" : fa.rate > 0 ? "--fleet-rate" : fa.results_table ? "--results-table"
				   : fa.results_profile ? "--results-profile" : fa.results_batch ? "--results-batch"
				   : fa.fleet_deadline_ms ? "--fleet-deadline" : NULL;
		if (only)
			return cli_usage_error("check", "%s is for a fleet: add --all-profiles, --account PROFILE or "
							"--snapshot-dir DIR", only);
		if (fmt && (format = cli_parse_format("check", fmt, check_report_format_names())) < 0) return EXIT_USAGE;
	}

	char err[PWAF_ERRLEN];
	struct config conf;
	if (livesource_identity_load(&id, &conf, err, sizeof err) < 0) {
		config_free(&conf);
		return cli_usage_error("check", "%s", err);
	}
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
	if (fleet) {
		fa.format = format;
		fa.output = output;
		fa.strict = strict;
		fa.profile = cli_g.profile;
		fa.warehouse = id.warehouse;
		fa.po = po;
		if (id.customer_tag) fa.po.customer_tag = id.customer_tag;
		if (id.since_days) fa.po.since_days = id.since_days;
		fa.po.start_warehouse |= id.start_warehouse;
		fa.id = &id;
		fa.db = db;
		fa.filter = &filt;
		fa.ids = (const char *const *)ids;
		int frc = check_fleet(&fa);
		config_free(&conf);
		checks_free_names(ids);
		cdb_close(db);
		return frc;
	}
	struct livesource src = { 0 };
	struct livesource_spec spec = { .demo = cli_g.demo, .demo_json = pwaf_demo_json, .demo_len = pwaf_demo_json_len,
					.snapshot = cli_g.snapshot, .profile = cli_g.profile, .host = cli_g.host };
	int rc = EXIT_FINE;
	if (livesource_open(&spec, &id, &src, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf check: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	struct snapshot *snap = src.snap;
	if (src.warning[0]) fprintf(stderr, "pwaf check: %s\n", src.warning);
	if (src.kind == SOURCE_WORKSPACE) {
		livesource_probe_opts(&src, &id, &po);
		char **need = checks_probes_needed(db, &filt, (const char *const *)ids);
		rc = probe_live(&src.cfg, need, snap, &po);
		checks_free_names(need);
		if (rc == EXIT_USAGE) goto out;
	}
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
	char hb[300], gb[64];
	const char *h = snapshot_meta(snap, "host", hb, sizeof hb);
	char *hs = http_safe_text(h ? h : "", h ? strlen(h) : 0, 200);
	const char *gen = snapshot_meta(snap, "generated_at", gb, sizeof gb);
	char *gs = http_safe_text(gen ? gen : "", gen ? strlen(gen) : 0, 40);
	const char *nc = getenv("NO_COLOR");
	struct check_report rep = { .res = &res, .host = hs, .source = snapshot_source(snap), .generated_at = gs,
				    .show = show, .color = !output && format == CREPORT_TEXT && isatty(1) && !(nc && *nc) };
	struct buf out = BUF_INIT;
	check_report_write(&rep, (enum check_report_format)format, &out);
	if (write_report(output, &out) < 0 && rc == EXIT_FINE) rc = EXIT_USAGE;
	buf_free(&out);
	free(hs);
	free(gs);
	if (rc == EXIT_FINE)
		for (size_t i = 0; i < res.n; i++) {
			enum check_status st = res.v[i].status;
			if (vocab_level_of(res.v[i].level) == LEVEL_REQUIRED &&
			    (st == CHECK_FAIL || st == CHECK_ERROR || (strict && st == CHECK_UNKNOWN)))
				rc = EXIT_CHECK_FAIL;
		}
	check_results_free(&res);
out:
	livesource_close(&src);
	config_free(&conf);
	checks_free_names(ids);
	cdb_close(db);
	return rc;
}
