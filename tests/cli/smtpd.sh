# Real SMTP servers for the tests: tests/cli/smtpd.py (aiosmtpd, run by /usr/bin/python3) on 127.0.0.1.
#
# Source it; it only defines functions. Every server started is recorded in
# SMTPD_PIDS and killed by smtpd_stop: call that from the test's EXIT trap.
# smtpd.py picks a free port itself and writes it to a file once it listens.

SMTPD_PIDS=()
SMTPD_PY=$(dirname "${BASH_SOURCE[0]}")/smtpd.py
# Debian's python3-aiosmtpd belongs to the system's interpreter, not to a python3 earlier on PATH.
SMTPD_PYTHON=/usr/bin/python3

# smtpd_available: true when the system's python3 has aiosmtpd.
smtpd_available() {
	"$SMTPD_PYTHON" -c 'import aiosmtpd' 2>/dev/null
}

# start_smtpd DIR TLSDIR [smtpd.py options]: a server that delivers to DIR/Maildir and logs
# to DIR/log, with the certificate of TLSDIR (servers.sh's tls_make); sets SMTP_PORT.
start_smtpd() {
	local dir=$1 tls=$2 pid i
	shift 2
	mkdir -p "$dir" || return 1
	rm -f "$dir/port"
	"$SMTPD_PYTHON" "$SMTPD_PY" --maildir "$dir/Maildir" --port-file "$dir/port" \
		--log "$dir/log" --cert "$tls/server.pem" --key "$tls/server.key" "$@" \
		>"$dir/stderr" 2>&1 &
	pid=$!
	for i in $(seq 200); do
		[ -s "$dir/port" ] && break
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	if [ ! -s "$dir/port" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 1
	fi
	SMTP_PORT=$(cat "$dir/port")
	SMTPD_PIDS+=("$pid")
}

# smtpd_stop: kills every server started here.
smtpd_stop() {
	local pid
	for pid in "${SMTPD_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SMTPD_PIDS=()
}
