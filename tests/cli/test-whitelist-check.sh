#!/usr/bin/env bash
# cot whitelist check against real HTTPS servers on 127.0.0.1: openssl s_server -WWW and nginx.
. "$(dirname "$0")/lib.sh" "$@"
. "$SRCDIR/tests/cli/servers.sh"
trap 'servers_stop; rm -rf "$WORK"' EXIT
cd "$WORK"
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || bad "mkpki.sh failed"
tls_make "$WORK/tls" || bad "cannot make the server certificates"
PKI=$WORK/pki
TLS=$WORK/tls
ORG=0809394427    # the project's organisation, admitted below
OTHER=0403019261  # listed too
ABSENT=0566988259 # never listed
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }

# The authority's list, signed, served from www/.
mkdir www
(
	cd www &&
	"$COT" whitelist add --kbo "$OTHER" --name "Maison Sainte-Elisabeth" --since 2025-06-30 &&
	"$COT" whitelist add --kbo "$ORG" --name "eHealth-platform" --since 2026-01-12 &&
	"$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt"
) >/dev/null || bad "cannot make the served whitelist"
start_s_server "$WORK/www" "$TLS" || bad "s_server did not start"
URL=https://127.0.0.1:$PORT
S_PORT=$PORT
CHECK=("$COT" whitelist check --cacert "$TLS/ca.pem" --trust "$PKI/root.pem")

# --- through a proxy from the environment (https_proxy, no_proxy), as libcurl reads them ----
if command -v tinyproxy >/dev/null; then
	start_tinyproxy "$WORK/proxy" || bad "tinyproxy did not start"
	PROXY=http://127.0.0.1:$PROXY_PORT
	run 0 env -u no_proxy -u NO_PROXY https_proxy="$PROXY" "${CHECK[@]}" \
		--url "$URL/whitelist.xml" --kbo "$ORG"
	out_has "listed: KBO 0809.394.427"
	check "the request went through the proxy" \
		grep -q "CONNECT 127.0.0.1:$S_PORT " "$WORK/proxy/proxy.log"
	tunnels=$(grep -c "CONNECT 127.0.0.1:$S_PORT " "$WORK/proxy/proxy.log")
	check "the list and its signature: two tunnels" test "$tunnels" -eq 2
	# no_proxy names the server: straight there
	run 0 env https_proxy="$PROXY" "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG"
	check "no_proxy bypasses the proxy" \
		test "$(grep -c "CONNECT 127.0.0.1:$S_PORT " "$WORK/proxy/proxy.log")" -eq "$tunnels"
	# the server's certificate is verified through the tunnel too
	run 3 env -u no_proxy -u NO_PROXY https_proxy="$PROXY" "$COT" whitelist check \
		--url "$URL/whitelist.xml" --kbo "$ORG"
	err_has "certificate"
	# a proxy that is not there: could not find out
	run 3 env -u no_proxy -u NO_PROXY https_proxy="http://127.0.0.1:$(random_port)" \
		"${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG"
	err_has "the proxy from https_proxy is"
else
	printf 'SKIP: tinyproxy is not installed; proxies not tested\n'
fi

# --- outside a project: the answer only ------------------------------------------------------
run 0 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG"
out_has "listed: KBO 0809.394.427 (eHealth-platform) is on the whitelist since 2026-01-12"
out_has "whitelist: sequence 2"
out_has "signature: verified, signed by CN=CBE=0403019261"
run 1 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ABSENT"
out_has "not listed: KBO 0566.988.259 is not on the whitelist (2 organisations)"
run 1 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ABSENT" --format json
check "json says not listed" test "$(jget 'd["listed"]')" = False
check "json says verified" test "$(jget 'd["verified"]')" = True
run 0 "$COT" whitelist check --cacert "$TLS/ca.pem" --url "$URL/whitelist.xml" --kbo "$ORG"
err_has "the signature is not checked"
out_has "signature: not checked"
run 0 "$COT" whitelist check --file www/whitelist.xml --kbo "$ORG" --trust "$PKI/issuing.pem"
out_has "signature: verified"

