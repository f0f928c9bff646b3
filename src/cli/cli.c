/* cli.c - helpers shared by the subcommands. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/sanitize.h"
#include "core/termseq.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct cli_global cli_g;

/* --- the subcommand table ------------------------------------------------------------------ */

static const struct subcommand subcommands[] = {
	{ "", NULL, "[--demo | --snapshot FILE | --profile P | --host URL] [--theme T] [--db FILE] [--state FILE]",
	  "open the explorer" },
	{ "", NULL, "--fleet-dir DIR [--theme T] [--db FILE] [--state FILE]",
	  "the explorer on a saved fleet (check --save-dir DIR)" },
	{ "list", cmd_list, "list [--kind page|item] [--partner P] [--pillar X] [--level L] [--format text|json] [--db FILE]",
	  "list pages and checklist items" },
	{ "show", cmd_show, "show ID [--width N] [--format text|plain|json] [--db FILE]", "print one page or item" },
	{ "render", cmd_render, "render [FILE|-] [--width N] [--plain]", "render any Markdown like the pages" },
	{ "search", cmd_search, "search QUERY [--limit N] [--partner P] [--pillar X] [--kind K] [--level L] [--format text|json]\n"
	  "                   [--color auto|always|never] [--db FILE]",
	  "ranked full-text search" },
	{ "mark", cmd_mark, "mark ITEM STATE [--note TEXT] [--reason TEXT] [--assessment NAME] [--partner P] [--state FILE]",
	  "record a checklist item's state (open|done|na|blocked) in an assessment" },
	{ "milestone", cmd_milestone, "milestone NAME [--assessment NAME] [--state FILE]", "keep a named snapshot of an assessment" },
	{ "milestone", cmd_milestone, "milestone --list [--assessment NAME] [--state FILE]", "list an assessment's milestones" },
	{ "export", cmd_export, "export [--assessment NAME] [--milestone NAME] [--partner P] [--format markdown|html|json|csv]\n"
	  "                   [--output FILE] [--demo | --snapshot FILE] [--state FILE] [--db FILE]",
	  "write an assessment as a report" },
	{ "config", cmd_config, "config [KEY [VALUE]]", "show or set a setting (product, customer_tag, warehouse, ...)" },
	{ "index", cmd_index, "index CONTENT_DIR --output FILE [--quiet]", "validate content and build its database" },
	{ "check", cmd_check, "check [--profile P | --host URL | --demo | --snapshot FILE] [--save FILE]\n"
	  "                  [--partner P] [--items ID,ID] [--status fail,warn,...] [--format text|json|markdown|junit|sarif]\n"
	  "                  [--output FILE] [--strict] [--timeout SECONDS] [--deadline SECONDS] [--jobs N]\n"
	  "                  [--rate-limit N] [--max-objects N] [--max-mb N] [--warehouse ID] [--start-warehouse]\n"
	  "                  [--since DAYS] [--product NAME] [--customer-tag KEY] [--account-profile P]\n"
	  "                  [--status pass,fail,warn,manual,unknown,error] [--db FILE]",
	  "check a workspace against the checklist" },
	{ "check", cmd_check, "check --all-profiles | --account PROFILE | --snapshot-dir DIR [--workspaces GLOB]\n"
	  "                  [--save-dir DIR] [--format text|json|html|junit|sarif] [--parallel N]\n"
	  "                  [--fleet-conns N] [--fleet-rate N] [--fleet-deadline SECONDS]\n"
	  "                  [--results-table CATALOG.SCHEMA.TABLE --warehouse ID [--results-profile P]\n"
	  "                  [--results-batch ROWS]] (and the options above that apply to each workspace)",
	  "check a fleet of workspaces at once" },
	{ "fleet-sql", cmd_fleet_sql, "fleet-sql --table CATALOG.SCHEMA.TABLE [--query drift|failing|worse]",
	  "print queries over a fleet's results table (drift, failing items, workspaces getting worse)" },
	{ "mcp", cmd_mcp, "mcp [--demo | --snapshot FILE | --profile P | --host URL] [--allow-write] [--http 127.0.0.1:PORT]\n"
	  "                [--state FILE] [--db FILE]",
	  "serve the framework and the live checks to AI assistants (Model Context Protocol)" },
	{ "llms", cmd_llms, "llms [--full] [--db FILE]", "print llms.txt (or llms-full.txt) of the bundled content" },
	{ NULL, NULL, NULL, NULL }
};

const struct subcommand *cli_subcommands(void)
{
	return subcommands;
}

void cli_print_usage(FILE *f, const char *cmd)
{
	int n = 0;
	for (const struct subcommand *s = subcommands; s->name; s++) {
		if (cmd && strcmp(s->name, cmd) != 0) continue;
		fprintf(f, "%s pwaf %s\n", n++ ? "      " : "usage:", s->usage);
		if (!cmd) fprintf(f, "              %s\n", s->summary);
	}
}

