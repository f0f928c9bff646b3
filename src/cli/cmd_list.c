/* cmd_list.c - `pwaf list`: pages and items, filtered by kind, partner type, pillar and level. */
#include "cli.h"

#include "sanitize.h"
#include "vocab.h"

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
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", NULL };
	struct doc_filter f = { 0 };
	int format = 0, c;
	optind = 0; /* 0, not 1: makes glibc getopt start afresh */
	while ((c = getopt_long(argc, argv, "k:p:P:l:f:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': f.kind = optarg; break;
		case 'p': f.partner = optarg; break;
		case 'P': f.pillar = optarg; break;
		case 'l': f.level = optarg; break;
		case 'd': cli_g.db = optarg; break;
		case 'f': if ((format = cli_parse_format("list", optarg, formats)) < 0) return EXIT_USAGE; break;
		case 'h':
			puts("usage: pwaf list [--kind page|item] [--partner P] [--pillar X] [--level L] [--format text|json]");
			return EXIT_FINE;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc) return cli_usage_error("list", "unexpected argument '%s'", argv[optind]);
	if (cli_check_term("list", VOCAB_KIND, f.kind) || cli_check_term("list", VOCAB_PARTNER, f.partner) ||
	    cli_check_term("list", VOCAB_PILLAR, f.pillar) || cli_check_term("list", VOCAB_LEVEL, f.level))
		return EXIT_USAGE;
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct doc_list l;
	if (cdb_list(db, &f, &l) < 0) {
		fprintf(stderr, "pwaf list: %s\n", sqlite3_errmsg(cdb_sqlite(db)));
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