# usage errors: 2
run 2 "${CHECK[@]}" --url "http://127.0.0.1:$PORT/whitelist.xml" --kbo "$ORG"
err_has "not an https:// URL"
run 2 "${CHECK[@]}" --url "file:///etc/passwd" --kbo "$ORG"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml"
err_has "which organisation?"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --file www/whitelist.xml --kbo "$ORG"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo 0809394428
err_has "check digits"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG" --trust /nonexistent.pem
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG" --offline
err_has "--offline reads the project's cache"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG" --interval 60
err_has "--interval and --timeout go with --wait"
run 2 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG" --wait --interval 5
err_has "--interval is at least 60 seconds"

# could not find out: 3
run 3 "$COT" whitelist check --trust "$PKI/root.pem" --url "$URL/whitelist.xml" --kbo "$ORG"
err_has "not trusted"
err_has "--cacert"
closed=$(random_port)
run 3 "${CHECK[@]}" --url "https://127.0.0.1:$closed/whitelist.xml" --kbo "$ORG"
err_has "could not find out whether KBO 0809.394.427 is listed"
err_has "(3 attempts)"
# a signature that does not chain to the anchor given: the TLS CA has nothing to do with it
run 3 "$COT" whitelist check --cacert "$TLS/ca.pem" --trust "$TLS/ca.pem" \
	--url "$URL/whitelist.xml" --kbo "$ORG"
err_has "the signer is not trusted"
# a tampered signature
cp www/whitelist.xml.p7s saved.p7s
python3 - www/whitelist.xml.p7s <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[-20] ^= 0x01
open(p, 'wb').write(bytes(b))
EOF
run 3 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG"
err_has "does not hold"
cp saved.p7s www/whitelist.xml.p7s
# the list changed after signing
cp www/whitelist.xml saved.xml
sed -i 's/eHealth-platform/eHealth-Platform/' www/whitelist.xml
run 3 "${CHECK[@]}" --url "$URL/whitelist.xml" --kbo "$ORG"
err_has "does not match the whitelist"
cp saved.xml www/whitelist.xml
# a whitelist over the size limit: s_server sends no length, so the write callback cuts it
{
	printf '<?xml version="1.0"?>\n<whitelist xmlns="urn:be:belrai:cot:whitelist:1">'
	head -c 34000000 /dev/zero | tr '\0' ' '
} >www/huge.xml
run 3 "${CHECK[@]}" --url "$URL/huge.xml" --kbo "$ORG"
err_has "larger than 33554432 bytes"
run 3 "${CHECK[@]}" --file www/huge.xml --kbo "$ORG"
err_has "too large"
# a DTD with an external entity, and an internal one: refused, never expanded
printf '<?xml version="1.0"?>\n<!DOCTYPE whitelist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1" sequence="1" issued="2026-11-20T09:30:00Z"><organisation kbo="0809394427" since="2026-01-12"><name>&xxe;</name></organisation></whitelist>\n' >www/xxe.xml
run 3 "$COT" whitelist check --cacert "$TLS/ca.pem" --url "$URL/xxe.xml" --kbo "$ORG"
err_has "xxe.xml:2:"
err_has "DOCTYPE is not allowed"
check "nothing of /etc/passwd shows" sh -c "! grep -q 'root:' '$OUT' '$ERR'"
printf '<?xml version="1.0"?>\n<!DOCTYPE whitelist SYSTEM "https://127.0.0.1:%s/evil.dtd">\n<whitelist/>\n' \
	"$PORT" >www/dtd.xml
run 3 "$COT" whitelist check --cacert "$TLS/ca.pem" --url "$URL/dtd.xml" --kbo "$ORG"
err_has "DOCTYPE is not allowed"
# with anchors, a list without a signature is no answer
run 3 "${CHECK[@]}" --file www/xxe.xml --kbo "$ORG"
err_has "not signed"

