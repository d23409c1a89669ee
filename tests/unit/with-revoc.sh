#!/usr/bin/env bash
# Runs a test program with a revocation test PKI (openssl ca), OCSP responders (openssl) and CRLs (nginx) on 127.0.0.1.
#
# usage: with-revoc.sh PROGRAM [ARGS]
# The program finds in COT_TEST_REVOC_DIR (every name below is a PEM certificate, with
# its key NAME.key where the test needs one; the leaves have eHealth subjects, CBE
# 0809394427, with an OU "cot revoc test NAME"):
#   root     the anchor; its OCSP responder (signed by root itself) knows int and int2
#   int      an intermediate; its responder signs with the delegated 'ocsp' certificate
#   int2     an intermediate that root revoked (keyCompromise)
#   leaf     good: AIA -> int's responder, CDP -> int.crl
#   revoked  revoked by int (keyCompromise): same URLs as leaf
#   leaf2    issued by int2: CDP -> int2.crl only
#   down     AIA -> a closed port, CDP -> int.crl (the CRL fallback)
#   cached   AIA -> a responder of its own, whose PID is COT_TEST_REVOC_CACHE_PID (the
#            test kills it to see the cache answer)
#   evil     AIA -> ocsp-server.py in file mode, which answers any POST with the bytes of WWW/evil.ocsp
#   crlonly  no AIA, CDP -> WWW/evil.crl (served by nginx: the test writes it)
#   noinfo   no AIA, no CDP
#   ocsp     int's delegated responder (id-kp-OCSPSigning); noeku: issued by int without it
#   other    an unrelated self-signed CA
# and DER files: int.crl, int2.crl, root.crl, other.crl; resp-*.der, OCSP responses made
# offline for leaf: good (by int), delegated (by ocsp), noeku, unrelated (by other),
# revoked (for revoked.pem), evil (for evil.pem, no nonce), stale (next-update in one day: judge it later).
# COT_TEST_REVOC_WWW is nginx's document root; cms.der a CMS SignedData by leaf.
set -u
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
here=$(dirname "$0")
. "$here/../cli/servers.sh"
dir=$(mktemp -d /tmp/cot-revoc-XXXXXX)
trap 'servers_stop; rm -rf "$dir"' EXIT
fail() { echo "with-revoc: $*" >&2; exit 99; }

p_int=$(random_port) && p_root=$(random_port) && p_cache=$(random_port) &&
	p_evil=$(random_port) && p_http=$(random_port) && p_closed=$(random_port) ||
	fail "no free port"

# ca_setup NAME: a CA directory for openssl ca (index, serial, crlnumber, config).
ca_setup() {
	local d=$dir/ca-$1
	mkdir -p "$d/new" && : >"$d/index.txt" && echo 1000 >"$d/crlnumber" &&
		openssl rand -hex 8 >"$d/serial" || return 1
	cat >"$d/ca.cnf" <<-EOF
		[ca]
		default_ca = cad
		[cad]
		dir = $d
		database = $d/index.txt
		new_certs_dir = $d/new
		certificate = $dir/$1.pem
		private_key = $dir/$1.key
		serial = $d/serial
		crlnumber = $d/crlnumber
		default_md = sha256
		default_days = 30
		default_crl_days = 7
		policy = pol
		preserve = yes
		unique_subject = no
		[pol]
		countryName = optional
		organizationName = optional
		organizationalUnitName = optional
		commonName = supplied
		[sub_ca]
		basicConstraints = critical,CA:TRUE
		keyUsage = critical,keyCertSign,cRLSign
		authorityInfoAccess = OCSP;URI:http://127.0.0.1:$p_root/
		crlDistributionPoints = URI:http://127.0.0.1:$p_http/root.crl
		[leaf]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		authorityInfoAccess = OCSP;URI:http://127.0.0.1:$p_int/
		crlDistributionPoints = URI:http://127.0.0.1:$p_http/int.crl
		[leaf2]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		crlDistributionPoints = URI:http://127.0.0.1:$p_http/int2.crl
		[down]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		authorityInfoAccess = OCSP;URI:http://127.0.0.1:$p_closed/
		crlDistributionPoints = URI:http://127.0.0.1:$p_http/int.crl
		[cached]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		authorityInfoAccess = OCSP;URI:http://127.0.0.1:$p_cache/
		[evil]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		authorityInfoAccess = OCSP;URI:http://127.0.0.1:$p_evil/
		[crlonly]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		crlDistributionPoints = URI:http://127.0.0.1:$p_http/evil.crl
		[noinfo]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
		[ocsp]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature
		extendedKeyUsage = OCSPSigning
		[noeku]
		basicConstraints = critical,CA:FALSE
		keyUsage = critical,digitalSignature
	EOF
}

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$1.key" 2>/dev/null; }

# selfsigned NAME: a root CA.
selfsigned() {
	key "$1" && openssl req -x509 -new -key "$dir/$1.key" -out "$dir/$1.pem" -days 30 \
		-subj "/CN=cot revoc test $1" -addext 'basicConstraints=critical,CA:TRUE' \
		-addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null && ca_setup "$1"
}

