/* settings.h - the user's settings file ($XDG_CONFIG_HOME/pwaf/config): theme, mouse, key bindings. */
#ifndef PWAF_SETTINGS_H
#define PWAF_SETTINGS_H

#include "core/diag.h"

#include <stddef.h>

struct config_bind {
	char *mode, *key, *action;
	int line;
};

struct config {
	char *path;            /* the file read, or NULL when there was none */
	char *theme;           /* NULL: default */
	int mouse;             /* 1 (default) or 0 */
	int advance;           /* advance = on: marking an item moves to the next open one (1, the default) */
	int hyperlinks;        /* hyperlinks = on|off|auto: OSC 8 links in the explorer (-1 auto, the default) */
	char *assessment;      /* default assessment name, or NULL */
	/* the partner's identity, for the attribution checks (NULL: not set) */
	char *product;         /* product = Partner_Product: the product's User-Agent name */
	char *customer_tag;    /* customer_tag = customer_id: the tag key naming a customer */
	char *query_tag;       /* query_tag = KEY: the query tag key the product sets */
	char *warehouse;       /* warehouse = ID: the SQL warehouse for system tables */
	char *account_profile; /* account_profile = P: the profile of the account console */
	struct config_bind *binds;
	size_t nbinds;
};

/* "mouse, theme, assessment, product, ...": the setting names, for messages (static storage). */
const char *config_keys(void);
/* 0 when val may be the value of setting key, else -1 with err saying what it takes. */
int config_value_ok(const char *key, const char *val, char *err, size_t errlen);

/* The config file path: $XDG_CONFIG_HOME/pwaf/config or ~/.config/pwaf/config (malloc'd). */
char *config_default_path(void);

/*
 * Read a config file. Lines: "# comment", "theme = light", "mouse = off", "advance = off",
 * "hyperlinks = on|off|auto", "assessment = NAME",
 * "product = Acme_Loader", "customer_tag = customer_id", "query_tag = KEY", "warehouse = ID",
 * "account_profile = P", "bind MODE KEY ACTION". A missing file is no error (defaults). Syntax errors go to d with
 * file:line; returns 0 or -1. Mode, key and action names are checked by the caller (the TUI
 * owns them) using the recorded line numbers.
 */
int config_load(struct config *c, const char *path, struct diag *d);
/* The same over text already read (len bytes; path names it in messages). The file must be a
 * regular file of at most CONFIG_MAX_BYTES (config_load refuses a FIFO, a directory or a device
 * without blocking on it), lines at most CONFIG_MAX_LINE bytes, no NUL byte. After
 * CONFIG_MAX_ERRORS errors in the file one more says the rest is not read, and reading
 * stops, as a compiler's error limit does. Messages pass through the sanitiser when printed
 * (diag_print). */
int config_parse(struct config *c, const char *path, const char *text, size_t len, struct diag *d);

#define CONFIG_MAX_BYTES (256 * 1024)
#define CONFIG_MAX_LINE 1000
#define CONFIG_MAX_ERRORS 20
void config_free(struct config *c);

/* Set key = value in the config file at path (created with its directory when missing), keeping
 * every other line; the file is replaced atomically. 0, or -1 with err (a bad key or value, an
 * unwritable file). */
int config_set(const char *path, const char *key, const char *value, char *err, size_t errlen);

#endif
