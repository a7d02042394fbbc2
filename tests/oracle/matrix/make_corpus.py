#!/usr/bin/env python3
"""Writes the SIP request corpus of the pseudo-variable conformance matrix.

Each case becomes tests/oracle/matrix/corpus/NNN-short-name.sip: the exact bytes
of one UDP datagram (CRLF line ends; Content-Length equal to the body length
unless the case is about Content-Length). The cases exercise the RFC 3261
grammar where parsers tend to differ: URI user parts and escapes, hosts, ports
and parameters, LWS and folding, compact and mixed-case header names, lists,
display names, tags, credentials, identity headers, bodies, CSeq, methods, long
and many headers, unusual header names, and a set of deliberately malformed
requests whose acceptance the matrix records.

Deterministic, standard library only. Run:  python3 make_corpus.py
It removes the *.sip files in corpus/ first, writes the cases, then checks them
(header section ends with CRLF CRLF, CRLF line ends, size <= 16 KB, no NUL but
in the one NUL case, unique Call-IDs, Via with a z9hG4bK branch, Max-Forwards 70,
Content-Length = body length) and prints the exceptions it expects. It exits
non-zero when a check finds anything the case list does not declare.

Placeholders in header lines: {{N}} case number, {{BR}} branch, {{FT}} From tag,
{{CID}} default Call-ID value.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
MAX_SIZE = 16 * 1024

DEF = object()  # "use the default line"
CONTACT_METHODS = {"INVITE", "REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "UPDATE", "invite"}

CASES = []
THEME = [None]


def theme(name):
    THEME[0] = name


def add(name, method="INVITE", ruri="sip:bob@127.0.0.1:5070", *, reqline=None,
        pre=(), via=DEF, maxf=DEF, frm=DEF, to=DEF, cid=DEF, cseq=DEF, contact=DEF,
        extra=(), ctype=None, body=b"", cl=DEF, prefix=b"",
        odd=None, cl_exc=None, no_via=False, mf_exc=False, cid_exc=False,
        bare_lf=False, nul=False):
    """One request.

    via/maxf/frm/to/cid/cseq/contact: DEF (default line), None (omitted) or the
    full header line(s) as str or bytes.  extra: more header lines after them.
    cl: DEF (correct Content-Length), None (omitted) or a full line, where
    {{LEN}} stands for the body length.  odd: why the case is deliberately
    malformed or odd.  cl_exc: why Content-Length deliberately differs from the
    body (missing, wrong, non-canonical)."""
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
    if isinstance(body, str):
        body = body.encode("utf-8")
    if body and ctype is None and cl_exc is None:
        raise ValueError(name + ": body without Content-Type")
    CASES.append(dict(theme=THEME[0], name=name, method=method, ruri=ruri, reqline=reqline,
                      pre=list(pre), via=via, maxf=maxf, frm=frm, to=to, cid=cid, cseq=cseq,
                      contact=contact, extra=list(extra), ctype=ctype, body=body, cl=cl,
                      prefix=prefix, odd=odd, cl_exc=cl_exc, no_via=no_via, mf_exc=mf_exc,
                      cid_exc=cid_exc, bare_lf=bare_lf, nul=nul))


def _b(x):
    return x if isinstance(x, bytes) else x.encode("utf-8")


def build(c, n):
    num = "%03d" % n
    toks = {
        "{{N}}": num,
        "{{BR}}": "z9hG4bK-mx" + num,
        "{{FT}}": "ft" + num,
        "{{CID}}": "mx%s-%s@matrix.test" % (num, c["name"]),
        "{{LEN}}": str(len(c["body"])),
    }

    def sub(x):
        x = _b(x)
        for k, v in toks.items():
            x = x.replace(k.encode(), v.encode())
        return x

    m = c["method"]
    lines = [sub(c["reqline"] or "%s %s SIP/2.0" % (m, c["ruri"]))]
    lines += [sub(x) for x in c["pre"]]

    def std(key, default):
        v = c[key]
        if v is None:
            return
        lines.append(sub(default if v is DEF else v))

    std("via", "Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport")
    std("maxf", "Max-Forwards: 70")
    std("frm", "From: <sip:alice@example.com>;tag={{FT}}")
    std("to", "To: <sip:bob@127.0.0.1:5070>")
    std("cid", "Call-ID: {{CID}}")
    std("cseq", "CSeq: 1 %s" % m)
    if c["contact"] is not DEF or m in CONTACT_METHODS:
        std("contact", "Contact: <sip:alice@127.0.0.1:5071>")
    lines += [sub(x) for x in c["extra"]]
    if c["ctype"] is not None:
        lines.append(sub(c["ctype"]))
    std("cl", "Content-Length: {{LEN}}")
    return _b(c["prefix"]) + b"\r\n".join(lines) + b"\r\n\r\n" + c["body"]


# ---------------------------------------------------------------------------
# building blocks

def sdp(user="alice", ip="127.0.0.1", port=49170):
    return ("v=0\r\n"
            "o=%s 3172839301 3172839301 IN IP4 %s\r\n"
            "s=matrix\r\n"
            "c=IN IP4 %s\r\n"
            "t=0 0\r\n"
            "m=audio %d RTP/AVP 0 8 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:8 PCMA/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n"
            "a=sendrecv\r\n" % (user, ip, ip, port)).encode()


SDP = sdp()
CT_SDP = "Content-Type: application/sdp"

PIDF = ('<?xml version="1.0" encoding="UTF-8"?>\r\n'
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">\r\n'
        ' <tuple id="t1"><status><basic>open</basic></status></tuple>\r\n'
        '</presence>\r\n').encode()


def digest(**kw):
    return ", ".join('%s=%s' % (k, v) for k, v in kw.items())


NONCE = '"7b3d91e0c2a54f18a96e0d4c3b2a1f09"'
RESP = '"0f9c2ab47e6d15c83a0b9e4d7c6f5a21"'

# ---------------------------------------------------------------------------
theme("uri-user")

add("user-ampersand", ruri="sip:tom&jerry@127.0.0.1:5070",
    to="To: <sip:tom&jerry@127.0.0.1:5070>")
add("user-equals", ruri="sip:key=value@127.0.0.1:5070")
add("user-plus", ruri="sip:+15550100@127.0.0.1:5070", to="To: <sip:+15550100@127.0.0.1:5070>")
add("user-dollar-from", frm="From: <sip:price$10@example.com>;tag={{FT}}")
add("user-comma-to", to="To: <sip:last,first@example.com>")
add("user-comma-contact",
    contact="Contact: <sip:a,b@127.0.0.1:5071>, <sip:c@127.0.0.1:5072>")
add("user-semicolon-ruri", ruri="sip:alice;ext=22@127.0.0.1:5070")
add("user-semicolon-pai",
    extra=["P-Asserted-Identity: <sip:sales;dept=1@example.com>"])
add("user-question-mark", ruri="sip:who?@127.0.0.1:5070")
add("user-question-mark-from", frm="From: <sip:why?not@example.com>;tag={{FT}}")
add("user-slash", ruri="sip:dept/sales@127.0.0.1:5070")
add("user-slash-diversion",
    extra=["Diversion: <sip:queue/7@example.com>;reason=unconditional"])
add("user-all-unreserved-ruri", ruri="sip:a&b=c+d$e,f;g?h/i@127.0.0.1:5070")
add("user-all-unreserved-from", frm="From: <sip:&=+$,;?/@example.com>;tag={{FT}}")
add("user-all-unreserved-refer-to", method="REFER",
    extra=["Refer-To: <sip:x&y=z+1$2,3;4?5/6@example.com>",
           "Referred-By: <sip:alice@example.com>"])
add("user-pct-valid", ruri="sip:al%69ce@127.0.0.1:5070")
add("user-pct-at-sign", ruri="sip:bob%40home@127.0.0.1:5070")
add("user-pct-lowercase", ruri="sip:a%2fb%3ac@127.0.0.1:5070")
add("user-pct-uppercase-to", to="To: <sip:a%2Fb%3Ac@example.com>")
add("user-pct-invalid", ruri="sip:bad%zzuser@127.0.0.1:5070",
    odd="invalid escape %zz in the R-URI user")
add("user-pct-invalid-from", frm="From: <sip:x%g1y@example.com>;tag={{FT}}",
    odd="invalid escape %g1 in the From user")
add("user-pct-truncated", frm="From: <sip:trunc%4@example.com>;tag={{FT}}",
    odd="truncated escape %4 in the From user")
add("user-pct-space-contact", contact="Contact: <sip:john%20doe@127.0.0.1:5071>")
add("user-pct-diversion",
    extra=["Diversion: <sip:fwd%23123@example.com>;reason=user-busy"])
add("user-pct-rpid",
    extra=["Remote-Party-ID: <sip:%2b15550123@example.com>;party=calling"])
add("user-marks", ruri="sip:-_.!~*'()@127.0.0.1:5070")
add("user-marks-to", to="To: <sip:o'neil(home)@example.com>")
add("user-marks-rpid",
    extra=["Remote-Party-ID: <sip:a.b_c~d*e!f@example.com>;party=calling;screen=no"])
add("user-password", ruri="sip:alice:secret@127.0.0.1:5070")
add("user-password-empty", ruri="sip:alice:@127.0.0.1:5070")
add("user-password-only", ruri="sip::secret@127.0.0.1:5070",
    odd="empty user with a password")
add("user-password-from", frm="From: <sip:carol:pa$$w0rd@example.com>;tag={{FT}}")
add("user-password-contact",
    contact="Contact: <sip:dave:pw@127.0.0.1:5071;transport=udp>")
add("user-password-escaped-to", to="To: <sip:eve:p%40ss@example.com>")
add("user-none-ruri", method="OPTIONS", ruri="sip:127.0.0.1:5070",
    to="To: <sip:127.0.0.1:5070>")
add("user-none-from-to", frm="From: <sip:example.com>;tag={{FT}}",
    to="To: <sip:example.org>")
add("user-none-pai", extra=["P-Asserted-Identity: <sip:gateway.example.com>"])
add("user-empty-ruri", ruri="sip:@127.0.0.1:5070", odd="empty user (sip:@host)")
add("user-empty-from", frm="From: <sip:@example.com>;tag={{FT}}",
    to="To: <sip:@127.0.0.1:5070>", odd="empty user in From and To")
add("user-phone", ruri="sip:+1-555-0100@example.com;user=phone",
    to="To: <sip:+1-555-0100@example.com;user=phone>")
add("user-phone-params", ruri="sip:+15550100;postd=pp22;isub=1411@example.com;user=phone")
add("user-phone-local-to",
    to="To: <sip:5550100;phone-context=example.com@example.com;user=phone>")
add("user-phone-from-upper", frm="From: <sip:+15550199@example.com;User=Phone>;tag={{FT}}")
add("user-star-hash", ruri="sip:*98#@127.0.0.1:5070",
    odd="unescaped # in the user part")
add("user-uppercase", ruri="sip:BOB@127.0.0.1:5070")
add("user-long", ruri="sip:%s@127.0.0.1:5070" % ("u" + "0123456789" * 25))

# ---------------------------------------------------------------------------
theme("tel-uri")

add("tel-phone-context", ruri="tel:+1-555-0100;phone-context=example.com",
    to="To: <tel:+1-555-0100;phone-context=example.com>")
add("tel-ext", ruri="tel:+1-555-0100;ext=42")
add("tel-isub", ruri="tel:+1-555-0100;isub=1234")
add("tel-local-number", ruri="tel:5550100;phone-context=+1-555")
add("tel-visual-separators", ruri="tel:+1(555)010.0100")
add("tel-upper-scheme", ruri="TEL:+15550100")
add("tel-from-to", frm="From: <tel:+15550199>;tag={{FT}}",
    to="To: <tel:+1-555-0100;ext=7>")
add("tel-addr-spec-from", frm="From: tel:+15550199;tag={{FT}}",
    to="To: tel:+15550100")
add("tel-params-many", ruri="tel:+1-555-0100;ext=9;isub=77;phone-context=example.com;foo=bar")

# ---------------------------------------------------------------------------
theme("host-port-params")

add("sips-no-port", ruri="sips:bob@example.com", to="To: <sips:bob@example.com>")
add("sips-port", ruri="sips:bob@127.0.0.1:5061")
add("sips-from-contact", frm="From: <sips:alice@example.com>;tag={{FT}}",
    contact="Contact: <sips:alice@127.0.0.1:5071;transport=tls>")
add("sips-upper-scheme", ruri="SIPS:bob@example.com")
add("ipv6-ruri", ruri="sip:bob@[2001:db8::1]", to="To: <sip:bob@[2001:db8::1]>")
add("ipv6-ruri-port", ruri="sip:bob@[2001:db8::1]:5070")
add("ipv6-ruri-no-user", method="OPTIONS", ruri="sip:[::1]:5070")
add("ipv6-full-form", ruri="sip:bob@[2001:0db8:0000:0000:0000:0000:0000:0001]:5070")
add("ipv6-v4-mapped", ruri="sip:bob@[::ffff:127.0.0.1]:5070")
add("ipv6-contact", contact="Contact: <sip:alice@[2001:db8::10]:5071;transport=udp>")
add("ipv6-from-to", frm="From: <sip:alice@[2001:db8::a]>;tag={{FT}}",
    to="To: <sip:bob@[2001:db8::b]:5070>")
add("ipv6-via-second", extra=[],
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport\r\n"
        "Via: SIP/2.0/UDP [2001:db8::20]:5060;branch=z9hG4bK-up{{N}};received=2001:db8::21")
add("ipv6-via-received-brackets",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport\r\n"
        "Via: SIP/2.0/UDP [2001:db8::30];branch=z9hG4bK-up{{N}};received=[2001:db8::31];rport=5062")
add("ipv4-other", ruri="sip:bob@192.0.2.10")
add("ipv4-leading-zeros", ruri="sip:bob@127.000.000.001:5070",
    odd="IPv4 with leading zeros in octets")
add("host-trailing-dot", ruri="sip:bob@example.com.")
add("host-trailing-dot-from-to", frm="From: <sip:alice@example.com.>;tag={{FT}}",
    to="To: <sip:bob@example.org.:5070>")
add("host-uppercase", ruri="sip:bob@EXAMPLE.COM", to="To: <sip:bob@Example.Com>")
add("host-single-label", ruri="sip:bob@localhost:5070")
add("host-hyphens-digits", ruri="sip:bob@a-1.b2.example.net")
add("port-zero", ruri="sip:bob@127.0.0.1:0")
add("port-5060", ruri="sip:bob@127.0.0.1:5060")
add("port-65535", ruri="sip:bob@127.0.0.1:65535")
add("port-leading-zeros", ruri="sip:bob@127.0.0.1:05060")
add("port-leading-zeros-to-contact", to="To: <sip:bob@example.com:005070>",
    contact="Contact: <sip:alice@127.0.0.1:00005071>")
add("port-out-of-range", ruri="sip:bob@127.0.0.1:65536", odd="port 65536")
add("port-empty", ruri="sip:bob@127.0.0.1:", odd="colon without a port")
add("param-lr-no-value", ruri="sip:bob@127.0.0.1:5070;lr")
add("param-values", ruri="sip:bob@127.0.0.1:5070;transport=udp;foo=bar;flag")
add("param-transport-mixed-case", ruri="sip:bob@127.0.0.1:5070;TrAnSpOrT=TcP")
add("param-transport-contact",
    contact="Contact: <sip:alice@127.0.0.1:5071;Transport=UDP>")
add("param-maddr-ttl", ruri="sip:bob@example.com;maddr=239.255.255.1;ttl=15")
add("param-ttl-contact", contact="Contact: <sip:alice@127.0.0.1:5071;ttl=1;maddr=127.0.0.1>")
add("param-method", ruri="sip:bob@example.com;method=INVITE")
add("param-duplicate", ruri="sip:bob@127.0.0.1:5070;foo=1;foo=2")
add("param-empty-value", ruri="sip:bob@127.0.0.1:5070;foo=;bar")
add("param-escaped", ruri="sip:bob@127.0.0.1:5070;x%20y=a%3db")
add("param-uri-vs-header-to", to="To: <sip:bob@example.com;foo=in>;foo=out")
add("uri-headers-ruri", ruri="sip:bob@127.0.0.1:5070?subject=x&priority=urgent",
    odd="headers in the R-URI")
add("uri-headers-to", to="To: <sip:bob@example.com?subject=x&priority=urgent>")
add("uri-headers-contact",
    contact="Contact: <sip:alice@127.0.0.1:5071;transport=udp?subject=hi%20there&priority=urgent>")
add("uri-params-headers-from",
    frm="From: <sip:alice@example.com;transport=tcp?subject=call%20me>;tag={{FT}}")
add("scheme-upper", ruri="SIP:bob@127.0.0.1:5070")
add("scheme-upper-from-to", frm="From: <SIP:alice@example.com>;tag={{FT}}",
    to="To: <SiP:bob@example.com>")

# ---------------------------------------------------------------------------
theme("via-forms")

add("via-no-port", via="Via: SIP/2.0/UDP 127.0.0.1;branch={{BR}};rport")
add("via-hostname", via="Via: SIP/2.0/UDP client.example.com:5071;branch={{BR}};rport")
add("via-lowercase-protocol", via="Via: sip/2.0/udp 127.0.0.1:5071;branch={{BR}};rport")
add("via-tcp-transport", via="Via: SIP/2.0/TCP 127.0.0.1:5071;branch={{BR}};rport")
add("via-rport-received",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;rport=5071;received=127.0.0.1;branch={{BR}}")
add("via-ipv6-sent-by", via="Via: SIP/2.0/UDP [::1]:5071;branch={{BR}};rport")
add("via-extra-params",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport;maddr=127.0.0.1;ttl=1;x-foo=bar;flag")
add("via-branch-no-cookie", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=rfc2543-{{N}}",
    no_via=True, odd="Via branch without the z9hG4bK cookie (RFC 2543 style)")
add("via-no-branch", via="Via: SIP/2.0/UDP 127.0.0.1:5071;rport",
    no_via=True, odd="Via without a branch")
add("via-unknown-transport", via="Via: SIP/2.0/FOO 127.0.0.1:5071;branch={{BR}};rport",
    odd="unknown transport token")
add("via-bad-port", via="Via: SIP/2.0/UDP 127.0.0.1:99999;branch={{BR}};rport",
    odd="Via port 99999")
add("via-not-first", pre=["X-Before-Via: first"])

# ---------------------------------------------------------------------------
theme("lws-folding")

add("fold-subject-space", method="MESSAGE",
    extra=["Subject: first line\r\n continued with a space"],
    ctype="Content-Type: text/plain", body="folded\r\n")
add("fold-subject-tab", extra=["Subject: first line\r\n\tcontinued with a tab"])
add("fold-multi-continuation",
    extra=["X-Fold: one,\r\n two,\r\n\t three,\r\n  \t four"])
add("fold-from-before-angle",
    frm='From: "Alice"\r\n <sip:alice@example.com>;tag={{FT}}')
add("fold-to-params", to="To: <sip:bob@127.0.0.1:5070>\r\n\t;x-param=1")
add("fold-via-params",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071\r\n ;branch={{BR}}\r\n ;rport")
add("fold-contact-list",
    contact="Contact: <sip:alice@127.0.0.1:5071>,\r\n <sip:alice@127.0.0.1:5072>")
add("fold-after-colon", cid="Call-ID:\r\n {{CID}}", frm="From:\r\n\t<sip:alice@example.com>;tag={{FT}}")
add("fold-pai-list",
    extra=["P-Asserted-Identity: <sip:alice@example.com>,\r\n   <tel:+15550199>"])
add("space-before-colon", extra=["Subject   : x"])
add("space-before-colon-from", frm="From    : <sip:alice@example.com>;tag={{FT}}")
add("tab-before-colon-to", to="To\t: <sip:bob@127.0.0.1:5070>")
add("space-before-colon-via", via="Via : SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    cseq="CSeq : 1 INVITE")
add("no-space-after-colon", via="Via:SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    maxf="Max-Forwards:70", frm="From:<sip:alice@example.com>;tag={{FT}}",
    to="To:<sip:bob@127.0.0.1:5070>", cid="Call-ID:{{CID}}", cseq="CSeq:1 INVITE",
    contact="Contact:<sip:alice@127.0.0.1:5071>", cl="Content-Length:0")
add("tabs-after-colon", frm="From:\t\t<sip:alice@example.com>;tag={{FT}}",
    to="To:\t<sip:bob@127.0.0.1:5070>", extra=["Subject:\t\ttabbed"])
add("trailing-spaces", frm="From: <sip:alice@example.com>;tag={{FT}}   ",
    to="To: <sip:bob@127.0.0.1:5070>  ", cseq="CSeq: 1 INVITE   ",
    extra=["Subject: trailing   "])
add("trailing-tabs", frm="From: <sip:alice@example.com>;tag={{FT}}\t\t",
    to="To: <sip:bob@127.0.0.1:5070>\t", extra=["Subject: tabbed\t"])
add("trailing-mixed-ws", extra=["Subject: hi \t \t", "X-Trail: v \t"],
    contact="Contact: <sip:alice@127.0.0.1:5071> \t ")
add("empty-values", extra=["Subject:", "X-Empty:", "X-Space: ", "X-Tab:\t", "Organization:"])
add("lws-params-from-tag", frm="From: <sip:alice@example.com> ; tag = {{FT}} ; x = y")
add("lws-params-to", to="To: <sip:bob@127.0.0.1:5070>;  foo  =  bar  ;flag ")
add("lws-before-angle", to="To:   Bob   <sip:bob@127.0.0.1:5070>   ",
    frm='From: "Alice"\t<sip:alice@example.com>\t;tag={{FT}}')
add("lws-inside-angle", to="To: Bob < sip:bob@127.0.0.1:5070 >",
    odd="whitespace inside < >")
add("lws-via-params",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071 ; rport ; branch = {{BR}}")
add("lws-via-protocol", via="Via: SIP / 2.0 / UDP 127.0.0.1:5071;branch={{BR}};rport")
add("lws-via-sent-by", via="Via: SIP/2.0/UDP 127.0.0.1 : 5071;branch={{BR}};rport",
    odd="LWS around the colon of the Via sent-by")
add("lws-comma-lists", extra=["Allow: INVITE ,ACK,  BYE ,\tCANCEL , OPTIONS",
                              "Supported: timer ,  100rel"])
add("lws-tabs-in-value", extra=["X-Tab:\tvalue\twith\ttabs"])
add("lws-contact-params",
    contact="Contact: <sip:alice@127.0.0.1:5071> ;expires = 60 ; q = 0.5")

# ---------------------------------------------------------------------------
theme("compact-case-lists")

add("compact-invite", via="v: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    frm="f: <sip:alice@example.com>;tag={{FT}}", to="t: <sip:bob@127.0.0.1:5070>",
    cid="i: {{CID}}", contact="m: <sip:alice@127.0.0.1:5071>",
    extra=["k: timer, 100rel", "s: compact subject", "e: identity"],
    ctype="c: application/sdp", body=SDP, cl="l: {{LEN}}")
add("compact-subscribe", method="SUBSCRIBE",
    via="v: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    frm="f: <sip:alice@example.com>;tag={{FT}}", to="t: <sip:bob@example.com>",
    cid="i: {{CID}}", contact="m: <sip:alice@127.0.0.1:5071>",
    extra=["o: presence", "u: presence, dialog", "Expires: 3600"], cl="l: {{LEN}}")
add("compact-refer", method="REFER",
    extra=["r: <sip:carol@example.com>", "b: <sip:alice@example.com>"])
add("compact-rare", extra=["x: 1800;refresher=uac", 'a: *;+sip.instance="<urn:uuid:00000000-0000-0000-0000-000000000001>"',
                           "j: *;video", "d: proxy, recurse", "y: c2lnbmF0dXJl",
                           "n: <https://cert.example.com/a.cer>;alg=rsa-sha1"])
add("compact-uppercase", via="V: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    frm="F: <sip:alice@example.com>;tag={{FT}}", to="T: <sip:bob@127.0.0.1:5070>",
    cid="I: {{CID}}", contact="M: <sip:alice@127.0.0.1:5071>", cl="L: {{LEN}}")
add("mixed-case-names", via="via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport",
    maxf="mAX-fORWARDS: 70", frm="FROM: <sip:alice@example.com>;tag={{FT}}",
    to="tO: <sip:bob@127.0.0.1:5070>", cid="cALL-iD: {{CID}}", cseq="cseq: 1 INVITE",
    contact="cONTACT: <sip:alice@127.0.0.1:5071>", extra=["SUBJECT: upper"],
    cl="CONTENT-LENGTH: {{LEN}}")
add("compact-and-full-contact",
    contact="Contact: <sip:alice@127.0.0.1:5071>\r\nm: <sip:alice@127.0.0.1:5072>")
add("contact-two-headers",
    contact="Contact: <sip:alice@127.0.0.1:5071>\r\nContact: <sip:alice@127.0.0.1:5072>")
add("contact-comma-list",
    contact="Contact: <sip:alice@127.0.0.1:5071>, <sip:alice@127.0.0.1:5072>")
add("contact-list-params", method="REGISTER", ruri="sip:127.0.0.1:5070",
    frm="From: <sip:alice@example.com>;tag={{FT}}", to="To: <sip:alice@example.com>",
    contact='Contact: <sip:alice@127.0.0.1:5071>;q=0.7;expires=3600, '
            '"Alice Desk" <sip:alice@127.0.0.1:5072>;q=1.0;+sip.instance="<urn:uuid:1>"',
    extra=["Expires: 1800"])
add("contact-comma-in-display",
    contact='Contact: "Doe, John" <sip:john@127.0.0.1:5071>, <sip:x@127.0.0.1:5072>')
add("contact-addr-spec-list",
    contact="Contact: sip:alice@127.0.0.1:5071;expires=60, sip:alice@127.0.0.1:5072")
add("via-comma-list",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport, "
        "SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK-up{{N}}a")
add("via-three-headers",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport\r\n"
        "Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK-up{{N}}a\r\n"
        "Via: SIP/2.0/TCP 192.0.2.6;branch=z9hG4bK-up{{N}}b")
add("via-mixed-list-headers",
    via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch={{BR}};rport,SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK-up{{N}}a\r\n"
        "v: SIP/2.0/UDP 192.0.2.6:5080;branch=z9hG4bK-up{{N}}b , SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK-up{{N}}c")
add("route-three-headers",
    extra=["Route: <sip:127.0.0.1:5070;lr>", "Route: <sip:p1.example.com;lr>",
           "Route: <sip:p2.example.com;lr;transport=tcp>"])
add("route-comma-list",
    extra=["Route: <sip:127.0.0.1:5070;lr>, <sip:p1.example.com;lr>,<sip:p2.example.com:5080;lr>"])
add("route-strict-and-ftag",
    extra=["Route: <sip:127.0.0.1:5070;ftag=abc;lr=on>, <sip:p1.example.com>"])
add("record-route-set",
    extra=["Record-Route: <sip:p3.example.com;lr>",
           "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com:5080;lr;transport=tcp>",
           "Record-Route: <sip:127.0.0.1:5071;lr;ftag={{FT}}>"])
add("route-uri-forms",
    extra=["Route: <sip:[2001:db8::5]:5070;lr;TrAnSpOrT=TCP>, <SIP:p1.example.com.:05060;lr>",
           "Route: <sips:p2.example.com;maddr=127.0.0.1;lr>"])
add("record-route-uri-forms",
    extra=["Record-Route: <sip:rr%20user:pw@p.example.com;lr;ttl=1>, <sip:&=+$,;?/@p2.example.com;lr>",
           "Record-Route: <sip:[::1]:5080;lr?x=y>"])
add("record-route-display-names",
    extra=['Record-Route: "Proxy One" <sip:p1.example.com;lr>, Proxy Two <sip:p2.example.com;lr>'])
add("contact-star-register", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>", contact="Contact: *", extra=["Expires: 0"])
add("contact-star-spaces", method="REGISTER", ruri="sip:example.com",
    to="To: <sip:alice@example.com>", contact="Contact:   *  ", extra=["Expires:  0 "])
add("contact-star-compact", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>", contact="m: *", extra=["Expires: 0"])

# ---------------------------------------------------------------------------
theme("display-names")

add("dn-escaped-quotes", frm=r'From: "A \"quoted\" name" <sip:alice@example.com>;tag={{FT}}')
add("dn-backslash", frm=r'From: "back\\slash" <sip:alice@example.com>;tag={{FT}}',
    to=r'To: "C:\\dir\\bob" <sip:bob@127.0.0.1:5070>')
add("dn-quoted-pair-other", frm=r'From: "esc\aped \x chars" <sip:alice@example.com>;tag={{FT}}')
add("dn-unquoted-tokens", frm="From: Alice Liddell Smith <sip:alice@example.com>;tag={{FT}}",
    to="To: Bob <sip:bob@127.0.0.1:5070>")
add("dn-unquoted-token-chars", frm="From: Mr.Smith-Jr! %*_+`'~ <sip:alice@example.com>;tag={{FT}}")
add("dn-empty-quoted", frm='From: "" <sip:alice@example.com>;tag={{FT}}',
    to='To: ""<sip:bob@127.0.0.1:5070>')
add("dn-spaces-quoted", frm='From: "   " <sip:alice@example.com>;tag={{FT}}')
add("dn-utf8", frm='From: "Zoë Ångström" <sip:alice@example.com>;tag={{FT}}',
    to='To: "山田 太郎" <sip:bob@127.0.0.1:5070>')
add("dn-utf8-unquoted", frm="From: Jürgen Müller <sip:alice@example.com>;tag={{FT}}")
add("dn-latin1-bytes", frm=b'From: "Ren\xe9 Fran\xe7ois" <sip:rene@example.com>;tag={{FT}}',
    odd="display name with Latin-1 bytes (not UTF-8)")
add("dn-angle-in-quotes",
    frm='From: "a <sip:fake@evil.example> b" <sip:alice@example.com>;tag={{FT}}')
add("dn-separators-in-quotes",
    frm='From: "Smith; Bob, Jr;tag=fake" <sip:alice@example.com>;tag={{FT}}')
add("dn-at-colon-in-quotes", to='To: "bob@example.com: hi" <sip:bob@127.0.0.1:5070>')
add("dn-no-space-before-angle", frm='From: "Alice"<sip:alice@example.com>;tag={{FT}}',
    to="To: Bob<sip:bob@127.0.0.1:5070>")
add("dn-many-spaces-before-angle",
    frm='From: "Alice"        <sip:alice@example.com>;tag={{FT}}',
    to="To: Bob      Smith     <sip:bob@127.0.0.1:5070>")
add("dn-tab-before-angle", frm='From: "Alice"\t<sip:alice@example.com>;tag={{FT}}')
add("addr-spec-from-tag", frm="From: sip:alice@example.com;tag={{FT}}",
    to="To: sip:bob@127.0.0.1:5070")
add("addr-spec-uri-params", frm="From: sip:alice@example.com;transport=udp;tag={{FT}}",
    to="To: sip:bob@127.0.0.1:5070;user=phone")
add("dn-contact-pai", contact='Contact: "Alice Phone" <sip:alice@127.0.0.1:5071>',
    extra=[r'P-Asserted-Identity: "Alice \"A\" Smith" <sip:alice@example.com>'])
add("dn-unquoted-contact-route",
    contact="Contact: Alice Phone <sip:alice@127.0.0.1:5071>;expires=300",
    extra=["Route: Proxy <sip:127.0.0.1:5070;lr>"])

# ---------------------------------------------------------------------------
theme("tags")

add("tag-empty", frm="From: <sip:alice@example.com>;tag=", odd="empty From tag")
add("tag-missing", frm="From: <sip:alice@example.com>", odd="From without a tag")
add("tag-odd-chars", frm="From: <sip:alice@example.com>;tag=a.b-c!d%e*f_g+h~i'j`k")
add("tag-upper-name", frm="From: <sip:alice@example.com>;TAG=UpperTag{{N}}",
    to="To: <sip:bob@127.0.0.1:5070>;Tag=ToTag")
add("tag-to-on-invite", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}",
    extra=["Route: <sip:127.0.0.1:5070;lr>"])
add("tag-duplicate", frm="From: <sip:alice@example.com>;tag=one{{N}};tag=two{{N}}",
    odd="two tag parameters in From")
add("tag-inside-uri", frm="From: <sip:alice@example.com;tag=inuri>;tag={{FT}}")
add("tag-inside-uri-only", frm="From: <sip:alice@example.com;tag=inuri{{N}}>",
    odd="tag only inside the URI")
add("tag-among-params", frm="From: <sip:alice@example.com>;foo=bar;tag={{FT}};flag",
    to="To: <sip:bob@127.0.0.1:5070>;x=1;tag=tt{{N}};y")
add("tag-quoted-value", frm='From: <sip:alice@example.com>;tag="q{{N}}"',
    odd="quoted tag value")
add("tag-long", frm="From: <sip:alice@example.com>;tag=" + "t0123456789abcdef" * 12)

# ---------------------------------------------------------------------------
theme("auth")

add("auth-digest-register", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest " + digest(
        username='"alice"', realm='"example.com"', nonce=NONCE,
        uri='"sip:127.0.0.1:5070"', response=RESP, algorithm="MD5",
        cnonce='"a1b2c3d4"', opaque='"6f70617175652d76616c7565"', qop="auth", nc="00000001")])
add("auth-digest-all-quoted", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest " + digest(
        username='"alice"', realm='"example.com"', nonce=NONCE, uri='"sip:127.0.0.1:5070"',
        response=RESP, algorithm='"MD5"', qop='"auth"', nc='"00000002"', cnonce='"ffee"')])
add("auth-digest-minimal", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=%s, "
           "uri=\"sip:127.0.0.1:5070\", response=%s" % (NONCE, RESP)])
add("auth-username-at", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest username=\"alice@example.com\", realm=\"example.org\", "
           "nonce=%s, uri=\"sip:example.org\", response=%s" % (NONCE, RESP)])
add("auth-username-escaped-quote", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=[r'Authorization: Digest username="al\"ice", realm="exa\\mple.com", '
           'nonce=%s, uri="sip:127.0.0.1:5070", response=%s' % (NONCE, RESP)])
add("auth-lws-commas", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization:   Digest   username = \"alice\" ,realm=\"example.com\" ,, "
           "nonce = %s,uri=\"sip:127.0.0.1:5070\"  ,  response=%s , qop=auth,nc=00000003 ,"
           "cnonce=\"c0ffee\"" % (NONCE, RESP)])
add("auth-folded", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest username=\"alice\",\r\n realm=\"example.com\",\r\n"
           "\tnonce=%s,\r\n uri=\"sip:127.0.0.1:5070\",\r\n response=%s" % (NONCE, RESP)])
add("auth-proxy-invite",
    extra=["Proxy-Authorization: Digest username=\"alice\", realm=\"proxy.example.com\", "
           "nonce=%s, uri=\"sip:bob@127.0.0.1:5070\", response=%s, algorithm=MD5, "
           "qop=auth, nc=00000001, cnonce=\"0a1b\"" % (NONCE, RESP)])
add("auth-proxy-and-www",
    extra=["Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=%s, "
           "uri=\"sip:bob@127.0.0.1:5070\", response=%s" % (NONCE, RESP),
           "Proxy-Authorization: Digest username=\"alice-proxy\", realm=\"proxy.example.com\", "
           "nonce=\"11\", uri=\"sip:bob@127.0.0.1:5070\", response=%s" % RESP])
add("auth-two-realms",
    extra=["Proxy-Authorization: Digest username=\"a1\", realm=\"one.example.com\", nonce=\"n1\", "
           "uri=\"sip:bob@127.0.0.1:5070\", response=%s" % RESP,
           "Proxy-Authorization: Digest username=\"a2\", realm=\"two.example.com\", nonce=\"n2\", "
           "uri=\"sip:bob@127.0.0.1:5070\", response=%s" % RESP])
add("auth-basic", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>", extra=["Authorization: Basic YWxpY2U6c2VjcmV0"])
add("auth-mixed-case", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: DIGEST UserName=\"alice\", REALM=\"example.com\", Nonce=%s, "
           "URI=\"sip:127.0.0.1:5070\", Response=%s, Algorithm=md5" % (NONCE, RESP)])
add("auth-empty-values", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest username=\"\", realm=\"example.com\", nonce=\"\", "
           "uri=\"sip:127.0.0.1:5070\", response=\"\", opaque=\"\""])
add("auth-md5-sess-auth-int", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    extra=["Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=%s, "
           "uri=\"sip:alice@example.com;transport=udp\", response=%s, algorithm=MD5-sess, "
           "qop=auth-int, nc=0000000a, cnonce=\"e79e26e0d17c978d\", x-ext=\"vendor\"" % (NONCE, RESP)])

# ---------------------------------------------------------------------------
theme("identity")

add("pai-sip-tel", extra=["P-Asserted-Identity: <sip:alice@example.com>, <tel:+15550199>"])
add("pai-two-headers",
    extra=["P-Asserted-Identity: <tel:+15550199>", "P-Asserted-Identity: <sip:alice@example.com>"])
add("pai-display-names",
    extra=['P-Asserted-Identity: "Alice Smith" <sip:alice@example.com>, Alice <tel:+1-555-0199>'])
add("pai-addr-spec", extra=["P-Asserted-Identity: sip:alice@example.com"])
add("ppi", extra=['P-Preferred-Identity: "Alice" <sip:alice@example.com>, <tel:+15550199>'])
add("ppi-and-pai", extra=["P-Preferred-Identity: <sip:alice.pref@example.com>",
                          "P-Asserted-Identity: <sip:alice.asserted@example.com>",
                          "Privacy: id"])
add("diversion-reason",
    extra=['Diversion: <sip:carol@example.com>;reason=unconditional;counter=1;privacy=off'])
add("diversion-comma-list",
    extra=['Diversion: "Carol" <sip:carol@example.com>;reason=user-busy;counter=1, '
           '<tel:+15550111>;reason=no-answer;counter=2;screen=no'])
add("diversion-headers",
    extra=["Diversion: <sip:dave@example.com>;reason=deflection",
           "Diversion: <sip:erin@example.com>;reason=time-of-day;privacy=full"])
add("diversion-quoted-reason", extra=['Diversion: <sip:carol@example.com>;reason="user-busy"'])
add("rpid-calling", extra=['Remote-Party-ID: "Alice" <sip:alice@example.com>;party=calling;'
                           'screen=yes;privacy=off'])
add("rpid-multiple",
    extra=['Remote-Party-ID: <sip:+15550199@example.com;user=phone>;party=calling;id-type=subscriber, '
           '<tel:+15550100>;party=called;screen=no;privacy=full'])
add("rpid-params-lws",
    extra=["Remote-Party-ID:  <sip:alice@example.com> ; party = calling ; screen=yes ; privacy = id"])
add("refer-to-embedded-headers", method="REFER",
    extra=["Refer-To: <sip:carol@example.com?Replaces=abc123%40host%3Bto-tag%3D77%3Bfrom-tag%3D88>",
           "Referred-By: <sip:alice@example.com>"])
add("refer-to-method-param", method="REFER",
    extra=["Refer-To: <sip:carol@example.com;method=SUBSCRIBE?Event=presence&Accept=application%2Fpidf%2Bxml>",
           'Referred-By: "Alice" <sip:alice@example.com>;cid="20398823.2UWQFN309shb3@example.com"'])
add("refer-to-addr-spec", method="REFER",
    extra=["Refer-To: sip:carol@example.com", "Referred-By: sip:alice@example.com"])
add("privacy-values", extra=["Privacy: id;user;header", "P-Asserted-Identity: <sip:alice@example.com>"])
add("privacy-none", extra=["Privacy: none"])
add("privacy-comma", extra=["Privacy: id, critical"], odd="comma in Privacy (grammar uses ;)")

# ---------------------------------------------------------------------------
theme("bodies")

MULTIPART = ("--matrix-boundary-1\r\n"
             "Content-Type: application/sdp\r\n"
             "\r\n").encode() + SDP + (
             "--matrix-boundary-1\r\n"
             "Content-Type: application/ISUP;version=nxv3;base=etsi121\r\n"
             "Content-Disposition: signal;handling=optional\r\n"
             "\r\n"
             "01 00 49 00 00 03 02 00 07 04 10 00 33 63 21 43 00 00 03 06 0d 03 80 90 a2\r\n"
             "--matrix-boundary-1--\r\n").encode()
MULTIPART_Q = ("preamble text\r\n"
               "--b;X=1\r\n"
               "content-type: Text/Plain; Charset=UTF-8\r\n"
               "\r\n"
               "first part\r\n"
               "--b;X=1\r\n"
               "Content-Type: application/sdp\r\n"
               "\r\n").encode() + SDP + b"--b;X=1--\r\nepilogue\r\n"
BINARY = bytes(range(1, 256)) + bytes(range(255, 127, -1))
assert b"\x00" not in BINARY

add("body-none", cl="Content-Length: 0")
add("body-empty-with-type", ctype=CT_SDP, cl="Content-Length: 0")
add("body-sdp", ctype=CT_SDP, body=SDP)
add("body-multipart-mixed", ctype="Content-Type: multipart/mixed;boundary=matrix-boundary-1",
    extra=["MIME-Version: 1.0"], body=MULTIPART)
add("body-multipart-quoted-boundary",
    ctype='Content-Type: Multipart/Mixed; Boundary="b;X=1"', body=MULTIPART_Q)
add("body-binary-high-bytes", method="MESSAGE",
    ctype="Content-Type: application/octet-stream", body=BINARY)
add("body-utf8-text", method="MESSAGE", ctype="Content-Type: text/plain;charset=UTF-8",
    body="Grüße ☎ 你好\r\n")
add("body-json", method="MESSAGE", ctype="Content-Type: application/json",
    body='{"k":"v","n":[1,2,3]}')
add("body-crlf-only", method="MESSAGE", ctype="Content-Type: text/plain", body="\r\n")
add("body-blank-lines-inside", method="MESSAGE", ctype="Content-Type: text/plain",
    body="line one\r\n\r\nline three after a blank line\r\n\r\n")
add("body-longer-than-cl", ctype=CT_SDP, body=SDP + b"TRAILING-BYTES\r\n",
    cl="Content-Length: %d" % len(SDP),
    cl_exc="body 16 bytes longer than Content-Length (trailing bytes)",
    odd="trailing bytes after the Content-Length body")
add("body-shorter-than-cl", method="MESSAGE", ctype="Content-Type: text/plain",
    body="short\r\n", cl="Content-Length: 100",
    cl_exc="Content-Length 100 > body length 7", odd="Content-Length larger than the body")
add("cl-missing-no-body", cl=None, cl_exc="no Content-Length, no body",
    odd="no Content-Length")
add("cl-missing-with-body", method="MESSAGE", ctype="Content-Type: text/plain",
    body="no length given\r\n", cl=None, cl_exc="no Content-Length, 17-byte body",
    odd="no Content-Length with a body")
add("cl-leading-zeros", ctype=CT_SDP, body=SDP, cl="Content-Length: 000{{LEN}}",
    cl_exc="leading zeros (value equals the body length)")
add("cl-trailing-ws", method="MESSAGE", ctype="Content-Type: text/plain", body="ws\r\n",
    cl="Content-Length: {{LEN}} \t")
add("ct-params-mixed-case", ctype='Content-Type: Application/SDP; Charset="UTF-8";Version=2',
    body=SDP)
add("ct-text-plain-params", method="MESSAGE",
    ctype="Content-Type: text/plain ; charset = iso-8859-1 ; format=flowed",
    body=b"caf\xe9\r\n")
add("body-content-headers", ctype=CT_SDP, body=SDP,
    extra=["Content-Disposition: session;handling=required", "Content-Language: en, fr",
           "Content-Encoding: identity", "Accept: application/sdp, multipart/mixed"])

# ---------------------------------------------------------------------------
theme("cseq")

add("cseq-leading-zeros", cseq="CSeq: 007 INVITE")
add("cseq-int32-max", cseq="CSeq: 2147483647 INVITE")
add("cseq-uint32-max", cseq="CSeq: 4294967295 INVITE")
add("cseq-2pow32", cseq="CSeq: 4294967296 INVITE", odd="CSeq number 2^32")
add("cseq-11-digits", cseq="CSeq: 99999999999 INVITE", odd="CSeq number 99999999999")
add("cseq-zero", cseq="CSeq: 0 INVITE")
add("cseq-method-mismatch", cseq="CSeq: 1 BYE", odd="CSeq method differs from the request method")
add("cseq-extra-spaces", cseq="CSeq:    42     INVITE   ")
add("cseq-tab-separator", cseq="CSeq: 9\tINVITE")
add("cseq-folded", cseq="CSeq: 5\r\n INVITE")
add("cseq-lowercase-method", cseq="CSeq: 3 invite", odd="CSeq method in lower case")
add("cseq-missing-number", cseq="CSeq: INVITE", odd="CSeq without a number")
add("cseq-missing-method", cseq="CSeq: 12", odd="CSeq without a method")
add("cseq-negative", cseq="CSeq: -1 INVITE", odd="negative CSeq")

# ---------------------------------------------------------------------------
theme("methods")

add("method-invite", ctype=CT_SDP, body=SDP, extra=["Allow: INVITE, ACK, CANCEL, BYE, OPTIONS"])
add("method-ack", method="ACK", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}")
add("method-bye", method="BYE", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}", cseq="CSeq: 2 BYE")
add("method-cancel", method="CANCEL")
add("method-options", method="OPTIONS", extra=["Accept: application/sdp"])
add("method-register", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>", extra=["Expires: 3600"])
add("method-message", method="MESSAGE", ctype="Content-Type: text/plain", body="hello\r\n")
add("method-subscribe", method="SUBSCRIBE",
    extra=["Event: presence", "Expires: 3600", "Accept: application/pidf+xml"])
add("method-notify", method="NOTIFY", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}",
    extra=["Event: presence", "Subscription-State: active;expires=3599"],
    ctype="Content-Type: application/pidf+xml", body=PIDF)
add("method-publish", method="PUBLISH", extra=["Event: presence", "Expires: 600"],
    ctype="Content-Type: application/pidf+xml", body=PIDF)
add("method-info", method="INFO", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}",
    ctype="Content-Type: application/dtmf-relay", body="Signal=5\r\nDuration=160\r\n")
add("method-prack", method="PRACK", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}",
    cseq="CSeq: 2 PRACK", extra=["RAck: 1 1 INVITE"])
add("method-update", method="UPDATE", to="To: <sip:bob@127.0.0.1:5070>;tag=tt{{N}}",
    cseq="CSeq: 3 UPDATE", ctype=CT_SDP, body=sdp(port=49180))
add("method-refer", method="REFER",
    extra=["Refer-To: <sip:carol@example.com>", "Referred-By: <sip:alice@example.com>"])
add("method-extension", method="FOOBAR", odd="extension method FOOBAR")
add("method-lowercase", method="invite", odd="lower-case method invite")
add("method-mixed-case", method="Invite", odd="mixed-case method Invite")
add("method-long-extension", method="X-VERY-LONG-EXTENSION-METHOD-NAME.V2",
    odd="long extension method with - and .")

# ---------------------------------------------------------------------------
theme("long-many-names")

LONG = ("abcdefghijklmnopqrstuvwxyz0123456789" * 120)[:4096]
add("long-header-4k", extra=["X-Long: " + LONG])
add("long-subject-4k", extra=["Subject: " + ("word " * 820)[:4096]])
add("header-100-params",
    extra=["X-Params: base" + "".join(";p%d" % i if i % 10 == 0 else ";p%d=v%d" % (i, i)
                                      for i in range(1, 101))])
add("contact-100-uri-params",
    contact="Contact: <sip:alice@127.0.0.1:5071" + "".join(";u%d=%d" % (i, i) for i in range(1, 101)) + ">")
add("many-x-headers-100", extra=["X-H%03d: value-%03d" % (i, i) for i in range(1, 101)])
add("repeated-header-50", extra=["X-Rep: r%02d" % i for i in range(1, 51)])
add("name-case-duplicates", extra=["X-Dup: one", "x-dup: two", "X-DUP: three", "x-Dup: four, five"])
add("long-header-name", extra=["X-" + "LongName" * 8 + ": v"])
add("name-x-dot", extra=["X.Dot: dot"])
add("name-x-plus", extra=["X+Plus: plus"])
add("name-x-tilde", extra=["X~Tilde: tilde"])
add("name-9lives", extra=["9Lives: nine"])
add("name-x-percent", extra=["X%Pct: percent"])
add("name-x-backtick", extra=["X`Tick: backtick"])
add("name-x-apostrophe", extra=["X'Quote: apostrophe"])
add("name-x-star", extra=["X*Star: star"])
add("name-x-underscore", extra=["X_Under: underscore"])
add("name-x-bang", extra=["X!Bang: bang"])
add("name-x-paren", extra=["X(paren): paren"], odd="( ) in a header name (not a token)")
add("name-single-letter", extra=["Z: unassigned compact letter"])
add("name-digits-hyphens", extra=["X-1-2-3: digits"])

# ---------------------------------------------------------------------------
theme("callid-misc")

add("callid-no-at", cid="Call-ID: mx{{N}}-plain-identifier")
add("callid-multi-at", cid="Call-ID: mx{{N}}@a@b.example.com")
add("callid-trailing-spaces", cid="Call-ID: {{CID}}   ")
add("callid-compact", cid="i: {{CID}}")
add("callid-word-chars", cid="Call-ID: mx{{N}}-!%*_+`'~()<>:\\\"/[]?{}@matrix.test")
add("callid-ipv6", cid="Call-ID: mx{{N}}-v6@[2001:db8::1]")
add("callid-long", cid="Call-ID: mx{{N}}-" + "0123456789abcdef" * 16 + "@matrix.test")
add("callid-leading-tab", cid="Call-ID:\t {{CID}}")
add("maxfwd-zero", maxf="Max-Forwards: 0", mf_exc=True)
add("maxfwd-255", maxf="Max-Forwards: 255", mf_exc=True)
add("maxfwd-leading-zeros", maxf="Max-Forwards: 0070", mf_exc=True)
add("maxfwd-missing", maxf=None, mf_exc=True)
add("maxfwd-non-numeric", maxf="Max-Forwards: abc", mf_exc=True, odd="Max-Forwards not a number")
add("maxfwd-huge", maxf="Max-Forwards: 4294967296", mf_exc=True, odd="Max-Forwards 2^32")
add("expires-register-contact", method="REGISTER", ruri="sip:127.0.0.1:5070",
    to="To: <sip:alice@example.com>",
    contact="Contact: <sip:alice@127.0.0.1:5071>;expires=0, <sip:alice@127.0.0.1:5072>;expires=120",
    extra=["Expires: 3600"])
add("expires-date-format", extra=["Expires: Thu, 01 Dec 2033 16:00:00 GMT"],
    odd="RFC 2543 date form of Expires")
add("expires-large", extra=["Expires: 4294967295"])
add("ua-comments", extra=["User-Agent: Matrix/1.0 (linux) libsip/2.3 (nested (comment) \\) here)"])
add("server-and-ua", extra=["User-Agent: (only a comment)", "Server: Proxy/5.6 (x86_64)"])
add("event-params", method="SUBSCRIBE",
    extra=["Event: presence;id=1234;x-p=\"q\"", "Allow-Events: presence, dialog,message-summary",
           "Expires: 600"])
add("standard-headers", extra=[
    "Supported: timer, 100rel, replaces", "Require: timer", "Proxy-Require: foo",
    "Accept-Encoding: gzip;q=1.0, identity; q=0.5", "Accept-Language: da, en-gb;q=0.8",
    "Date: Sat, 13 Nov 2010 23:29:00 GMT", "Timestamp: 54.2 0.13", "Organization: Example Org",
    "Priority: urgent", "Session-Expires: 1800;refresher=uac", "Min-SE: 90",
    "Reason: Q.850;cause=16;text=\"Terminated\"", "Alert-Info: <http://www.example.com/ring.wav>",
    "Call-Info: <http://www.example.com/alice/photo.jpg>;purpose=icon",
    "In-Reply-To: 70710@saturn.example.com", "Reply-To: Bob <sip:bob@example.com>",
    "Warning: 399 proxy.example.com \"something odd\"", "Retry-After: 18000;duration=3600",
    "Subject: standard", "Allow: INVITE, ACK, OPTIONS, CANCEL, BYE"])
add("value-utf8", extra=["Subject: ☎ café 日本", "X-Utf8: ñandú"])
add("value-control-bytes", extra=[b"X-Ctl: a\x01b\x1fc\x7fd"], odd="control bytes in a header value")

# ---------------------------------------------------------------------------
theme("malformed")

add("bad-sip-version", reqline="INVITE sip:bob@127.0.0.1:5070 SIP/3.0", odd="SIP/3.0")
add("bad-sip-version-lower", reqline="INVITE sip:bob@127.0.0.1:5070 sip/2.0", odd="sip/2.0 in lower case")
add("missing-sip-version", reqline="INVITE sip:bob@127.0.0.1:5070", odd="request line without a version")
add("reqline-two-spaces", reqline="INVITE  sip:bob@127.0.0.1:5070  SIP/2.0", odd="double spaces in the request line")
add("reqline-trailing-space", reqline="INVITE sip:bob@127.0.0.1:5070 SIP/2.0 ", odd="space after SIP/2.0")
add("reqline-tab", reqline="INVITE\tsip:bob@127.0.0.1:5070\tSIP/2.0", odd="tabs in the request line")
add("ruri-foo-bar", ruri="foo:bar", odd="R-URI foo:bar")
add("ruri-angle-brackets", ruri="<sip:bob@127.0.0.1:5070>", odd="R-URI in < >")
add("ruri-no-scheme", ruri="bob@127.0.0.1:5070", odd="R-URI without a scheme")
add("ruri-space-in-user", reqline="INVITE sip:bob smith@127.0.0.1:5070 SIP/2.0",
    odd="space inside the R-URI")
add("leading-crlf", prefix=b"\r\n", odd="CRLF before the request line")
add("missing-via", via=None, no_via=True, odd="no Via")
add("via-without-host", via="Via: SIP/2.0/UDP ;branch={{BR}};rport", odd="Via without a host")
add("missing-to", to=None, odd="no To")
add("missing-from", frm=None, odd="no From")
add("missing-callid", cid=None, cid_exc=True, odd="no Call-ID")
add("missing-cseq", cseq=None, odd="no CSeq")
add("from-no-angle-display-tag", frm="From: Alice sip:alice@example.com;tag={{FT}}",
    odd="From with a display name but no < >, with ;tag")
add("from-no-angle-user-params-tag", frm="From: sip:alice;x=y@example.com;tag={{FT}}",
    odd="From without < >: user with ; and a ;tag")
add("from-no-angle-uri-headers-tag", frm="From: sip:alice@example.com?subject=x;tag={{FT}}",
    odd="From without < >: URI headers and ;tag")
add("unterminated-quote", frm='From: "Alice <sip:alice@example.com>;tag={{FT}}',
    odd="unterminated quoted display name")
add("unclosed-angle", to="To: <sip:bob@127.0.0.1:5070", odd="To without >")
add("duplicate-from", frm="From: <sip:alice@example.com>;tag={{FT}}\r\nFrom: <sip:mallory@example.com>;tag=x{{N}}",
    odd="two From headers")
add("duplicate-callid", cid="Call-ID: {{CID}}\r\nCall-ID: mx{{N}}-second@matrix.test",
    odd="two Call-ID headers")
add("header-without-colon", extra=["X-NoColon value", "Subject: after"], odd="header line without a colon")
add("empty-header-name", extra=[": no name", "Subject: after"], odd="header line starting with a colon")
add("space-in-header-name", extra=["X Bad: v"], odd="space inside a header name")
add("continuation-first", pre=[" folded-onto-request-line"], odd="continuation line right after the request line")
add("bare-lf-mid-headers", extra=["X-Before: one\nX-After-Lf: two", "Subject: after"], bare_lf=True,
    odd="bare LF line end in the middle of the headers")
add("nul-in-header", extra=[b"X-Nul: before\x00after", "Subject: after"], nul=True,
    odd="NUL byte inside a header value")
add("cl-negative", method="MESSAGE", ctype="Content-Type: text/plain", body="neg\r\n",
    cl="Content-Length: -1", cl_exc="Content-Length -1", odd="negative Content-Length")
add("cl-non-numeric", method="MESSAGE", ctype="Content-Type: text/plain", body="nan\r\n",
    cl="Content-Length: abc", cl_exc="Content-Length abc", odd="Content-Length not a number")
add("cl-duplicate-conflict", method="MESSAGE", ctype="Content-Type: text/plain", body="dup\r\n",
    cl="Content-Length: {{LEN}}\r\nContent-Length: 99", cl_exc="two Content-Length headers (5 and 99)",
    odd="two conflicting Content-Length headers")

theme("added after the first recording (numbered after it, so earlier names stay)")

add("to-tag-empty", method="BYE", to="To: <sip:bob@127.0.0.1:5070>;tag=", odd="empty To tag")
add("hdr-empty-then-value", extra=["X-Rep: ", "X-Rep: b", "X-Rep: ", "X-Rep: d"],
    odd="repeated header whose first and third values are empty")
add("pai-none-index", extra=["P-Preferred-Identity: <sip:pref@example.com>"])
add("id-pai-later-header-bad",
    extra=["P-Asserted-Identity: <sip:a@example.com>, <sip:b@example.com>", "P-Asserted-Identity: bad<",
           "P-Asserted-Identity: <sip:c@example.com>"],
    odd="second P-Asserted-Identity header does not parse: the first read of $ai is null, later reads see the first")
add("id-pai-bad-element", extra=["P-Asserted-Identity: <sip:a@example.com>;reason=x,\r\n <>"],
    odd="P-Asserted-Identity list with an empty <> element")
add("id-pai-eleven", extra=["P-Asserted-Identity: " + ",".join("<sip:n%d@example.com>" % k for k in range(11))])
add("id-pai-bare-trailing-space", extra=["P-Asserted-Identity: sip:a@example.com  "],
    odd="bare P-Asserted-Identity URI followed by trailing spaces")
add("id-ppi-second-header-bad", extra=['P-Preferred-Identity: "A" <sip:a@example.com>',
                                       "P-Preferred-Identity: <sip:b@example.com> junk"],
    odd="second P-Preferred-Identity header does not parse")
add("id-div-first-bad", extra=["Diversion: <sip:a@example.com>;privacy=full;, <sip:c@example.com>"],
    odd="Diversion whose first element ends with an empty parameter")
add("id-rpid-token-comma-uri", extra=["Remote-Party-ID: tel:+15551234567,<sip:a@example.com;lr>;party=calling"],
    odd="Remote-Party-ID list (read as one To-style address)")
add("id-rt-folded-list", method="REFER", extra=["Refer-To: sip:alice@example.com,\r\n <tel:+15551234567>"],
    odd="Refer-To list folded after the comma (read as one To-style address)")
add("id-rt-list", method="REFER", extra=["Refer-To: <sip:alice@example.com>, tel:+15551234567"],
    odd="Refer-To list (read as one To-style address)")

# Classes found by fuzz.py against Kamailio 5.6.3, each reduced to one request.
add("fz-cseq-twice-after", extra=["CSeq: 2 INVITE"], odd="second CSeq after From/To/Call-ID/CSeq")
add("fz-callid-twice-after", extra=["Call-ID: second-{{N}}@matrix.test"], cid_exc=True,
    odd="second Call-ID after From/To/Call-ID/CSeq")
add("fz-maxforwards-twice", extra=["Max-Forwards: 69"], mf_exc=True, odd="two Max-Forwards headers")
add("fz-via-branch-empty", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=;rport", odd="empty Via branch")
add("fz-via-branch-quoted-comma", via='Via: SIP/2.0/UDP 127.0.0.1:5071;branch="z9hG4bK-a,b"',
    odd="quoted Via branch holding a comma")
add("fz-via-branch-quoted-escape", via='Via: SIP/2.0/UDP 127.0.0.1:5071;branch="z9hG4bK-a\\"b"',
    odd="quoted Via branch with a backslash before a quote")
add("fz-via-branch-quoted", via='Via: SIP/2.0/UDP 127.0.0.1:5071;branch="z9hG4bK-mx{{N}}"', odd="quoted Via branch")
add("fz-via-branch-twice", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-a{{N}};branch=z9hG4bK-b{{N}}",
    odd="two branch parameters")
add("fz-via-received-empty", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-mx{{N}};received=",
    odd="empty Via received")
add("fz-ruri-maddr-empty", ruri="sip:bob@127.0.0.1:5070;maddr=", odd="R-URI with an empty maddr")
add("fz-from-maddr-flag", frm="From: <sip:alice@example.com;maddr>;tag={{FT}}", odd="From URI with maddr and no value")
add("fz-contact-empty", contact="Contact:", odd="empty Contact")
add("fz-auth-then-second-cl", method="REGISTER",
    extra=['Authorization: Digest username="alice", realm="example.com", nonce="n", uri="sip:x@y", response="0123"'],
    cl="Content-Length: 0\r\nContent-Length: 0", cl_exc="two Content-Length headers", odd="credentials, then a second Content-Length")
add("fz-via-param-no-name", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-mx{{N}};rport;=", odd="Via parameter without a name")
add("fz-via-trailing-semicolon", via="Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-mx{{N}};rport;", odd="Via ending in ';'")


# ---------------------------------------------------------------------------
# checks

def unfold(head):
    """Header lines of the section after the request line, unfolded (CRLF or LF)."""
    raw = head.replace(b"\r\n", b"\n").split(b"\n")
    out = []
    for ln in raw[1:]:
        if ln[:1] in (b" ", b"\t") and out:
            out[-1] += b" " + ln.strip()
        else:
            out.append(ln)
    return raw[0], out


def headers(lines, *names):
    vals = []
    for ln in lines:
        if b":" not in ln:
            continue
        k, v = ln.split(b":", 1)
        if k.strip().lower().decode("latin-1") in names:
            vals.append(v.strip(b" \t"))
    return vals


def check(c, n, data):
    errs = []
    exc = None
    if len(data) > MAX_SIZE:
        errs.append("size %d > %d" % (len(data), MAX_SIZE))
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return ["no CRLF CRLF"], None, None
    head, body = data[:end], data[end + 4:]
    lf = head.count(b"\n") - head.count(b"\r\n")
    if bool(lf) != c["bare_lf"]:
        errs.append("bare LF count %d" % lf)
    if (b"\x00" in data) != c["nul"]:
        errs.append("NUL presence")
    if b"\x00" in body:
        errs.append("NUL in body")
    reqline, lines = unfold(head.lstrip(b"\r\n"))
    parts = reqline.split()
    ruri = parts[1].decode("latin-1").lower() if len(parts) > 1 else ""
    if "edge-" in ruri or "matrix-sentinel" in ruri:
        errs.append("reserved R-URI user")
    vias = headers(lines, "via", "v")
    via_case = (c["odd"] or "").lower().find("via") >= 0  # a case about the Via itself may break its branch
    if not c["no_via"] and not via_case and not any(b"branch=z9hG4bK" in v or b"branch = z9hG4bK" in v for v in vias):
        errs.append("no Via with a z9hG4bK branch")
    mf = headers(lines, "max-forwards")
    if not c["mf_exc"] and mf != [b"70"]:
        errs.append("Max-Forwards %r" % mf)
    cids = headers(lines, "call-id", "i")
    if not c["cid_exc"] and not cids:
        errs.append("no Call-ID")
    cls = headers(lines, "content-length", "l")
    if len(cls) != 1:
        exc = "%d Content-Length headers" % len(cls)
    elif not cls[0].isdigit():
        exc = "Content-Length %r" % cls[0].decode()
    elif int(cls[0]) != len(body):
        exc = "Content-Length %d, body %d" % (int(cls[0]), len(body))
    elif cls[0] != str(len(body)).encode():
        exc = "Content-Length %r (non-canonical), body %d" % (cls[0].decode(), len(body))
    if bool(exc) != bool(c["cl_exc"]):
        errs.append("Content-Length: found %r, declared %r" % (exc, c["cl_exc"]))
    return errs, exc, cids


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".sip"):
            os.remove(os.path.join(OUT, f))
    failures = 0
    seen_cid = {}
    cl_table = []
    themes = {}
    for n, c in enumerate(CASES, 1):
        fname = "%03d-%s.sip" % (n, c["name"])
        data = build(c, n)
        with open(os.path.join(OUT, fname), "wb") as fh:
            fh.write(data)
        errs, exc, cids = check(c, n, data)
        for v in cids or []:
            if v in seen_cid:
                errs.append("Call-ID %r also in %s" % (v, seen_cid[v]))
            seen_cid[v] = fname
        if exc:
            cl_table.append((fname, exc, c["cl_exc"]))
        for e in errs:
            print("FAIL %s: %s" % (fname, e))
            failures += 1
        themes.setdefault(c["theme"], []).append(fname)

    print("%d files in %s" % (len(CASES), os.path.relpath(OUT)))
    for t, fs in themes.items():
        print("  %-20s %3d  (%s .. %s)" % (t, len(fs), fs[0][:3], fs[-1][:3]))
    print("\nContent-Length exceptions:")
    for fname, exc, why in cl_table:
        print("  %-38s %-44s %s" % (fname, exc, why))
    print("\nDeliberately malformed or odd:")
    for n, c in enumerate(CASES, 1):
        if c["odd"]:
            print("  %03d-%s: %s" % (n, c["name"], c["odd"]))
    if failures:
        print("\n%d check failures" % failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
