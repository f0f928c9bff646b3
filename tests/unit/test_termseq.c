/* test_termseq.c - terminal sequences pwaf writes (termseq.c: OSC 8, OSC 52) and ASCII stand-ins (translit.c). */
#include "core/termseq.h"
#include "core/translit.h"

#include "core/buf.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "."
#endif

/* --- NO_COLOR: the one rule for commands and explorer ------------------------------------ */

Test(termseq, no_color_means_set_and_not_empty)
{
	unsetenv("NO_COLOR");
	cr_assert_eq(termseq_no_color(), 0, "unset: colour");
	setenv("NO_COLOR", "", 1);
	cr_assert_eq(termseq_no_color(), 0, "set but empty: colour, as no-color.org says");
	setenv("NO_COLOR", "1", 1);
	cr_assert_eq(termseq_no_color(), 1, "set: no colour");
	setenv("NO_COLOR", "0", 1);
	cr_assert_eq(termseq_no_color(), 1, "any non-empty value, even 0: no colour");
	unsetenv("NO_COLOR");
}

/* --- OSC 8 hyperlinks --------------------------------------------------------------------- */

Test(termseq, link_open_and_close_are_osc_8)
{
	char out[256];
	size_t n = termseq_link_open("https://docs.databricks.com/en/index.html", out, sizeof out);
	cr_assert_str_eq(out, "\033]8;;https://docs.databricks.com/en/index.html\033\\");
	cr_assert_eq(n, strlen(out));
	cr_assert_str_eq(termseq_link_close(), "\033]8;;\033\\");
	cr_assert(termseq_link_open("mailto:partners@example.com", out, sizeof out) > 0);
	cr_assert(termseq_link_open("HTTP://EXAMPLE.COM/", out, sizeof out) > 0, "the scheme in any case");
}

Test(termseq, urls_that_could_end_or_start_a_sequence_are_refused)
{
	static const char *const bad[] = {
		"https://e.com/\033]52;c;ZXZpbA==\a",   /* ESC: another sequence */
		"https://e.com/\a",                   /* BEL ends OSC */
		"https://e.com/\033\\x",              /* ST */
		"https://e.com/a\nb", "https://e.com/a\rb", "https://e.com/a\tb",
		"https://e.com/a b",                  /* space */
		"https://e.com/\x7f", "https://e.com/\xc2\x9b" "31m",   /* DEL, a C1 CSI in UTF-8 */
		"https://e.com/\"onmouseover", "https://e.com/'x'", "https://e.com/<x>", "https://e.com/a\\b", "https://e.com/`id`",
		"javascript:alert(1)", "file:///etc/passwd", "ftp://e.com/", "//e.com/", "",
	};
	char out[256];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cr_assert_eq(termseq_url_ok(bad[i]), 0, "accepted #%zu", i);
		strcpy(out, "junk");
		cr_assert_eq(termseq_link_open(bad[i], out, sizeof out), 0, "opened #%zu", i);
		cr_assert_str_eq(out, "", "a refused link leaves an empty string (#%zu)", i);
	}
	cr_assert_eq(termseq_url_ok(NULL), 0);
}

Test(termseq, overlong_urls_and_small_buffers_are_refused_whole)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "https://e.com/");
	while (b.len < 2000) buf_addc(&b, 'a');
	cr_assert_eq(termseq_url_ok(buf_str(&b)), 1, "2,000 bytes is the limit");
	buf_addc(&b, 'a');
	cr_assert_eq(termseq_url_ok(buf_str(&b)), 0, "2,001 bytes is over it");
	buf_free(&b);
	char small[20] = "junk";
	cr_assert_eq(termseq_link_open("https://example.com/long/path", small, sizeof small), 0, "never a cut sequence");
	cr_assert_str_eq(small, "");
}

/* --- OSC 52 copies ------------------------------------------------------------------------- */

/* The base64 payload of an OSC 52 sequence, checking its frame. */
static char *payload(const char *seq)
{
	cr_assert_not_null(seq);
	cr_assert_eq(strncmp(seq, "\033]52;c;", 7), 0, "starts with ESC ] 52 ; c ;");
	size_t n = strlen(seq);
	cr_assert_eq(seq[n - 1], '\a', "ends with BEL");
	char *p = strndup(seq + 7, n - 8);
	for (const char *q = p; *q; q++)
		cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", *q), "not base64: %s", p);
	return p;
}

Test(termseq, copy_is_osc_52_with_base64_of_every_length)
{
	/* RFC 4648 section 10's vectors, plus a URL. */
	static const char *const in[] = { "f", "fo", "foo", "foob", "fooba", "foobar", "https://example.com/?a=1&b=~" };
	static const char *const want[] = { "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
					    "aHR0cHM6Ly9leGFtcGxlLmNvbS8/YT0xJmI9fg==" };
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char *seq = termseq_copy(in[i]);
		char *p = payload(seq);
		cr_assert_str_eq(p, want[i], "base64 of %s", in[i]);
		free(p);
		free(seq);
	}
}

