/* fuzz_api.c - libFuzzer target: any bytes as one page of a probe's API answer, through the page reader, the snapshot and the checks over it. */
/*
 * Input: byte 0 picks the probe (index into probe_defs), byte 1 the check to run over the result,
 * the rest is the HTTP body. The content's checks are indexed once, from $PWAF_CONTENT (default
 * ./content); the snapshot is created once and each probe's rows are replaced per input, so a run
 * costs one JSON parse, one insert and one check.
 * Contracts checked: the page reader never fails on an object; every check ends with a status
 * (an SQL check may error, it may not crash or hang); evidence holds no control character.
 */
#include "ws/checks.h"
#include "core/contentdb.h"
#include "core/diag.h"
#include "core/indexer.h"
#include "ws/probe.h"
#include "core/probes.h"
#include "ws/snapshot.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct snapshot *snap;
static struct doc *docs;
static size_t ndocs;
static int nprobes;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *content = getenv("PWAF_CONTENT") ? getenv("PWAF_CONTENT") : "content";
	char out[256], err[300];
	snprintf(out, sizeof out, "/tmp/pwaf-fuzz-api-%ld.db", (long)getpid());
	struct diag d = { 0 };
	if (indexer_build(content, out, NULL, &d) != 0) {
		fprintf(stderr, "fuzz_api: cannot index %s (set PWAF_CONTENT)\n", content);
		exit(1);
	}
	diag_free(&d);
	struct cdb *c = cdb_open(out, err, sizeof err);
	if (!c) exit(1);
	struct doc_list l;
	struct doc_filter f = { .kind = "item" };
	cdb_list(c, &f, &l);
	docs = calloc(l.n, sizeof *docs);
	for (size_t i = 0; i < l.n; i++) {
		struct doc x;
		if (cdb_get(c, l.v[i].id, &x) == 0 && x.check_sql) docs[ndocs++] = x;
		else if (x.id) doc_free(&x);
	}
	doc_list_free(&l);
	cdb_close(c);
	unlink(out);
	snap = snapshot_new("live", "https://fuzz.example.com", err, sizeof err);
	for (const struct probe_def *p = probe_defs(); p->name; p++) nprobes++;
	return snap ? 0 : 1;
}

static int uses(const struct doc *d, const char *probe)
{
	for (char **p = d->probes; p && *p; p++)
		if (strcmp(*p, probe) == 0) return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2) return 0;
	const struct probe_def *def = &probe_defs()[data[0] % nprobes];
	cJSON *j = cJSON_ParseWithLength((const char *)data + 2, size - 2);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return 0;
	}
	struct probe_page pg;
	char bad[256] = "";
	snapshot_begin(snap, def->name);
	long n = 0;
	if (probe_page_read(def, j, 1, &pg, bad, sizeof bad) == 0) {
		if (pg.more && def->paging == PAGING_SCIM && pg.next_start <= 1) abort(); /* paging must advance */
		if (pg.objs) n = snapshot_add(snap, def->name, pg.objs, pg.one, def->id_key, NULL, "t", 200, NULL);
		snapshot_finish(snap, def->name, def->path, 200, NULL, NULL, n, "t");
	} else if (!*bad) {
		abort();
	}
	cJSON_Delete(j);
	size_t k = 0, want = data[1];
	for (size_t i = 0; i < ndocs; i++) {
		if (!uses(&docs[i], def->name) || k++ != want % 4) continue;
		struct check_result r;
		checks_run_item(snap, &docs[i], 200, &r);
		for (const char *e = r.evidence; *e; e++)
			if ((unsigned char)*e < 0x20 || *e == 0x7f) abort();
		check_result_free(&r);
		break;
	}
	return 0;
}
