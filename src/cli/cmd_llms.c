/* cmd_llms.c - `pwaf llms [--full]`: llms.txt (or llms-full.txt) of the bundled content on stdout. */
#include "cli.h"

#include "buf.h"
#include "llms.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage_line[] = "usage: pwaf llms [--full] [--db FILE]";

int cmd_llms(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int full = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "fd:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': full = 1; break;
		case 'd': cli_g.db = optarg; break;
		case 'h': puts(usage_line); return EXIT_FINE;
		default: fprintf(stderr, "%s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (optind < argc) return cli_usage_error("llms", "unexpected argument '%s'", argv[optind]);
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct buf out = BUF_INIT;
	char err[512];
	int rc = EXIT_FINE;
	if (llms_write(db, full, PACKAGE_VERSION, &out, err, sizeof err) < 0) {
		fprintf(stderr, "pwaf llms: %s\n", err);
		rc = EXIT_USAGE;
	} else {
		fwrite(buf_str(&out), 1, out.len, stdout);
		if (fflush(stdout) != 0) rc = EXIT_USAGE;
	}
	buf_free(&out);
	cdb_close(db);
	return rc;
}