Test(termseq, copy_refuses_control_characters_and_overlong_text)
{
	cr_assert_null(termseq_copy(NULL));
	cr_assert_null(termseq_copy(""));
	cr_assert_null(termseq_copy("https://e.com/\033]0;title\a"));
	cr_assert_null(termseq_copy("a\nb"));
	cr_assert_null(termseq_copy("caf\xc3\xa9"));
	char big[2100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_assert_null(termseq_copy(big));
}

/* --- ASCII stand-ins ------------------------------------------------------------------------ */

static const char *cp_str(uint32_t cp)
{
	static char out[4];
	translit_cp(cp, out);
	return out;
}

Test(translit, punctuation_box_drawing_and_letters)
{
	cr_assert_str_eq(cp_str(0x2014), "--");
	cr_assert_str_eq(cp_str(0x201C), "\"");
	cr_assert_str_eq(cp_str(0x2026), "...");
	cr_assert_str_eq(cp_str(0x2192), "->");
	cr_assert_str_eq(cp_str(0x00B7), "-");
	cr_assert_str_eq(cp_str(0x2022), "*");
	cr_assert_str_eq(cp_str(0x2502), "|");
	cr_assert_str_eq(cp_str(0x250C), "+", "box corners");
	cr_assert_str_eq(cp_str(0x2550), "=");
	cr_assert_str_eq(cp_str(0x00E9), "e");
	cr_assert_str_eq(cp_str(0x00DF), "ss");
	cr_assert_str_eq(cp_str(0x3000), " ");
	cr_assert_str_eq(cp_str(0x200B), "", "zero-width space vanishes");
	cr_assert_str_eq(cp_str(0x202E), "", "bidi override vanishes");
	cr_assert_str_eq(cp_str(0x4E2D), "?", "no stand-in: ?");
	cr_assert_str_eq(cp_str('a'), "a");
}

Test(translit, ascii_of_text_and_of_broken_utf8)
{
	const char s[] = "caf\xc3\xa9 \xe2\x80\x94 \xe2\x96\xb8 next \xe2\x80\xa6";
	char *t = translit_ascii(s, strlen(s));
	cr_assert_str_eq(t, "cafe -- > next ...");
	free(t);
	const char bad[] = "a\xff" "b\xe2\x80" "c\xc0\xaf";   /* a stray byte, a cut sequence, an overlong '/' */
	t = translit_ascii(bad, sizeof bad - 1);
	for (const char *p = t; *p; p++) cr_assert((unsigned char)*p < 0x80, "non-ASCII byte in %s", t);
	cr_assert_eq(strncmp(t, "a?b", 3), 0, "%s", t);
	cr_assert(!strstr(t, "/"), "an overlong encoding never becomes its character: %s", t);
	free(t);
	uint32_t cp;
	cr_assert_eq(translit_next("\xed\xa0\x80", 3, &cp), 1, "a surrogate is not a character");
	cr_assert_eq(cp, 0xFFFD);
	cr_assert_eq(translit_next("\xf0\x9f\x98\x80", 4, &cp), 4);
	cr_assert_eq(cp, 0x1F600);
}

/* Every non-ASCII code point in the files of dir whose names end in ext, added to seen (a sorted
 * set, by linear insertion: small). */
struct cps {
	uint32_t v[4096];
	char where[4096][96];
	size_t n;
};

static void add_cp(struct cps *s, uint32_t cp, const char *where)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == cp) return;
	if (s->n == sizeof s->v / sizeof *s->v) return;
	s->v[s->n] = cp;
	snprintf(s->where[s->n], sizeof s->where[s->n], "%s", where);
	s->n++;
}

static void scan_dir(struct cps *s, const char *rel, const char *ext)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", TEST_SRCDIR, rel);
	DIR *d = opendir(path);
	cr_assert_not_null(d, "cannot open %s", path);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name), el = strlen(ext);
		if (nl <= el || strcmp(e->d_name + nl - el, ext) != 0) continue;
		char file[1400];
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		FILE *f = fopen(file, "rb");
		cr_assert_not_null(f, "%s", file);
		struct buf b = BUF_INIT;
		char tmp[8192];
		size_t n;
		while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
		fclose(f);
		for (size_t i = 0; i < b.len;) {
			uint32_t cp;
			i += translit_next(buf_str(&b) + i, b.len - i, &cp);
			if (cp >= 0x80) {
				char where[96];
				snprintf(where, sizeof where, "%s/%s", rel, e->d_name);
				add_cp(s, cp, where);
			}
		}
		buf_free(&b);
	}
	closedir(d);
}

/*
 * Every glyph the explorer draws or the bundled content holds has an ASCII stand-in under LANG=C:
 * a character added to the sources or the content without one fails here (with the file that has it).
 * Characters that only a test, a comment or a sample of foreign text uses are allowed below.
 */
Test(translit, every_glyph_of_the_explorer_and_the_content_has_a_stand_in)
{
	static struct cps s;
	s.n = 0;
	scan_dir(&s, "src/tui", ".c");
	scan_dir(&s, "src/md", ".c");
	scan_dir(&s, "src/core", ".c");
	scan_dir(&s, "content", ".md");
	scan_dir(&s, "themes", ".theme");
	cr_assert(s.n > 5, "the scan found the glyphs (%zu)", s.n);
	struct buf missing = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		char out[4];
		translit_cp(s.v[i], out);
		if (strcmp(out, "?") == 0 && s.v[i] != 0xFFFD) buf_addf(&missing, " U+%04X (%s)", (unsigned)s.v[i], s.where[i]);
	}
	cr_assert_eq(missing.len, 0, "no ASCII stand-in for:%s", buf_str(&missing));
	buf_free(&missing);
}
