/* cli.c - helpers shared by the subcommands. */
#include "cli.h"

#include "sanitize.h"
#include "vocab.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct cli_global cli_g;

struct cdb *cli_open_content(void)
{
	char err[512];
	struct cdb *c = cli_g.db ? cdb_open(cli_g.db, err, sizeof err)
				 : cdb_open_image(pwaf_content_db, pwaf_content_db_len, err, sizeof err);
	if (!c) fprintf(stderr, "pwaf: %s\n", err);
	return c;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pwaf %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int cli_parse_format(const char *cmd, const char *fmt, const char *const *valid)
{
	for (int i = 0; valid[i]; i++)
		if (strcmp(valid[i], fmt) == 0) return i;
	char list[200] = "";
	for (int i = 0; valid[i]; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, valid[i], sizeof list - strlen(list) - 1);
	}
	cli_usage_error(cmd, "unknown format '%s' (valid: %s)", fmt, list);
	return -1;
}

int cli_check_term(const char *cmd, int set, const char *value)
{
	if (!value || vocab_find((enum vocab_set)set, value)) return 0;
	cli_usage_error(cmd, "unknown %s '%s' (valid: %s)", vocab_set_name((enum vocab_set)set), value,
			vocab_list((enum vocab_set)set));
	return -1;
}

void cli_put_safe(FILE *f, const char *s)
{
	if (!s) return;
	char *t = sanitize_text(s, strlen(s), 0, NULL);
	if (t) fputs(t, f);
	free(t);
}

void cli_print_json(FILE *f, cJSON *v)
{
	char *s = cJSON_Print(v);
	if (s) {
		fputs(s, f);
		fputc('\n', f);
	}
	free(s);
	cJSON_Delete(v);
}

static void add_opt_string(cJSON *o, const char *k, const char *v)
{
	if (v) cJSON_AddStringToObject(o, k, v);
	else cJSON_AddNullToObject(o, k);
}

cJSON *cli_doc_json(const struct doc *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddStringToObject(o, "title", d->title);
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON *p = cJSON_AddArrayToObject(o, "partners");
	for (char **s = d->partners; s && *s; s++) cJSON_AddItemToArray(p, cJSON_CreateString(*s));
	add_opt_string(o, "pillar", d->pillar);
	if (strcmp(d->kind, "item") == 0) {
		add_opt_string(o, "level", d->level);
		add_opt_string(o, "page", d->page);
	}
	add_opt_string(o, "source", d->source);
	return o;
}

int cli_parse_int(const char *s, int min, int max)
{
	if (!s || !*s) return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return errno || *end || v < min || v > max ? -1 : (int)v;
}

int cli_output_width(FILE *f, int requested)
{
	if (requested > 0) return requested;
	struct winsize ws;
	if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col > 120 ? 120 : ws.ws_col;
	int cols = cli_parse_int(getenv("COLUMNS"), 20, 1000);   /* atoi of a huge number is undefined */
	return cols > 0 ? cols : 80;
}
