/* show_render.c - print a Markdown body for `pwaf show` (plain word wrap until the renderer lands). */
#include "cli.h"

#include "buf.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

static void wrap_line(FILE *f, const char *s, int width)
{
	int col = 0;
	const char *p = s;
	while (*p) {
		while (*p == ' ') p++;
		const char *e = p;
		while (*e && *e != ' ') e++;
		int w = (int)(e - p);
		if (col && col + 1 + w > width) { fputc('\n', f); col = 0; }
		if (col) { fputc(' ', f); col++; }
		fwrite(p, 1, (size_t)(e - p), f);
		col += w;
		p = e;
	}
	fputc('\n', f);
}

int show_body(FILE *f, const char *markdown, int width, int styled)
{
	char *text = sanitize_text(markdown, strlen(markdown), 0, NULL);
	int in_code = 0;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next) *next++ = '\0';
		if (strncmp(line, "```", 3) == 0) in_code = !in_code;
		if (in_code || line[0] == '|' || line[0] == '\0') fprintf(f, "%s\n", line);
		else wrap_line(f, line, width);
	}
	free(text);
	return 0;
}
