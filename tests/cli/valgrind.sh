#!/bin/sh
# cot under valgrind memcheck, for the CLI tests under 'meson test --setup valgrind' (lib.sh
# puts this in $COT): any memory error or definitely lost block makes cot exit 99, and
# every run's report is kept in $COT_VALGRIND_LOGS for lib.sh's finish to check.
# --vgdb=no: no gdbserver FIFOs in /tmp, which a cot killed by a test would leave behind.
exec valgrind --quiet --vgdb=no --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --num-callers=30 \
	--log-file="$COT_VALGRIND_LOGS/vg.%p.log" "$COT_REAL" "$@"
