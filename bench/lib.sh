# The measuring helpers the benchmarks in bench/ share; sourced (`. "$SRC/bench/lib.sh"`), not run.
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# median of the numbers on stdin
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# timed OUTFILE CMD...: appends "seconds peak_kib cpu_seconds" of one run of CMD to OUTFILE
# (the script's $work holds /usr/bin/time's report).
timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$work/.time" "$@" >/dev/null
	awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/.time" >>"$out"
}

# best RUNS CMD...: prints "wall cpu peak-RSS-KiB": the fastest wall clock and the least
# CPU time (user + system) of RUNS runs, and the largest peak resident set seen.
best() {
	local runs=$1 i w c m bw= bc= bm=0
	shift
	for ((i = 0; i < runs; i++)); do
		read -r w c m < <(/usr/bin/python3 "$bench_dir/measure.py" "$@")
		if [ -z "$bw" ] || awk "BEGIN { exit !($w < $bw) }"; then bw=$w; fi
		if [ -z "$bc" ] || awk "BEGIN { exit !($c < $bc) }"; then bc=$c; fi
		[ "$m" -gt "$bm" ] && bm=$m
	done
	echo "$bw $bc $bm"
}

# ratio A B DIGITS: A / B with DIGITS decimals
ratio() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {printf "%." d "f", a / b}'; }

# the machine, for a table's heading: "N CPUs (model name)"
machine() { echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"; }

# cms_loop CAFILE [OPENSSL_CMS_OPTION...]: what a user would script to check many/*.asice:
# unzip -t, then openssl cms -verify of the manifest against CAFILE (no timestamp, no
# revocation, no document digests). Run in the work folder; for bash -c "$(declare -f cms_loop) …".
cms_loop() {
	local ca=$1 f
	shift
	for f in many/*.asice; do
		unzip -tq "$f" >/dev/null &&
			unzip -p "$f" META-INF/ASiCManifest.xml >m.xml &&
			unzip -p "$f" META-INF/signature001.p7s >s.p7s &&
			openssl cms -verify -binary -content m.xml -inform DER -in s.p7s \
				-CAfile "$ca" "$@" -purpose any -out /dev/null 2>/dev/null || return 1
	done
}

# verify_vs_loop CAFILE [OPENSSL_CMS_OPTION...]: RUNS rounds, each timing `$COT "${V[@]}"
# many/*.asice` (V: the script's verify arguments) and cms_loop CAFILE OPTION... (into
# verify.t and loop.t); then sets t_verify c_verify t_loop c_loop, the medians in seconds.
verify_vs_loop() {
	local i
	for ((i = 0; i < RUNS; i++)); do
		timed verify.t "$COT" "${V[@]}" many/*.asice
		timed loop.t bash -c "$(declare -f cms_loop); cd '$work'; cms_loop $(printf '%q ' "$@")"
	done
	t_verify=$(cut -d' ' -f1 verify.t | median)
	c_verify=$(cut -d' ' -f3 verify.t | median)
	t_loop=$(cut -d' ' -f1 loop.t | median)
	c_loop=$(cut -d' ' -f3 loop.t | median)
}
