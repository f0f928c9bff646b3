/* settings.c - read the user's settings file. */
#include "core/settings.h"
#include "core/errlen.h"

#include "core/atomicfile.h"
#include "core/buf.h"
#include "core/readfile.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *config_default_path(void)
{
	struct buf b = BUF_INIT;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg) buf_addf(&b, "%s/pwaf/config", xdg);
	else buf_addf(&b, "%s/.config/pwaf/config", home ? home : ".");
	return buf_take(&b);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t') s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) *--e = '\0';
	return s;
}

/* The plain string settings, one table for reading, writing (pwaf config) and help. */
static const struct string_setting {
	const char *key;
	size_t off;                 /* of the char * in struct config */
	const char *what;           /* for people */
	const char *charset;        /* the characters a value may hold, besides letters and digits */
} strings[] = {
	{ "theme", offsetof(struct config, theme), "explorer theme", "-_." },
	{ "assessment", offsetof(struct config, assessment), "default assessment", "-_. " },
	{ "product", offsetof(struct config, product), "your product's User-Agent name (Partner_Product)", "-_." },
	{ "customer_tag", offsetof(struct config, customer_tag), "the tag key naming a customer (customer_id)", "-_.:/" },
	{ "query_tag", offsetof(struct config, query_tag), "the query tag key your product sets", "-_.:/" },
	{ "warehouse", offsetof(struct config, warehouse), "the SQL warehouse id for system tables", "-" },
	{ "account_profile", offsetof(struct config, account_profile), "the ~/.databrickscfg profile of the account",
	  "-_." },
};

/* The switches: on or off (yes or no), hyperlinks also auto (-1). */
static const struct switch_setting {
	const char *key;
	size_t off;                 /* of the int in struct config */
	int can_auto;
} switches[] = {
	{ "mouse", offsetof(struct config, mouse), 0 },
	{ "advance", offsetof(struct config, advance), 0 },
	{ "hyperlinks", offsetof(struct config, hyperlinks), 1 },
};

static const struct switch_setting *switch_setting(const char *key)
{
	for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++)
		if (strcmp(switches[i].key, key) == 0) return &switches[i];
	return NULL;
}

static const struct string_setting *string_setting(const char *key)
{
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		if (strcmp(strings[i].key, key) == 0) return &strings[i];
	return NULL;
}

const char *config_keys(void)
{
	static char list[256];
	if (list[0]) return list;
	size_t n = 0;
	for (size_t i = 0; i < sizeof switches / sizeof switches[0] && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", switches[i].key);
	for (size_t i = 0; i < sizeof strings / sizeof strings[0] && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, ", %s", strings[i].key);
	return list;
}

int config_value_ok(const char *key, const char *val, char *err, size_t errlen)
{
	const struct string_setting *ss = string_setting(key);
	const struct switch_setting *sw = switch_setting(key);
	if (sw) {
		if (!strcmp(val, "on") || !strcmp(val, "off") || !strcmp(val, "yes") || !strcmp(val, "no")) return 0;
		if (sw->can_auto && !strcmp(val, "auto")) return 0;
		snprintf(err, errlen, "%s takes on or off%s", key, sw->can_auto ? " or auto" : "");
		return -1;
	}
	if (!ss) {
		snprintf(err, errlen, "unknown setting '%.40s' (settings: %s; or bind MODE KEY ACTION)", key, config_keys());
		return -1;
	}
	if (!*val || strlen(val) > 200) {
		snprintf(err, errlen, "%s takes 1 to 200 characters", key);
		return -1;
	}
	for (const char *c = val; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr(ss->charset, *c))) {
			snprintf(err, errlen, "%s (%s) takes letters, digits and '%s' only", key, ss->what, ss->charset);
			return -1;
		}
	return 0;
}

static int parse_setting(struct config *c, const char *key, const char *val, const char *path, int line,
			 struct diag *d)
{
	char err[PWAF_ERRLEN];
	const struct string_setting *ss = string_setting(key);
	if (config_value_ok(key, val, err, sizeof err) < 0) {
		diag_add(d, path, line, "%s", err);
		return -1;
	}
	if (ss) {
		char **slot = (char **)((char *)c + ss->off);
		free(*slot);
		*slot = xstrdup(val);
	} else { /* a switch */
		int *slot = (int *)((char *)c + switch_setting(key)->off);
		*slot = strcmp(val, "auto") == 0 ? -1 : strcmp(val, "on") == 0 || strcmp(val, "yes") == 0;
	}
	return 0;
}

