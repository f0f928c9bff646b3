/* testutil.h - helpers for the unit tests: temporary content trees and databases. */
#ifndef PWAF_TESTUTIL_H
#define PWAF_TESTUTIL_H

#include "core/contentdb.h"
#include "core/diag.h"

/* A fresh temporary directory (removed by tu_cleanup). */
char *tu_tmpdir(void);
/* Write text to dir/name, creating subdirectories. */
void tu_write(const char *dir, const char *name, const char *text);
/* A page file's text with the given id, title, partners list and body. */
char *tu_page(const char *id, const char *title, const char *partners, const char *body);
/* An item file's text. */
char *tu_item(const char *id, const char *title, const char *page, const char *level, const char *body);
/* Index dir into dir/out.db; returns the indexer's result, diagnostics in d. */
int tu_index(const char *dir, struct diag *d);
/* Open dir/out.db. */
struct cdb *tu_open(const char *dir);
/* 1 when some diagnostic has this line (0 = any) and contains needle. */
int tu_diag_has(const struct diag *d, int line, const char *needle);
/* All diagnostics, one per line (static buffer), for assertion messages. */
const char *tu_diag_text(const struct diag *d);
void tu_rmrf(const char *dir);

#endif
