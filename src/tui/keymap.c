/* keymap.c - per-mode key bindings: key names to curses codes, and the lookup table. */
#include "tui/keymap.h"

#include "core/buf.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define KEYS 1024

static unsigned char map[MODE_COUNT][KEYS];    /* enum action per key code */
static unsigned char shown[MODE_COUNT][KEYS];  /* the key was bound by name (for the help list) */

static const struct { const char *name; int code; } named[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "BTab", KEY_BTAB }, { "Space", ' ' },
	{ "Backspace", KEY_BACKSPACE }, { "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT },
	{ "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME },
	{ "End", KEY_END }, { "Delete", KEY_DC },
};

/* Extra codes terminals send for the same key. */
static int alias_of(int code)
{
	switch (code) {
	case '\n': return '\r';
	case '\r': return KEY_ENTER;
	case KEY_BACKSPACE: return 127;
	case 127: return 8;
	default: return -1;
	}
}

static int key_code(const char *name)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(named[i].name, name) == 0) return named[i].code;
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {   /* F1 to F12, nothing after */
		int n = name[1] - '0';
		if (name[2] >= '0' && name[2] <= '9') n = n * 10 + (name[2] - '0');
		if (!name[n >= 10 ? 3 : 2] && n <= 12) return KEY_F(n);
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3]) return name[2] & 0x1f;
	if (name[0] && !name[1] && (unsigned char)name[0] >= 0x21 && (unsigned char)name[0] < 0x7f) return name[0];
	return -1;
}

static void set(enum mode m, int code, enum action a, int replace)
{
	for (int c = code; c >= 0 && c < KEYS; c = alias_of(c)) {
		if (replace || map[m][c] == ACT_NONE) map[m][c] = (unsigned char)a;
		if (c == KEY_ENTER || c == 8) break;
	}
}

int keymap_bind(enum mode m, const char *key, enum action a)
{
	int code = key_code(key);
	if (code < 0 || code >= KEYS) return -1;
	set(m, code, a, 1);
	shown[m][code] = 1;
	return 0;
}

/* One bind line: 0 when it can be bound, else -1 with a diagnostic whose words come from the file
 * (quoted, cut, sanitised when printed). */
static int bind_check(const char *path, const struct config_bind *b, struct diag *dg)
{
	int m = mode_by_name(b->mode);
	const struct action_def *d = action_by_name(b->action);
	int code = key_code(b->key);
	struct buf hint = BUF_INIT;
	if (m < 0) {
		buf_adds(&hint, "modes:");
		for (int k = 0; k < MODE_COUNT; k++) buf_addf(&hint, "%s %s", k ? "," : "", mode_name((enum mode)k));
		diag_add(dg, path, b->line, "unknown mode '%.80s' (%s)", b->mode, buf_str(&hint));
	} else if (!d) {
		diag_add(dg, path, b->line, "unknown action '%.80s' (the help screen, ?, names every action)", b->action);
	} else if (!(d->modes & M(m))) {
		for (const struct action_def *o = action_defs(); o->name; o++)
			if (o->modes & M(m)) buf_addf(&hint, "%s%s", hint.len ? ", " : "", o->name);
		diag_add(dg, path, b->line, "action '%s' does not apply to the %s screen (actions there: %s)", d->name,
			 mode_name((enum mode)m), buf_str(&hint));
	} else if (code < 0 || code >= KEYS) {
		diag_add(dg, path, b->line, "unknown key '%.80s' (e.g. j, C-f, Enter, Esc, Tab, Space, PgDn, F2)", b->key);
	} else {
		return 0;
	}
	buf_free(&hint);
	return -1;
}

int keymap_check(const struct config *c, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < c->nbinds; i++)
		if (bind_check(c->path, &c->binds[i], d) < 0) rc = -1;
	return rc;
}

int keymap_apply(const struct config *c, struct diag *d)
{
	if (keymap_check(c, d) < 0) return -1;
	for (size_t i = 0; i < c->nbinds; i++)
		keymap_bind((enum mode)mode_by_name(c->binds[i].mode), c->binds[i].key,
			    action_by_name(c->binds[i].action)->id);
	return 0;
}

void keymap_init(void)
{
	memset(map, 0, sizeof map);
	memset(shown, 0, sizeof shown);
	for (const struct action_def *d = action_defs(); d->name; d++) {
		char keys[64];
		snprintf(keys, sizeof keys, "%s", d->keys);
		for (char *k = strtok(keys, " "); k; k = strtok(NULL, " ")) {
			int code = key_code(k);
			if (code < 0) continue;
			for (int m = 0; m < MODE_COUNT; m++)
				if ((d->modes & M(m)) && map[m][code] == ACT_NONE) {
					set((enum mode)m, code, d->id, 0);
					shown[m][code] = 1;
				}
		}
	}
}

enum action keymap_lookup(enum mode m, int key)
{
	if (key < 0 || key >= KEYS) return ACT_NONE;
	return (enum action)map[m][key];
}

static const char *keyname_of(int code, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (named[i].code == code) return named[i].name;
	for (int n = 1; n <= 12; n++)
		if (code == KEY_F(n)) { snprintf(buf, len, "F%d", n); return buf; }
	if (code > 0 && code < 0x20) snprintf(buf, len, "C-%c", code + 'a' - 1);
	else snprintf(buf, len, "%c", code);
	return buf;
}

const char *keymap_keys(enum mode m, enum action a, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int c = 0; c < KEYS && n < len; c++) {
		if (map[m][c] != a || !shown[m][c]) continue;
		char one[16];
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", keyname_of(c, one, sizeof one));
	}
	return buf;
}
