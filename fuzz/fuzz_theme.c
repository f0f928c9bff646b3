/* fuzz_theme.c - libFuzzer target: any bytes as a theme file (~/.config/pwaf/themes/NAME.theme). */
#include "core/themefile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The roles of src/tui/theme.c (the parser takes them as a table). */
static const char *const roles[] = {
	"text", "h1", "h2", "h3", "h4", "emph", "strong", "code", "codeblock", "link", "quote",
	"marker", "border", "th", "image", "link-selected", "match", "tree", "tree-group", "tree-selected",
	"tree-focus", "title", "status", "status-key", "message", "input", "dim", "pane-border",
	"required", "recommended", "anti-pattern", "pass", "fail", "warn", "manual", "unknown", "error",
};
#define NROLES ((int)(sizeof roles / sizeof *roles))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme_style st[NROLES];
	memset(st, 0, sizeof st);
	struct diag d = { 0 };
	if (themefile_parse((const char *)data, size, "fuzz.theme", roles, NROLES, st, &d) < 0) {
		if (d.n != 1 || strcmp(d.v[0].file, "fuzz.theme") != 0) abort();
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		if (!f) abort();
		diag_print(&d, f);
		fclose(f);
		if (strncmp(out, "fuzz.theme:", 11) != 0) abort();
		for (const char *p = out; *p; p++)   /* sanitised: nothing from the file can drive the terminal */
			if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f) abort();
		free(out);
		diag_free(&d);
		return 0;
	}
	if (d.n) abort();
	for (int r = 0; r < NROLES; r++) {
		if (st[r].fg < -1 || st[r].fg > 255 || st[r].bg < -1 || st[r].bg > 255) abort();
		if (st[r].fg8 < -1 || st[r].fg8 > 15 || st[r].bg8 < -1 || st[r].bg8 > 15) abort();
		if (st[r].attrs & ~(THEME_BOLD | THEME_UNDERLINE | THEME_REVERSE | THEME_DIM | THEME_ITALIC)) abort();
	}
	return 0;
}
