/* cmd_search.c - `pwaf search QUERY`: ranked results with snippets, filtered by facets. */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/sanitize.h"
#include "core/search.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Snippet text with the match markers turned into highlighting, or removed. */
static char *render_snippet(const char *s, int highlight)
{
	char *clean = sanitize_line(s, strlen(s));   /* drops the markers too: they are controls */
	if (!highlight) return clean;
	free(clean);
	struct buf b = BUF_INIT;
	const char *p = s;
	while (*p) {
		const char *q = p;
		while (*q && *q != SEARCH_MARK_ON && *q != SEARCH_MARK_OFF) q++;
		char *part = sanitize_line(p, (size_t)(q - p));
		buf_adds(&b, part);
		free(part);
		if (!*q) break;
		buf_adds(&b, *q == SEARCH_MARK_ON ? "\x1b[1;4m" : "\x1b[22;24m");
		p = q + 1;
	}
	buf_adds(&b, "\x1b[0m");
	return buf_take(&b);
}

static void print_text(const struct search_hits *h, int highlight)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct doc *d = &h->v[i].doc;
		printf("%s%s%s  ", highlight ? "\x1b[1m" : "", d->id, highlight ? "\x1b[0m" : "");
		cli_put_safe(stdout, d->title);
		printf("  (%s%s%s, %.2f)\n", d->kind, d->level ? ", " : "", d->level ? d->level : "", h->v[i].score);
		char *sn = render_snippet(h->v[i].snippet, highlight);
		printf("    %s\n", sn);
		free(sn);
	}
}

static void print_json(const struct search_hits *h)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < h->n; i++) {
		cJSON *o = cli_doc_json(&h->v[i].doc);
		cJSON_AddNumberToObject(o, "score", (double)(long)(h->v[i].score * 1000 + 0.5) / 1000);
		char *sn = render_snippet(h->v[i].snippet, 0);
		cJSON_AddStringToObject(o, "snippet", sn);
		free(sn);
		cJSON_AddItemToArray(a, o);
	}
	cli_print_json(stdout, a);
}

int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "partner", required_argument, NULL, 'p' },
		{ "pillar", required_argument, NULL, 'P' },
		{ "kind", required_argument, NULL, 'k' },
		{ "level", required_argument, NULL, 'l' },
		{ "color", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", NULL };
	static const char *const colors[] = { "auto", "always", "never", NULL };
	struct doc_filter f = { 0 };
	struct cli_parse p = { .cmd = "search", .common = CLI_O_DB | CLI_O_FORMAT, .own = opts, .own_short = "n:p:P:k:l:",
			       .formats = formats };
	int limit = 10, color = 0, c;
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000) return cli_usage_error("search", "--limit takes 1 to 1000, not '%s'", optarg);
			limit = (int)v;
			break;
		}
		case 'p': f.partner = optarg; break;
		case 'P': f.pillar = optarg; break;
		case 'k': f.kind = optarg; break;
		case 'l': f.level = optarg; break;
		case 'c': if ((color = cli_parse_format("search", optarg, colors)) < 0) return EXIT_USAGE; break;
		default: return p.exit;
		}
	}
	int format = p.format;
	if (optind >= argc) return cli_usage_error("search", "expected a QUERY (pwaf %s)", cli_usage_of("search"));
	if (cli_check_term("search", VOCAB_KIND, f.kind) || cli_check_term("search", VOCAB_PARTNER, f.partner) ||
	    cli_check_term("search", VOCAB_PILLAR, f.pillar) || cli_check_term("search", VOCAB_LEVEL, f.level))
		return EXIT_USAGE;
	struct buf q = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (i > optind) buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	char *probe = search_build_query(buf_str(&q), SEARCH_ALL_WORDS, 0);
	if (!probe) {
		buf_free(&q);
		return cli_usage_error("search", "the query has no words to search for");
	}
	free(probe);
	struct cdb *db = cli_open_content();
	if (!db) { buf_free(&q); return EXIT_USAGE; }
	struct search_hits h;
	int rc = search_run(db, buf_str(&q), &f, limit, 0, &h);
	if (rc < 0) {
		fprintf(stderr, "pwaf search: %s\n", cdb_errmsg(db));
		rc = EXIT_USAGE;
	} else if (format == 1) {
		print_json(&h);
		rc = EXIT_FINE;
	} else {
		int hl = color == 1 || (color == 0 && cli_color_ok(stdout));
		if (h.n == 0) fprintf(stderr, "pwaf search: no page or item matches\n");
		print_text(&h, hl);
		rc = EXIT_FINE;
	}
	search_hits_free(&h);
	buf_free(&q);
	cdb_close(db);
	return rc;
}
