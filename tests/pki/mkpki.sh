#!/bin/bash
# Generates a throwaway test PKI imitating eHealth's: CAs, leaves, PEM/DER, PKCS#12 keystores.
#
# usage: mkpki.sh OUTDIR
#
# Nothing here is committed: every key is generated at test time. The leaves carry
# subjects built exactly as eHealth builds them (UTF8String attributes, C printable,
# the CN "TYPE=ID, APPID" with a literal comma, DER order C, O, OU..., CN).
# The keystores use the password in OUTDIR/password.txt (Test_001).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
# Only ever clean a directory this script made.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -e "$out/.cot-test-pki" ]; then
  echo "mkpki: '$out' is not empty and was not made by mkpki.sh" >&2
  exit 2
fi
mkdir -p "$out"
cd "$out"
rm -rf db ./*.pem ./*.der ./*.key ./*.csr ./*.p12 ./*.acc-p12 ./*.bin ./*.txt ./*.cnf
umask 077
: > .cot-test-pki
mkdir -p db/new
: > db/index.txt
echo 1000 > db/serial

pass=Test_001
printf '%s' "$pass" > password.txt
printf '%s\n' "$pass" > password-nl.txt
printf 'not-the-password' > wrong-password.txt
chmod 0600 password.txt password-nl.txt wrong-password.txt

# OpenSSL 3.0 has no -not_before/-not_after on x509/req: openssl ca sets explicit dates.
when() {
  date -u -d "$1" +%Y%m%d%H%M%SZ
}

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = cot_ca

[ cot_ca ]
database = db/index.txt
new_certs_dir = db/new
serial = db/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
serialNumber = optional

[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no

[ req_dn ]
CN = unused

[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_issuing ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment
extendedKeyUsage = clientAuth, emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ v3_leaf_noku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

genrsa() {
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1" 2>/dev/null
}

# Keys in parallel: the leaves share one key, the weak one has its own.
genrsa root.key 2048 &
genrsa issuing.key 2048 &
genrsa leaf.key 2048 &
genrsa weak.key 1024 &
wait

# sign NAME KEY SUBJECT START END [EXTENSIONS [DIGEST [CACERT CAKEY]]]
sign() {
  local name=$1 key=$2 subj=$3 start=$4 end=$5 ext=${6:-v3_leaf} md=${7:-sha256}
  local cacert=${8:-issuing.pem} cakey=${9:-issuing.key}
  openssl req -config ca.cnf -new -key "$key" -utf8 -subj "$subj" -out "$name.csr"
  openssl ca -config ca.cnf -batch -notext -utf8 -preserveDN -in "$name.csr" \
    -cert "$cacert" -keyfile "$cakey" -md "$md" -extensions "$ext" \
    -startdate "$(when "$start")" -enddate "$(when "$end")" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr"
}

# The CAs: a root and an issuing CA, as "ZETES SA, serialNumber=001".
openssl req -config ca.cnf -new -key root.key -utf8 \
  -subj "/C=BE/O=cot test/serialNumber=001/CN=cot test root CA" -out root.csr
openssl ca -config ca.cnf -batch -notext -utf8 -preserveDN -selfsign -in root.csr \
  -keyfile root.key -extensions v3_root -startdate "$(when '-6 years')" \
  -enddate "$(when '+25 years')" -out root.pem 2>/dev/null
rm -f root.csr
sign issuing issuing.key "/C=BE/O=cot test/serialNumber=001/CN=cot test issuing CA" \
  '-5 years' '+10 years' v3_issuing sha256 root.pem root.key
cat issuing.pem root.pem > ca-chain.pem

# ehealth_subj TYPE=ID NAME [APPID]
ehealth_subj() {
  local ident=$1 name=$2 app=${3:-}
  if [ -n "$app" ]; then
    printf '/C=BE/O=Federal Government/OU=%s/OU=%s/OU=%s/OU=eHealth-platform Belgium/CN=%s\\, %s' \
      "$app" "$ident" "$name" "$ident" "$app"
  else
    printf '/C=BE/O=Federal Government/OU=%s/OU=%s/OU=eHealth-platform Belgium/CN=%s' \
      "$ident" "$name" "$ident"
  fi
}

org='MAISON DE REPOS SAINTE-ELISABETH'
good=$(ehealth_subj CBE=0403019261 "$org")
sign good leaf.key "$good" '-30 days' '+1065 days'
sign app leaf.key "$(ehealth_subj CBE=0403019261 "$org" COT_TEST-1)" '-30 days' '+1065 days'
sign nihii leaf.key "$(ehealth_subj NIHII-HOSPITAL=71089815 "$org")" '-30 days' '+1065 days'
sign other leaf.key "$(ehealth_subj CBE=0566988259 'ANDERE ORGANISATIE VZW')" \
  '-30 days' '+1065 days'
sign expired leaf.key "$good" '-1115 days' '-20 days'
sign notyet leaf.key "$good" '+10 days' '+1105 days'
sign renew leaf.key "$good" '-1065 days' '+30 days'
sign weak weak.key "$good" '-30 days' '+1065 days'
sign sha1 leaf.key "$good" '-30 days' '+1065 days' v3_leaf sha1
sign noku leaf.key "$good" '-30 days' '+1065 days' v3_leaf_noku
sign badcheck leaf.key "$(ehealth_subj CBE=0403019262 "$org")" '-30 days' '+1065 days'
sign unknown leaf.key "$(ehealth_subj FOO=12345 "$org")" '-30 days' '+1065 days'
sign cnmismatch leaf.key \
  "/C=BE/O=Federal Government/OU=CBE=0403019261/OU=$org/OU=eHealth-platform Belgium/CN=CBE=0566988259" \
  '-30 days' '+1065 days'
sign badapp leaf.key "$(ehealth_subj CBE=0403019261 "$org" 'not an app id')" \
  '-30 days' '+1065 days'
# 71089834: 710898 mod 89 = 55, 89 - 55 = 34 (the classic mod-97 check wants 15).
sign mod89 leaf.key "$(ehealth_subj NIHII-HOSPITAL=71089834 "$org")" '-30 days' '+1065 days'
sign person leaf.key "$(ehealth_subj SSIN=79021802145 'JANSSENS JAN')" '-30 days' '+1065 days'
# An eID-like person certificate: no identifier OU, the SSIN in serialNumber.
sign eid leaf.key '/C=BE/serialNumber=79021802145/CN=Jan Janssens (Authentication)' \
  '-30 days' '+1065 days'
openssl req -config ca.cnf -new -x509 -key leaf.key -utf8 -subj "$good" -days 1095 \
  -addext 'keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment' \
  -addext 'extendedKeyUsage=clientAuth,emailProtection' -out self.pem

# Other encodings of the good leaf.
openssl x509 -in good.pem -outform DER -out good.der
cat good.pem issuing.pem root.pem > good-chain.pem
cat leaf.key good.pem > good-with-key.pem
head -c "$(($(stat -c %s good.der) / 2))" good.der > truncated.der
printf 'this is not a certificate, nor a keystore\n' > garbage.bin
: > empty.bin

# Keystores written by OpenSSL: modern (PBES2/AES-256, HMAC-SHA256) and legacy
# (RC2-40 certificates, 3DES key, SHA-1 MAC).
openssl pkcs12 -export -inkey leaf.key -in good.pem -certfile ca-chain.pem \
  -name authentication -passout file:password.txt -out modern.p12
openssl pkcs12 -export -legacy -inkey leaf.key -in good.pem -certfile ca-chain.pem \
  -name authentication -passout file:password.txt -out legacy.p12
openssl pkcs12 -export -inkey leaf.key -in good.pem -passout file:password.txt \
  -out noname.p12
openssl pkcs12 -export -inkey leaf.key -in good.pem -passout pass: -out empty-password.p12
openssl pkcs12 -export -nokeys -in good.pem -certfile ca-chain.pem \
  -passout file:password.txt -out certsonly.p12
head -c "$(($(stat -c %s modern.p12) / 2))" modern.p12 > truncated.p12

# The eHealth layout, written by Java in the legacy format: "authentication" with
# the chain, and the encryption (ETK) key under a decimal serial-number alias with a
# self-signed certificate of the same subject.
dname='CN=CBE\=0403019261,OU=eHealth-platform Belgium,OU=MAISON DE REPOS SAINTE-ELISABETH,OU=CBE\=0403019261,O=Federal Government,C=BE'
kt() {
  keytool -J-Dkeystore.pkcs12.legacy "$@" >/dev/null 2>&1
}
kt -importkeystore -noprompt -srckeystore modern.p12 -srcstoretype PKCS12 \
  -srcstorepass "$pass" -destkeystore ehealth.acc-p12 -deststoretype PKCS12 \
  -deststorepass "$pass"
kt -genkeypair -alias 19088378040904364161854366057849601424 -keyalg RSA -keysize 2048 \
  -sigalg SHA256withRSA -validity 1095 -dname "$dname" -keystore ehealth.acc-p12 \
  -storetype PKCS12 -storepass "$pass" -keypass "$pass"

# Two keys and neither is named "authentication" (Java, modern format).
keytool -importkeystore -noprompt -srckeystore modern.p12 -srcstoretype PKCS12 \
  -srcstorepass "$pass" -srcalias authentication -destalias signing \
  -destkeystore twokeys.p12 -deststoretype PKCS12 -deststorepass "$pass" >/dev/null 2>&1
keytool -genkeypair -alias encryption -keyalg RSA -keysize 2048 -validity 1095 \
  -dname "$dname" -keystore twokeys.p12 -storetype PKCS12 -storepass "$pass" \
  -keypass "$pass" >/dev/null 2>&1

if ! openssl pkcs12 -info -legacy -noout -in ehealth.acc-p12 -passin file:password.txt 2>&1 |
  grep -q pbeWithSHA1And40BitRC2-CBC; then
  echo "mkpki: keytool did not write a legacy (RC2-40) keystore" >&2
  exit 1
fi
rm -f db/new/*.pem
