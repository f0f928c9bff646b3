/* cli.h - what the subcommands share: exit codes, options, content access, output helpers. */
#ifndef PWAF_CLI_H
#define PWAF_CLI_H

#include "core/contentdb.h"
#include "ws/livesource.h"

#include <getopt.h>
#include <stdio.h>

/* Exit codes (documented in pwaf(1)). */
enum {
	EXIT_FINE = 0,      /* all went well */
	EXIT_CHECK_FAIL = 1,/* check: a required item fails */
	EXIT_USAGE = 2,     /* usage, config or input error */
	EXIT_CONNECT = 3,   /* could not connect or authenticate */
};

/* Options every subcommand understands, set before or after the subcommand name. */
struct cli_global {
	const char *db;         /* --db FILE: content database instead of the embedded one */
	const char *theme;
	const char *profile;
	const char *host;
	const char *state;
	const char *snapshot;   /* --snapshot FILE: live status from a saved snapshot */
	int demo;
	int utf8;               /* the terminal's locale is UTF-8 */
};

extern struct cli_global cli_g;

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;      /* one line, after "pwaf " */
	const char *summary;
};

/* All subcommands, terminated by a NULL name: the one source of usage text. Rows named "" are
 * pwaf itself (the explorer; run is NULL); a command may have several rows (check: one workspace,
 * a fleet). */
const struct subcommand *cli_subcommands(void);

/* Print the usage of cmd (every row of that name; "" for pwaf itself, NULL for every row with its
 * summary) as "usage: pwaf ..." lines. */
void cli_print_usage(FILE *f, const char *cmd);

/* The usage of cmd's first row ("mark ITEM STATE [--note TEXT] ..."), for error messages. */
const char *cli_usage_of(const char *cmd);

/* --- options ------------------------------------------------------------------------------- */

/* Options several subcommands share. A command names those it accepts (CLI_O_* bits) and
 * cli_getopt handles them: --db, --state, --theme, --demo, --snapshot, --profile, --host set cli_g;
 * --format sets format (an index into formats); --help prints the usage from the table. Each keeps
 * its short letter (-d, -s, -t, -D, -S, -p, -H, -f, -h) unless the command's own options use it. */
enum cli_common_opt {
	CLI_O_DB = 1 << 0,
	CLI_O_STATE = 1 << 1,
	CLI_O_THEME = 1 << 2,
	CLI_O_DEMO = 1 << 3,
	CLI_O_SNAPSHOT = 1 << 4,
	CLI_O_PROFILE = 1 << 5,
	CLI_O_HOST = 1 << 6,
	CLI_O_FORMAT = 1 << 7,
	CLI_O_SOURCE = CLI_O_DEMO | CLI_O_SNAPSHOT | CLI_O_PROFILE | CLI_O_HOST,   /* a live source */
};

#define CLI_OPT_MAX 64

/* One parse of a command line; set the first five fields, then call cli_getopt until it returns -1. */
struct cli_parse {
	const char *cmd;                 /* the subcommand ("" for pwaf itself): messages and --help */
	unsigned common;                 /* CLI_O_* accepted */
	const struct option *own;        /* the command's own options (NULL name ends them); may be NULL */
	const char *own_short;           /* getopt letters of the own options ("n:r:"); may be NULL */
	const char *const *formats;      /* NULL-terminated, with CLI_O_FORMAT */
	int format;                      /* in: the default (0 unless set); out: index of --format in formats */
	int exit;                        /* out: the exit code when cli_getopt returns CLI_OPT_EXIT */
	/* private */
	int ready;
	struct option all[CLI_OPT_MAX];
	char shortopts[2 * CLI_OPT_MAX];
};

enum { CLI_OPT_EXIT = -2 };

/* The next of the command's own options (getopt_long's value; optarg set), -1 at the end (optind is
 * then the first operand), or CLI_OPT_EXIT after --help (p->exit EXIT_FINE) or a bad option or
 * --format value (message and usage printed, p->exit EXIT_USAGE). Common options are handled
 * inside and not returned. Starts afresh (optind = 0) on its first call for p. */
int cli_getopt(struct cli_parse *p, int argc, char **argv);

/* Open the content database chosen by --db or the embedded one; prints the error and returns NULL. */
struct cdb *cli_open_content(void);

/* "pwaf NAME: msg" to stderr; returns EXIT_USAGE for convenience. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse --format: returns the index of fmt in the NULL-terminated list, or -1 after printing an error. */
int cli_parse_format(const char *cmd, const char *fmt, const char *const *valid);

/* Check a vocabulary option value (partner, pillar, level, kind); prints an error naming the valid ones. */
int cli_check_term(const char *cmd, int set, const char *value);

/* Write a string sanitized for the terminal. */
void cli_put_safe(FILE *f, const char *s);

/* Print a cJSON value (takes ownership) followed by a newline. */
struct cJSON;
void cli_print_json(FILE *f, struct cJSON *v);
/* A document's summary as the stable JSON object of list/search. */
struct cJSON *cli_doc_json(const struct doc *d);

/* Output width: --width if given, else the terminal's columns, else 80. */
/* The decimal integer s when it is whole and in [min, max] (min >= 0), else -1. Never casts an
 * out-of-range value (atoi's overflow is undefined). */
int cli_parse_int(const char *s, int min, int max);
int cli_output_width(FILE *f, int requested);
/* 1 when output to f may be coloured: f is a terminal, NO_COLOR is unset or empty (no-color.org),
 * and TERM names a terminal that is not "dumb" (unset or empty TERM: no colour either). */
int cli_color_ok(FILE *f);

/* The demo workspace JSON embedded in the program (src/demo_blob.c, generated by bin2c from
 * content/demo-workspace.json; empty in the bootstrap binary). The program passes it to the
 * library (livesource_spec, live_opts); the library never reaches for it. */
extern const unsigned char pwaf_demo_json[];
extern const size_t pwaf_demo_json_len;

/* The embedded content database image (empty in the bootstrap build). */
extern const unsigned char pwaf_content_db[];
extern const size_t pwaf_content_db_len;

int cmd_index(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_mark(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_milestone(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_mcp(int argc, char **argv);
int cmd_llms(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_fleet_sql(int argc, char **argv);

/* `pwaf check` over a fleet (cmd_fleet.c): what cmd_check parsed. Strings borrowed. */
struct fleet_args {
	int all_profiles;               /* --all-profiles */
	const char *account;            /* --account PROFILE */
	const char *snapshot_dir;       /* --snapshot-dir DIR: a saved fleet, re-checked offline */
	const char *glob;               /* --workspaces GLOB */
	const char *save_dir;           /* --save-dir DIR */
	const char *output;             /* --output FILE */
	const char *profile;            /* --profile: the results table's workspace when --results-profile is not given */
	const char *results_table, *results_profile, *warehouse;
	size_t results_batch;           /* rows per INSERT; 0: the default */
	int format;                     /* enum fleet_report_format */
	int strict;
	int parallel, conns;            /* workspaces at once; requests in flight over the fleet */
	double rate;                    /* requests per second over the fleet */
	long fleet_deadline_ms;
	struct probe_run_opts po;       /* per workspace */
	const struct livesource_identity *id;
	struct cdb *db;
	const struct doc_filter *filter;
	const char *const *ids;
};
/* Run the fleet; returns the exit code (0, 1, 2, 3; 128+signal when interrupted). */
int check_fleet(struct fleet_args *a);

/* Render Markdown to f at width (styled: ANSI); defined in cmd_render.c. */
int show_body(FILE *f, const char *markdown, int width, int styled);

#endif
