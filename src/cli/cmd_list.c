/* cmd_list.c - `pwaf list`: pages and items, filtered by kind, partner type, pillar and level. */
#include "cli/cli.h"

#include "core/sanitize.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void print_text(const struct doc_list *l)
{
	int idw = 2;
	for (size_t i = 0; i < l->n; i++) {
		int w = (int)strlen(l->v[i].id);
		if (w > idw) idw = w;
	}
	printf("%-*s  %-4s  %-12s  %-23s  %s\n", idw, "ID", "KIND", "LEVEL", "PILLAR", "TITLE");
	for (size_t i = 0; i < l->n; i++) {
		const struct doc *d = &l->v[i];
		printf("%-*s  %-4s  %-12s  %-23s  ", idw, d->id, d->kind, d->level ? d->level : "-",
		       d->pillar ? d->pillar : "-");
		cli_put_safe(stdout, d->title);
		putchar('\n');
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "partner", required_argument, NULL, 'p' },
		{ "pillar", required_argument, NULL, 'P' },
		{ "level", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", NULL };
	struct doc_filter f = { 0 };
	struct cli_parse p = { .cmd = "list", .common = CLI_O_DB | CLI_O_FORMAT, .own = opts, .own_short = "k:p:P:l:",
			       .formats = formats };
	int c;
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'k': f.kind = optarg; break;
		case 'p': f.partner = optarg; break;
		case 'P': f.pillar = optarg; break;
		case 'l': f.level = optarg; break;
		default: return p.exit;
		}
	}
	int format = p.format;
	if (optind < argc) return cli_usage_error("list", "unexpected argument '%s'", argv[optind]);
	if (cli_check_term("list", VOCAB_KIND, f.kind) || cli_check_term("list", VOCAB_PARTNER, f.partner) ||
	    cli_check_term("list", VOCAB_PILLAR, f.pillar) || cli_check_term("list", VOCAB_LEVEL, f.level))
		return EXIT_USAGE;
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct doc_list l;
	if (cdb_list(db, &f, &l) < 0) {
		fprintf(stderr, "pwaf list: %s\n", cdb_errmsg(db));
		cdb_close(db);
		return EXIT_USAGE;
	}
	if (format == 1) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < l.n; i++) cJSON_AddItemToArray(a, cli_doc_json(&l.v[i]));
		cli_print_json(stdout, a);
	} else {
		print_text(&l);
	}
	doc_list_free(&l);
	cdb_close(db);
	return EXIT_FINE;
}
