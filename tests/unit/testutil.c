/* testutil.c - helpers for the unit tests: temporary content trees and databases. */
#include "testutil.h"

#include "core/buf.h"
#include "core/indexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/pwaf-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	if (!d) abort();
	return xstrdup(d);
}

void tu_write(const char *dir, const char *name, const char *text)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/%s", dir, name);
	char *path = buf_take(&p);
	for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	if (!f) abort();
	fputs(text, f);
	fclose(f);
	free(path);
}

char *tu_page(const char *id, const char *title, const char *partners, const char *body)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "---\nid: %s\nkind: page\ntitle: \"%s\"\npartners: [%s]\n"
		 "source: https://example.com/%s\n---\n\n# %s\n\n%s\n", id, title, partners, id, title, body);
	return buf_take(&b);
}

char *tu_item(const char *id, const char *title, const char *page, const char *level, const char *body)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "---\nid: %s\nkind: item\ntitle: \"%s\"\npartners: [built-on]\n"
		 "pillar: technical-standards\nlevel: %s\npage: %s\nsource: https://example.com/%s\n---\n\n"
		 "# %s\n\n%s\n", id, title, level, page, id, title, body);
	return buf_take(&b);
}

int tu_index(const char *dir, struct diag *d)
{
	struct buf out = BUF_INIT;
	buf_addf(&out, "%s/out.db", dir);
	int rc = indexer_build(dir, buf_str(&out), NULL, d);
	buf_free(&out);
	return rc;
}

struct cdb *tu_open(const char *dir)
{
	struct buf out = BUF_INIT;
	buf_addf(&out, "%s/out.db", dir);
	char err[256];
	struct cdb *c = cdb_open(buf_str(&out), err, sizeof err);
	if (!c) fprintf(stderr, "%s\n", err);
	buf_free(&out);
	return c;
}

int tu_diag_has(const struct diag *d, int line, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if ((line == 0 || d->v[i].line == line) && strstr(d->v[i].msg, needle)) return 1;
	return 0;
}

const char *tu_diag_text(const struct diag *d)
{
	static char text[8192];
	size_t n = 0;
	text[0] = '\0';
	for (size_t i = 0; i < d->n && n < sizeof text - 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s:%d: %s\n", d->v[i].file, d->v[i].line, d->v[i].msg);
	return text;
}

void tu_rmrf(const char *dir)
{
	struct buf cmd = BUF_INIT;
	if (strncmp(dir, "/tmp/pwaf-test-", 15) != 0) return;
	buf_addf(&cmd, "/bin/rm -rf '%s'", dir);   /* absolute: a test may empty PATH */
	if (system(buf_str(&cmd)) != 0) fprintf(stderr, "could not remove %s\n", dir);
	buf_free(&cmd);
}
