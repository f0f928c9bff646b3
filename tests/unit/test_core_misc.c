/* test_core_misc.c - the small core modules: settings file, atomic output, slugs, vocabularies, probes. */
#include "core/atomicfile.h"
#include "core/buf.h"
#include "core/probes.h"
#include "core/settings.h"
#include "core/themefile.h"
#include "core/slug.h"
#include "core/termseq.h"
#include "testutil.h"
#include "core/vocab.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void) { tu_rmrf(dir); free(dir); }

TestSuite(settings, .init = setup, .fini = teardown);
TestSuite(atomicfile, .init = setup, .fini = teardown);

static char *path_in(const char *name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", dir, name);
	return buf_take(&b);
}

Test(settings, reads_theme_mouse_assessment_and_bindings)
{
	tu_write(dir, "config", "# mine\ntheme = projector\nmouse = off\n\nassessment = acme\nbind page x quit\n");
	char *p = path_in("config");
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_load(&c, p, &d), 0, "%s", tu_diag_text(&d));
	cr_assert_str_eq(c.theme, "projector");
	cr_assert_eq(c.mouse, 0);
	cr_assert_str_eq(c.assessment, "acme");
	cr_assert_eq(c.nbinds, 1);
	cr_assert_str_eq(c.binds[0].action, "quit");
	cr_assert_eq(c.binds[0].line, 6);
	config_free(&c);
	free(p);
}

Test(settings, a_missing_file_means_defaults)
{
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_load(&c, "/nonexistent/pwaf/config", &d), 0);
	cr_assert_eq(c.mouse, 1);
	cr_assert_eq(c.advance, 1);
	cr_assert_eq(c.hyperlinks, -1);
	cr_assert_null(c.theme);
	config_free(&c);
}

/* A file that sets other things keeps the defaults of what it does not set (auto-advance was
 * turned off, and hyperlinks too, by any config file). */
Test(settings, a_file_keeps_the_defaults_it_does_not_change)
{
	tu_write(dir, "config", "theme = projector\nassessment = acme-review\nbind page x quit\n");
	char *p = path_in("config");
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_load(&c, p, &d), 0, "%s", tu_diag_text(&d));
	cr_assert_eq(c.mouse, 1);
	cr_assert_eq(c.advance, 1, "auto-advance stays on");
	cr_assert_eq(c.hyperlinks, -1, "hyperlinks stay auto");
	config_free(&c);
	tu_write(dir, "config", "advance = off\nhyperlinks = on\n");
	cr_assert_eq(config_load(&c, p, &d), 0, "%s", tu_diag_text(&d));
	cr_assert_eq(c.advance, 0);
	cr_assert_eq(c.hyperlinks, 1);
	config_free(&c);
	free(p);
}

