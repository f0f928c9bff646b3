/* cmd_milestone.c - `pwaf milestone NAME` snapshots an assessment's states; `--list` shows them. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/state.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>


static int list(struct state_db *s, const char *assessment)
{
	struct milestone_list l = { 0 };
	if (state_milestone_list(s, assessment, &l) == STATE_ERROR) {
		fprintf(stderr, "pwaf milestone: %s\n", state_errmsg(s));
		return EXIT_USAGE;
	}
	if (l.n == 0) fprintf(stderr, "pwaf milestone: assessment '%s' has no milestone yet\n", assessment);
	for (size_t i = 0; i < l.n; i++) {
		char when[32];
		time_t t = (time_t)l.v[i].created_at;
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&t));
		printf("%s  %zu item states  ", when, l.v[i].items);
		cli_put_safe(stdout, l.v[i].name);
		putchar('\n');
	}
	milestone_list_free(&l);
	return EXIT_FINE;
}

int cmd_milestone(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "assessment", required_argument, NULL, 'a' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char *assessment = "default";
	int do_list = 0, c;
	struct cli_parse p = { .cmd = "milestone", .common = CLI_O_STATE, .own = opts, .own_short = "a:l" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'a': assessment = optarg; break;
		case 'l': do_list = 1; break;
		default: return p.exit;
		}
	}
	if (do_list ? optind != argc : optind != argc - 1) {
		cli_usage_error("milestone", "expected one NAME, or --list");
		cli_print_usage(stderr, "milestone");
		return EXIT_USAGE;
	}
	char err[PWAF_ERRLEN];
	struct state_db *s = NULL;
	int rc = state_open(cli_g.state, 0, &s, err, sizeof err);
	if (rc == STATE_ERROR) return cli_usage_error("milestone", "%s", err);
	if (rc == STATE_NONE || state_assessment_get(s, assessment, NULL) != STATE_OK) {
		state_close(s);
		return cli_usage_error("milestone", "no assessment named '%s' yet ('pwaf mark ITEM STATE' starts one)", assessment);
	}
	if (do_list) {
		rc = list(s, assessment);
	} else {
		struct milestone m = { 0 };
		rc = state_milestone_create(s, assessment, argv[optind], &m);
		if (rc == STATE_OK) {
			printf("milestone '%s' of assessment '%s': %zu item states kept\n", m.name, assessment, m.items);
			rc = EXIT_FINE;
		} else {
			fprintf(stderr, "pwaf milestone: %s\n", state_errmsg(s));
			rc = EXIT_USAGE;
		}
		free(m.name);
	}
	state_close(s);
	return rc;
}
