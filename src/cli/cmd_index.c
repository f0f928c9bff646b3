/* cmd_index.c - `pwaf index CONTENT_DIR --output FILE`: validate content and build its database. */
#include "cli/cli.h"

#include "core/indexer.h"

#include <getopt.h>
#include <stdio.h>

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL;
	int quiet = 0, c;
	struct cli_parse p = { .cmd = "index", .common = 0, .own = opts, .own_short = "o:q" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'q': quiet = 1; break;
		default: return p.exit;
		}
	}
	if (optind != argc - 1) return cli_usage_error("index", "expected one CONTENT_DIR (pwaf %s)", cli_usage_of("index"));
	if (!output) return cli_usage_error("index", "--output FILE is required");
	struct diag d = { 0 };
	struct indexer_stats st;
	int rc = indexer_build(argv[optind], output, &st, &d);
	if (rc < 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "pwaf index: %zu error%s, nothing written\n", d.n, d.n == 1 ? "" : "s");
		diag_free(&d);
		return EXIT_USAGE;
	}
	if (!quiet)
		fprintf(stderr, "pwaf index: %d pages, %d items, %d internal links, %d live checks -> %s\n",
			st.pages, st.items, st.links, st.checks, output);
	diag_free(&d);
	return EXIT_FINE;
}
