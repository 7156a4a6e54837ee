// zlib from Debian's zlib1g-dev: gzip members in WARC files and gzip-encoded HTTP bodies.
#include <zlib.h>
