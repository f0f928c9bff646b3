/* cli.h - what the subcommands share: exit codes, options, content access, output helpers. */
#ifndef PWAF_CLI_H
#define PWAF_CLI_H

#include "contentdb.h"

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

/* All subcommands, terminated by a NULL name. */
const struct subcommand *cli_subcommands(void);

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

/* Render Markdown to f at width (styled: ANSI); defined in cmd_render.c. */
int show_body(FILE *f, const char *markdown, int width, int styled);

#endif
