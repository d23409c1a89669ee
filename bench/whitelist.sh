#!/usr/bin/env bash
# Benchmark: 'cot whitelist check --file' against 'xmllint --xpath' on a whitelist of 100,000 organisations.
#
# usage: bench/whitelist.sh [PATH_TO_COT] [RUNS]
#
# Writes a list in cot's canonical form (sorted, check digits right), validates it
# once with xmllint --schema, signs it with a throwaway key, then times, RUNS
# times each (default 15), the lookup of an organisation at the start, in the
# middle, at the end of the list and of one that is not listed (cot reads the whole list
# every time): cot without a trust anchor, cot verifying the signature, and xmllint
# --xpath, in turns. Prints the median and minimum wall time, the peak memory
# (maximum resident set) and the ratios xmllint / cot.
set -euo pipefail
COT=$(realpath "${1:-build/cot}")
RUNS=${2:-15}
N=100000
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cot-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export LC_ALL=C

# the list: KBO numbers 8 digits + 97 - (those mod 97), ascending
awk -v n="$N" 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" sequence=\"" n "\" issued=\"2026-11-20T09:30:00Z\">"
	for (i = 0; i < n; i++) {
		b = 2000000 + i * 37
		printf "  <organisation kbo=\"%08d%02d\" since=\"2026-01-12\">\n", b, 97 - b % 97
		printf "    <name>Woonzorgcentrum nummer %d vzw</name>\n", i
		printf "    <nihii>71089815</nihii>\n"
		print "  </organisation>"
	}
	print "</whitelist>"
}' >whitelist.xml
# the KBO number of organisation i; with a second argument, one between i and i + 1 (not listed)
kbo_at() { awk -v i="$1" -v off="${2:-0}" 'BEGIN { b = 2000000 + i * 37 + off; printf "%08d%02d", b, 97 - b % 97 }'; }
xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" whitelist.xml 2>/dev/null ||
	{ echo "bench: the generated list is not valid" >&2; exit 1; }

# a throwaway signer
openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out signer.pem -days 2 \
	-subj '/CN=bench authority' 2>/dev/null
printf 'bench' >pw && chmod 600 pw
openssl pkcs12 -export -inkey k.pem -in signer.pem -name authentication -passout file:pw \
	-out signer.p12
"$COT" whitelist sign --keystore signer.p12 --password-file pw >/dev/null

# wall time of one run in microseconds; its exit status is ignored
wall() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}

# peak resident set of one run, KiB
peak() {
	/usr/bin/time -o rss -f '%M' "$@" >/dev/null 2>&1 || true
	tail -1 rss
}

# median and minimum of numbers on stdin
stats() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], a[1] }'; }

printf 'whitelist.xml: %d organisations, %d bytes; %d runs each, the three tools taking\n' "$N" \
	"$(stat -c %s whitelist.xml)" "$RUNS"
printf 'turns (so that a busy machine slows them alike); wall time median and minimum\n'
printf '%d CPUs, load average %s at the start\n\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-28s %9s %9s %9s %12s\n' "lookup" "tool" "median ms" "min ms" "peak MiB" \
	"xmllint/x"
for where in start middle end absent; do
	case $where in
	start) kbo=$(kbo_at 0) ;;
	middle) kbo=$(kbo_at $((N / 2))) ;;
	end) kbo=$(kbo_at $((N - 1))) ;;
	absent) kbo=$(kbo_at $((N / 2)) 1) ;;
	esac
	xpath="//*[local-name()='organisation'][@kbo='$kbo']/*[local-name()='name']/text()"
	: >t-cot; : >t-sig; : >t-xml
	for _ in $(seq "$RUNS"); do
		wall "$COT" whitelist check --file whitelist.xml --kbo "$kbo" >>t-cot
		wall "$COT" whitelist check --file whitelist.xml --kbo "$kbo" --trust signer.pem >>t-sig
		wall xmllint --xpath "$xpath" whitelist.xml >>t-xml
	done
	read -r xm xn < <(stats <t-xml)
	for tool in cot sig xml; do
		case $tool in
		cot) name="cot check"; cmd=("$COT" whitelist check --file whitelist.xml --kbo "$kbo") ;;
		sig) name="cot check --trust (signed)"
			cmd=("$COT" whitelist check --file whitelist.xml --kbo "$kbo" --trust signer.pem) ;;
		xml) name="xmllint --xpath"; cmd=(xmllint --xpath "$xpath" whitelist.xml) ;;
		esac
		read -r m n < <(stats <"t-$tool")
		awk -v w="$where" -v t="$name" -v m="$m" -v n="$n" -v rss="$(peak "${cmd[@]}")" \
			-v xm="$xm" -v xn="$xn" 'BEGIN {
			printf "%-8s %-28s %9.1f %9.1f %9.1f %5.1fx/%4.1fx\n", w, t, m / 1000, n / 1000,
				rss / 1024, xm / m, xn / n }'
	done
done
printf '\n(xmllint/x: median ratio / minimum ratio)\n'
printf 'load average %s at the end\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '\nreproduce: bench/whitelist.sh %s %s\n' "${1:-build/cot}" "$RUNS"