# A list cut short, and one with a KBO twice: no answer, not even for the organisations that
# come before the fault. Signed with the authority's key (cot whitelist sign refuses to sign
# them), so that with anchors only the list itself is wrong.
sign_as_authority() {
	openssl cms -sign -binary -md sha256 -signer "$PKI/good.pem" -inkey "$PKI/leaf.key" \
		-certfile "$PKI/ca-chain.pem" -outform DER -in "$1" -out "$1.p7s" 2>/dev/null
}
check "the served list ends with its end tag" test "$(tail -n 1 www/whitelist.xml)" = "</whitelist>"
head -n -1 www/whitelist.xml >www/truncated.xml
python3 - www/whitelist.xml www/dup.xml "$ORG" <<'EOF'
import re, sys
xml = open(sys.argv[1]).read()
org = re.search(r'  <organisation kbo="%s".*?</organisation>\n' % sys.argv[3], xml, re.S).group(0)
open(sys.argv[2], 'w').write(xml.replace(org, org + org))
EOF
for f in truncated dup; do
	sign_as_authority "www/$f.xml" || bad "cannot sign www/$f.xml"
	case $f in truncated) why="truncated" ;; dup) why="KBO 0809394427 is listed twice" ;; esac
	for kbo in "$ORG" "$OTHER" "$ABSENT"; do
		run 3 "$COT" whitelist check --file "www/$f.xml" --kbo "$kbo"
		err_has "$why"
		run 3 "${CHECK[@]}" --file "www/$f.xml" --kbo "$kbo"
		err_has "$why"
		run 3 "${CHECK[@]}" --url "$URL/$f.xml" --kbo "$kbo"
		err_has "$why"
		out_lacks "listed"
	done
	run 3 "$COT" whitelist check --cacert "$TLS/ca.pem" --url "$URL/$f.xml" --kbo "$ORG"
	err_has "could not find out whether KBO 0809.394.427 is listed: $URL/$f.xml:"
	err_has "$why"
done

# --- in the organisation's project ----------------------------------------------------------
new_project proj
cat >>proj/cot.yaml <<EOF

whitelist:
  url: "$URL/whitelist.xml"
  trust:
    - "$PKI/root.pem"
EOF
run 3 "$COT" -C proj whitelist check --offline
err_has "there is no cached copy of '$URL/whitelist.xml'"
# every failure leaves the journal and the cache as they were
before=$(snapshot proj)
run 3 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem" --trust "$TLS/ca.pem"
err_has "the signer is not trusted"
run 3 "$COT" -C proj whitelist check
err_has "not trusted"
run 3 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem" --url "$URL/huge.xml"
run 1 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem" --kbo "$ABSENT"
check "nothing but the cache of the list was written" test "$before" = "$(snapshot proj | grep -v '/cache/whitelist\.\(xml\|json\|xml\.p7s\)$')"

# the first positive answer: the steps before 'whitelisted' are missing, so it is only reported
run 0 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
out_has "listed: KBO 0809.394.427"
err_has "the step 'whitelisted' could not be recorded: step 'whitelisted' needs what comes before it"
run 0 "$COT" -C proj status
out_has "Whitelist: listed since 2026-01-12 (checked "
out_has "from $URL/whitelist.xml, signature verified)"
out_has "[ ] whitelisted"
run 0 "$COT" -C proj status --format json
check "status json has the whitelist" test "$(jget 'd["whitelist"]["listed"]')" = True
check "status json says from where" test "$(jget 'd["whitelist"]["source"]')" = "$URL/whitelist.xml"
for s in cert-requested cert-received registered; do
	"$COT" -C proj done "$s" >/dev/null 2>&1 || bad "cot done $s"
