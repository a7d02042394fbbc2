#!/usr/bin/env python3
"""Turns what one recording left in its work folder into expected/<case>.json.

usage: assemble.py WORK CASES_DIR NOTES_TSV

Reads WORK/manifest (case, request file, -A define), WORK/out/<case>/ (the
Kamailio log of the case, its replies, one folder per probe run) and writes
CASES_DIR/expected/<case>.json. The output depends only on what Kamailio and
the probes did: keys sorted, indent 1, ASCII; the temporary folder is written
ORACLE_DIR (the probes) or RECORDER_WORK (anything else), and the PID that a
command's $$ gave the shell is written <sh-pid>. Nothing is timed.
"""

import base64
import hashlib
import json
import os
import re
import sys

# Kamailio's stderr prefix: " 1(12345) ", rank and PID
LOG_PREFIX = re.compile(rb"^\s*\d+\(\d+\) ")
LOG_LEVEL = re.compile(rb"^(WARNING|ERROR|CRITICAL|BUG|ALERT|EMERGENCY):")


def text(raw):
    """Bytes as JSON text: UTF-8, any other byte spelled \\xNN."""
    return raw.decode("utf-8", "backslashreplace")


def blob(raw):
    return {"len": len(raw), "b64": base64.b64encode(raw).decode("ascii"), "text": text(raw)}


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, "rb") as f:
        return f.read()


def split_nul(raw):
    parts = raw.split(b"\0")
    if parts and parts[-1] == b"":
        parts.pop()
    return parts


class Normaliser:
    """Replaces what depends on the machine or the moment with fixed words."""

    def __init__(self, work):
        self.pairs = [((work + "/probes").encode(), b"ORACLE_DIR"), (work.encode(), b"RECORDER_WORK")]

    def __call__(self, raw):
        for old, new in self.pairs:
            raw = raw.replace(old, new)
        return raw


# ---------------------------------------------------------------- the log

def parse_log(raw, norm):
    """@REC records and the other log lines worth keeping (warnings, errors, the shell's messages)."""
    records, kept = [], []
    for line in raw.split(b"\n"):
        if not line:
            continue
        i = line.find(b"@REC|")
        if i >= 0:
            records.append(line[i + 5:].decode("ascii").split("|"))
            continue
        m = LOG_PREFIX.match(line)
        if m:
            line = line[m.end():]
            if not LOG_LEVEL.match(line):
                continue  # INFO, NOTICE, DEBUG
        kept.append(text(norm(line)))
    return records, kept


def pv(hexa, is_null):
    # text: the value ('' when the PV is $null, as {s.encode.hexa} prints it)
    return {"text": text(bytes.fromhex(hexa)), "null": is_null}


def count(printed):
    return int(printed) if printed.isdigit() else printed


def apply_records(case, records):
    rc, calls, states, avps = {}, [], {}, {}
    case["routed"] = False
    case["route_completed"] = False
    for r in records:
        kind = r[0]
        if kind == "BEGIN":
            case["routed"] = True
            case["method"] = r[1]
        elif kind == "END":
            case["route_completed"] = True
        elif kind == "RC":
            rc[r[1]] = int(r[2])
            calls.append({"label": r[1], "rc": int(r[2])})
        elif kind == "STATE":
            label, ru, du, ruser, branch_count, nulls = r[1:7]
            nulls = nulls.split(",")
            states[label] = {
                "ru": pv(ru, "ru" in nulls),
                "du": pv(du, "du" in nulls),
                "rU": pv(ruser, "rU" in nulls),
                "branch_count": count(branch_count),
                "branches": [],
            }
        elif kind == "BRANCH":
            label, index, uri, dst, nulls = r[1:6]
            nulls = nulls.split(",")
            states[label]["branches"].append(
                {"index": int(index), "uri": pv(uri, "uri" in nulls), "dst_uri": pv(dst, "dst_uri" in nulls)})
        elif kind == "AVP":
            label, kind_, name, index, value = r[1:6]
            avps.setdefault(label, []).append(
                {"name": kind_ + ":" + name, "index": int(index), "value": pv(value, False)})
        elif kind == "NO_EDGE_BRANCH":
            sys.exit("assemble.py: %s: route[EDGE] of kamailio.cfg has no case for R-URI user '%s'"
                     % (case["case"], text(bytes.fromhex(r[1]))))
        elif kind == "SENTINEL":
            pass  # a repeated start-up sentinel
        else:
            sys.exit("assemble.py: unknown log record %r" % (r,))
    case["rc"], case["calls"], case["states"], case["avps"] = rc, calls, states, avps


