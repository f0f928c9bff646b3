/* cmd_render.c - `pwaf render [FILE|-]`: any Markdown rendered like the pages; also prints `show` bodies. */
#include "cli.h"

#include "buf.h"
#include "render.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int show_body(FILE *f, const char *markdown, int width, int styled)
{
	struct md_opts o = { .width = width, .ascii = !cli_g.utf8 };
	struct md_doc *d = md_render(markdown, strlen(markdown), &o);
	if (!d) {
		fputs("pwaf: out of memory\n", stderr);
		return -1;
	}
	int rc = md_print(f, d, styled, width);
	md_doc_free(d);
	return rc;
}

/* Skip a leading YAML front matter block, so content files render as their body. */
static const char *skip_front_matter(const char *s)
{
	if (strncmp(s, "---\n", 4) != 0) return s;
	const char *end = strstr(s + 4, "\n---\n");
	return end ? end + 5 : s;
}

static int read_all(FILE *f, struct buf *b)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(b, chunk, n);
	return ferror(f) ? -1 : 0;
}

int cmd_render(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "plain", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int width = 0, plain = 0, c;
	optind = 0; /* 0, not 1: makes glibc getopt start afresh */
	while ((c = getopt_long(argc, argv, "w:ph", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			width = cli_parse_int(optarg, 20, 1000);
			if (width < 0) return cli_usage_error("render", "--width takes 20 to 1000, not '%s'", optarg);
			break;
		case 'p': plain = 1; break;
		case 'h': puts("usage: pwaf render [FILE|-] [--width N] [--plain]"); return EXIT_FINE;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) return cli_usage_error("render", "expected at most one FILE");
	const char *path = optind < argc ? argv[optind] : "-";
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) return cli_usage_error("render", "%s: %s", path, strerror(errno));
	struct buf b = BUF_INIT;
	int rc = read_all(f, &b);
	if (f != stdin) fclose(f);
	if (rc < 0) {
		buf_free(&b);
		return cli_usage_error("render", "%s: read error", path);
	}
	/* Markdown is text: a NUL byte means a binary file (md4c would stop there, silently). */
	const char *nul = b.len ? memchr(b.data, '\0', b.len) : NULL;
	if (nul) {
		size_t off = (size_t)(nul - b.data);
		buf_free(&b);
		return cli_usage_error("render", "%s: not a text file (NUL byte at offset %zu)", path, off);
	}
	int styled = !plain && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	rc = show_body(stdout, skip_front_matter(buf_str(&b)), cli_output_width(stdout, width), styled);
	buf_free(&b);
	return rc == 0 ? EXIT_FINE : EXIT_USAGE;
}