static int parse_bind(struct config *c, char *rest, const char *path, int line, struct diag *d)
{
	char *mode = strtok(rest, " \t"), *key = strtok(NULL, " \t"), *action = strtok(NULL, " \t");
	if (!mode || !key || !action || strtok(NULL, " \t")) {
		diag_add(d, path, line, "expected 'bind MODE KEY ACTION'");
		return -1;
	}
	c->binds = xrealloc(c->binds, (c->nbinds + 1) * sizeof *c->binds);
	struct config_bind *b = &c->binds[c->nbinds++];
	b->mode = xstrdup(mode);
	b->key = xstrdup(key);
	b->action = xstrdup(action);
	b->line = line;
	return 0;
}

/* One line of the file (NUL-terminated, no newline). */
static int parse_line(struct config *c, char *raw, const char *path, int line, struct diag *d)
{
	char *s = trim(raw);
	if (!*s || *s == '#') return 0;
	if (strncmp(s, "bind ", 5) == 0 || strncmp(s, "bind\t", 5) == 0) return parse_bind(c, s + 5, path, line, d);
	char *eq = strchr(s, '=');
	if (!eq) {
		diag_add(d, path, line, "expected 'setting = value' or 'bind MODE KEY ACTION'");
		return -1;
	}
	*eq = '\0';
	return parse_setting(c, trim(s), trim(eq + 1), path, line, d);
}

/* The settings of an empty file: mouse and auto-advance on, hyperlinks auto. */
static void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->mouse = 1;
	c->advance = 1;
	c->hyperlinks = -1;
}

int config_parse(struct config *c, const char *path, const char *text, size_t len, struct diag *d)
{
	config_defaults(c);
	c->path = xstrdup(path);
	int line = 0, rc = 0;
	size_t before = d->n;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		line++;
		if (n > CONFIG_MAX_LINE) {
			diag_add(d, path, line, "line longer than %d bytes", CONFIG_MAX_LINE);
			rc = -1;
		} else if (memchr(p, '\0', n)) {
			diag_add(d, path, line, "a NUL byte: the config file is text");
			rc = -1;
		} else {
			char raw[CONFIG_MAX_LINE + 1];
			memcpy(raw, p, n);
			raw[n] = '\0';
			rc |= parse_line(c, raw, path, line, d);
		}
		p = nl ? nl + 1 : end;
		if (d->n - before > CONFIG_MAX_ERRORS) {   /* as a compiler stops: likely not a config file */
			diag_truncate(d, before + CONFIG_MAX_ERRORS);
			diag_add(d, path, line, "more than %d errors: the rest of the file is not read (is it pwaf's config?)",
				 CONFIG_MAX_ERRORS);
			return -1;
		}
	}
	return rc ? -1 : 0;
}

int config_load(struct config *c, const char *path, struct diag *d)
{
	config_defaults(c);
	char err[PWAF_ERRLEN];
	size_t len;
	int missing;
	char *text = readfile_regular(path, CONFIG_MAX_BYTES, &len, &missing, err, sizeof err);
	if (!text) {
		if (missing) return 0;
		diag_add(d, path, 0, "%s", err);
		return -1;
	}
	int rc = config_parse(c, path, text, len, d);
	free(text);
	return rc;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < c->nbinds; i++) {
		free(c->binds[i].mode);
		free(c->binds[i].key);
		free(c->binds[i].action);
	}
	free(c->binds);
	free(c->path);
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) free(*(char **)((char *)c + strings[i].off));
	memset(c, 0, sizeof *c);
}

/* mkdir -p of the directory holding path. */
static void make_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		for (char *p = dir + 1; *p; p++)
			if (*p == '/') {
				*p = 0;
				mkdir(dir, 0755);
				*p = '/';
			}
		mkdir(dir, 0755);
	}
	free(dir);
}

/* 1 when line sets key ("  key = value"). */
static int line_sets(const char *line, const char *key)
{
	while (*line == ' ' || *line == '\t') line++;
	size_t n = strlen(key);
	if (strncmp(line, key, n) != 0) return 0;
	line += n;
	while (*line == ' ' || *line == '\t') line++;
	return *line == '=';
}

int config_set(const char *path, const char *key, const char *value, char *err, size_t errlen)
{
	if (config_value_ok(key, value, err, errlen) < 0) return -1;
	struct buf old = BUF_INIT, out = BUF_INIT;
	FILE *f = fopen(path, "r");
	if (f) {
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && old.len < (1u << 20)) buf_add(&old, chunk, n);
		fclose(f);
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	int done = 0;
	const char *text = buf_str(&old);
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = xstrdup(text);
		line[len] = 0;
		if (line_sets(line, key)) {
			if (!done) buf_addf(&out, "%s = %s\n", key, value);
			done = 1; /* later duplicates go */
		} else {
			buf_addf(&out, "%s\n", line);
		}
		free(line);
		text += len + (nl ? 1 : 0);
	}
	if (!done) buf_addf(&out, "%s = %s\n", key, value);
	make_parent(path);
	int rc = atomic_write(path, out.data, out.len, err, errlen);
	buf_free(&old);
	buf_free(&out);
	return rc;
}