Test(settings, errors_name_file_and_line)
{
	tu_write(dir, "config", "theme = dark\ncolour = red\nmouse = maybe\nbind page\njust words\n");
	char *p = path_in("config");
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_load(&c, p, &d), -1);
	cr_assert(tu_diag_has(&d, 2, "unknown setting 'colour'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 3, "mouse takes on or off"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 4, "bind MODE KEY ACTION"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 5, "expected 'setting = value'"), "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	free(p);
}

static double ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* A FIFO as the config file used to block pwaf until something wrote to it. */
Test(settings, a_fifo_directory_or_device_is_refused_without_blocking)
{
	char *p = path_in("config");
	cr_assert_eq(mkfifo(p, 0600), 0);
	struct config c;
	struct diag d = { 0 };
	double t0 = ms_now();
	cr_assert_eq(config_load(&c, p, &d), -1);
	cr_assert(ms_now() - t0 < 1000, "it waited");
	cr_assert(tu_diag_has(&d, 0, "not a regular file (a FIFO)"), "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	cr_assert_eq(config_load(&c, dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "not a regular file (a directory)"), "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	cr_assert_eq(config_load(&c, "/dev/zero", &d), -1);
	cr_assert(tu_diag_has(&d, 0, "a character device"), "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	free(p);
}

Test(settings, nul_bytes_and_long_lines_are_errors_with_their_line)
{
	static const char text[] = "theme = dark\nmouse = o\0ff\n";
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_parse(&c, "cfg", text, sizeof text - 1, &d), -1);
	cr_assert(tu_diag_has(&d, 2, "NUL byte"), "%s", tu_diag_text(&d));
	cr_assert_str_eq(c.theme, "dark");
	config_free(&c);
	diag_free(&d);
	struct buf b = BUF_INIT;
	buf_adds(&b, "# long\ntheme = ");
	for (int i = 0; i < 2000; i++) buf_addc(&b, 'x');
	buf_adds(&b, "\nmouse = off\n");
	cr_assert_eq(config_parse(&c, "cfg", b.data, b.len, &d), -1);
	cr_assert(tu_diag_has(&d, 2, "line longer than 1000 bytes"), "%s", tu_diag_text(&d));
	cr_assert_eq(c.mouse, 0, "the next line is read as line 3, not as the rest of line 2");
	cr_assert_eq(d.n, 1, "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	buf_free(&b);
}

/* A file that is not a config at all (a binary, a log) gives 20 errors and a last line saying
 * so, not one error a line: the user sees the start and what happened. */
Test(settings, twenty_errors_then_the_rest_is_not_read)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 5000; i++) buf_addf(&b, "log line %d\n", i);
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_parse(&c, "cfg", b.data, b.len, &d), -1);
	cr_assert_eq(d.n, CONFIG_MAX_ERRORS + 1, "%zu errors", d.n);
	cr_assert(tu_diag_has(&d, 20, "expected 'setting = value'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 21, "more than 20 errors: the rest of the file is not read"), "%s", tu_diag_text(&d));
	cr_assert_not(tu_diag_has(&d, 21, "expected"), "%s", tu_diag_text(&d));
	config_free(&c);
	diag_free(&d);
	/* Twenty errors and then the end of the file: all twenty, nothing more. */
	buf_reset(&b);
	for (int i = 0; i < 20; i++) buf_addf(&b, "log line %d\n", i);
	buf_adds(&b, "mouse = off\n");
	cr_assert_eq(config_parse(&c, "cfg", b.data, b.len, &d), -1);
	cr_assert_eq(d.n, 20, "%s", tu_diag_text(&d));
	cr_assert_eq(c.mouse, 0);
	config_free(&c);
	diag_free(&d);
	buf_free(&b);
}

/* Messages quote the file's text; printing them never sends an escape sequence to the terminal. */
Test(settings, messages_are_sanitised_when_printed)
{
	static const char text[] = "\x1b]0;owned\x07colour\x1b[2J = red\n";
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_parse(&c, "cfg\x1b[31m", text, sizeof text - 1, &d), -1);
	char out[1000] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	diag_print(&d, f);
	fclose(f);
	cr_assert(strstr(out, "unknown setting"), "%s", out);
	cr_assert_null(strchr(out, '\x1b'), "%s", out);
	cr_assert_null(strchr(out, '\x07'), "%s", out);
	config_free(&c);
	diag_free(&d);
}

/* --- theme files (src/core/themefile.c, curses-free) ------------------------------------------ */

static const char *const roles[] = { "text", "h1", "link" };

/* What the user is shown of d (diag_print: sanitised), without the last newline, into err. */
static void diag_text(struct diag *d, char *err, size_t errlen)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	cr_assert_not_null(f);
	diag_print(d, f);
	fclose(f);
	if (len && out[len - 1] == '\n') out[len - 1] = '\0';
	snprintf(err, errlen, "%s", out);
	free(out);
	diag_free(d);
}

static int theme_parse(const char *text, size_t len, struct theme_style st[3], char *err, size_t errlen)
{
	struct diag d = { 0 };
	int rc = themefile_parse(text, len, "t.theme", roles, 3, st, &d);
	diag_text(&d, err, errlen);
	return rc;
}

