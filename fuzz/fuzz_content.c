/* fuzz_content.c - libFuzzer target: any bytes as a content file, through what pwaf index does with
 * one: front matter (size and depth caps, libyaml, vocabulary), the Markdown scan (text, headings,
 * links, the sql check block) and compiling the check against the snapshot schema. Markdown
 * rendering has its own target (fuzz_md). The check database is opened once.
 * libfuzzer-flags: -max_len=8192
 */
#include "core/frontmatter.h"
#include "core/mdscan.h"
#include "core/probes.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *checkdb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!checkdb && (sqlite3_open(":memory:", &checkdb) != SQLITE_OK ||
			 sqlite3_exec(checkdb, probe_snapshot_schema, NULL, NULL, NULL) != SQLITE_OK))
		abort();
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct diag d = { 0 };
	struct frontmatter fm;
	int rc = fm_parse(&fm, "fuzz.md", "fuzz", text, size, &d);
	if ((rc == 0) != (d.n == 0)) abort();
	if (rc == 0) {
		if (!fm.body || fm.body < text || fm.body + fm.body_len != text + size || fm.body_line < 3) abort();
		struct mdscan s;
		if (mdscan_run(&s, fm.body, fm.body_len) == 0 && s.check_sql) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(checkdb, s.check_sql, -1, &st, NULL) == SQLITE_OK) sqlite3_finalize(st);
		}
		for (size_t i = 0; i < s.nlinks; i++)
			if (!s.links[i].target || s.links[i].line < 1) abort();
		mdscan_free(&s);
	}
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 0) abort();
	fm_free(&fm);
	diag_free(&d);
	free(text);
	return 0;
}
