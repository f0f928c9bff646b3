/* cmd_show.c - `pwaf show ID`: one page or item, as styled text, plain text or JSON. */
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

static void print_header(const struct doc *d, int width)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s · %s", d->id, vocab_label(VOCAB_KIND, d->kind));
	if (d->level) buf_addf(&b, " · %s", vocab_label(VOCAB_LEVEL, d->level));
	if (d->pillar) buf_addf(&b, " · %s", vocab_label(VOCAB_PILLAR, d->pillar));
	cli_put_safe(stdout, buf_str(&b));
	fputs("\nPartner types: ", stdout);
	for (char **p = d->partners; *p; p++)
		printf("%s%s", p == d->partners ? "" : ", ", vocab_label(VOCAB_PARTNER, *p));
	putchar('\n');
	if (d->page) { fputs("Page: ", stdout); cli_put_safe(stdout, d->page); putchar('\n'); }
	if (d->source) { fputs("Source: ", stdout); cli_put_safe(stdout, d->source); putchar('\n'); }
	for (int i = 0; i < width && i < 100; i++) fputs("─", stdout);
	putchar('\n');
	buf_free(&b);
}

static int print_json(struct cdb *db, const struct doc *d)
{
	cJSON *o = cli_doc_json(d);
	if (!cJSON_GetObjectItem(o, "level")) cJSON_AddNullToObject(o, "level");
	cJSON_AddStringToObject(o, "body", d->body ? d->body : "");
	cJSON *probes = cJSON_AddArrayToObject(o, "probes");
	for (char **p = d->probes; p && *p; p++) cJSON_AddItemToArray(probes, cJSON_CreateString(*p));
	if (d->check_sql) cJSON_AddStringToObject(o, "check", d->check_sql);
	else cJSON_AddNullToObject(o, "check");
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	if (vocab_kind_of(d->kind) == KIND_PAGE) {
		struct doc_list l;
		if (cdb_items_of(db, d->id, &l) == 0)
			for (size_t i = 0; i < l.n; i++) cJSON_AddItemToArray(items, cJSON_CreateString(l.v[i].id));
		doc_list_free(&l);
	}
	cli_print_json(stdout, o);
	return EXIT_FINE;
}

static int not_found(struct cdb *db, const char *id)
{
	fprintf(stderr, "pwaf show: no page or item has id '");
	cli_put_safe(stderr, id);
	fputc('\'', stderr);
	struct search_hits h;
	if (search_run(db, id, NULL, 3, 1, &h) == 0 && h.n) {
		fputs("; did you mean:", stderr);
		for (size_t i = 0; i < h.n; i++) fprintf(stderr, "%s %s", i ? "," : "", h.v[i].doc.id);
	}
	fputs(" (pwaf list shows them all)\n", stderr);
	search_hits_free(&h);
	return EXIT_USAGE;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "plain", "json", NULL };
	struct cli_parse p = { .cmd = "show", .common = CLI_O_DB | CLI_O_FORMAT, .own = opts, .own_short = "w:",
			       .formats = formats };
	int width = 0, c;
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'w':
			width = cli_parse_int(optarg, 20, 1000);
			if (width < 0) return cli_usage_error("show", "--width takes 20 to 1000, not '%s'", optarg);
			break;
		default: return p.exit;
		}
	}
	int format = p.format;
	if (optind != argc - 1) return cli_usage_error("show", "expected one ID (pwaf %s)", cli_usage_of("show"));
	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct doc d;
	int rc = cdb_get(db, argv[optind], &d);
	if (rc != 0) {
		rc = rc > 0 ? not_found(db, argv[optind]) : cli_usage_error("show", "%s", cdb_errmsg(db));
		cdb_close(db);
		return rc;
	}
	if (format == 2) {
		rc = print_json(db, &d);
	} else {
		int styled = format == 0 && cli_color_ok(stdout);
		width = cli_output_width(stdout, width);
		print_header(&d, width);
		show_body(stdout, d.body, width, styled);
		rc = EXIT_FINE;
	}
	doc_free(&d);
	cdb_close(db);
	return rc;
}