# ---------------------------------------------------------------- probes

def environment(block):
    return [(e.split(b"=", 1) + [b""])[:2] for e in split_nul(block)]


def env_pair(name, value):
    pair = [text(name), text(value)]
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        pair.append({"value_b64": base64.b64encode(value).decode("ascii")})
    return pair


def probe(folder, norm):
    cmdline = [norm(a) for a in split_nul(read(os.path.join(folder, "sh-cmdline"), b""))]
    command = cmdline[2] if len(cmdline) >= 3 and cmdline[1] == b"-c" else None
    argv = [norm(a) for a in split_nul(read(os.path.join(folder, "argv"), b""))]
    if command is not None and b"$$" in command:
        # the shell's PID, where the command used $$: not the same from one run to the next
        pid = read(os.path.join(folder, "sh-pid")).strip()
        argv = [re.sub(rb"(?<![0-9])" + pid + rb"(?![0-9])", b"<sh-pid>", a) for a in argv]

    block = environment(read(os.path.join(folder, "sh-environ"), b""))
    sip = [(n, v) for n, v in block if n.startswith(b"SIP_")]
    sip_env = {}
    for n, v in sip:
        sip_env.setdefault(text(n), []).append(text(v))
    script = [(n, v) for n, v in environment(read(os.path.join(folder, "script-env"), b"")) if n.startswith(b"SIP_")]
    seen = {text(n): text(v) for n, v in script}

    p = {
        "seq": int(read(os.path.join(folder, "seq"), b"0")),
        "sh_cmdline": [text(a) for a in cmdline],
        "command": text(command) if command is not None else None,
        "parent_comm": text(read(os.path.join(folder, "sh-comm"), b"").strip()),
        "argv": [text(a) for a in argv],
        "sip_env_exact_order": [env_pair(n, v) for n, v in sip],
        "sip_env": {k: v[0] if len(v) == 1 else v for k, v in sip_env.items()},
        "sip_env_block_b64": base64.b64encode(b"\0".join(n + b"=" + v for n, v in sip)).decode("ascii"),
        "sip_env_as_seen_by_script": seen,
        # true when the script lost or changed an entry of the block (a name given twice, say)
        "script_view_differs_from_exact": sorted(script) != sorted(sip),
        "non_sip_env_names": [text(n) for n, _ in block if not n.startswith(b"SIP_")],
    }
    stdin = read(os.path.join(folder, "stdin"))
    if stdin is not None:
        p["stdin"] = blob(stdin)
    stdout = read(os.path.join(folder, "stdout"))
    if stdout is not None:
        p["stdout"] = blob(stdout)
    return p, sip


# ---------------------------------------------------------------- SIP_TID

def headers(datagram):
    """(name, value) of each header, folded lines joined, up to the empty line."""
    head = re.split(rb"\r?\n\r?\n", datagram, maxsplit=1)[0]
    lines = re.split(rb"\r?\n", head)[1:]
    result = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and result:
            result[-1][1] += b" " + line.strip()
        elif b":" in line:
            n, v = line.split(b":", 1)
            result.append([n.strip().lower(), v.strip()])
    return result


def first(hs, *names):
    for n, v in hs:
        if n.decode("latin-1") in names:
            return v
    return None


def param(value, name):
    m = re.search(rb";\s*" + name + rb"\s*=\s*([^;,\s>]*)", value or b"", re.I)
    return m.group(1) if m else b""


