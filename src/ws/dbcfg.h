/* dbcfg.h - the .databrickscfg INI dialect, parsed as the Go SDK's gopkg.in/ini.v1 (v1.67) reads it. */
#ifndef PWAF_DBCFG_H
#define PWAF_DBCFG_H

#include "core/errlen.h"

#include <stddef.h>

struct dbcfg_kv {
	char *key;
	char *value;
};

struct dbcfg_section {
	char *name;                 /* as written between [ and ] (not trimmed, as go-ini) */
	struct dbcfg_kv *kv;        /* in first-seen order; a repeated key keeps its place, takes the last value */
	size_t n, cap;
};

struct dbcfg {
	struct dbcfg_section *sec;  /* sec[0] is "DEFAULT" (keys before any section); then file order, unique */
	size_t nsec;
	int err_line;               /* private: read with dbcfg_errmsg */
	char err[PWAF_ERRLEN];
};

/*
 * Parse len bytes of text (need not be NUL-terminated; any bytes are safe). The dialect of
 * gopkg.in/ini.v1 with the SDK's option SpaceBeforeInlineComment (config/config_file.go LoadFile):
 * a UTF-8/UTF-16 byte order mark is skipped; lines starting with '#' or ';' are comments;
 * "[name]" opens a section (up to the last ']'); "key = value" or "key: value" (key trimmed,
 * "quoted" or `quoted` keys); a value is trimmed, loses an inline comment only after " #" or " ;",
 * then one pair of surrounding '...' or "..." quotes; `...` and """...""" values may span lines;
 * a trailing '\' joins the next lines. Errors: an unclosed or empty section name, a line with no
 * '=' or ':', an empty key name, an unclosed quoted key or value, a NUL byte.
 * Returns 0, or -1 (dbcfg_errmsg says where and why). f owns everything; free with dbcfg_free
 * (also after a failure).
 */
int dbcfg_parse(struct dbcfg *f, const char *text, size_t len);
void dbcfg_free(struct dbcfg *f);

/* After dbcfg_parse failed: what is wrong (never a value from the file), and in *line (may be
 * NULL) its 1-based line. "" and 0 after a success. Owned by f. */
const char *dbcfg_errmsg(const struct dbcfg *f, int *line);

/* The section called name (case-sensitive), or NULL. */
const struct dbcfg_section *dbcfg_section(const struct dbcfg *f, const char *name);

/* The value of key in section s (NULL-safe), or NULL. */
const char *dbcfg_get(const struct dbcfg_section *s, const char *key);

#endif