static int theme_file(const char *path, const char *const *r, int n, struct theme_style *st, char *err, size_t errlen)
{
	struct diag d = { 0 };
	int rc = themefile_load(path, r, n, st, &d);
	diag_text(&d, err, errlen);
	return rc;
}

static int theme(const char *text, struct theme_style st[3], char *err, size_t errlen)
{
	for (int i = 0; i < 3; i++) st[i] = (struct theme_style){ 7, 7, 7, 7, 0 };
	return theme_parse(text, strlen(text), st, err, errlen);
}

Test(themefile, roles_colours_fallbacks_and_attributes)
{
	struct theme_style st[3];
	char err[300] = "";
	cr_assert_eq(theme("# c\n\nh1 = 25/blue default bold underline  # trailing\nlink = bright-red 200 italic reverse\n",
			   st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(st[0].fg, 7, "text is left alone");
	cr_assert_eq(st[1].fg, 25);
	cr_assert_eq(st[1].fg8, 4);
	cr_assert_eq(st[1].bg, -1);
	cr_assert_eq(st[1].attrs, THEME_BOLD | THEME_UNDERLINE);
	cr_assert_eq(st[2].fg, 9);
	cr_assert_eq(st[2].fg8, 1);
	cr_assert_eq(st[2].bg, 200);
	cr_assert_eq(st[2].bg8, -1);
	cr_assert_eq(st[2].attrs, THEME_ITALIC | THEME_REVERSE);
}

Test(themefile, errors_name_file_and_line_and_are_sanitised)
{
	struct theme_style st[3];
	char err[300];
	cr_assert_eq(theme("text = default default\nh9 = red red\n", st, err, sizeof err), -1);
	cr_assert_str_eq(err, "t.theme:2: error: unknown role 'h9'");
	cr_assert_eq(theme("h1 = 256 default\n", st, err, sizeof err), -1);
	cr_assert(strstr(err, "t.theme:1: error: '256' is not a colour"), "%s", err);
	cr_assert_eq(theme("h1 = 99999999999999999999999 default\n", st, err, sizeof err), -1);
	cr_assert_eq(theme("h1 = red\n", st, err, sizeof err), -1);
	cr_assert(strstr(err, "foreground and a background"), "%s", err);
	cr_assert_eq(theme("h1 = red blue \x1b]0;owned\x07\n", st, err, sizeof err), -1);
	cr_assert(strstr(err, "is not a colour or attribute"), "%s", err);
	cr_assert_null(strchr(err, '\x1b'), "%s", err);
	cr_assert_null(strchr(err, '\x07'), "%s", err);
	cr_assert_eq(theme("Text = red blue\n", st, err, sizeof err), -1, "a line that is not a role is an error");
	static const char nul[] = "h1 = red\0 blue\n";
	cr_assert_eq(theme_parse(nul, sizeof nul - 1, st, err, sizeof err), -1);
	cr_assert(strstr(err, "t.theme:1: error: a NUL byte"), "%s", err);
}

Test(themefile, a_fifo_or_directory_is_refused_without_blocking, .init = setup, .fini = teardown)
{
	char *p = path_in("neon.theme");
	cr_assert_eq(mkfifo(p, 0600), 0);
	struct theme_style st[3];
	char err[600];
	double t0 = ms_now();
	cr_assert_eq(theme_file(p, roles, 3, st, err, sizeof err), -1);
	cr_assert(ms_now() - t0 < 1000, "it waited");
	cr_assert(strstr(err, "not a regular file (a FIFO)"), "%s", err);
	cr_assert_eq(theme_file(dir, roles, 3, st, err, sizeof err), -1);
	cr_assert(strstr(err, "a directory"), "%s", err);
	cr_assert_eq(theme_file("/nonexistent/x.theme", roles, 3, st, err, sizeof err), 1, "missing: 1");
	free(p);
}

/* Every theme shipped parses. */
Test(themefile, the_bundled_themes_parse)
{
	static const char *const all[] = {
		"text", "h1", "h2", "h3", "h4", "emph", "strong", "code", "codeblock", "link", "quote",
		"marker", "border", "th", "image", "link-selected", "match", "tree", "tree-group", "tree-selected",
		"tree-focus", "title", "status", "status-key", "message", "input", "dim", "pane-border",
		"required", "recommended", "anti-pattern", "pass", "fail", "warn", "manual", "unknown", "error",
	};
	struct theme_style st[sizeof all / sizeof *all];
	static const char *const names[] = { "dark", "light", "projector", "monochrome" };
	for (size_t i = 0; i < 4; i++) {
		char path[600], err[600];
		snprintf(path, sizeof path, "%s/themes/%s.theme", TEST_SRCDIR, names[i]);
		cr_assert_eq(theme_file(path, all, (int)(sizeof all / sizeof *all), st, err, sizeof err), 0, "%s", err);
		/* A required item is not a failure: REQ never looks like FAIL (nor WARN), in 256 or 8 colours. */
		const struct theme_style *req = &st[28], *fail = &st[32], *warn = &st[33];
		cr_assert_str_eq(all[28], "required");
		cr_assert_str_eq(all[32], "fail");
		for (const struct theme_style *o = fail; o <= warn; o++) {
			int same_colour = req->fg == o->fg && req->bg == o->bg;
			int same_colour8 = req->fg8 == o->fg8 && req->bg8 == o->bg8;
			int monochrome = o->fg < 0 && o->bg < 0 && req->attrs != o->attrs;   /* told apart by attributes */
			cr_assert((!same_colour && !same_colour8) || monochrome, "%s: required is drawn in the %s colour",
				  names[i], o == fail ? "fail" : "warn");
		}
	}
}

Test(atomicfile, replaces_a_regular_file_and_leaves_no_temporary)
{
	char *p = path_in("out.txt");
	tu_write(dir, "out.txt", "old");
	char err[256];
	cr_assert_eq(atomic_write(p, "new contents", 12, err, sizeof err), 0, "%s", err);
	FILE *f = fopen(p, "r");
	char got[32] = "";
	cr_assert_not_null(fgets(got, sizeof got, f));
	fclose(f);
	cr_assert_str_eq(got, "new contents");
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "ls '%s' | wc -l", dir);
	FILE *ls = popen(buf_str(&cmd), "r");
	int n = 0;
	cr_assert_eq(fscanf(ls, "%d", &n), 1);
	pclose(ls);
	cr_assert_eq(n, 1, "only out.txt remains");
	buf_free(&cmd);
	free(p);
}

Test(atomicfile, writes_a_device_directly_and_never_replaces_it)
{
	char err[256];
	struct stat st;
	cr_assert_eq(atomic_write("/dev/null", "x", 1, err, sizeof err), 0, "%s", err);
	cr_assert_eq(stat("/dev/null", &st), 0);
	cr_assert(S_ISCHR(st.st_mode), "/dev/null is still a device");
	char *tmp = path_in("db.tmp");
	tu_write(dir, "db.tmp", "sqlite bytes");
	cr_assert_eq(atomic_replace(tmp, "/dev/null", err, sizeof err), -1);
	cr_assert(strstr(err, "not a regular file") != NULL, "%s", err);
	cr_assert_neq(access(tmp, F_OK), 0, "the temporary file is removed");
	cr_assert_eq(stat("/dev/null", &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
	free(tmp);
}

Test(atomicfile, an_unwritable_directory_is_a_clear_error)
{
	char err[256];
	cr_assert_eq(atomic_write("/nonexistent/dir/out.txt", "x", 1, err, sizeof err), -1);
	cr_assert(strstr(err, "/nonexistent/dir/out.txt") != NULL, "%s", err);
}

Test(slug, github_style_anchors)
{
	char *s = slug_make("OAuth M2M: Token lifetime (1 h)", 31);
	cr_assert_str_eq(s, "oauth-m2m-token-lifetime-1-h");
	free(s);
	s = slug_make("Überblick", strlen("Überblick"));
	cr_assert_str_eq(s, "Überblick", "non-ASCII letters are kept");
	free(s);
}

Test(vocab, lists_and_labels)
{
	cr_assert_str_eq(vocab_list(VOCAB_LEVEL), "required, recommended, anti-pattern or info");
	cr_assert_str_eq(vocab_label(VOCAB_PARTNER, "built-on"), "Built-On ISV");
	cr_assert_str_eq(vocab_label(VOCAB_PARTNER, "unknown-thing"), "unknown-thing");
	cr_assert_null(vocab_find(VOCAB_PILLAR, "security"));
}

Test(probes, every_probe_is_named_once_and_has_a_path)
{
	int n = 0;
	for (const struct probe_def *p = probe_defs(); p->name; p++, n++) {
		if (p->kind == PROBE_SQL) cr_assert(p->sql && !p->path, "%s has a statement, not a path", p->name);
		else cr_assert(p->path && p->path[0] == '/', "%s has a REST path", p->name);
		cr_assert_eq(probe_find(p->name), p, "%s is found by name", p->name);
	}
	cr_assert_geq(n, 15);
	cr_assert_null(probe_find("clusterz"));
	cr_assert(strstr(probe_names(), "clusters, warehouses") != NULL);
}

Test(settings, config_set_keeps_other_lines_and_refuses_bad_values)
{
	char *p = path_in("sub/dir/config");
	char err[300];
	cr_assert_eq(config_set(p, "product", "Acme_Loader", err, sizeof err), 0, "%s", err);
	tu_write(dir, "sub/dir/config", "# mine\ntheme = light\nproduct = Old_Name\nproduct = Dup\nbind page x quit\n");
	cr_assert_eq(config_set(p, "product", "Acme_Loader", err, sizeof err), 0, "%s", err);
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_load(&c, p, &d), 0, "%s", tu_diag_text(&d));
	cr_assert_str_eq(c.product, "Acme_Loader");
	cr_assert_str_eq(c.theme, "light", "other lines are kept");
	cr_assert_eq(c.nbinds, 1);
	config_free(&c);
	diag_free(&d);
	cr_assert_eq(config_set(p, "product", "Acme Loader/1", err, sizeof err), -1);
	cr_assert(strstr(err, "takes letters, digits"), "%s", err);
	cr_assert_eq(config_set(p, "nosuch", "x", err, sizeof err), -1);
	cr_assert(strstr(err, "unknown setting 'nosuch'"), "%s", err);
	free(p);
}

Test(termseq, hyperlinks_only_for_plain_web_links)
{
	char out[256];
	cr_assert_gt(termseq_link_open("https://docs.databricks.com/a", out, sizeof out), 0);
	cr_assert_str_eq(out, "\033]8;;https://docs.databricks.com/a\033\\");
	cr_assert_eq(termseq_link_open("https://x/\033]52;c;AAAA\a", out, sizeof out), 0, "an ESC inside ends nothing");
	cr_assert_str_eq(out, "");
	cr_assert_eq(termseq_link_open("javascript:alert(1)", out, sizeof out), 0);
	cr_assert_eq(termseq_link_open("https://a b", out, sizeof out), 0, "no space in a URL");
	cr_assert_eq(termseq_link_open("https://x/a", out, 8), 0, "too small a buffer writes nothing");
}

Test(termseq, copy_encodes_printable_text_with_spaces_and_refuses_controls)
{
	char *s = termseq_copy("pwaf show ISV-OAUTH-09");
	cr_assert_not_null(s, "a command with spaces can be copied");
	cr_assert_str_eq(s, "\033]52;c;cHdhZiBzaG93IElTVi1PQVVUSC0wOQ==\a");
	free(s);
	cr_assert_null(termseq_copy("a\033b"));
	cr_assert_null(termseq_copy("line\nbreak"));
	cr_assert_null(termseq_copy(""));
}