def tid_check(datagram, sip):
    """SIP_TID again from the request: md5 of the trimmed, non-empty parts in this order."""
    tid = dict(sip).get(b"SIP_TID")
    if tid is None:
        return None
    hs = headers(datagram)
    request_line = re.split(rb"\r?\n", datagram, maxsplit=1)[0].split(b" ")
    method, ruri = request_line[0], request_line[1] if len(request_line) > 1 else b""
    from_ = first(hs, "from", "f") or b""
    to = first(hs, "to", "t") or b""
    to = to[to.find(b">"):] if b">" in to else to
    from_ = from_[from_.find(b">"):] if b">" in from_ else from_
    via = (first(hs, "via", "v") or b"").split(b",")[0]
    sent_by = via.split(b";")[0].strip().split(None, 1)
    hostport = sent_by[1].strip() if len(sent_by) > 1 else b""
    if hostport.startswith(b"["):
        host, _, port = hostport[1:].partition(b"]")
        port = port.lstrip(b":")
    else:
        host, _, port = hostport.partition(b":")
    cseq = (first(hs, "cseq") or b"").split()
    parts = [
        ("from_tag", param(from_, b"tag")),
        ("to_tag", b"" if method in (b"INVITE", b"ACK", b"CANCEL") else param(to, b"tag")),
        ("call_id", first(hs, "call-id", "i") or b""),
        ("original_ruri", ruri),
        ("cseq_number", cseq[0] if cseq else b""),
        ("via_host", host),
        ("via_port", port),
        ("via_branch", param(via, b"branch")),
    ]
    md5 = hashlib.md5(b"".join(v.strip() for _, v in parts)).hexdigest()
    return {"SIP_TID": text(tid), "md5_of_parts": md5, "match": md5 == text(tid),
            "parts": [[k, text(v.strip())] for k, v in parts]}


# ---------------------------------------------------------------- a case

def reply(raw, source):
    lines = re.split(rb"\r?\n", re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0])
    contacts = [text(l) for l in lines[1:] if re.match(rb"(?i)(contact|m)\s*:", l)]
    return {"from": text(source.strip()), "first_line": text(lines[0]), "contacts": contacts}


def assemble(work, cases_dir, name, request_file, define, note, norm):
    out = os.path.join(work, "out", name)
    datagram = read(request_file)
    case = {
        "case": name,
        "note": note,
        "request_file": os.path.relpath(request_file, cases_dir),
        "defines": [define] if define else [],
        "request": dict(blob(datagram), first_line=text(re.split(rb"\r?\n", datagram, maxsplit=1)[0])),
    }
    records, log = parse_log(read(os.path.join(out, "kamailio.log"), b""), norm)
    apply_records(case, records)
    case["kamailio_log"] = log

    replies = sorted((f for f in os.listdir(out) if re.fullmatch(r"reply\.\d+", f)), key=lambda f: int(f[6:]))
    case["responses"] = [reply(read(os.path.join(out, f)), read(os.path.join(out, f + ".from"))) for f in replies]

    probes, sips, tid = {}, {}, None
    folders = [f for f in os.listdir(out) if os.path.isdir(os.path.join(out, f))]
    for f in sorted(folders):
        probes[f], sips[f] = probe(os.path.join(out, f), norm)
        if "stdin" in probes[f]:
            probes[f]["stdin"]["equals_request_datagram"] = read(os.path.join(out, f, "stdin")) == datagram
    # the first probe run that saw SIP_TID
    for f in sorted(probes, key=lambda f: probes[f]["seq"]):
        tid = tid_check(datagram, sips[f])
        if tid:
            tid["probe"] = f
            break
    case["probes"] = probes
    if tid:
        case["tid_check"] = tid
        if not tid["match"]:
            print("assemble.py: note: %s: SIP_TID %s, recomputed %s" % (name, tid["SIP_TID"], tid["md5_of_parts"]),
                  file=sys.stderr)
    return case


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    work, cases_dir, notes_file = os.path.realpath(argv[0]), argv[1], argv[2]
    notes = {}
    if os.path.exists(notes_file):
        with open(notes_file, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    k, _, v = line.rstrip("\n").partition("\t")
                    notes[k] = v
    norm = Normaliser(work)
    with open(os.path.join(work, "manifest"), encoding="utf-8") as f:
        manifest = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    # every case first, so that a failure leaves expected/ as it was
    cases = [assemble(work, cases_dir, name, request_file, define, notes.get(name, ""), norm)
             for name, request_file, define in manifest]
    os.makedirs(os.path.join(cases_dir, "expected"), exist_ok=True)
    for case in cases:
        path = os.path.join(cases_dir, "expected", case["case"] + ".json")
        with open(path, "w", encoding="ascii", newline="\n") as f:
            json.dump(case, f, indent=1, sort_keys=True, ensure_ascii=True)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
