#!/usr/bin/env bash
# Runs a test program with real SMTP servers on 127.0.0.1 (aiosmtpd through tests/cli/smtpd.py).
#
# usage: with-smtpd.sh PROGRAM [ARGS]
# The program finds COT_TEST_SMTP_CA (the CA that signed the servers' certificate),
# COT_TEST_SMTP_CLOSED_PORT (a port nobody listens on) and, for each server NAME,
# COT_TEST_SMTP_PORT_NAME and its directory COT_TEST_SMTP_DIR/NAME (Maildir/, log):
#   STARTTLS  STARTTLS required        SMTPS  implicit TLS
#   NONE      no TLS offered           R550   every RCPT refused with 550
#   D451      every DATA deferred      AUTH   login "alice" with the password
#                                             in COT_TEST_SMTP_PASSWORD required
set -u
here=$(dirname "$0")
. "$here/../cli/servers.sh"
. "$here/../cli/smtpd.sh"
if ! smtpd_available; then
	echo "with-smtpd: /usr/bin/python3 lacks aiosmtpd (apt-get install python3-aiosmtpd)" >&2
	exit 99
fi
dir=$(mktemp -d /tmp/cot-smtpd-XXXXXX)
trap 'smtpd_stop; rm -rf "$dir"' EXIT
tls_make "$dir/tls" || { echo "with-smtpd: cannot make the test certificates" >&2; exit 99; }
export COT_TEST_SMTP_PASSWORD="pw-$RANDOM-secret" SMTPD_PASSWORD
SMTPD_PASSWORD=$COT_TEST_SMTP_PASSWORD
start() {
	local name=$1
	shift
	start_smtpd "$dir/$name" "$dir/tls" "$@" ||
		{ echo "with-smtpd: the $name server did not start" >&2; cat "$dir/$name/stderr" >&2; exit 99; }
	export "COT_TEST_SMTP_PORT_$name=$SMTP_PORT"
}
start STARTTLS --tls starttls
start SMTPS --tls smtps
start NONE --tls none
start R550 --tls starttls --rcpt-550
start D451 --tls starttls --data-451 1000000
start AUTH --tls starttls --auth alice
unset SMTPD_PASSWORD
export COT_TEST_SMTP_CA="$dir/tls/ca.pem" COT_TEST_SMTP_DIR="$dir"
COT_TEST_SMTP_CLOSED_PORT=$(random_port) "$@"
