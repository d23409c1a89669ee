#!/usr/bin/env bash
# cot verify on containers whose zip structure lies (tests/cli/ziplie.py rewrites a good bundle
# byte by byte): hidden local entries, gaps, overlaps, headers and data descriptors that
# disagree, a many-entry bomb, names in other encodings or with controls, names that are one
# but for case; bundle paths that are not regular files. Each fails with its check id.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
LIE="$PY $SRCDIR/tests/cli/ziplie.py"
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
PKI=$WORK/pki
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=Test_001
TRUST=(--trust "$PKI/root.pem")

org vl vitalink
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C vl bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD \
	-o "$WORK/G.asice" >/dev/null || bad "cannot build G.asice"

# --- the writer is honest when asked; data descriptors of every form are valid -----------------
for kind in same dd-sig dd-nosig dd-zip64; do
	$LIE "$kind" G.asice "$kind.asice" || bad "cannot make $kind"
	run 0 "$COT" -v verify "${TRUST[@]}" "$kind.asice"
	out_has "$kind.asice: TOTAL-PASSED"
	out_has "local headers tile the archive up to the central directory at"
done
check "the descriptor forms differ in bytes" test "$(sha256sum dd-sig.asice dd-nosig.asice \
	dd-zip64.asice | cut -d' ' -f1 | sort -u | wc -l)" = 3

# --- lies: each fails with the check that names it ------------------------------------------------
cases="hidden:archive-layout gap:archive-layout overlap:archive-layout shared:archive-layout
	name:archive-layout flags:archive-layout method:archive-layout crc:archive-layout
	csize:archive-layout usize:archive-layout dd-lie:archive-layout trailing:archive-layout
	unicode-path:archive-layout bomb2048:archive-limits cp437:archive-paths
	overlong:archive-paths c1:archive-paths bidi:archive-paths casedup:archive-duplicates
	nfkcdup:archive-duplicates"
for c in $cases; do
	kind=${c%%:*}
	$LIE "$kind" G.asice "$kind.asice" || bad "cannot make $kind"
	run 1 "$COT" verify "${TRUST[@]}" "$kind.asice"
	out_has "$kind.asice: TOTAL-FAILED/FORMAT_FAILURE"
	out_has "[${c#*:}]"
done
# The hidden entry is what a streaming reader (local headers from offset 0) shows first.
check "a streaming reader sees the hidden contract" $PY -c 'import struct, sys
b = open(sys.argv[1], "rb").read()
pos = 0
while b[pos:pos + 4] == b"PK\x03\x04":
    cs, = struct.unpack_from("<I", b, pos + 18)
    n, x = struct.unpack_from("<HH", b, pos + 26)
    if b[pos + 30:pos + 30 + n] == b"documents/belrai-contract.pdf":
        sys.exit(0 if b"the hidden contract" in b[pos + 30 + n + x:pos + 30 + n + x + cs] else 1)
    pos += 30 + n + x + cs
sys.exit(1)' hidden.asice
# What each says, with the offset where the walk found it.
run 1 "$COT" verify "${TRUST[@]}" hidden.asice
out_has "a local entry 'documents/belrai-contract.pdf' that the central directory does not list (a hidden entry)"
out_lacks "[archive-prepended]" # libzip's consistency check alone let it pass
run 1 "$COT" verify "${TRUST[@]}" gap.asice
out_has "16 bytes that belong to no entry"
run 1 "$COT" verify "${TRUST[@]}" overlap.asice
out_has "the entry before runs over the local header of 'META-INF/ASiCManifest.xml' (an overlap)"
run 1 "$COT" verify "${TRUST[@]}" shared.asice
out_has "'submission.xml' and 'documents/extra.pdf' share one local header"
run 1 "$COT" verify "${TRUST[@]}" name.asice
out_has "the local header names 'submission.xmL', the central directory 'submission.xml'"
run 1 "$COT" verify "${TRUST[@]}" method.asice
out_has "'submission.xml': local method 0, central 8"
run 1 "$COT" verify "${TRUST[@]}" dd-lie.asice
out_has "'submission.xml': the data descriptor says CRC"
run 1 "$COT" verify "${TRUST[@]}" unicode-path.asice
out_has "libzip reads the name 'documents/other.pdf' where the central directory says 'submission.xml'"
# The bomb is judged before anything is inflated.
run 1 "$COT" verify "${TRUST[@]}" bomb2048.asice
out_has "from a file of"
out_has "a decompression bomb?"
out_lacks "cannot be read"
check "bomb2048 holds 2,048 more entries" test "$($TOOL names bomb2048.asice | grep -c '^bomb/')" = 2048
# Names: refused with the reason, and shown (never dropped).
run 1 "$COT" verify "${TRUST[@]}" cp437.asice
out_has "without the UTF-8 flag (bit 11)"
run 1 "$COT" verify "${TRUST[@]}" overlong.asice
out_has "invalid UTF-8 at byte 9"
run 1 "$COT" verify "${TRUST[@]}" c1.asice
out_has "a C1 control character (U+0085)"
run 1 "$COT" verify "${TRUST[@]}" bidi.asice
out_has "a bidirectional control character (U+202E)"
run 1 "$COT" verify "${TRUST[@]}" casedup.asice
out_has "'SUBMISSION.XML' and 'submission.xml' are one name"

# --- a manifest of 95,000 attributes is refused before libxml2 parses it --------------------------
$PY -c 'import sys
attrs = " ".join("a%d=\"\"" % i for i in range(95000))
sys.stdout.write("<?xml version=\"1.0\"?>\n<asic:ASiCManifest xmlns:asic=\"http://uri.etsi.org/02918/v1.2.1#\" %s/>\n" % attrs)' >attrs.xml
$TOOL replace G.asice attrs.asice META-INF/ASiCManifest.xml attrs.xml || bad "cannot make attrs"
run 1 timeout 20 "$COT" verify "${TRUST[@]}" attrs.asice
out_has "has more than 32 attributes [container-manifest]"

# --- bundle paths that are not regular files: exit 2 at once, the path named --------------------
ln -s /dev/zero zero.asice
mkfifo fifo.asice
mkdir dir.asice
$PY -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock.asice")'
for f in zero.asice:"a character device" fifo.asice:"a FIFO" dir.asice:"a directory" \
	sock.asice:"a socket"; do
	run 2 timeout 10 "$COT" verify "${TRUST[@]}" "${f%%:*}"
	out_has "cannot read '${f%%:*}': ${f#*:}"
done
run 2 timeout 10 "$COT" verify "${TRUST[@]}" G.asice fifo.asice zero.asice
out_has "G.asice: TOTAL-PASSED"
out_has "cannot read 'fifo.asice': a FIFO"
finish
