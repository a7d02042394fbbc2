#!/usr/bin/env python3
"""Grammar-level fuzzing of the conformance matrix: new requests, recorded from Kamailio, compared with the runtime.

Generation (deterministic for a --seed): each request is a corpus request (tests/oracle/cases/corpus and
tests/oracle/matrix/corpus) with one to three SIP-grammar mutations applied -- header-name case and compact forms,
LWS and folding around separators, duplicated/split/merged headers, quoting, user-part characters, URI schemes,
ports and parameters, empty values, moved and added headers, methods and CSeq forms, and rarely a few raw byte
flips. Content-Length is recomputed unless a mutation changes it on purpose. Files are named fNNNN-<mutation>.

    python3 tests/oracle/matrix/fuzz.py --seed 1 --count 1500 OUT          # writes OUT/corpus/*.sip
    python3 tests/oracle/matrix/fuzz.py --seed 1 --count 1500 --run OUT    # ... records and compares them too

--run does the whole loop: generate into OUT/corpus, record.py --corpus OUT/corpus --expected OUT/expected,
EXEC_MATRIX_DIR=OUT dotnet test (Oracle.MatrixTests only), then writes OUT/summary.txt: the "new difference" lines
grouped by kind (@routed, @sip_env, values) and by expression, with one example request each.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SEED_DIRS = [os.path.join(REPO, "tests", "oracle", "cases", "corpus"), os.path.join(HERE, "corpus")]

COMPACT = {"via": "v", "from": "f", "to": "t", "call-id": "i", "contact": "m", "content-length": "l",
           "content-type": "c", "subject": "s", "supported": "k", "refer-to": "r", "referred-by": "b",
           "event": "o", "allow-events": "u", "content-encoding": "e", "session-expires": "x"}
LONG = {v: k for k, v in COMPACT.items()}
CANONICAL = {"via": "Via", "from": "From", "to": "To", "call-id": "Call-ID", "contact": "Contact",
             "content-length": "Content-Length", "content-type": "Content-Type", "subject": "Subject",
             "supported": "Supported", "refer-to": "Refer-To", "referred-by": "Referred-By", "event": "Event",
             "allow-events": "Allow-Events", "content-encoding": "Content-Encoding",
             "session-expires": "Session-Expires"}
METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER",
           "INFO", "UPDATE", "PRACK", "PUBLISH", "invite", "Invite", "FOO", "X-CUSTOM"]
UNRESERVED = "-_.!~*'()&=+$,;?/"
ESCAPES = ["%20", "%40", "%3A", "%3a", "%25", "%2C", "%3B", "%00", "%zz", "%", "%4", "%41", "%C3%A9", "%FF"]
URI_RE = re.compile(r"(?i)\b(sips?|tel|SIP):([^\s<>\",]*)")
USER_RE = re.compile(r"(?i)\b(sips?|tel):([^@\s<>\",;?]*)@")
WS = [" ", "  ", "\t", " \t "]


class Msg:
    def __init__(self, data):
        text = data.decode("latin-1")
        self.eol = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        sep = self.eol * 2
        if sep in text:
            head, self.body = text.split(sep, 1)
            self.has_sep = True
        else:
            head, self.body, self.has_sep = text.rstrip("\r\n"), "", True
        lines = head.split(self.eol)
        self.start = lines[0]
        self.headers = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and self.headers:
                self.headers[-1] += self.eol + line
            else:
                self.headers.append(line)
        self.keep_length = False  # a mutation set Content-Length on purpose

    def render(self):
        if not self.keep_length:
            n = len(self.body.encode("latin-1"))
            for i, h in enumerate(self.headers):
                if name_of(h).lower() in ("content-length", "l"):
                    colon = h.index(":")
                    self.headers[i] = h[:colon + 1] + " %d" % n
        head = self.eol.join([self.start] + self.headers)
        return (head + self.eol * 2 + self.body).encode("latin-1")


def name_of(h):
    return h.split(":", 1)[0].strip() if ":" in h else ""


def value_of(h):
    return h.split(":", 1)[1] if ":" in h else ""


def with_value(h, v):
    return h.split(":", 1)[0] + ":" + v


def pick_header(m, r, pred=lambda h: True):
    idx = [i for i, h in enumerate(m.headers) if ":" in h and pred(h)]
    return r.choice(idx) if idx else None


def is_name(*names):
    names = {n.lower() for n in names}
    return lambda h: name_of(h).lower() in names


def uri_headers(h):
    return name_of(h).lower() in ("from", "f", "to", "t", "contact", "m", "route", "record-route",
                                  "p-asserted-identity", "p-preferred-identity", "diversion", "remote-party-id",
                                  "refer-to", "r", "referred-by", "b")


# ---- mutations: each returns True when it changed the message ----

def m_name_case(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    h = m.headers[i]
    n = name_of(h)
    new = r.choice([n.upper(), n.lower(), "".join(c.upper() if r.random() < .5 else c.lower() for c in n)])
    if new == n:
        return False
    m.headers[i] = h.replace(n, new, 1)
    return True


def m_compact(m, r):
    i = pick_header(m, r, lambda h: name_of(h).lower() in COMPACT or name_of(h).lower() in LONG)
    if i is None:
        return False
    h = m.headers[i]
    n = name_of(h)
    low = n.lower()
    new = COMPACT[low] if low in COMPACT else CANONICAL[LONG[low]]
    if r.random() < .3:
        new = new.upper() if new.islower() else new.lower()
    m.headers[i] = h.replace(n, new, 1)
    return True


def m_lws_colon(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    choice = r.randrange(4)
    if choice == 0:
        m.headers[i] = n + r.choice(WS) + ":" + v
    elif choice == 1:
        m.headers[i] = n + ":" + v.lstrip(" \t")
    elif choice == 2:
        m.headers[i] = n + ":" + r.choice(WS) + v
    else:
        m.headers[i] = n + ":" + v.rstrip(" \t") + r.choice(WS)
    return m.headers[i] != h


def m_lws_sep(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    pos = [k for k, c in enumerate(v) if c in ";=,<>"]
    if not pos:
        return False
    k = r.choice(pos)
    ws = r.choice(WS)
    side = r.randrange(3)
    if side == 0:
        v = v[:k] + ws + v[k:]
    elif side == 1:
        v = v[:k + 1] + ws + v[k + 1:]
    else:
        v = v[:k] + ws + v[k] + ws + v[k + 1:]
    m.headers[i] = n + ":" + v
    return True


def m_fold(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    cont = m.eol + r.choice([" ", "\t", "   "])
    spaces = [k for k, c in enumerate(v) if c == " "]
    seps = [k for k, c in enumerate(v) if c in ";,"]
    choice = r.randrange(3)
    if choice == 0 or not (spaces or seps):
        m.headers[i] = n + ":" + cont + v.lstrip(" ")  # value on a continuation line
    elif choice == 1 and spaces:
        k = r.choice(spaces)
        m.headers[i] = n + ":" + v[:k] + cont + v[k + 1:]
    else:
        k = r.choice(seps or spaces)
        m.headers[i] = n + ":" + v[:k + 1] + cont + v[k + 1:]
    return True


def m_duplicate(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    m.headers.insert(i + r.choice([0, 1]), m.headers[i])
    return True


def m_split(m, r):
    i = pick_header(m, r, lambda h: "," in value_of(h))
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    parts = v.split(",")
    k = r.randrange(1, len(parts))
    m.headers[i:i + 1] = [n + ":" + ",".join(parts[:k]), n + ":" + ",".join(parts[k:]).lstrip(" ")]
    return True


def m_merge(m, r):
    counts = collections.Counter(name_of(h).lower() for h in m.headers if ":" in h)
    names = [n for n, c in counts.items() if c > 1]
    if not names:
        # make a list from one header: repeat its value
        i = pick_header(m, r, lambda h: name_of(h).lower() in ("via", "v", "contact", "m", "route", "record-route",
                                                                 "p-asserted-identity", "diversion", "x-rep",
                                                                 "supported", "allow"))
        if i is None:
            return False
        h = m.headers[i]
        m.headers[i] = h + r.choice([",", ", ", " ,", ",\t"]) + value_of(h).strip()
        return True
    n = r.choice(names)
    idx = [i for i, h in enumerate(m.headers) if name_of(h).lower() == n]
    a, b = idx[0], idx[1]
    m.headers[a] = m.headers[a] + r.choice([",", ", ", " , "]) + value_of(m.headers[b]).strip()
    del m.headers[b]
    return True


def m_display(m, r):
    i = pick_header(m, r, uri_headers)
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    mq = re.match(r'(\s*)"([^"]*)"(\s*)<', v)
    mt = re.match(r'(\s*)([^"<>]+?)(\s*)<', v)
    choice = r.randrange(4)
    if mq and choice < 2:
        v = mq.group(1) + mq.group(2) + mq.group(3) + v[mq.end() - 1:]  # unquote
    elif mt and choice < 2:
        v = mt.group(1) + '"' + mt.group(2) + '"' + mt.group(3) + v[mt.end() - 1:]  # quote
    elif "<" in v and choice == 2:
        name = r.choice(['"A. \\"Q\\" B"', '""', 'Bob', 'Bob Smith', '"x<y>z"', '"semi;colon"', '"comma,name"',
                         'Ünï', '"tab\there"', "'apos'", '"@at"', "a.b-c!d%e*f_g+h`i'j~k"])
        k = v.index("<")
        v = " " + name + r.choice(["", " ", "  "]) + v[k:].lstrip() if not mq else " " + name + " " + v[k:]
    elif "<" not in v and URI_RE.search(v):
        mu = URI_RE.search(v)  # addr-spec -> name-addr
        v = v[:mu.start()] + "<" + v[mu.start():mu.end()] + ">" + v[mu.end():]
    elif "<" in v:
        mu = re.search(r"<([^>]*)>", v)  # name-addr -> addr-spec (params of the URI become header params)
        v = " " + mu.group(1) + v[mu.end():]
    else:
        return False
    m.headers[i] = n + ":" + v
    return m.headers[i] != h


def m_quote_param(m, r):
    i = pick_header(m, r, lambda h: re.search(r";\s*[\w.!%*+`'~-]+\s*=", value_of(h)) is not None)
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    ps = list(re.finditer(r";(\s*)([\w.!%*+`'~-]+)(\s*)=(\s*)(\"[^\"]*\"|[^;,\s>]*)", v))
    if not ps:
        return False
    p = r.choice(ps)
    val = p.group(5)
    if val.startswith('"'):
        new = val[1:-1]
    else:
        new = '"' + r.choice([val, val + " x", val + ";y", val + ",z", "", "a\\\"b"]) + '"'
    v = v[:p.start(5)] + new + v[p.end(5):]
    m.headers[i] = n + ":" + v
    return True


def _uri_targets(m):
    targets = [("start", -1)]
    targets += [("h", i) for i, h in enumerate(m.headers) if uri_headers(h)]
    return targets


def _get(m, t):
    return m.start if t[0] == "start" else m.headers[t[1]]


def _set(m, t, s):
    if t[0] == "start":
        m.start = s
    else:
        m.headers[t[1]] = s


def m_user_chars(m, r):
    ts = [t for t in _uri_targets(m) if USER_RE.search(_get(m, t))]
    if not ts:
        return False
    t = r.choice(ts)
    s = _get(m, t)
    mu = r.choice(list(USER_RE.finditer(s)))
    user = mu.group(2)
    ins = "".join(r.choice([r.choice(UNRESERVED), r.choice(ESCAPES)]) for _ in range(r.randint(1, 3)))
    k = r.randint(0, len(user))
    user = user[:k] + ins + user[k:]
    _set(m, t, s[:mu.start(2)] + user + s[mu.end(2):])
    return True


def m_add_user(m, r):
    """Adds or removes the user part of a URI."""
    ts = [t for t in _uri_targets(m) if URI_RE.search(_get(m, t))]
    if not ts:
        return False
    t = r.choice(ts)
    s = _get(m, t)
    mu = r.choice(list(URI_RE.finditer(s)))
    rest = mu.group(2)
    if "@" in rest:
        rest = rest.split("@", 1)[1] if r.random() < .6 else "@" + rest.split("@", 1)[1]
    else:
        rest = r.choice(["fz", "+15551234", "", "a:b", "user:pw"]) + "@" + rest
    _set(m, t, s[:mu.start(2)] + rest + s[mu.end(2):])
    return True


def m_scheme(m, r):
    ts = [t for t in _uri_targets(m) if URI_RE.search(_get(m, t))]
    if not ts:
        return False
    t = r.choice(ts)
    s = _get(m, t)
    mu = r.choice(list(URI_RE.finditer(s)))
    new = r.choice(["sip", "sips", "tel", "SIP", "Sips", "TEL", "urn", "im", "pres", "http"])
    if new == mu.group(1):
        return False
    _set(m, t, s[:mu.start(1)] + new + s[mu.end(1):])
    return True


def _hostport(uri_rest):
    """(start, end) of host[:port] inside the part after 'scheme:'."""
    at = uri_rest.find("@")
    start = at + 1 if at >= 0 else 0
    end = start
    while end < len(uri_rest) and uri_rest[end] not in ";?>":
        end += 1
    return start, end


def m_port(m, r):
    ts = [t for t in _uri_targets(m) if URI_RE.search(_get(m, t))]
    if not ts:
        return False
    t = r.choice(ts)
    s = _get(m, t)
    mu = r.choice(list(URI_RE.finditer(s)))
    rest = mu.group(2)
    a, b = _hostport(rest)
    hp = rest[a:b]
    if hp.startswith("["):
        return False
    if ":" in hp and r.random() < .6:
        hp = hp.split(":", 1)[0]
    else:
        hp = hp.split(":", 1)[0] + ":" + r.choice(["5060", "5061", "0", "65535", "65536", "99999", "", "0005070",
                                                  "abc", "5070"])
    if r.random() < .15:
        hp = r.choice(["[::1]", "[2001:db8::1]:5060", "EXAMPLE.COM", "a-b.example.com.", "127.0.0.1", "1.2.3.4.5",
                       "xn--bcher-kva.example"]) + (":5080" if r.random() < .3 else "")
    rest = rest[:a] + hp + rest[b:]
    _set(m, t, s[:mu.start(2)] + rest + s[mu.end(2):])
    return True


URI_PARAMS = [";lr", ";lr=on", ";transport=TCP", ";transport=udp", ";transport=tls", ";transport=", ";user=phone",
              ";user=ip", ";user=", ";maddr=127.0.0.9", ";maddr=", ";ttl=5", ";method=INVITE", ";none", ";x=1;x=2",
              ";LR", ";Transport=SCTP", ";TRANSPORT=ws", ";user=Phone", ";transport=\"tcp\"", ";;", ";=v", ";a=%41",
              "?Subject=hi", "?h=1&i=2"]


def m_uri_param(m, r):
    ts = [t for t in _uri_targets(m) if URI_RE.search(_get(m, t))]
    if not ts:
        return False
    t = r.choice(ts)
    s = _get(m, t)
    mu = r.choice(list(URI_RE.finditer(s)))
    rest = mu.group(2)
    params = list(re.finditer(r";[^;?>]*", rest[_hostport(rest)[1]:]))
    if params and r.random() < .35:
        off = _hostport(rest)[1]
        p = r.choice(params)
        rest = rest[:off + p.start()] + rest[off + p.end():]  # remove one
    else:
        a, b = _hostport(rest)
        add = r.choice(URI_PARAMS)
        where = b if r.random() < .6 or "?" in add else len(rest)
        if "?" in rest[b:] and not add.startswith("?"):
            where = b
        rest = rest[:where] + add + rest[where:]
    # a URI without <> in a header: its params become header params; wrap it sometimes to keep them URI params.
    new = s[:mu.start(2)] + rest + s[mu.end(2):]
    if t[0] == "h" and "<" not in s and r.random() < .5:
        n, v = new.split(":", 1)
        mu2 = URI_RE.search(v)
        if mu2:
            new = n + ":" + v[:mu2.start()] + "<" + mu2.group(0) + ">" + v[mu2.end():]
    _set(m, t, new)
    return True


def m_empty(m, r):
    i = pick_header(m, r)
    if i is None:
        return False
    h = m.headers[i]
    choice = r.randrange(3)
    if choice == 0:
        m.headers[i] = name_of(h) + ":" + r.choice(["", " ", "  ", "\t"])
    elif choice == 1 and "=" in value_of(h):
        n, v = h.split(":", 1)
        ps = list(re.finditer(r"=([^;,>\s]*)", v))
        p = r.choice(ps)
        m.headers[i] = n + ":" + v[:p.start(1)] + v[p.end(1):]
    else:
        n, v = h.split(":", 1)
        m.headers[i] = n + ":" + v + r.choice([";", ";tag", ";tag=", ";=", ";x=", ",", ", ", ";x=\"\""])
    return True


def m_remove(m, r):
    i = pick_header(m, r, lambda h: name_of(h).lower() not in ("content-length", "l") or r.random() < .3)
    if i is None or len(m.headers) < 2:
        return False
    del m.headers[i]
    return True


def m_move(m, r):
    if len(m.headers) < 2:
        return False
    i = r.randrange(len(m.headers))
    h = m.headers.pop(i)
    m.headers.insert(r.randrange(len(m.headers) + 1), h)
    return True


ADDED = [
    "Route: <sip:127.0.0.1:5080;lr>",
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr;transport=tcp>",
    "Route: sip:bare.example.com;lr",
    "Route: \"Proxy\" <sip:proxy@127.0.0.1;lr>",
    "Route: <sip:a@b;lr>,<sip:c@d>",
    "Record-Route: <sip:rr1.example.com;lr;ftag=abc>",
    "Record-Route: <sip:rr1.example.com;lr>, <sips:rr2.example.com:5061;lr>",
    "P-Asserted-Identity: <sip:+15551234@example.com;user=phone>",
    "P-Asserted-Identity: \"Alice\" <sip:alice@example.com>, <tel:+15551234>",
    "P-Asserted-Identity: tel:+1-555-1234",
    "P-Asserted-Identity: sip:pai@example.com;x=y",
    "P-Asserted-Identity: <sip:a@x>",
    "P-Preferred-Identity: \"P\" <sip:ppi@example.com>",
    "Diversion: <sip:div@example.com>;reason=unconditional;counter=1",
    "Diversion: \"D\" <sip:div1@example.com>;reason=user-busy, <sip:div2@example.com>;reason=\"no-answer\"",
    "Diversion: sip:bare@example.com;reason=deflection",
    "Diversion: <tel:+15550000>;reason=",
    "Remote-Party-ID: \"Caller\" <sip:rpid@example.com>;party=calling;privacy=full;screen=yes",
    "Remote-Party-ID: <sip:rpid@example.com;user=phone>;party=called",
    "Remote-Party-ID: sip:rpid2@example.com;privacy=\"off\"",
    "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\", uri=\"sip:x@y\", response=\"0123\"",
    "Authorization: Digest username=bob,realm=example.org,nonce=n,uri=\"sip:y\",response=r",
    "Authorization: Digest username=\"al\\\"ice\", realm=\"\", nonce=\"n\", uri=\"sip:y\", response=\"r\"",
    "Authorization: Digest  realm=\"r.example\" , username=\"u@dom\" ,nonce=\"n\",uri=\"sip:y\",response=\"r\"",
    "Authorization: Basic YWxpY2U6c2VjcmV0",
    "Proxy-Authorization: Digest username=\"proxyuser\", realm=\"proxy.example\", nonce=\"n\", uri=\"sip:z\", response=\"r\"",
    "Authorization: Digest username=\"alice\", realm=\"example.com\"",
    "X-Rep: one",
    "X-Rep: two, three",
    "X-Empty:",
    "X-Params: a=1;b=2;c",
    "X-Params: a=1&b=\"2\"&c",
    "Refer-To: <sip:target@example.com?Replaces=abc%40def>",
    "Refer-To: sip:bare-target@example.com",
    "Referred-By: <sip:referrer@example.com>",
    "Privacy: id;header",
    "User-Agent: Fuzz UA/1.0 (linux)",
    "User-Agent:",
    "Expires: 3600",
    "Subject: fuzz subject",
    "Content-Type: multipart/mixed;boundary=\"b1\"",
    "Content-Type: application/sdp",
    "Event: presence;id=1",
    "Contact: *",
    "Contact: <sip:c1@127.0.0.1>;expires=60;q=0.5, \"C2\" <sip:c2@127.0.0.1>;q=1",
    "Contact: sip:bare@127.0.0.1;expires=30",
    "Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-extra;received=1.2.3.4;rport=5000",
    "Via: SIP/2.0/UDP [::1]:5062;branch=z9hG4bK-v6",
    "Max-Forwards: 0",
    "Max-Forwards: 999",
]


def m_add_header(m, r):
    h = r.choice(ADDED)
    if r.random() < .2:
        n, v = h.split(":", 1)
        h = n.lower() + ":" + v
    pos = r.randrange(len(m.headers) + 1)
    m.headers.insert(pos, h)
    return True


def m_method(m, r):
    parts = m.start.split(" ")
    if len(parts) < 3:
        return False
    new = r.choice(METHODS)
    if new == parts[0]:
        return False
    parts[0] = new
    m.start = " ".join(parts)
    if r.random() < .7:
        i = pick_header(m, r, is_name("CSeq"))
        if i is not None:
            v = value_of(m.headers[i]).split()
            if v:
                m.headers[i] = name_of(m.headers[i]) + ": " + v[0] + " " + new
    return True


def m_cseq(m, r):
    i = pick_header(m, r, is_name("CSeq"))
    if i is None:
        return False
    h = m.headers[i]
    v = value_of(h).split()
    num, meth = (v + ["1", "INVITE"])[:2] if v else ("1", "INVITE")
    form = r.choice(["{n}  {m}", "{n}\t{m}", "0{n} {m}", "4294967295 {m}", "4294967296 {m}", "{n}", "{m}", " {n} {m} ",
                     "{n} {ml}", "-1 {m}", "{n}{m}", "{n} {m} extra", "", "{n} OTHER", "99999999999 {m}",
                     "{n} {m}\t"])
    m.headers[i] = name_of(h) + ": " + form.format(n=num, m=meth, ml=meth.lower())
    return True


def m_request_line(m, r):
    parts = m.start.split(" ")
    if len(parts) < 3:
        return False
    choice = r.randrange(5)
    if choice == 0:
        parts[-1] = r.choice(["sip/2.0", "SIP/2.1", "SIP/3.0", "SIP/2.0 "])
    elif choice == 1:
        m.start = " ".join(parts[:1]) + "  " + " ".join(parts[1:])
        return True
    elif choice == 2:
        parts[1] = r.choice(["*", "sip:127.0.0.1", "tel:+15551234;phone-context=example.com", "sip:%61lice@127.0.0.1",
                             "sip:a@127.0.0.1:5080;transport=tcp?X=1", "sips:b@[::1]:5061", "<sip:c@127.0.0.1>",
                             "sip:+1555@127.0.0.1;user=phone", "SIP:UPPER@EXAMPLE.COM", "sip:u@h;lr;maddr=1.2.3.4"])
    elif choice == 3:
        m.start = m.start + r.choice([" ", "\t"])
        return True
    else:
        parts[0] = parts[0] + r.choice(["", "X"])
        if parts[0] == m.start.split(" ")[0]:
            return False
    m.start = " ".join(parts)
    return True


def m_body(m, r):
    choice = r.randrange(4)
    if choice == 0:
        m.body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
        if not any(name_of(h).lower() in ("content-type", "c") for h in m.headers):
            m.headers.append("Content-Type: application/sdp")
    elif choice == 1:
        m.body = ""
    elif choice == 2:
        m.body = m.body + r.choice(["x", "\r\n", "ünï", "\x00z", "a b c"])
    else:
        if not any(name_of(h).lower() in ("content-length", "l") for h in m.headers):
            m.headers.append(r.choice(["Content-Length: 0", "l: 0"]))
        else:
            return False
    return True


def m_content_length(m, r):
    i = pick_header(m, r, is_name("Content-Length", "l"))
    n = len(m.body.encode("latin-1"))
    val = r.choice([str(n + 1), str(max(0, n - 1)), "0" + str(n), " %d " % n, "abc", "", "-1", "99999", "%d, %d" % (n, n)])
    if i is None:
        m.headers.append("Content-Length: " + val)
    else:
        m.headers[i] = name_of(m.headers[i]) + ":" + (" " if val[:1] != " " else "") + val
    m.keep_length = True
    return True


def m_via(m, r):
    i = pick_header(m, r, is_name("Via", "v"))
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    choice = r.randrange(5)
    if choice == 0:
        v = v + r.choice([";received=10.0.0.1", ";rport=1234", ";rport", ";received=", ";branch=", ";maddr=1.1.1.1",
                          ";ttl=1", ";alias", ";branch=\"quoted\""])
    elif choice == 1:
        v = re.sub(r"SIP\s*/\s*2\.0\s*/\s*UDP", r.choice(["SIP/2.0/TCP", "sip/2.0/udp", "SIP / 2.0 / UDP",
                                                        "SIP/2.0/TLS", "SIP/2.0/WS", "SIP/2.0/XYZ"]), v)
    elif choice == 2:
        v = v + ", SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-second"
    elif choice == 3:
        v = re.sub(r";branch=[^;,]*", "", v, count=1)
    else:
        v = v.replace("127.0.0.1", r.choice(["[::1]", "host.example", "127.0.0.1:0", "127.0.0.1 "]), 1)
    if ":".join([n, v]) == h:
        return False
    m.headers[i] = n + ":" + v
    return True


def m_tag(m, r):
    i = pick_header(m, r, is_name("From", "f", "To", "t"))
    if i is None:
        return False
    h = m.headers[i]
    n, v = h.split(":", 1)
    if ";tag=" in v and r.random() < .5:
        v = re.sub(r";tag=[^;,]*", r.choice(["", ";tag=", ";TAG=up", ";tag = spaced", ";tag=a;tag=b"]), v, count=1)
    else:
        v = v + r.choice([";tag=fz1", ";Tag=fz2", ";tag=\"q\"", ";tag=a%20b", ";tag", ";x=1;tag=fz3"])
    m.headers[i] = n + ":" + v
    return True


def m_byte_flip(m, r):
    data = bytearray(m.render())
    for _ in range(r.randint(1, 3)):
        k = r.randrange(len(data))
        data[k] = r.choice([r.randrange(256), ord(r.choice(" \t\r\n:;,<>\"@%\\")), data[k] ^ (1 << r.randrange(8))])
    m.raw = bytes(data)
    return True


MUTATIONS = [
    ("case", m_name_case, 6), ("compact", m_compact, 6), ("lwscolon", m_lws_colon, 6), ("lwssep", m_lws_sep, 8),
    ("fold", m_fold, 6), ("dup", m_duplicate, 5), ("split", m_split, 4), ("merge", m_merge, 5),
    ("display", m_display, 7), ("quote", m_quote_param, 6), ("userchars", m_user_chars, 8), ("user", m_add_user, 4),
    ("scheme", m_scheme, 6), ("port", m_port, 6), ("uriparam", m_uri_param, 9), ("empty", m_empty, 5),
    ("remove", m_remove, 4), ("move", m_move, 3), ("add", m_add_header, 10), ("method", m_method, 4),
    ("cseq", m_cseq, 4), ("rline", m_request_line, 3), ("body", m_body, 2), ("clen", m_content_length, 1),
    ("via", m_via, 4), ("tag", m_tag, 4), ("flip", m_byte_flip, 2),
]


def seeds():
    out = []
    for d in SEED_DIRS:
        for root, _, files in sorted(os.walk(d)):
            for f in sorted(files):
                if f.endswith(".sip"):
                    with open(os.path.join(root, f), "rb") as fh:
                        out.append((f[:-4], fh.read()))
    return out


FORBIDDEN_USER = re.compile(rb"^[^ ]* [A-Za-z]+:(edge-|matrix-sentinel[@;?> ])", re.I)


def safe(data):
    """Never an R-URI user starting with edge- (the corpus' exec tests) or the recorder's sentinel user."""
    first = data.split(b"\n", 1)[0]
    if FORBIDDEN_USER.match(first) or re.search(rb"(?i)[a-z]+:matrix-sentinel@", first):
        first = re.sub(rb"(?i)([a-z]+:)(edge-|matrix-sentinel)", rb"\1fz-", first)
        data = first + (b"\n" + data.split(b"\n", 1)[1] if b"\n" in data else b"")
    return data


def generate(seed, count, outdir):
    r = random.Random(seed)
    corpus = seeds()
    target = os.path.join(outdir, "corpus")
    os.makedirs(target, exist_ok=True)
    names, weights = [m for m in MUTATIONS], [m[2] for m in MUTATIONS]
    made = 0
    while made < count:
        _, data = r.choice(corpus)
        m = Msg(data)
        m.raw = None
        applied = []
        for _ in range(r.choice([1, 1, 2, 2, 3])):
            name, fn, _w = r.choices(names, weights)[0]
            if name == "flip" and applied:
                continue
            if fn(m, r):
                applied.append(name)
            if m.raw is not None:
                break
        if not applied:
            continue
        out = m.raw if m.raw is not None else m.render()
        out = safe(out)
        if len(out) > 60000:
            continue
        made += 1
        fname = "f%04d-%s.sip" % (made, "-".join(applied))
        with open(os.path.join(target, fname), "wb") as f:
            f.write(out)
    return target


def run_tests(outdir):
    trx = os.path.join(outdir, "results.trx")
    env = dict(os.environ, EXEC_MATRIX_DIR=outdir)
    cmd = ["dotnet", "test", os.path.join(REPO, "tests", "ExecToolkit.Tests"), "-c", "Release",
           "--filter", "FullyQualifiedName~Oracle.MatrixTests",
           "--logger", "trx;LogFileName=" + trx, "--logger", "console;verbosity=quiet"]
    with open(os.path.join(outdir, "dotnet-test.log"), "wb") as log:
        subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    return trx


DIFF_RE = re.compile(r"^new difference: \[([^\]]*)\] (\S.*?): (Kamailio.*|Kamailio's exec_msg.*|Kamailio routes.*|Kamailio drops.*|.*)$")


def summarise(outdir, trx):
    ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
    root = ET.parse(trx).getroot()
    diffs = []  # (request, what, detail)
    for res in root.iter("{%s}UnitTestResult" % ns["t"]):
        msg = res.find("t:Output/t:ErrorInfo/t:Message", ns)
        if msg is None or not msg.text:
            continue
        current = None
        for line in msg.text.splitlines():
            mm = re.match(r"^new difference: \[([^\]]*)\] (.*)$", line)
            if mm:
                subject, rest = mm.group(1), mm.group(2)
                if rest.startswith("@"):
                    what, _, detail = rest.partition(": ")
                else:
                    # "expression: Kamailio ..., runtime ..." -- the expression may hold ": "
                    k = rest.rfind(": Kamailio ")
                    what, detail = (rest[:k], rest[k + 2:]) if k >= 0 else rest.partition(": ")[::2]
                current = [subject, what, detail]
                diffs.append(current)
            elif current is not None and line.startswith("  ") or (current is not None and line in ("runtime:",)):
                current[2] += "\n" + line
            elif line.startswith("+\t") or line.startswith("-\t"):
                current = None
    by_kind = collections.defaultdict(list)
    by_expr = collections.defaultdict(list)
    by_entry = collections.defaultdict(list)
    for d in diffs:
        if d[1] == "@sip_env" and "\nruntime:" in d[2]:
            # only the entries that differ: "-" Kamailio's, "+" the runtime's
            k, rt = d[2].split("\nruntime:", 1)
            kl = [l.strip() for l in k.splitlines()[1:] if l.strip()]
            rl = [l.strip() for l in rt.splitlines() if l.strip()]
            changed = ["-" + l for l in kl if l not in rl] + ["+" + l for l in rl if l not in kl]
            d[2] = " ".join(changed) or "(same entries, other order)"
            for name in sorted({c[1:].split("=", 1)[0] for c in changed}):
                by_entry[name].append((d[0], d[2]))
    for subject, what, detail in diffs:
        kind = what if what.startswith("@") else "values"
        by_kind[kind].append((subject, what, detail))
        if not what.startswith("@"):
            by_expr[what].append((subject, detail))
    lines = ["%d differences in %d requests/expressions" % (len(diffs), len({d[0] for d in diffs})), "", "by kind:"]
    for kind, items in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        ex = items[0]
        lines.append("  %-10s %5d  (%d requests)  e.g. %s  %s" % (kind, len(items), len({i[0] for i in items}), ex[0],
                                                                    ex[2].splitlines()[0][:200] if ex[2] else ""))
    lines += ["", "by expression (values):"]
    for expr, items in sorted(by_expr.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append("  %-45s %5d  e.g. %s  %s" % (expr, len(items), items[0][0], items[0][1][:200]))
    if by_entry:
        lines += ["", "by SIP_* entry (@sip_env):"]
        for name, items in sorted(by_entry.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append("  %-25s %5d  e.g. %s  %s" % (name, len(items), items[0][0], items[0][1][:300]))
    for kind in ("@routed", "@sip_env", "@startup"):
        if kind in by_kind:
            lines += ["", kind + " requests:"]
            for subject, _, detail in by_kind[kind]:
                lines.append("  %s  %s" % (subject, detail.replace("\n", " | ")[:400]))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(outdir, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(outdir, "differences.json"), "w", encoding="utf-8") as f:
        json.dump([{"request": s, "what": w, "detail": d} for s, w, d in diffs], f, ensure_ascii=False, indent=1)
    return text


def record(outdir, expressions):
    """record.py over OUT/corpus; a request that ends Kamailio is moved to OUT/crashers and the rest resumed."""
    corpus = os.path.join(outdir, "corpus")
    expected = os.path.join(outdir, "expected")
    os.makedirs(os.path.join(expected, "requests"), exist_ok=True)
    crashers = os.path.join(outdir, "crashers")
    for attempt in range(50):
        done = {f[:-5] for f in os.listdir(os.path.join(expected, "requests"))}
        todo = sorted(f[:-4] for f in os.listdir(corpus) if f.endswith(".sip") and f[:-4] not in done)
        if not todo and attempt > 0:
            return
        cmd = [sys.executable, os.path.join(HERE, "record.py"), "--corpus", corpus, "--expected", expected]
        if expressions:
            cmd += ["--expressions", expressions]
        if attempt > 0 or done:
            cmd += ["--only"] + todo
        with open(os.path.join(outdir, "record.log"), "ab") as log:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
        if rc == 0:
            return
        with open(os.path.join(outdir, "record.log"), "rb") as log:
            tail = log.read()[-2000:].decode("utf-8", "replace")
        mm = re.search(r"record\.py: (?:Kamailio ended while handling|no answer after) (\S+)", tail)
        if not mm:
            sys.exit("fuzz.py: record.py failed; see " + os.path.join(outdir, "record.log"))
        os.makedirs(crashers, exist_ok=True)
        os.rename(os.path.join(corpus, mm.group(1) + ".sip"), os.path.join(crashers, mm.group(1) + ".sip"))
        print("fuzz.py: %s stopped the recording; moved to crashers/" % mm.group(1), file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", help="output folder (outside the repository); requests go to OUT/corpus")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--run", action="store_true", help="also record with Kamailio, run the matrix tests, summarise")
    p.add_argument("--expressions", help="a reduced expression list for record.py (default: expressions.txt)")
    p.add_argument("--skip-generate", action="store_true", help="--run on an existing OUT/corpus (resumes recording)")
    p.add_argument("--summary-only", action="store_true", help="only summarise OUT/results.trx again")
    a = p.parse_args()
    out = os.path.abspath(a.out)
    if a.summary_only:
        print(summarise(out, os.path.join(out, "results.trx")))
        return
    t0 = time.monotonic()
    if not a.skip_generate:
        if os.path.isdir(os.path.join(out, "corpus")) and os.listdir(os.path.join(out, "corpus")):
            sys.exit("fuzz.py: %s/corpus is not empty" % out)
        generate(a.seed, a.count, out)
        print("generated %d requests in %s/corpus" % (a.count, out), file=sys.stderr)
    if not a.run:
        return
    record(out, a.expressions)
    t1 = time.monotonic()
    print("recorded in %.0f s" % (t1 - t0), file=sys.stderr)
    trx = run_tests(out)
    print("tests in %.0f s" % (time.monotonic() - t1), file=sys.stderr)
    print(summarise(out, trx))


if __name__ == "__main__":
    main()
