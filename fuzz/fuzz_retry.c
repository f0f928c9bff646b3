/* fuzz_retry.c - libFuzzer target: any Retry-After header value (and attempt number) to a wait. */
#include "ws/curl_lazy.h"
#include "ws/http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	if (!loaded) {
		char err[256];
		if (curl_lazy_load(err, sizeof err) != 0) abort();   /* Retry-After dates use curl_getdate */
		loaded = 1;
	}
	if (size < 1) return 0;
	int attempt = (int8_t)data[0];
	char *header = malloc(size);
	memcpy(header, data + 1, size - 1);
	header[size - 1] = '\0';
	unsigned seed = 1;
	long ms = http_retry_delay_ms(attempt, header, &seed);
	if (ms < 0 || ms > 3600000L) abort();       /* never negative, never more than an hour */
	free(header);
	return 0;
}
