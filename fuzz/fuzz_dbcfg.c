/* fuzz_dbcfg.c - libFuzzer target: any bytes as a .databrickscfg (the go-ini dialect of dbcfg.h). */
#include "ws/dbcfg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dbcfg f;
	if (dbcfg_parse(&f, (const char *)data, size) == 0) {
		/* The contract: sec[0] is DEFAULT, names unique, every key and value a C string. */
		if (f.nsec == 0 || strcmp(f.sec[0].name, "DEFAULT") != 0) abort();
		for (size_t i = 0; i < f.nsec; i++) {
			if (dbcfg_section(&f, f.sec[i].name) != &f.sec[i]) abort();
			for (size_t j = 0; j < f.sec[i].n; j++)
				if (!f.sec[i].kv[j].key[0] || dbcfg_get(&f.sec[i], f.sec[i].kv[j].key) == NULL) abort();
		}
	} else {
		int line;
		if (!dbcfg_errmsg(&f, &line)[0] || line < 1) abort();
	}
	dbcfg_free(&f);
	return 0;
}
