/* fuzz_search.c - libFuzzer target: any bytes as a search query must build a valid FTS5 query. */
#include "search.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		sqlite3_open(":memory:", &db);
		sqlite3_exec(db, "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');"
				 "INSERT INTO fts VALUES('OAuth M2M', 'service principals and tokens');", NULL, NULL, NULL);
	}
	char *text = malloc(size + 1);
	if (!text) return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (int mode = 0; mode < 2; mode++)
		for (int prefix = 0; prefix < 2; prefix++) {
			char *q = search_build_query(text, (enum search_mode)mode, prefix);
			if (!q) continue;
			sqlite3_stmt *st;
			if (sqlite3_prepare_v2(db, "SELECT rowid FROM fts WHERE fts MATCH ?", -1, &st, NULL) != SQLITE_OK) abort();
			sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
			int rc;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) ;
			if (rc != SQLITE_DONE) abort();   /* an FTS5 syntax error would land here */
			sqlite3_finalize(st);
			free(q);
		}
	free(text);
	return 0;
}
