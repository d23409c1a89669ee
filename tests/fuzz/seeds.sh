#!/usr/bin/env bash
# Writes the seed inputs of one fuzz harness into OUTDIR, generated from the fixtures, cot
# itself and a throwaway test PKI: nothing binary is committed that can be made here.
#
# usage: seeds.sh NAME OUTDIR COT SRCDIR
#   NAME: answers, requirements, whitelist, bundle, zipwalk, config, cert, ident, pdf, revoc,
#   tsp, blt, escape, xmlbound or deadline
set -euo pipefail
if [ $# -ne 4 ]; then
	echo "usage: $0 NAME OUTDIR COT SRCDIR" >&2
	exit 2
fi
name=$1
out=$(realpath -m "$2")
COT=$(realpath "$3")
SRC=$(realpath "$4")
mkdir -p "$out"
tmp=$(mktemp -d /tmp/cot-seeds-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export COT_ACTOR=seeds@fuzz NO_COLOR=1 LC_ALL=C.UTF-8 COT_NOW=2026-11-20T09:30:00Z
PW=Test_001

# The committed text seeds of the harness.
if [ -d "$SRC/tests/fuzz/corpus/$name" ]; then
	cp "$SRC/tests/fuzz/corpus/$name"/* "$out/"
fi

# put FILE PREFIX: a copy of FILE in the seeds, named after its origin.
put() { cp "$1" "$out/$2-$(basename "$1")"; }

pki() {
	[ -d "$tmp/pki" ] || bash "$SRC/tests/pki/mkpki.sh" "$tmp/pki" >/dev/null 2>&1
}

project() {
	"$COT" init "$tmp/$1" --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route "$2" \
		>/dev/null
}

# trust DIR: the project trusts the test PKI's root CA only.
trust() {
	cp "$tmp/pki/root.pem" "$1/test-root.pem"
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' "$1/cot.yaml"
}

pdf() {
	printf '%%PDF-1.4\n%% %s\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' \
		"$2" >"$1"
}

case $name in
answers)
	for f in "$SRC"/tests/fixtures/checklist/valid/*.yaml "$SRC"/tests/fixtures/checklist/invalid/answers-*.yaml; do
		grep -q 'cot.requirements/1' "$f" || put "$f" fixture
	done
	project p direct
	put "$tmp/p/checklist.yaml" skeleton
	;;
requirements)
	put "$SRC/checklists/belrai-security-1.0.yaml" shipped
	put "$SRC/tests/fixtures/checklist/valid/mini-requirements.yaml" fixture
	for f in "$SRC"/tests/fixtures/checklist/invalid/requirements-*.yaml; do put "$f" fixture; done
	;;
whitelist)
	for f in "$SRC"/tests/fixtures/whitelist/*.xml; do put "$f" fixture; done
	pki
	mkdir "$tmp/wl"
	(
		cd "$tmp/wl"
		"$COT" whitelist add --kbo 0809394427 --name eHealth-platform --nihii 71089815 >/dev/null
		"$COT" whitelist add --kbo 0403019261 --name "Maison Sainte-Élisabeth" >/dev/null
		"$COT" whitelist sign --keystore "$tmp/pki/modern.p12" --password-file "$tmp/pki/password.txt" >/dev/null
	)
	put "$tmp/wl/whitelist.xml" made
	put "$tmp/wl/whitelist.xml.p7s" made
	;;
bundle)
	pki
	project b vitalink
	trust "$tmp/b"
	pdf "$tmp/b/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$tmp/b/documents/vitalink-contract.pdf" "Vitalink contract"
	export KS_PASSWORD=$PW
	"$COT" -C "$tmp/b" bundle --keystore "$tmp/pki/ehealth.acc-p12" --password-env KS_PASSWORD \
		-o "$out/made-vitalink.asice" >/dev/null
	"$COT" -C "$tmp/b" bundle --unsigned -o "$out/made-vitalink-unsigned.asice" >/dev/null
	project d direct
	pdf "$tmp/d/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$tmp/d/documents/proof-of-mandate.pdf" "Staatsblad"
	"$COT" -C "$tmp/d" bundle --unsigned -o "$out/made-direct-unsigned.asice" >/dev/null 2>&1 || true
	# The manifest and signature alone, for the parsers the harness also calls directly.
	(cd "$tmp" && unzip -q -o "$out/made-vitalink.asice" -d x &&
		cp x/META-INF/ASiCManifest.xml "$out/made-manifest.xml" &&
		cp x/META-INF/signature001.p7s "$out/made-signature.p7s" &&
		cp x/submission.xml "$out/made-submission.xml")
	;;
zipwalk)
	# An unsigned bundle, and every way tests/cli/ziplie.py makes it lie (but the 2 MB bomb).
	project z vitalink
	pdf "$tmp/z/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$tmp/z/documents/vitalink-contract.pdf" "Vitalink contract"
	"$COT" -C "$tmp/z" bundle --unsigned -o "$out/made-unsigned.asice" >/dev/null
	for kind in same dd-sig dd-nosig dd-zip64 hidden gap overlap shared name flags method crc \
		csize usize dd-lie trailing unicode-path cp437 overlong c1 bidi casedup nfkcdup; do
		python3 "$SRC/tests/cli/ziplie.py" "$kind" "$out/made-unsigned.asice" "$out/lie-$kind.zip"
	done
	;;
config)
	project p direct
	put "$tmp/p/cot.yaml" init
	"$COT" init "$tmp/e" --example >/dev/null
	put "$tmp/e/cot.yaml" example
	;;
cert)
	pki
	for f in "$tmp"/pki/*.pem "$tmp"/pki/*.der "$tmp"/pki/*.p12 "$tmp"/pki/*.acc-p12 \
		"$tmp"/pki/*.bin; do
		# Private keys alone are no input of the loader, and are not worth a seed.
		case $f in *.key) continue ;; esac
		put "$f" pki
	done
	;;
revoc)
	# the OCSP responses and CRLs of the revocation tests (openssl ca, openssl ocsp)
	bash "$SRC/tests/unit/with-revoc.sh" bash -c 'cp "$COT_TEST_REVOC_DIR"/resp-*.der \
		"$COT_TEST_REVOC_DIR"/*.crl "$0"' "$out" >/dev/null 2>&1
	;;
ident)
	;;
pdf)
	# PDFs that hide keys in streams and embedded files, made here; a few real ones if any.
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/k.pem" 2>/dev/null
	openssl pkcs8 -topk8 -nocrypt -outform DER -in "$tmp/k.pem" -out "$tmp/k.p8" 2>/dev/null
	mk="python3 $SRC/tests/cli/keys-pdf.py"
	$mk clean "$out/made-clean.pdf"
	$mk encr "$out/made-encr.pdf"
	$mk flate "$out/made-flate-pem.pdf" "$tmp/k.pem"
	$mk embedded "$out/made-embedded-p8.pdf" "$tmp/k.p8"
	$mk append "$out/made-append-p8.pdf" "$tmp/k.p8"
	pdf "$out/made-minimal.pdf" "minimal"
	find /usr/share/doc -name '*.pdf' -size -2M 2>/dev/null | head -4 | while read -r f; do
		put "$f" debian
	done
	;;
blt)
	# RevocationValues of the revocation tests' OCSP responses and CRLs, and a signature by leaf
	bash "$SRC/tests/unit/with-revoc.sh" bash -c 'cp "$COT_TEST_REVOC_DIR"/resp-*.der \
		"$COT_TEST_REVOC_DIR"/*.crl "$COT_TEST_REVOC_DIR"/cms.der "$0"' "$tmp" >/dev/null 2>&1
	cp "$tmp/cms.der" "$out/made-cms.der"
	python3 - "$tmp" "$out" <<-'PY'
		import glob, os, sys
		def enc(tag, c):
		    n = len(c)
		    h = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
		    return bytes([tag]) + h + c
		def tlv(d, o):
		    n, hl = d[o + 1], 2
		    if n >= 0x80:
		        k = n & 0x7F
		        n, hl = int.from_bytes(d[o + 2:o + 2 + k], "big"), 2 + k
		    return o + hl, o + hl + n
		def inner(d, o, skip):
		    s, e = tlv(d, o)
		    for _ in range(skip):
		        s = tlv(d, s)[1]
		    return s
		def basic(r):
		    o = inner(r, 0, 1)            # [0] ResponseBytes
		    o = inner(r, o, 0)            # ResponseBytes SEQUENCE
		    o = inner(r, o, 1)            # the OCTET STRING after the OID
		    s, e = tlv(r, o)
		    return r[s:e]
		tmp, out = sys.argv[1:]
		crls = b"".join(open(f, "rb").read() for f in sorted(glob.glob(tmp + "/*.crl")))
		for f in sorted(glob.glob(tmp + "/resp-*.der")):
		    b = basic(open(f, "rb").read())
		    name = os.path.basename(f)[5:-4]
		    open(f"{out}/made-ocsp-{name}.der", "wb").write(enc(0x30, enc(0xA1, enc(0x30, b))))
		    open(f"{out}/made-both-{name}.der", "wb").write(
		        enc(0x30, enc(0xA0, enc(0x30, crls)) + enc(0xA1, enc(0x30, b))))
		open(f"{out}/made-crls.der", "wb").write(enc(0x30, enc(0xA0, enc(0x30, crls))))
	PY
	;;
tsp)
	# Answers of openssl ts -reply over the bytes fuzz-tsp.c checks tokens against.
	. "$SRC/tests/cli/tsa-pki.sh"
	tsa_make "$tmp/tsa" >/dev/null 2>&1
	printf 'the signature value of the fuzz seeds\n' >"$tmp/data.bin"
	openssl ts -query -data "$tmp/data.bin" -sha256 -cert -out "$tmp/q.tsq" 2>/dev/null
	openssl ts -query -data "$tmp/data.bin" -sha512 -out "$tmp/q512.tsq" 2>/dev/null
	openssl ts -query -data "$tmp/data.bin" -sha256 -cert -tspolicy 1.2.3 -out "$tmp/qpol.tsq" \
		2>/dev/null
	tsa_reply "$tmp/tsa" good "$tmp/q.tsq" "$out/made-good.tsr"
	tsa_reply "$tmp/tsa" other "$tmp/q.tsq" "$out/made-other.tsr"
	tsa_reply "$tmp/tsa" good "$tmp/q512.tsq" "$out/made-sha512-nocert.tsr"
	tsa_reply "$tmp/tsa" good "$tmp/qpol.tsq" "$out/made-rejected.tsr"
	for t in good other sha512-nocert; do
		openssl ts -reply -in "$out/made-$t.tsr" -token_out -out "$out/made-$t.tst" 2>/dev/null
	done
	tsa_resign "$tmp/tsa" "$out/made-good.tst" "$out/made-noeku.tst"
	;;
escape)
	printf 'WZC\r\nx: TOTAL-PASSED' >"$out/crlf"
	printf 'a\033[2J\302\233\342\200\256\001<&">' >"$out/controls"
	printf 'bad\377\300\257\355\240\200\364\220\200\200\342\200' >"$out/utf8"
	printf 'Sint-J\303\263zef \360\237\217\245 \357\277\276' >"$out/unicode"
	;;
xmlbound)
	printf '\001<?xml version="1.0"?><a xmlns="u" xmlns:b="v" x="1"><b:c y=">"/></a>' >"$out/ns"
	printf '\007<a><!-- <b w="" x="" y="" z="" v=""> --><![CDATA[<c>]]></a>' >"$out/opaque"
	printf '\003<!DOCTYPE a><a><b><c><d><e><f><g/></f></e></d></c></b></a>' >"$out/deep"
	;;
deadline)
	# answers, a NUL byte, a journal: the issue's scenario (a request, a waiver, reviews)
	project d direct
	"$COT" -C "$tmp/d" cert request --date 2026-11-06 >/dev/null
	sed -e '/^  GOV-02:$/,/^  GOV-03:$/s/^    status: compliant$/    status: non-compliant\n    waiver: {justification: j, approver: a, expires: 2027-06-04}/' \
		"$SRC/tests/fixtures/checklist/valid/complete.yaml" >"$tmp/d.yaml"
	{ cat "$tmp/d.yaml"; printf '\0'; cat "$tmp/d/.cot/journal"; } >"$out/made-request"
	{ printf '\0'; cat "$tmp/d/.cot/journal"; } >"$out/made-journal-only"
	;;
*)
	echo "seeds.sh: no harness '$name'" >&2
	exit 2
	;;
esac