done
# checklist-complete only by a passing 'cot check --record': the fixture's answers, for this
# organisation, with their evidence
ready_checklist proj "$(date -u +%F)"
"$COT" -C proj check --record >/dev/null 2>&1 || bad "cot check --record"
for s in contract-signed submitted fod-validated; do
	"$COT" -C proj done "$s" >/dev/null 2>&1 || bad "cot done $s"
done
# The organisation is on each list below, so a wrong answer would record 'whitelisted' now.
# A signed list that is cut short, or has a KBO twice, served where the cached one came from
# (and read from a file): no answer, and the cache and the journal stay as they are.
before=$(snapshot proj)
cp www/whitelist.xml saved.xml
cp www/whitelist.xml.p7s saved.p7s
for f in truncated dup; do
	case $f in truncated) why="truncated" ;; dup) why="is listed twice" ;; esac
	cp "www/$f.xml" www/whitelist.xml
	cp "www/$f.xml.p7s" www/whitelist.xml.p7s
	run 3 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
	err_has "$why"
	run 3 "$COT" -C proj whitelist check --file "$WORK/www/$f.xml"
	err_has "$why"
	check "the cached copy is still the valid one" same saved.xml proj/.cot/cache/whitelist.xml
done
# An older list (a lower sequence), validly signed, served again: refused, the cache kept.
mkdir older
(
	cd older &&
	"$COT" whitelist add --kbo "$ORG" --name "eHealth-platform" --since 2026-01-12 &&
	"$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt"
) >/dev/null || bad "cannot make the older whitelist"
cp older/whitelist.xml www/whitelist.xml
cp older/whitelist.xml.p7s www/whitelist.xml.p7s
run 3 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
err_has "the whitelist served has sequence 1, lower than sequence 2 of the copy fetched on"
err_has "the cached copy is kept"
out_lacks "listed"
# the same list read from a file has no cached copy to be compared with: it is an answer
run 0 "$COT" whitelist check --file older/whitelist.xml --kbo "$ORG" --trust "$PKI/root.pem"
cp saved.xml www/whitelist.xml
cp saved.p7s www/whitelist.xml.p7s
check "no answer changed the cache or the journal" test "$before" = "$(snapshot proj)"

# Without trust anchors the same lists are no answer either, and never land in the cache.
new_project open
printf '\nwhitelist:\n  url: "%s/truncated.xml"\n' "$URL" >>open/cot.yaml
before=$(snapshot open)
run 3 "$COT" -C open whitelist check --cacert "$TLS/ca.pem"
err_has "truncated"
err_has "the signature is not checked"
run 3 "$COT" -C open whitelist check --cacert "$TLS/ca.pem" --url "$URL/dup.xml"
err_has "is listed twice"
run 3 "$COT" -C open whitelist check --file "$WORK/www/dup.xml"
err_has "is listed twice"
check "nothing cached, nothing recorded" test "$before" = "$(snapshot open)"
check "no cached copy at all" test ! -e open/.cot/cache/whitelist.xml

run 0 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
err_has "Recorded 'whitelisted'"
run 0 "$COT" -C proj status
out_has "[x] whitelisted"
run 0 "$COT" -C proj log --format json
check "whitelisted recorded once, with its source" test "$(jget '[r["data"].get("source") for r in d["records"] if r["data"].get("step") == "whitelisted"]')" = "['$URL/whitelist.xml']"
run 0 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
run 0 "$COT" -C proj log --format json
check "a second positive answer records nothing" test "$(jget 'sum(1 for r in d["records"] if r["data"].get("step") == "whitelisted")')" = 1
run 0 "$COT" -C proj log --verify
check "the cache holds the list and its signature" test -s proj/.cot/cache/whitelist.xml -a \
	-s proj/.cot/cache/whitelist.xml.p7s -a -s proj/.cot/cache/whitelist.json
check "the cache is private" test "$(stat -c %a proj/.cot/cache/whitelist.xml)" = 600

