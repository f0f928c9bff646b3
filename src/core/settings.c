/* settings.c - read the user's settings file. */
#include "settings.h"

#include "buf.h"
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int parse_setting(struct config *c, const char *key, const char *val, const char *path, int line,
			 struct diag *d)
{
	if (strcmp(key, "theme") == 0) {
		free(c->theme);
		c->theme = xstrdup(val);
	} else if (strcmp(key, "assessment") == 0) {
		free(c->assessment);
		c->assessment = xstrdup(val);
	} else if (strcmp(key, "mouse") == 0) {
		if (strcmp(val, "on") == 0 || strcmp(val, "yes") == 0) c->mouse = 1;
		else if (strcmp(val, "off") == 0 || strcmp(val, "no") == 0) c->mouse = 0;
		else { diag_add(d, path, line, "mouse takes on or off, not '%s'", val); return -1; }
	} else {
		diag_add(d, path, line, "unknown setting '%s' (settings: theme, mouse, assessment; or bind MODE KEY ACTION)", key);
		return -1;
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

int config_parse(struct config *c, const char *path, const char *text, size_t len, struct diag *d)
{
	memset(c, 0, sizeof *c);
	c->mouse = 1;
	c->path = xstrdup(path);
	int line = 0, rc = 0;
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
	}
	return rc ? -1 : 0;
}

int config_load(struct config *c, const char *path, struct diag *d)
{
	memset(c, 0, sizeof *c);
	c->mouse = 1;
	char err[200];
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
	free(c->theme);
	free(c->assessment);
	memset(c, 0, sizeof *c);
}
