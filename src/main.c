/* main.c - pwaf's command line: global options, then a subcommand (the explorer when none). */

#include "cli.h"
#include "tui.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct subcommand subcommands[] = {
	{ "list", cmd_list, "list [--kind page|item] [--partner P] [--pillar X] [--level L] [--format text|json]",
	  "list pages and checklist items" },
	{ "show", cmd_show, "show ID [--width N] [--format text|plain|json]", "print one page or item" },
	{ "render", cmd_render, "render [FILE|-] [--width N] [--plain]", "render any Markdown like the pages" },
	{ "search", cmd_search, "search QUERY [--limit N] [--partner P] [--pillar X] [--kind K] [--level L] [--format text|json]",
	  "ranked full-text search" },
	{ "mark", cmd_mark, "mark ITEM open|done|na|blocked [--note TEXT] [--reason TEXT] [--assessment NAME] [--partner P]",
	  "record a checklist item's state in an assessment" },
	{ "milestone", cmd_milestone, "milestone NAME [--assessment NAME] | milestone --list", "keep a named snapshot of an assessment" },
	{ "export", cmd_export, "export [--assessment NAME] [--milestone NAME] [--partner P] [--format markdown|html|json|csv] [--output FILE] [--demo | --snapshot FILE]",
	  "write an assessment as a report" },
	{ "config", cmd_config, "config [KEY [VALUE]]", "show or set a setting (product, customer_tag, warehouse, ...)" },
	{ "index", cmd_index, "index CONTENT_DIR --output FILE", "validate content and build its database" },
	{ "check", cmd_check, "check [--profile P | --host URL | --demo | --snapshot FILE] [--save FILE] [--partner P] "
	  "[--items IDS] [--status fail,warn,...] [--format text|json|markdown|junit|sarif] [--output FILE]", "check a workspace against the checklist" },
	{ "check", cmd_check, "check --all-profiles | --account PROFILE | --snapshot-dir DIR [--workspaces GLOB] [--save-dir DIR] "
	  "[--format text|json|html|junit|sarif] [--results-table C.S.T --warehouse ID]", "check a fleet of workspaces at once" },
	{ "fleet-sql", cmd_fleet_sql, "fleet-sql --table CATALOG.SCHEMA.TABLE [--query drift|failing|worse]",
	  "print queries over a fleet's results table (drift, failing items, workspaces getting worse)" },
	{ "mcp", cmd_mcp, "mcp [--demo | --snapshot FILE | --profile P | --host URL] [--allow-write] [--http 127.0.0.1:PORT]",
	  "serve the framework and the live checks to AI assistants (Model Context Protocol)" },
	{ "llms", cmd_llms, "llms [--full]", "print llms.txt (or llms-full.txt) of the bundled content" },
	{ NULL, NULL, NULL, NULL }
};

const struct subcommand *cli_subcommands(void)
{
	return subcommands;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: pwaf [--demo | --snapshot FILE | --profile P | --host URL] [--theme T] [--db FILE] [--state FILE]\n"
		   "                                                                 open the explorer\n"
		   "       pwaf --fleet-dir DIR [--theme T] [--db FILE] [--state FILE]\n"
		   "                                                                 the explorer on a saved fleet (check --save-dir DIR)\n");
	for (const struct subcommand *s = subcommands; s->name; s++)
		fprintf(f, "       pwaf %s\n", s->usage);
	fprintf(f, "\nExit codes: 0 fine, 1 a required check fails, 2 usage/config/input error, "
		   "3 cannot connect or authenticate.\nSee pwaf(1).\n");
}

/* Use the user's locale; keep a UTF-8 LC_CTYPE so text widths can be measured even when the
 * terminal's locale is not UTF-8 (cli_g.utf8 remembers which it was). */
static void setup_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	cli_g.utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!cli_g.utf8 && !setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "en_US.UTF-8");
}

static int run_explorer(const char *start, const char *fleet_dir)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "pwaf: the explorer needs a terminal; try 'pwaf list', 'pwaf search' or 'pwaf --help'\n");
		return EXIT_USAGE;
	}
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		fprintf(stderr, "pwaf: the explorer needs a terminal that can move the cursor (TERM is %s); try 'pwaf list', "
			"'pwaf search' or 'pwaf --help'\n", term && *term ? "dumb" : "not set");
		return EXIT_USAGE;
	}
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct tui_opts o = { .theme = cli_g.theme, .demo = cli_g.demo, .demo_json = pwaf_demo_json,
			      .demo_len = pwaf_demo_json_len, .utf8 = cli_g.utf8, .start_id = start,
			      .snapshot = cli_g.snapshot, .profile = cli_g.profile, .host = cli_g.host,
			      .state_path = cli_g.state, .fleet_dir = fleet_dir };
	int rc = tui_run(db, &o);
	cdb_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, 'D' },
		{ "theme", required_argument, NULL, 't' },
		{ "profile", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "state", required_argument, NULL, 's' },
		{ "snapshot", required_argument, NULL, 'S' },
		{ "fleet-dir", required_argument, NULL, 'F' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	setup_locale();
	const char *fleet_dir = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "+d:t:p:H:s:S:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cli_g.db = optarg; break;
		case 'D': cli_g.demo = 1; break;
		case 't': cli_g.theme = optarg; break;
		case 'p': cli_g.profile = optarg; break;
		case 'H': cli_g.host = optarg; break;
		case 's': cli_g.state = optarg; break;
		case 'S': cli_g.snapshot = optarg; break;
		case 'F': fleet_dir = optarg; break;
		case 'V': printf("pwaf %s\n", PACKAGE_VERSION); return EXIT_FINE;
		case 'h': usage(stdout); return EXIT_FINE;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (fleet_dir && optind < argc) {
		fprintf(stderr, "pwaf: --fleet-dir opens the explorer on a saved fleet; to check one, use "
			"'pwaf check --snapshot-dir DIR'\n");
		return EXIT_USAGE;
	}
	if (fleet_dir && (cli_g.demo || cli_g.snapshot || cli_g.profile || cli_g.host)) {
		fprintf(stderr, "pwaf: --fleet-dir gives each workspace its saved snapshot; it cannot be combined with "
			"--demo, --snapshot, --profile or --host\n");
		return EXIT_USAGE;
	}
	if (optind >= argc) return run_explorer(NULL, fleet_dir);
	for (const struct subcommand *s = subcommands; s->name; s++)
		if (strcmp(s->name, argv[optind]) == 0) return s->run(argc - optind, argv + optind);
	fprintf(stderr, "pwaf: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
