/* live.h - live status for a UI: a snapshot (demo, saved or fetched in the background) and its check results. */
#ifndef PWAF_LIVE_H
#define PWAF_LIVE_H

#include "ws/checks.h"
#include "core/contentdb.h"

struct live;

struct live_opts {
	int demo;                  /* the bundled demo workspace ... */
	const unsigned char *demo_json; /* ... whose JSON the program passes in (pwaf_demo_json) */
	size_t demo_len;
	const char *snapshot;      /* a saved snapshot file, or NULL */
	const char *profile;       /* --profile, or NULL */
	const char *host;          /* --host, or NULL */
	int autostart;             /* fetch a live workspace at once (else only on live_refresh) */
};

/* Set up live status. Never blocks on the network: fetching happens in a background thread.
 * Returns a handle (never NULL); live_message says what happened (e.g. a config error). */
struct live *live_new(struct cdb *db, const struct live_opts *o);
void live_free(struct live *l);

/* Take pending probe events and re-check; cheap when nothing happened. Returns 1 when results changed. */
int live_poll(struct live *l);
/* A descriptor readable while probe events are pending, or -1. */
int live_fd(struct live *l);
/* Start (again) fetching from the workspace; demo and snapshot sources are re-checked. */
void live_refresh(struct live *l);

/* The result for an item, or NULL (no live source, or not checked yet). */
const struct check_result *live_result(const struct live *l, const char *item);
/* 1 while a probe the item needs (d->probes) is still being fetched. */
int live_checking(const struct live *l, const struct doc *d);
/* One line for the status bar: "demo workspace", "checking… 5/19", "live 16:52 · 12 fail", "no workspace";
 * while the host cannot be reached "live: cannot connect to h:1 (connection refused), retrying…". */
const char *live_summary(const struct live *l);
/* The last error or notice ("" when none); a config problem is reported here, not by exiting. */
const char *live_message(const struct live *l);
/* 1 when there is any live source (demo, snapshot, or a workspace configured). */
int live_active(const struct live *l);
/*
 * Why the workspace could not be read, short enough for a header ("401 UNAUTHENTICATED",
 * "403 PERMISSION_DENIED", "cannot connect to h:1 (connection refused)", "cannot resolve the host h",
 * "not configured"), or "" when nothing failed. It stays until live_refresh tries again;
 * live_message has the details, live_summary says it too. While a fetch runs it is the last
 * request's transport failure (from the first one on, while it is retried), until an answer comes.
 */
const char *live_failure(const struct live *l);

#endif
