/* no_demo.c - the empty demo workspace of the bootstrap binary (the real one is src/demo_blob.c). */
#include <stddef.h>

const unsigned char pwaf_demo_json[1] = { 0 };
const size_t pwaf_demo_json_len = 0;