# offline: the cached copy, and how old it is; the server may be down
servers_stop
run 0 "$COT" -C proj whitelist check --offline
out_has "(the cached copy, fetched "
run 0 env COT_NOW=$(($(date +%s) + 3 * 86400 + 60)) "$COT" -C proj whitelist check --offline
out_has "3 days ago"
run 3 "$COT" -C proj whitelist check --cacert "$TLS/ca.pem"
err_has "could not find out"
# a cache whose list was changed on disk is no cache
sed -i 's/eHealth-platform/eHealth-Platform/' proj/.cot/cache/whitelist.xml
run 3 "$COT" -C proj whitelist check --offline
err_has "there is no cached copy"

# --- nginx: ETag and Last-Modified revalidation, 404 --------------------------------------------
if command -v nginx >/dev/null; then
	start_nginx "$WORK/www" "$TLS" "$WORK/nginx" || bad "nginx did not start"
	NURL=https://127.0.0.1:$PORT
	new_project ng
	printf '\nwhitelist:\n  url: "%s/whitelist.xml"\n  trust:\n    - "%s/root.pem"\n' "$NURL" \
		"$PKI" >>ng/cot.yaml
	run 0 "$COT" -C ng whitelist check --cacert "$TLS/ca.pem"
	out_has "listed:"
	out_lacks "not modified"
	run 0 "$COT" -C ng whitelist check --cacert "$TLS/ca.pem"
	out_has "(not modified: the cached copy is current)"
	check "nginx answered the revalidation of the list with 304" \
		grep -q 'GET /whitelist.xml HTTP/1.1" 304' "$WORK/nginx/access.log"
	check "and of its signature with 304" \
		grep -q 'GET /whitelist.xml.p7s HTTP/1.1" 304' "$WORK/nginx/access.log"
	check "the cache kept the ETag" grep -q '"etag"' ng/.cot/cache/whitelist.json
	# the authority changes and re-signs the list: the next check gets the new one
	sleep 1
	(cd www && "$COT" whitelist add --kbo "$ABSENT" --name "WZC Zonneweide" &&
		"$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt") \
		>/dev/null || bad "cannot change the served list"
	run 0 "$COT" -C ng whitelist check --cacert "$TLS/ca.pem"
	out_has "whitelist: sequence 3"
	out_lacks "not modified"
	# a signature the server does not have: 404
	mv www/whitelist.xml.p7s saved2.p7s
	run 3 "$COT" -C ng whitelist check --cacert "$TLS/ca.pem"
	err_has "HTTP 404"
	mv saved2.p7s www/whitelist.xml.p7s
	# --wait: not listed yet, then listed while it waits. The timeout leaves room for two
	# checks however long one takes here (seconds, under valgrind).
	t0=$(date +%s%N)
	"${CHECK[@]}" --url "$NURL/whitelist.xml" --kbo 0123456749 >/dev/null 2>&1
	per=$((($(date +%s%N) - t0) / 1000000000 + 1))
	run 1 env COT_MIN_INTERVAL=1 "${CHECK[@]}" --url "$NURL/whitelist.xml" --kbo 0123456749 \
		--wait --interval 1 --timeout $((2 * per + 1))
	err_has "not listed yet; next check in 1 second"
	err_has "gave up waiting after $((2 * per + 1)) seconds"
	(sleep 2; cd www && "$COT" whitelist add --kbo 0123456749 --name "Late" >/dev/null &&
		"$COT" whitelist sign --keystore "$PKI/modern.p12" \
		--password-file "$PKI/password.txt" >/dev/null) &
	changer=$!
	run 0 env COT_MIN_INTERVAL=1 "${CHECK[@]}" --url "$NURL/whitelist.xml" --kbo 0123456749 \
		--wait --interval 1 --timeout $((30 + 4 * per))
	out_has "listed: KBO 0123.456.749 (Late)"
	wait "$changer"
else
	printf 'SKIP: nginx is not installed; ETag revalidation not tested\n'
fi

finish
