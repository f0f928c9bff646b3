/* fuzz_search.c - libFuzzer target: any bytes as a search query (pwaf search, the explorer's s).
 * Every input goes through the query builder (both modes, with or without the prefix) into one
 * FTS5 statement, prepared once, over a small content database built once from
 * tests/fixtures/content: it must never be a syntax error. One
 * input in 64 (chosen by its bytes, so a replay is exact) also runs the whole search_run (exact
 * ids, both phases, snippets), whose statements are prepared per call and cost 20 runs' time
 * (one in 32 held the target under 4,000 runs a second).
 * Queries are short: inputs up to 512 bytes (people type a few words; the builder keeps 32).
 * libfuzzer-flags: -max_len=512
 */
#include "core/indexer.h"
#include "core/search.h"
#include "core/contentdb_sql.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct cdb *db;
static sqlite3_stmt *match;

/* The fixture content, indexed once into a temporary file, then held in memory (no file locks
 * per statement). */
static void open_db(void)
{
	char path[] = "/tmp/pwaf-fuzz-search-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) abort();
	close(fd);
	struct diag d = { 0 };
	if (indexer_build(PWAF_SRCDIR "/tests/fixtures/content", path, NULL, &d) != 0) {
		diag_print(&d, stderr);
		abort();
	}
	static unsigned char image[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(image, 1, sizeof image, f) : 0;
	if (f) fclose(f);
	unlink(path);
	char err[300];
	db = n ? cdb_open_image(image, n, err, sizeof err) : NULL;
	if (!db || sqlite3_prepare_v2(cdb_sqlite(db), "SELECT rowid, bm25(fts, 0.0, 10.0, 8.0, 4.0, 1.0) FROM fts"
				      " WHERE fts MATCH ?1", -1, &match, NULL) != SQLITE_OK)
		abort();
}

/* SQLite gives every new page cache (each connection, each temporary b-tree a query opens) a 20-page
 * bulk allocation, 87 KB, which dominated a run under ASan; without it nothing else changes. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) open_db();
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	unsigned h = 2166136261u;
	for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
	/* Both modes, each with or without the typing prefix (the input's hash picks which). */
	for (int mode = 0; mode < 2; mode++) {
		char *q = search_build_query(text, (enum search_mode)mode, (int)((h >> mode) & 1));
		if (!q) continue;
		sqlite3_bind_text(match, 1, q, -1, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(match)) == SQLITE_ROW) ;
		if (rc != SQLITE_DONE) abort();   /* an FTS5 syntax error lands here */
		sqlite3_reset(match);
		free(q);
	}
	if (h % 64 == 0) {
		struct search_hits hits;
		if (search_run(db, text, NULL, 5, (int)(h >> 6) & 1, &hits) != 0) abort();
		for (size_t i = 0; i < hits.n; i++)
			if (!hits.v[i].doc.id || !hits.v[i].snippet) abort();
		search_hits_free(&hits);
	}
	free(text);
	return 0;
}
