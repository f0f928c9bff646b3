/* settings.c - read the user's settings file. */
#include "settings.h"

#include "buf.h"

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

int config_load(struct config *c, const char *path, struct diag *d)
{
	memset(c, 0, sizeof *c);
	c->mouse = 1;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT) return 0;
		diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	c->path = xstrdup(path);
	char raw[1024];
	int line = 0, rc = 0;
	while (fgets(raw, sizeof raw, f)) {
		line++;
		char *s = trim(raw);
		if (!*s || *s == '#') continue;
		if (strncmp(s, "bind ", 5) == 0 || strncmp(s, "bind\t", 5) == 0) {
			rc |= parse_bind(c, s + 5, path, line, d);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			diag_add(d, path, line, "expected 'setting = value' or 'bind MODE KEY ACTION'");
			rc = -1;
			continue;
		}
		*eq = '\0';
		rc |= parse_setting(c, trim(s), trim(eq + 1), path, line, d);
	}
	fclose(f);
	return rc ? -1 : 0;
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
