/* fuzz_snapshot.c - libFuzzer target: any bytes as a saved snapshot file (pwaf check --snapshot FILE),
 * loaded from memory into one snapshot kept for the process (snapshot_reload_bytes: the same checks
 * and copy as snapshot_open, without a new database and schema per input), then one check runs over
 * the copy. One run in 256 also puts its input through snapshot_open_bytes (a new
 * database each time, 5 runs' cost), which must agree: it opens exactly the files the reload takes.
 * libfuzzer-flags: -max_len=32768
 */
#include "ws/checks.h"
#include "ws/snapshot.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A check like the content's: JSON functions over every object of a probe. */
static char *probes[] = { "clusters", NULL };
static const struct doc check = {
	.id = "FZ-01", .title = "fuzz", .level = "required", .probes = probes,
	.check_sql = "SELECT CASE WHEN count(*) = 0 THEN 'pass' ELSE 'fail' END AS status,"
		     " group_concat(coalesce(o.json ->> '$.cluster_name', o.id), ', ') AS evidence"
		     " FROM objects o, json_each(o.json) j WHERE o.endpoint = 'clusters' AND j.key = 'spark_version'",
};

/* SQLite gives every new page cache (each connection, each temporary b-tree a query opens) a 20-page
 * bulk allocation, 87 KB, which dominated a run under ASan; without it nothing else changes. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0);
	/* More lookaside slots: parsing the two schemas of a run takes fewer (ASan-slow) mallocs. */
	sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 1024, 256);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return 0;
}

static struct snapshot *snap;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	err[0] = '\0';
	if (!snap && !(snap = snapshot_new("live", NULL, err, sizeof err))) abort();
	int rc = snapshot_reload_bytes(snap, data, size, "fuzz.db", err, sizeof err);
	/* Every 256th run also takes the second path, the first one included (so a crash file replayed
	 * alone takes it). Choosing by the input's bytes did not spread it: a chosen input's mutants
	 * mostly kept the hashed part: one run in eight went down the slow path (20,000 runs from the
	 * grown corpus), which cost more than all the other runs together. */
	static unsigned long runs;
	if (runs++ % 256 == 0) {
		char err2[1024];
		struct snapshot *t = snapshot_open_bytes(data, size, "fuzz.db", err2, sizeof err2);
		if ((t != NULL) != (rc == 0) || (!t && strcmp(err, err2) != 0)) {
			fprintf(stderr, "reload and open disagree:\n  reload: %s\n  open:   %s\n", rc == 0 ? "opened" : err,
				t ? "opened" : err2);
			abort();
		}
		snapshot_close(t);
	}
	if (rc != 0) {
		/* Refused: with a message naming the file, free of control characters from the bytes. */
		if (strncmp(err, "fuzz.db: ", 9) != 0) abort();
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) abort();
		return 0;
	}
	if (strcmp(snapshot_source(snap), "file") != 0) abort();
	struct check_result r;
	checks_run_item(snap, &check, 200, &r);
	if (r.status >= CHECK_NSTATUS || !r.evidence) abort();
	check_result_free(&r);
	return 0;
}
