#!/usr/bin/env bash
# Runs a test program with a real HTTPS server on 127.0.0.1 (openssl s_server -WWW, a throwaway CA).
#
# usage: with-https.sh PROGRAM [ARGS]
# The program finds: COT_TEST_HTTPS_PORT (the server), COT_TEST_HTTPS_CA (the CA
# that signed its certificate), COT_TEST_HTTPS_ROOT (its document root: files
# written there are served at once), COT_TEST_CLOSED_PORT (a port nobody listens on),
# COT_TEST_HTTP_PORT (a plain HTTP server for POSTs: http-echo.py).
set -u
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
here=$(dirname "$0")
. "$here/../cli/servers.sh"
dir=$(mktemp -d /tmp/cot-https-XXXXXX)
trap 'servers_stop; rm -rf "$dir"' EXIT
mkdir -p "$dir/www"
tls_make "$dir/tls" || { echo "with-https: cannot make the test certificates" >&2; exit 99; }
start_s_server "$dir/www" "$dir/tls" || { echo "with-https: s_server did not start" >&2; exit 99; }
https_port=$PORT
for attempt in 1 2 3 4 5; do
	PORT=$(random_port) || break
	python3 "$here/http-echo.py" "$PORT" 2>/dev/null &
	keep_if_listening "$PORT" $! && http_port=$PORT && break
done
[ -n "${http_port:-}" ] || { echo "with-https: http-echo.py did not start" >&2; exit 99; }
COT_TEST_HTTPS_PORT=$https_port COT_TEST_HTTP_PORT=$http_port COT_TEST_HTTPS_CA="$dir/tls/ca.pem" COT_TEST_HTTPS_ROOT="$dir/www" \
	COT_TEST_CLOSED_PORT=$(random_port) "$@"
