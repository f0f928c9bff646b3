/* cmd_llms.c - `pwaf llms [--full]`: llms.txt (or llms-full.txt) of the bundled content on stdout. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/buf.h"
#include "core/llms.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>


int cmd_llms(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int full = 0, c;
	struct cli_parse p = { .cmd = "llms", .common = CLI_O_DB, .own = opts, .own_short = "f" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'f': full = 1; break;
		default: return p.exit;
		}
	}
	if (optind < argc) return cli_usage_error("llms", "unexpected argument '%s'", argv[optind]);
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct buf out = BUF_INIT;
	char err[PWAF_ERRLEN];
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
