#!/bin/sh
# criterion-tap.sh - run a Criterion test program with TAP output for automake's TAP driver.
exec "$@" --tap=- --jobs=2
