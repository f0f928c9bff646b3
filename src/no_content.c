/* no_content.c - the empty content image of the bootstrap binary that builds the real one. */
#include <stddef.h>

const unsigned char pwaf_content_db[1] = { 0 };
const size_t pwaf_content_db_len = 0;
