/* cmd_fleet.c - `pwaf check --all-profiles | --account P | --snapshot-dir D`: a fleet of workspaces checked in one run, and `pwaf fleet-sql`. */
#include "cli/cli.h"
#include "core/errlen.h"
#include "core/vocab.h"

#include "core/atomicfile.h"
#include "core/buf.h"
#include "ws/fleet.h"
#include "core/fleetreport.h"
#include "ws/http.h"
#include "ws/resultstable.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- Ctrl-C: the first stops the run (what finished is kept), the second ends pwaf ------------ */

static volatile sig_atomic_t fleet_stop;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	if (fleet_stop) { /* a second time: the default action */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	fleet_stop = sig;
	if (wake_pipe[1] >= 0) {
		int e = errno;
		ssize_t w = write(wake_pipe[1], "x", 1);
		(void)w;
		errno = e;
	}
}

static void signals_catch(struct sigaction old[2])
{
	fleet_stop = 0;
	if (pipe(wake_pipe) == 0) {
		for (int i = 0; i < 2; i++) {
			fcntl(wake_pipe[i], F_SETFL, O_NONBLOCK);
			fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
}

static void signals_restore(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	for (int i = 0; i < 2; i++)
		if (wake_pipe[i] >= 0) close(wake_pipe[i]);
	wake_pipe[0] = wake_pipe[1] = -1;
}

/* --- progress on stderr: a bar on a terminal, a line per workspace otherwise ------------------- */

struct progress {
	int tty;
	int drawn;              /* a bar is on the line */
	double last_ms;
};

static void progress_bar(struct progress *pg, const struct fleet_progress *p)
{
	if (!p->finished && p->elapsed_ms - pg->last_ms < 200) return;
	pg->last_ms = p->elapsed_ms;
	enum { W = 24 };
	int fill = p->total ? (int)(W * p->done / p->total) : W;
	char bar[W + 1];
	for (int i = 0; i < W; i++) bar[i] = i < fill ? '#' : '.';
	bar[W] = 0;
	int bad = p->count[FLEET_AUTH] + p->count[FLEET_UNREACHABLE] + p->count[FLEET_CONFIG];
	fprintf(stderr, "\r[%s] %zu/%zu  %d checked  %d not reached  %zu running  %ld requests  %.0f s\033[K", bar, p->done,
		p->total, p->count[FLEET_CHECKED], bad, p->running, p->requests, p->elapsed_ms / 1000);
	pg->drawn = 1;
}

static void progress_line(const struct fleet_progress *p)
{
	const struct fleet_ws *w = p->finished;
	if (!w) return;
	fprintf(stderr, "pwaf check: [%zu/%zu] ", p->done, p->total);
	cli_put_safe(stderr, w->name);
	if (w->state == FLEET_CHECKED) {
		int req = 0;
		for (size_t i = 0; i < w->res.n; i++)
			req += vocab_level_of(w->res.v[i].level) == LEVEL_REQUIRED &&
			       (w->res.v[i].status == CHECK_FAIL || w->res.v[i].status == CHECK_ERROR);
		fprintf(stderr, ": checked, %d required failing (%.1f s)\n", req, w->elapsed_ms / 1000);
	} else {
		fprintf(stderr, ": %s: ", fleet_state_words(w->state));
		cli_put_safe(stderr, w->error ? w->error : "");
		fputc('\n', stderr);
	}
}

static void on_progress(void *ctx, const struct fleet_progress *p)
{
	struct progress *pg = ctx;
	if (pg->tty) progress_bar(pg, p);
	else progress_line(p);
}

static void progress_end(struct progress *pg)
{
	if (pg->tty && pg->drawn) fputs("\r\033[K", stderr);
	pg->drawn = 0;
}

/* --- the results table --------------------------------------------------------------------------- */

static void on_rows(void *ctx, size_t done, size_t total)
{
	const struct progress *pg = ctx;
	if (pg->tty) fprintf(stderr, "\rpwaf check: results table: %zu of %zu rows\033[K", done, total);
}

/* The workspace whose warehouse takes the results: --results-profile, else --profile, else the
 * environment and the config file's default. 0, or -1 after printing why. */
static int results_workspace(const struct fleet_args *a, struct ws_config *cfg)
{
	char err[PWAF_ERRLEN];
	struct ws_config_flags fl = { .profile = a->results_profile ? a->results_profile : a->profile };
	memset(cfg, 0, sizeof *cfg);
	if (wsconfig_resolve(&fl, cfg, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf check: --results-table: the workspace of the warehouse: %s\n", err);
		return -1;
	}
	if (cfg->is_account) {
		fprintf(stderr, "pwaf check: --results-table: %s is an account console; name a workspace with "
			"--results-profile P\n", cfg->host);
		return -1;
	}
	return 0;
}

static int results_write(const struct fleet_args *a, const struct ws_config *cfg, const struct fleet_results *fr,
			 struct progress *pg)
{
	char err[PWAF_ERRLEN];
	struct resultstable_opts o = { .batch_rows = a->results_batch, .progress = on_rows, .ctx = pg, .created = 1,
				       .timeout_ms = a->po.timeout_ms > 0 ? a->po.timeout_ms * 10 : 0,
				       .connect_timeout_ms = a->po.connect_timeout_ms };
	long n = resultstable_write(cfg, a->warehouse, a->results_table, fr, &o, err, sizeof err);
	if (pg->tty) fputs("\r\033[K", stderr);
	if (n < 0) {
		fprintf(stderr, "pwaf check: results table %s: %s\n", a->results_table, err);
		return -1;
	}
	fprintf(stderr, "pwaf check: %ld rows appended to %s (run %s)\n", n, a->results_table, fr->run_id);
	return 0;
}

/* --- the run ----------------------------------------------------------------------------------- */

static int targets_find(const struct fleet_args *a, struct fleet_targets *t)
{
	char err[PWAF_ERRLEN];
	if (a->all_profiles) {
		if (fleet_targets_profiles(a->glob, t, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: --all-profiles: %s\n", err);
			return EXIT_USAGE;
		}
		if (t->accounts_skipped)
			fprintf(stderr, "pwaf check: left out %d account-console profile%s (not workspaces)\n",
				t->accounts_skipped, t->accounts_skipped == 1 ? "" : "s");
		return EXIT_FINE;
	}
	int r = fleet_targets_account(a->account, a->glob, &a->po, t, err, sizeof err);
	if (r < 0) {
		fprintf(stderr, "pwaf check: --account %s: %s\n", a->account, err);
		return r == -2 ? EXIT_CONNECT : EXIT_USAGE;
	}
	return EXIT_FINE;
}

/* Write the report to stdout or --output; fleet.json into the save directory. -1 on a write error. */
static int reports_write(const struct fleet_args *a, const struct fleet_results *fr)
{
	struct fleet_report rep = { .fr = fr,
				    .color = !a->output && a->format == FREPORT_TEXT && cli_color_ok(stdout) };
	struct buf out = BUF_INIT;
	fleet_report_write(&rep, (enum fleet_report_format)a->format, &out);
	int rc = 0;
	char err[PWAF_ERRLEN];
	if (!a->output) {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
		rc = fflush(stdout) == 0 ? 0 : -1;
	} else if (atomic_write(a->output, out.data ? out.data : "", out.len, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf check: %s\n", err);
		rc = -1;
	}
	buf_free(&out);
	if (a->save_dir) {
		struct buf j = BUF_INIT, p = BUF_INIT;
		rep.color = 0;
		fleet_report_write(&rep, FREPORT_JSON, &j);
		buf_addf(&p, "%s/fleet.json", a->save_dir);
		if (atomic_write(buf_str(&p), j.data ? j.data : "", j.len, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: %s\n", err);
			rc = -1;
		}
		buf_free(&j);
		buf_free(&p);
	}
	return rc;
}

/* The unreached workspaces, by name, on stderr (the exit code says 3; this says which). */
static void unreached_say(const struct fleet_results *fr)
{
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		if (w->state != FLEET_AUTH && w->state != FLEET_UNREACHABLE && w->state != FLEET_CONFIG) continue;
		fputs("pwaf check: ", stderr);
		cli_put_safe(stderr, w->name);
		if (w->host && *w->host) {
			fputs(" (", stderr);
			cli_put_safe(stderr, w->host);
			fputc(')', stderr);
		}
		fprintf(stderr, ": %s: ", fleet_state_words(w->state));
		cli_put_safe(stderr, w->error ? w->error : "");
		fputc('\n', stderr);
	}
}

int check_fleet(struct fleet_args *a)
{
	int modes = !!a->all_profiles + !!a->account + !!a->snapshot_dir;
	if (modes > 1) return cli_usage_error("check", "--all-profiles, --account and --snapshot-dir are three ways to name "
						       "a fleet; give one");
	if (a->results_table) {
		char e[PWAF_ERRLEN];
		if (resultstable_name_ok(a->results_table, e, sizeof e) < 0)
			return cli_usage_error("check", "--results-table: %s", e);
		if (!a->warehouse)
			return cli_usage_error("check", "--results-table needs the SQL warehouse that writes it: --warehouse ID "
							"(or 'pwaf config warehouse ID')");
	}
	struct ws_config rcfg = { 0 };
	if (a->results_table && results_workspace(a, &rcfg) < 0) {
		wsconfig_free(&rcfg);
		return EXIT_USAGE;
	}
	if (a->results_table) { /* before the run: a wrong warehouse or privilege costs seconds, not the fleet */
		char e[PWAF_ERRLEN];
		struct resultstable_opts o = { .connect_timeout_ms = a->po.connect_timeout_ms };
		if (resultstable_create(&rcfg, a->warehouse, a->results_table, &o, e, sizeof e) < 0) {
			fprintf(stderr, "pwaf check: results table %s: %s\n", a->results_table, e);
			wsconfig_free(&rcfg);
			return EXIT_CONNECT;
		}
	}
	struct progress pg = { .tty = isatty(2) };
	struct fleet_results fr = { 0 };
	struct fleet_targets t = { 0 };
	struct ws_config acct = { 0 };
	char err[PWAF_ERRLEN];
	int rc = EXIT_FINE, failed = 0;
	struct sigaction old[2];
	signals_catch(old);
	if (a->snapshot_dir) {
		if (fleet_from_dir(a->snapshot_dir, a->db, a->filter, a->ids, a->id, &fr, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: --snapshot-dir: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
	} else {
		if ((rc = targets_find(a, &t)) != EXIT_FINE) goto out;
		const char *acct_profile = a->account ? a->account : a->id->account_profile;
		if (acct_profile && livesource_account(acct_profile, &acct, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf check: account profile: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
		struct fleet_opts o = { .parallel = a->parallel, .max_conns = a->conns, .rate = a->rate,
					.deadline_ms = a->fleet_deadline_ms, .po = a->po,
					.account = acct.host ? &acct : NULL, .id = a->id, .db = a->db, .filter = a->filter,
					.ids = a->ids, .save_dir = a->save_dir, .stop = &fleet_stop, .wake_fd = wake_pipe[0],
					.progress = on_progress, .ctx = &pg };
		o.po.warehouse_id = NULL; /* --warehouse is the results table's; each workspace picks its own */
		fprintf(stderr, "pwaf check: %zu workspaces (%s)\n", t.n, t.source ? t.source : "");
		failed = fleet_run(&t, &o, &fr, err, sizeof err) < 0;
		progress_end(&pg);
		if (failed) {
			fprintf(stderr, "pwaf check: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (reports_write(a, &fr) < 0) rc = EXIT_USAGE;
	unreached_say(&fr);
	if (fleet_stop)
		fprintf(stderr, "pwaf check: interrupted: %d of %zu workspaces finished; the report holds them\n",
			fr.count[FLEET_CHECKED] + fr.count[FLEET_AUTH] + fr.count[FLEET_UNREACHABLE] + fr.count[FLEET_CONFIG],
			fr.n);
	if (rc == EXIT_FINE) rc = fleet_results_exit_code(&fr, a->strict);
	if (a->results_table && !fleet_stop && results_write(a, &rcfg, &fr, &pg) < 0 && rc != EXIT_USAGE)
		rc = EXIT_CONNECT;
	if (fleet_stop) rc = 128 + (int)fleet_stop;
out:
	signals_restore(old);
	fleet_results_free(&fr);
	fleet_targets_free(&t);
	if (acct.host) wsconfig_free(&acct);
	wsconfig_free(&rcfg);
	return rc;
}

/* --- pwaf fleet-sql: ready queries over the results table ---------------------------------------- */

struct fleet_query {
	const char *name, *title, *sql;
};

/* The latest two runs of each workspace, numbered 1 (latest) and 2, by workspace_host. */
#define RUNS_CTE                                                                                                \
	"WITH runs AS (\n"                                                                                      \
	"  SELECT workspace_host, run_id,\n"                                                                    \
	"         dense_rank() OVER (PARTITION BY workspace_host ORDER BY run_time DESC, run_id DESC) AS age\n" \
	"  FROM (SELECT DISTINCT workspace_host, run_id, run_time FROM {table})\n"                                 \
	")"

static const struct fleet_query queries[] = {
	{ "drift", "what changed in each workspace since its previous run",
	  RUNS_CTE ",\n"
	  "now AS (SELECT t.* FROM {table} t JOIN runs r USING (workspace_host, run_id) WHERE r.age = 1),\n"
	  "prev AS (SELECT t.* FROM {table} t JOIN runs r USING (workspace_host, run_id) WHERE r.age = 2)\n"
	  "SELECT coalesce(n.workspace_name, p.workspace_name) AS workspace,\n"
	  "       coalesce(n.workspace_host, p.workspace_host) AS workspace_host,\n"
	  "       coalesce(n.item, p.item) AS item, p.status AS before, n.status AS now, n.evidence\n"
	  "FROM now n FULL OUTER JOIN prev p ON n.workspace_host = p.workspace_host AND n.item <=> p.item\n"
	  "WHERE NOT (n.status <=> p.status)\n"
	  "  AND coalesce(n.workspace_host, p.workspace_host) IN (SELECT workspace_host FROM runs WHERE age = 2)\n"
	  "ORDER BY workspace, item;\n" },
	{ "failing", "the items failing in most workspaces (each workspace's latest run)",
	  "WITH latest AS (\n"
	  "  SELECT * FROM {table}\n"
	  "  QUALIFY dense_rank() OVER (PARTITION BY workspace_host ORDER BY run_time DESC, run_id DESC) = 1\n"
	  ")\n"
	  "SELECT item, any_value(level) AS level,\n"
	  "       count_if(status = 'fail') AS failing, count(*) AS checked,\n"
	  "       round(100 * count_if(status = 'fail') / count(*), 1) AS failing_pct\n"
	  "FROM latest\n"
	  "WHERE item IS NOT NULL\n"
	  "GROUP BY item\n"
	  "HAVING count_if(status = 'fail') > 0\n"
	  "ORDER BY failing DESC, item;\n" },
	{ "worse", "workspaces with more failing items than at their previous run",
	  "WITH per_run AS (\n"
	  "  SELECT workspace_host, any_value(workspace_name) AS workspace, run_id, max(run_time) AS run_time,\n"
	  "         count_if(status = 'fail') AS failing,\n"
	  "         count_if(status = 'fail' AND level = 'required') AS required_failing\n"
	  "  FROM {table} WHERE item IS NOT NULL\n"
	  "  GROUP BY workspace_host, run_id\n"
	  "), ranked AS (\n"
	  "  SELECT *, row_number() OVER (PARTITION BY workspace_host ORDER BY run_time DESC, run_id DESC) AS age\n"
	  "  FROM per_run\n"
	  ")\n"
	  "SELECT n.workspace, n.workspace_host, p.run_time AS before, n.run_time AS now,\n"
	  "       p.failing AS failing_before, n.failing AS failing_now,\n"
	  "       p.required_failing AS required_before, n.required_failing AS required_now\n"
	  "FROM ranked n JOIN ranked p ON n.workspace_host = p.workspace_host AND n.age = 1 AND p.age = 2\n"
	  "WHERE n.failing > p.failing OR n.required_failing > p.required_failing\n"
	  "ORDER BY n.required_failing - p.required_failing DESC, n.failing - p.failing DESC;\n" },
	{ NULL, NULL, NULL }
};


/* The query with every {table} replaced by the table's name. */
static void print_query(const char *sql, const char *table)
{
	for (const char *p = sql, *t; *p; p = t + 7) {
		t = strstr(p, "{table}");
		if (!t) {
			fputs(p, stdout);
			return;
		}
		fwrite(p, 1, (size_t)(t - p), stdout);
		fputs(table, stdout);
	}
}

int cmd_fleet_sql(int argc, char **argv)
{
	static const struct option opts[] = { { "table", required_argument, NULL, 't' },
					      { "query", required_argument, NULL, 'q' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	const char *table = NULL, *query = NULL;
	int c;
	struct cli_parse p = { .cmd = "fleet-sql", .common = 0, .own = opts, .own_short = "t:q:" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 't': table = optarg; break;
		case 'q': query = optarg; break;
		default: return p.exit;
		}
	}
	if (optind < argc) return cli_usage_error("fleet-sql", "unexpected argument '%s'", argv[optind]);
	if (!table) return cli_usage_error("fleet-sql", "name the results table: --table CATALOG.SCHEMA.TABLE");
	char e[PWAF_ERRLEN];
	if (resultstable_name_ok(table, e, sizeof e) < 0) return cli_usage_error("fleet-sql", "--table: %s", e);
	int found = 0;
	for (const struct fleet_query *q = queries; q->name; q++) {
		if (query && strcmp(query, q->name) != 0) continue;
		if (found++) putchar('\n');
		printf("-- %s: %s\n", q->name, q->title);
		print_query(q->sql, table);
	}
	if (!found) return cli_usage_error("fleet-sql", "--query takes drift, failing or worse, not '%s'", query);
	return EXIT_FINE;
}
