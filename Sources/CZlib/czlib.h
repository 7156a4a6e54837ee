// zlib from Debian's zlib1g-dev: gzip members in WARC files, gzip-encoded HTTP bodies and
// Python's zlib/gzip decompress in settings.
#include <zlib.h>