const char *cli_usage_of(const char *cmd)
{
	for (const struct subcommand *s = subcommands; s->name; s++)
		if (strcmp(s->name, cmd) == 0) return s->usage;
	return "";
}

/* --- options shared by the subcommands ------------------------------------------------------ */

static const struct common_opt {
	unsigned bit;
	const char *name;
	int has_arg;
	char letter;
} common_opts[] = {
	{ CLI_O_DB, "db", required_argument, 'd' },
	{ CLI_O_STATE, "state", required_argument, 's' },
	{ CLI_O_THEME, "theme", required_argument, 't' },
	{ CLI_O_DEMO, "demo", no_argument, 'D' },
	{ CLI_O_SNAPSHOT, "snapshot", required_argument, 'S' },
	{ CLI_O_PROFILE, "profile", required_argument, 'p' },
	{ CLI_O_HOST, "host", required_argument, 'H' },
	{ CLI_O_FORMAT, "format", required_argument, 'f' },
	{ 0, "help", no_argument, 'h' },   /* always */
};
enum { NCOMMON = sizeof common_opts / sizeof *common_opts, COMMON_VAL = 0x4000 };

/* Join the command's own options and the common ones it accepts into one getopt_long table; a
 * common option gets its letter when the command does not use it for one of its own. */
static void parse_setup(struct cli_parse *p)
{
	size_t n = 0;
	char *sh = p->shortopts;
	if (!*p->cmd) *sh++ = '+';   /* pwaf itself: stop at the subcommand's name */
	if (p->own_short) sh += snprintf(sh, sizeof p->shortopts - (size_t)(sh - p->shortopts), "%s", p->own_short);
	for (const struct option *o = p->own; o && o->name && n < CLI_OPT_MAX - 1; o++) p->all[n++] = *o;
	for (int i = 0; i < NCOMMON && n < CLI_OPT_MAX - 1; i++) {
		const struct common_opt *c = &common_opts[i];
		if (c->bit && !(p->common & c->bit)) continue;
		int val = COMMON_VAL + i;
		if (!p->own_short || !strchr(p->own_short, c->letter)) {
			val = c->letter;
			*sh++ = c->letter;
			if (c->has_arg == required_argument) *sh++ = ':';
		}
		p->all[n++] = (struct option){ c->name, c->has_arg, NULL, val };
	}
	*sh = '\0';
	p->all[n] = (struct option){ NULL, 0, NULL, 0 };
	p->ready = 1;
	optind = 0; /* 0, not 1: makes glibc getopt start afresh */
}

/* The common option getopt returned as val, or NULL when it is one of the command's own. */
static const struct common_opt *common_of(const struct cli_parse *p, int val)
{
	for (int i = 0; i < NCOMMON; i++) {
		const struct common_opt *c = &common_opts[i];
		if (c->bit && !(p->common & c->bit)) continue;
		if (val == COMMON_VAL + i || (val == c->letter && (!p->own_short || !strchr(p->own_short, c->letter))))
			return c;
	}
	return NULL;
}

int cli_getopt(struct cli_parse *p, int argc, char **argv)
{
	if (!p->ready) parse_setup(p);
	for (;;) {
		int c = getopt_long(argc, argv, p->shortopts, p->all, NULL);
		if (c == -1) return -1;
		if (c == '?' || c == ':') {
			cli_print_usage(stderr, p->cmd);
			p->exit = EXIT_USAGE;
			return CLI_OPT_EXIT;
		}
		const struct common_opt *o = common_of(p, c);
		if (!o) return c;
		switch (o->bit) {
		case 0: cli_print_usage(stdout, p->cmd); p->exit = EXIT_FINE; return CLI_OPT_EXIT;
		case CLI_O_DB: cli_g.db = optarg; break;
		case CLI_O_STATE: cli_g.state = optarg; break;
		case CLI_O_THEME: cli_g.theme = optarg; break;
		case CLI_O_DEMO: cli_g.demo = 1; break;
		case CLI_O_SNAPSHOT: cli_g.snapshot = optarg; break;
		case CLI_O_PROFILE: cli_g.profile = optarg; break;
		case CLI_O_HOST: cli_g.host = optarg; break;
		case CLI_O_FORMAT:
			if ((p->format = cli_parse_format(*p->cmd ? p->cmd : "pwaf", optarg, p->formats)) < 0) {
				p->exit = EXIT_USAGE;
				return CLI_OPT_EXIT;
			}
			break;
		}
	}
}


struct cdb *cli_open_content(void)
{
	char err[PWAF_ERRLEN];
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
	if (vocab_kind_of(d->kind) == KIND_ITEM) {
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

int cli_color_ok(FILE *f)
{
	const char *term = getenv("TERM");
	if (termseq_no_color()) return 0;
	if (!term || !*term || strcmp(term, "dumb") == 0) return 0;
	return isatty(fileno(f));
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
