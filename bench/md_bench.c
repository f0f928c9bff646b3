/* md_bench.c - time md_render() + md_print() over a Markdown file, output to /dev/null. */
#include "md/render.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: md_bench FILE [WIDTH [ANSI]]\n");
		return 2;
	}
	setlocale(LC_CTYPE, "C.UTF-8");
	FILE *f = fopen(argv[1], "rb");
	if (!f) { perror(argv[1]); return 2; }
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *src = malloc((size_t)n + 1);
	if (!src || fread(src, 1, (size_t)n, f) != (size_t)n) return 2;
	fclose(f);
	struct md_opts o = { argc > 2 ? atoi(argv[2]) : 80, 0 };
	FILE *out = fopen("/dev/null", "w");
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct md_doc *d = md_render(src, (size_t)n, &o);
	if (!d || md_print(out, d, argc > 3 ? atoi(argv[3]) : 1, o.width) != 0) return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.6f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	md_doc_free(d);
	fclose(out);
	free(src);
	return 0;
}
