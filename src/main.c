/* main.c - pwaf's command line: global options, then a subcommand (the explorer when none). */

#include "cli/cli.h"
#include "tui/tui.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	cli_print_usage(f, NULL);
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
	/* --help here lists every subcommand, not only pwaf's own rows: an own option, ahead of the common one. */
	static const struct option opts[] = {
		{ "fleet-dir", required_argument, NULL, 'F' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	setup_locale();
	const char *fleet_dir = NULL;
	struct cli_parse p = { .cmd = "", .common = CLI_O_DB | CLI_O_THEME | CLI_O_STATE | CLI_O_SOURCE, .own = opts,
			       .own_short = "Vh" };
	int c;
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'F': fleet_dir = optarg; break;
		case 'V': printf("pwaf %s\n", PACKAGE_VERSION); return EXIT_FINE;
		case 'h': usage(stdout); return EXIT_FINE;
		default: return p.exit;
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
	for (const struct subcommand *s = cli_subcommands(); s->name; s++)
		if (s->run && strcmp(s->name, argv[optind]) == 0) return s->run(argc - optind, argv + optind);
	fprintf(stderr, "pwaf: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
