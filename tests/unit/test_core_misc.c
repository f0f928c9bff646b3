/* test_core_misc.c - the small core modules: settings file, atomic output, slugs, vocabularies, probes. */
#include "atomicfile.h"
#include "buf.h"
#include "probes.h"
#include "settings.h"
#include "slug.h"
#include "testutil.h"
#include "vocab.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	cr_assert_null(c.theme);
	config_free(&c);
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
