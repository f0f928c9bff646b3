/* cmd_render.c - `pwaf render [FILE|-]`: any Markdown rendered like the pages; also prints `show` bodies. */
#include "cli/cli.h"

#include "core/buf.h"
#include "md/render.h"

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

/* Binary data: a NUL byte, or control characters in more than a tenth of the first 8 KB (text has
 * tabs and line breaks, a compiled program or an image has many more). Sets *at to where. */
static int looks_binary(const char *s, size_t n, size_t *at)
{
	const char *nul = memchr(s, '\0', n);
	if (nul) { *at = (size_t)(nul - s); return 1; }
	size_t head = n < 8192 ? n : 8192, ctl = 0;
	for (size_t i = 0; i < head; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ctl++;
	}
	*at = 0;
	return head && ctl * 10 > head;
}

int cmd_render(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "plain", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	int width = 0, plain = 0, c;
	struct cli_parse p = { .cmd = "render", .common = 0, .own = opts, .own_short = "w:p" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'w':
			width = cli_parse_int(optarg, 20, 1000);
			if (width < 0) return cli_usage_error("render", "--width takes 20 to 1000, not '%s'", optarg);
			break;
		case 'p': plain = 1; break;
		default: return p.exit;
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
	size_t at;
	if (looks_binary(b.data ? b.data : "", b.len, &at)) {
		size_t b_len = b.len;
		int b_nul = b_len && memchr(b.data, '\0', b_len) != NULL;
		buf_free(&b);
		fputs("pwaf render: ", stderr);
		cli_put_safe(stderr, path);
		if (at < b_len && b_nul) fprintf(stderr, ": not a text file (NUL byte at offset %zu); render takes Markdown\n", at);
		else fprintf(stderr, ": not a text file (mostly control bytes); render takes Markdown\n");
		return EXIT_USAGE;
	}
	int styled = !plain && cli_color_ok(stdout);
	rc = show_body(stdout, skip_front_matter(buf_str(&b)), cli_output_width(stdout, width), styled);
	buf_free(&b);
	return rc == 0 ? EXIT_FINE : EXIT_USAGE;
}
