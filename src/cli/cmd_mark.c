/* cmd_mark.c - `pwaf mark ITEM STATE`: record an item's state, reason and note in an assessment. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/search.h"
#include "core/state.h"
#include "core/vocab.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>


/* Edit distance of two short strings, case-insensitive (capped at 99). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64) return 99;
	int row[65];
	for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (row[j] + 1 < best) best = row[j] + 1;
			if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* An unknown item: say so and suggest close ids (by spelling, else by search). */
static int item_not_found(struct cdb *db, const char *id)
{
	fputs("pwaf mark: no checklist item has id '", stderr);
	cli_put_safe(stderr, id);
	fputc('\'', stderr);
	struct doc_filter f = { .kind = "item" };
	struct doc_list l;
	const char *best[3] = { NULL, NULL, NULL };
	int bestd[3] = { 99, 99, 99 };
	int limit = (int)strlen(id) / 3 > 2 ? (int)strlen(id) / 3 : 2;
	if (cdb_list(db, &f, &l) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			int d = distance(id, l.v[i].id);
			if (d > limit) continue;
			for (int k = 0; k < 3; k++)
				if (d < bestd[k]) {
					for (int m = 2; m > k; m--) { best[m] = best[m - 1]; bestd[m] = bestd[m - 1]; }
					best[k] = l.v[i].id;
					bestd[k] = d;
					break;
				}
		}
	} else {
		l.v = NULL;
		l.n = 0;
	}
	struct search_hits h = { NULL, 0 };
	if (best[0]) {
		fputs("; did you mean:", stderr);
		for (int k = 0; k < 3 && best[k]; k++) fprintf(stderr, "%s %s", k ? "," : "", best[k]);
	} else if (search_run(db, id, &f, 3, 1, &h) == 0 && h.n) {
		fputs("; did you mean:", stderr);
		for (size_t i = 0; i < h.n; i++) fprintf(stderr, "%s %s", i ? "," : "", h.v[i].doc.id);
	}
	search_hits_free(&h);
	doc_list_free(&l);
	fputs(" ('pwaf list --kind item' shows them all)\n", stderr);
	return EXIT_USAGE;
}

/* The canonical id of a checklist item (malloc'd), or NULL after printing why not. */
static char *resolve_item(struct cdb *db, const char *id, const char *partner, int *rc)
{
	struct doc d;
	int found = cdb_get(db, id, &d);
	if (found < 0) {
		fprintf(stderr, "pwaf mark: %s\n", cdb_errmsg(db));
		*rc = EXIT_USAGE;
		return NULL;
	}
	if (found == 1) {
		*rc = item_not_found(db, id);
		return NULL;
	}
	if (vocab_kind_of(d.kind) != KIND_ITEM) {
		fprintf(stderr, "pwaf mark: '%s' is a page, not a checklist item ('pwaf show %s' lists its items)\n",
			d.id, d.id);
		doc_free(&d);
		*rc = EXIT_USAGE;
		return NULL;
	}
	if (partner) {
		int applies = 0;
		for (char **p = d.partners; p && *p; p++) applies |= strcmp(*p, partner) == 0;
		if (!applies)
			fprintf(stderr, "pwaf mark: note: %s is not a checklist item for partner type %s\n", d.id, partner);
	}
	char *canon = d.id;
	d.id = NULL;
	doc_free(&d);
	return canon;
}

int cmd_mark(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		{ "assessment", required_argument, NULL, 'a' },
		{ "partner", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *note = NULL, *reason = NULL, *name = "default", *partner = NULL;
	int c;
	struct cli_parse p = { .cmd = "mark", .common = CLI_O_DB | CLI_O_STATE, .own = opts, .own_short = "n:r:a:p:" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'n': note = optarg; break;
		case 'r': reason = optarg; break;
		case 'a': name = optarg; break;
		case 'p': partner = optarg; break;
		default: return p.exit;
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("mark", "expected an ITEM and a STATE (pwaf %s)", cli_usage_of("mark"));
	const char *item = argv[optind], *state_name = argv[optind + 1];
	int state = state_value_parse(state_name);
	if (state < 0) return cli_usage_error("mark", "unknown state '%s' (valid: %s)", state_name, vocab_list(VOCAB_STATE));
	if (state == ITEM_NA && (!reason || !*reason))
		return cli_usage_error("mark", "'na' (not applicable) needs --reason TEXT saying why");
	if (reason && state != ITEM_NA && state != ITEM_BLOCKED)
		return cli_usage_error("mark", "--reason goes with na or blocked, not %s (use --note)", state_name);
	if (!*name) return cli_usage_error("mark", "--assessment needs a name");
	if (cli_check_term("mark", VOCAB_PARTNER, partner)) return EXIT_USAGE;

	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	int rc = EXIT_FINE;
	char *id = resolve_item(db, item, partner, &rc);
	cdb_close(db);
	if (!id) return rc;

	char err[PWAF_ERRLEN];
	struct state_db *s;
	if (state_open(cli_g.state, STATE_OPEN_CREATE, &s, err, sizeof err) != STATE_OK) {
		fprintf(stderr, "pwaf mark: %s\n", err);
		free(id);
		return EXIT_USAGE;
	}
	struct assessment a = { 0 };
	struct item_state prev = { 0 };
	int created = 0;
	struct state_change ch = { (enum item_state_value)state, reason, note, "cli" };
	int r = state_assessment_ensure(s, name, partner, NULL, &a, &created);
	if (r == STATE_OK) {
		if (!created && partner && (!a.partner || strcmp(a.partner, partner) != 0)) {
			fputs("pwaf mark: note: assessment '", stderr);
			cli_put_safe(stderr, name);
			fprintf(stderr, "' already exists for %s; --partner is ignored\n",
				a.partner ? a.partner : "all partner types");
		}
		r = state_item_set(s, name, id, &ch, &prev);
	}
	if (r == STATE_OK || r == STATE_NONE) {
		if (r == STATE_OK)
			printf("%s: %s -> %s in assessment '", id, state_value_name(prev.state), state_value_name(ch.state));
		else
			printf("%s: already %s in assessment '", id, state_value_name(ch.state));
		cli_put_safe(stdout, name);
		printf("'%s%s\n", r == STATE_NONE ? " (unchanged)" : "", created ? " (new assessment)" : "");
	} else {
		fprintf(stderr, "pwaf mark: %s\n", state_errmsg(s));
		rc = EXIT_USAGE;
	}
	item_state_free(&prev);
	assessment_free(&a);
	state_close(s);
	free(id);
	return rc;
}