# The subject eHealth gives an organisation (CBE 0809394427), named NAME in an OU.
ehealth() {
	echo "/C=BE/O=Federal Government/OU=CBE=0809394427/OU=cot revoc test $1/OU=eHealth-platform Belgium/CN=CBE=0809394427"
}

# issue CA NAME EXT [SUBJECT]: NAME.pem issued by CA with the extension section EXT.
issue() {
	key "$2" && openssl req -new -key "$dir/$2.key" -subj "${4:-/CN=cot revoc test $2}" \
		-out "$dir/$2.csr" 2>/dev/null &&
		openssl ca -batch -config "$dir/ca-$1/ca.cnf" -extensions "$3" -in "$dir/$2.csr" \
			-out "$dir/$2.pem" -notext 2>/dev/null
}

revoke() { openssl ca -config "$dir/ca-$1/ca.cnf" -revoke "$dir/$2.pem" -crl_reason keyCompromise 2>/dev/null; }

gencrl() {
	openssl ca -config "$dir/ca-$1/ca.cnf" -gencrl -out "$dir/$1.crl.pem" 2>/dev/null &&
		openssl crl -in "$dir/$1.crl.pem" -outform DER -out "$dir/$1.crl"
}

# resp NAME CERT SIGNER: resp-NAME.der, int's answer for CERT signed by SIGNER, made offline.
resp() {
	openssl ocsp -issuer "$dir/int.pem" -cert "$dir/$2.pem" -no_nonce -reqout "$dir/req-$1.der" \
		2>/dev/null &&
		openssl ocsp -index "$dir/ca-int/index.txt" -CA "$dir/int.pem" -rsigner "$dir/$3.pem" \
			-rkey "$dir/$3.key" -reqin "$dir/req-$1.der" -respout "$dir/resp-$1.der" \
			-ndays 1 >/dev/null 2>&1
}

selfsigned root && selfsigned other && issue root int sub_ca && ca_setup int &&
	issue root int2 sub_ca && ca_setup int2 && revoke root int2 ||
	fail "cannot make the CAs"
for c in "leaf leaf" "revoked leaf" "down down" "cached cached" "evil evil" "crlonly crlonly" \
	"noinfo noinfo"; do
	issue int ${c% *} ${c#* } "$(ehealth ${c% *})" || fail "cannot issue ${c% *}"
done
issue int ocsp ocsp && issue int noeku noeku && issue int2 leaf2 leaf2 "$(ehealth leaf2)" && revoke int revoked || fail "cannot issue leaf2 or revoke"
for ca in root int int2 other; do gencrl "$ca" || fail "cannot make the CRL of $ca"; done
resp good leaf int && resp delegated leaf ocsp && resp noeku leaf noeku &&
	resp unrelated leaf other && resp revoked revoked int && resp evil evil int && cp "$dir/resp-good.der" "$dir/resp-stale.der" ||
	fail "cannot make the OCSP responses"
echo signed >"$dir/data.txt"
openssl cms -sign -in "$dir/data.txt" -signer "$dir/leaf.pem" -inkey "$dir/leaf.key" -binary \
	-outform DER -out "$dir/cms.der" 2>/dev/null || fail "cannot make the CMS signature"

mkdir -p "$dir/www" "$dir/nginx/tmp" && cp "$dir"/*.crl "$dir/www/" || fail "no www"
cat >"$dir/nginx/nginx.conf" <<EOF
master_process off;
worker_processes 1;
error_log $dir/nginx/error.log;
pid $dir/nginx/nginx.pid;
events { worker_connections 32; }
http {
	access_log $dir/nginx/access.log;
	client_body_temp_path $dir/nginx/tmp;
	server { listen 127.0.0.1:$p_http; root $dir/www; location / { } }
}
EOF
nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' >/dev/null 2>&1 &
keep_if_listening "$p_http" $! || fail "nginx did not start"

# responder PORT CA SIGNER: openssl ocsp for CA's index, signing with SIGNER, on 127.0.0.1:PORT.
responder() {
	python3 "$here/ocsp-server.py" "$1" openssl -index "$dir/ca-$2/index.txt" -CA "$dir/$2.pem" \
		-rsigner "$dir/$3.pem" -rkey "$dir/$3.key" -ndays 1 2>/dev/null &
	keep_if_listening "$1" $!
}
responder "$p_int" int ocsp && responder "$p_root" root root || fail "a responder did not start"
responder "$p_cache" int int || fail "the cache's responder did not start"
cache_pid=${SERVER_PIDS[-1]}
python3 "$here/ocsp-server.py" "$p_evil" file "$dir/www/evil.ocsp" 2>/dev/null &
keep_if_listening "$p_evil" $! || fail "the hostile responder did not start"

COT_TEST_REVOC_DIR=$dir COT_TEST_REVOC_WWW=$dir/www COT_TEST_REVOC_CACHE_PID=$cache_pid "$@"
