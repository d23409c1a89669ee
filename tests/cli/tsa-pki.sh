# A test PKI for timestamp authorities, made with openssl; sourced, it only defines functions.
#
# tsa_make DIR makes, in DIR:
#   ca.pem/.key         the TSA root CA
#   tsa.pem/.key        a TSA certificate: extended key usage timeStamping, critical, alone
#   noeku.pem/.key      a certificate of the same CA without any extended key usage
#   other-ca.pem        another root CA, and other-tsa.pem/.key, a TSA certificate of it
#   tsa.cnf             the configuration for 'openssl ts -reply' (sections good, other)
# tsa_reply DIR SECTION QUERY OUT [faketime offset] answers a query as that TSA would.
# tsa_resign DIR TOKEN OUT: the token's TSTInfo signed again by noeku (CAdES, so with ESSCertIDv2).

tsa_make() {
	local d=$1
	mkdir -p "$d" || return 1
	(
		cd "$d" || exit 1
		umask 077
		printf '%s\n' 'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' \
			'subjectKeyIdentifier=hash' >ca.ext
		printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature' \
			'extendedKeyUsage=critical,timeStamping' >tsa.ext
		printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature' >noeku.ext
		for ca in ca other-ca; do
			openssl req -x509 -newkey rsa:2048 -nodes -keyout $ca.key -out $ca.pem -days 30 \
				-subj "/CN=cot test $ca for timestamps" -addext 'basicConstraints=critical,CA:TRUE' \
				-addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null || exit 1
		done
		for c in tsa:ca:tsa noeku:ca:noeku other-tsa:other-ca:tsa; do
			set -- ${c//:/ }
			openssl req -newkey rsa:2048 -nodes -keyout $1.key -out $1.csr \
				-subj "/O=cot tests/CN=cot test $1" 2>/dev/null &&
			openssl x509 -req -in $1.csr -CA $2.pem -CAkey $2.key -CAcreateserial -days 30 \
				-extfile $3.ext -out $1.pem 2>/dev/null || exit 1
		done
		echo 01 >serial
		cat >tsa.cnf <<-CNF
			[ tsa ]
			default_tsa = good
			[ good ]
			serial = $PWD/serial
			crypto_device = builtin
			signer_cert = $PWD/tsa.pem
			certs = $PWD/ca.pem
			signer_key = $PWD/tsa.key
			signer_digest = sha256
			default_policy = 1.3.6.1.4.1.99999.1
			other_policies = 1.3.6.1.4.1.99999.2
			digests = sha256, sha384, sha512
			accuracy = secs:1
			ordering = no
			tsa_name = no
			ess_cert_id_chain = no
			ess_cert_id_alg = sha256
			[ other ]
			serial = $PWD/serial
			crypto_device = builtin
			signer_cert = $PWD/other-tsa.pem
			signer_key = $PWD/other-tsa.key
			signer_digest = sha256
			default_policy = 1.3.6.1.4.1.99999.1
			digests = sha256, sha384, sha512
			ess_cert_id_alg = sha256
		CNF
	)
}

tsa_reply() {
	local d=$1 section=$2 query=$3 out=$4 shift_by=${5:-}
	if [ -n "$shift_by" ]; then
		faketime -f "$shift_by" openssl ts -reply -config "$d/tsa.cnf" -section "$section" \
			-queryfile "$query" -out "$out" 2>/dev/null
	else
		openssl ts -reply -config "$d/tsa.cnf" -section "$section" -queryfile "$query" \
			-out "$out" 2>/dev/null
	fi
}

tsa_resign() {
	local d=$1 token=$2 out=$3
	openssl cms -verify -noverify -inform DER -in "$token" -out "$out.tstinfo" 2>/dev/null &&
	openssl cms -sign -binary -nodetach -cades -nosmimecap -md sha256 \
		-econtent_type 1.2.840.113549.1.9.16.1.4 -in "$out.tstinfo" \
		-signer "$d/noeku.pem" -inkey "$d/noeku.key" -outform DER -out "$out" 2>/dev/null
	local rc=$?
	rm -f "$out.tstinfo"
	return $rc
}
