/* cmd_export.c - `pwaf export`: an assessment as Markdown, HTML, JSON or CSV, written atomically. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "ws/checks.h"
#include "ws/livesource.h"
#include "ws/snapshot.h"

#include "core/atomicfile.h"

#include "core/buf.h"
#include "core/export.h"
#include "core/report.h"
#include "core/state.h"
#include "core/vocab.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


/* Write all of data to path atomically (a device such as /dev/null is written directly). */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char err[PWAF_ERRLEN];
	if (atomic_write(path, data, len, err, sizeof err) == 0) return EXIT_FINE;
	fprintf(stderr, "pwaf export: %s\n", err);
	return EXIT_USAGE;
}


/* Live results from the demo workspace or a saved snapshot, attached to the export's items.
 * Returns the array the items point into (free it after writing), or NULL after an error. */
static struct report_live *attach_live(struct cdb *db, struct assessment_export *e, struct check_results *res)
{
	char err[PWAF_ERRLEN];
	struct livesource src = { 0 };
	struct livesource_spec spec = { .demo = cli_g.demo, .demo_json = pwaf_demo_json, .demo_len = pwaf_demo_json_len,
					.snapshot = cli_g.snapshot };
	struct livesource_identity id = { 0 };
	struct config conf;
	int ok = livesource_identity_load(&id, &conf, err, sizeof err) == 0 &&
		 livesource_open(&spec, &id, &src, err, sizeof err) == 0 &&
		 checks_run(db, src.snap, NULL, NULL, res, err, sizeof err) == 0;
	config_free(&conf);
	if (!ok) {
		fprintf(stderr, "pwaf export: %s\n", err);
		livesource_close(&src);
		return NULL;
	}
	struct report_live *live = xcalloc(e->r.n + 1, sizeof *live);
	for (size_t i = 0; i < e->r.n; i++)
		for (size_t k = 0; k < res->n; k++)
			if (strcasecmp(res->v[k].item, e->items[i].id) == 0) {
				live[i].status = res->v[k].status;
				live[i].evidence = res->v[k].evidence;
				e->items[i].live = &live[i];
			}
	e->r.live_source = cli_g.snapshot ? cli_g.snapshot : "the demo workspace";
	livesource_close(&src);
	return live;
}

static int64_t generation_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");   /* reproducible output */
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v > 0) return v;
	}
	return (int64_t)time(NULL);
}

struct export_args {
	const char *name, *output, *milestone, *partner;
	int format;   /* enum report_format */
};

/* The options of pwaf export into *x. -1 to go on, or the exit code to end with (--help: 0; a
 * usage error, said: EXIT_USAGE). */
static int parse_args(int argc, char **argv, struct export_args *x)
{
	static const struct option opts[] = {
		{ "assessment", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "milestone", required_argument, NULL, 'm' },
		{ "partner", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	*x = (struct export_args){ 0 };
	int c;
	struct cli_parse p = { .cmd = "export", .common = CLI_O_DB | CLI_O_STATE | CLI_O_DEMO | CLI_O_SNAPSHOT | CLI_O_FORMAT,
			       .own = opts, .own_short = "a:o:m:p:", .formats = report_format_names(),
			       .format = -1 };   /* -1: from the output file's name */
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'a': x->name = optarg; break;
		case 'o': x->output = optarg; break;
		case 'm': x->milestone = optarg; break;
		case 'p': x->partner = optarg; break;
		default: return p.exit;
		}
	}
	if (optind < argc) return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
	if (x->output && strcmp(x->output, "-") == 0) x->output = NULL;
	if (cli_check_term("export", VOCAB_PARTNER, x->partner)) return EXIT_USAGE;
	x->format = p.format;
	if (x->format < 0 && (x->format = report_format_of_name(x->output)) < 0) {
		fputs("pwaf export: cannot tell the format of '", stderr);
		cli_put_safe(stderr, x->output);
		fputs("' from its name: use .md, .html, .json or .csv, or --format\n", stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* "no assessment named NAME", with the ones there are or how to make one. */
static void say_no_assessment(struct state_db *s, const char *name)
{
	fputs("pwaf export: no assessment named '", stderr);
	cli_put_safe(stderr, name);
	fputs("'", stderr);
	struct assessment_list l = { 0 };
	if (s && state_assessment_list(s, &l) == STATE_OK && l.n) {
		fputs(" (existing:", stderr);
		for (size_t i = 0; i < l.n; i++) {
			fputs(i ? ", " : " ", stderr);
			cli_put_safe(stderr, l.v[i].name);
		}
		fputs(")", stderr);
	} else {
		fputs(" ('pwaf mark ITEM STATE --assessment NAME' creates one)", stderr);
	}
	fputc('\n', stderr);
	assessment_list_free(&l);
}

/* The report of e in format to output (atomically) or stdout. An exit code. */
static int write_report(const struct assessment_export *e, int format, const char *output)
{
	int rc = EXIT_FINE;
	struct buf out = BUF_INIT;
	report_write(&e->r, (enum report_format)format, &out);
	if (output) {
		rc = write_atomic(output, buf_str(&out), out.len);
	} else {
		fwrite(buf_str(&out), 1, out.len, stdout);
		if (fflush(stdout) != 0) rc = EXIT_USAGE;
	}
	buf_free(&out);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct export_args x;
	int rc = parse_args(argc, argv, &x);
	if (rc >= 0) return rc;
	char err[PWAF_ERRLEN];
	struct state_db *s = NULL;
	if (state_open(cli_g.state, 0, &s, err, sizeof err) == STATE_ERROR) {
		fprintf(stderr, "pwaf export: %s\n", err);
		return EXIT_USAGE;
	}
	struct cdb *db = cli_open_content();
	if (!db) {
		state_close(s);
		return EXIT_USAGE;
	}
	const char *name = x.name ? x.name : "default";
	struct assessment_export e;
	int r = x.milestone ? assessment_export_build_milestone(db, s, name, x.milestone, x.partner, generation_time(), &e,
								 err, sizeof err)
			    : assessment_export_build(db, s, name, x.partner, generation_time(), &e, err, sizeof err);
	int built = r != STATE_ERROR && !(x.milestone && r == STATE_NONE);
	struct report_live *live = NULL;
	struct check_results res = { 0 };
	if (!built) {
		fprintf(stderr, "pwaf export: %s\n", err);
		rc = EXIT_USAGE;
	} else if (r == STATE_NONE && x.name) {   /* a named assessment must exist; the default one may not yet */
		say_no_assessment(s, x.name);
		rc = EXIT_USAGE;
	} else if ((cli_g.demo || cli_g.snapshot) && !(live = attach_live(db, &e, &res))) {
		rc = EXIT_USAGE;
	} else {
		rc = write_report(&e, x.format, x.output);
	}
	free(live);
	check_results_free(&res);
	if (built) assessment_export_free(&e);
	cdb_close(db);
	state_close(s);
	return rc;
}
