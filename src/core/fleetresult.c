/* fleetresult.c - the results of a fleet run: workspaces, per-item counts over the fleet, the exit code. */
#include "core/fleetresult.h"
#include "core/vocab.h"

#include "core/buf.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name, *words;
} states[FLEET_NSTATE] = {
	[FLEET_CHECKED] = { "checked", "checked" },
	[FLEET_AUTH] = { "auth", "credentials refused" },
	[FLEET_UNREACHABLE] = { "unreachable", "could not be reached" },
	[FLEET_CONFIG] = { "config", "profile not usable" },
	[FLEET_CANCELLED] = { "cancelled", "cancelled" },
	[FLEET_SKIPPED] = { "skipped", "not running" },
};

const char *fleet_state_name(enum fleet_state s)
{
	return (unsigned)s < FLEET_NSTATE ? states[s].name : states[FLEET_UNREACHABLE].name;
}

const char *fleet_state_words(enum fleet_state s)
{
	return (unsigned)s < FLEET_NSTATE ? states[s].words : states[FLEET_UNREACHABLE].words;
}

struct fleet_ws *fleet_results_add(struct fleet_results *fr, const char *name, const char *host, const char *workspace_id)
{
	fr->v = xrealloc(fr->v, (fr->n + 1) * sizeof *fr->v);
	struct fleet_ws *w = &fr->v[fr->n++];
	memset(w, 0, sizeof *w);
	w->name = xstrdup(name ? name : "");
	w->host = xstrdup(host ? host : "");
	w->workspace_id = xstrdup(workspace_id ? workspace_id : "");
	w->state = FLEET_CHECKED;
	return w;
}

void fleet_results_count(struct fleet_results *fr)
{
	memset(fr->count, 0, sizeof fr->count);
	for (size_t i = 0; i < fr->n; i++)
		if ((unsigned)fr->v[i].state < FLEET_NSTATE) fr->count[fr->v[i].state]++;
}

void fleet_results_free(struct fleet_results *fr)
{
	for (size_t i = 0; i < fr->n; i++) {
		struct fleet_ws *w = &fr->v[i];
		free(w->name);
		free(w->host);
		free(w->workspace_id);
		free(w->error);
		free(w->snapshot);
		check_results_free(&w->res);
	}
	free(fr->v);
	free(fr->partner);
	free(fr->version);
	memset(fr, 0, sizeof *fr);
}

void fleet_run_id(char out[40])
{
	unsigned char b[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t r = read(fd, b, sizeof b);
		got = r > 0 ? (size_t)r : 0;
		close(fd);
	}
	if (got < sizeof b) { /* no urandom: time and pid, still unique enough to tell runs apart */
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		unsigned seed = (unsigned)t.tv_nsec ^ (unsigned)t.tv_sec ^ ((unsigned)getpid() << 16);
		for (size_t i = 0; i < sizeof b; i++) b[i] = (unsigned char)rand_r(&seed);
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
		 b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

const struct check_result *fleet_ws_result(const struct fleet_ws *w, const char *item)
{
	/* results are in id order (checks_run): binary search */
	size_t lo = 0, hi = w->res.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(w->res.v[mid].item, item);
		if (c == 0) return &w->res.v[mid];
		if (c < 0) lo = mid + 1;
		else hi = mid;
	}
	for (size_t i = 0; i < w->res.n; i++) /* not sorted after all: a linear look */
		if (strcmp(w->res.v[i].item, item) == 0) return &w->res.v[i];
	return NULL;
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fleet_item *)a)->item, ((const struct fleet_item *)b)->item);
}

void fleet_items_collect(const struct fleet_results *fr, struct fleet_items *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0;
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		if (w->state != FLEET_CHECKED) continue;
		for (size_t k = 0; k < w->res.n; k++) {
			const struct check_result *r = &w->res.v[k];
			struct fleet_item key = { .item = r->item };
			struct fleet_item *it = out->n ? bsearch(&key, out->v, out->n, sizeof *out->v, item_cmp) : NULL;
			if (!it) {
				if (out->n == cap) {
					cap = cap ? cap * 2 : 256;
					out->v = xrealloc(out->v, cap * sizeof *out->v);
				}
				it = &out->v[out->n++];
				memset(it, 0, sizeof *it);
				it->item = r->item;
				it->title = r->title;
				it->level = r->level;
				it->pillar = r->pillar ? r->pillar : "";
				qsort(out->v, out->n, sizeof *out->v, item_cmp);
				it = bsearch(&key, out->v, out->n, sizeof *out->v, item_cmp);
			}
			if ((unsigned)r->status < CHECK_NSTATUS) it->count[r->status]++;
			else it->count[CHECK_ERROR]++;
		}
	}
}

void fleet_items_free(struct fleet_items *it)
{
	free(it->v);
	memset(it, 0, sizeof *it);
}

int fleet_results_exit_code(const struct fleet_results *fr, int strict)
{
	int fail = 0;
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		if (w->state == FLEET_AUTH || w->state == FLEET_UNREACHABLE || w->state == FLEET_CONFIG) return 3;
		if (w->state != FLEET_CHECKED) continue;
		for (size_t k = 0; k < w->res.n; k++) {
			enum check_status st = w->res.v[k].status;
			if (w->res.v[k].level && vocab_level_of(w->res.v[k].level) == LEVEL_REQUIRED &&
			    (st == CHECK_FAIL || st == CHECK_ERROR || (strict && st == CHECK_UNKNOWN)))
				fail = 1;
		}
	}
	return fail ? 1 : 0;
}
