#!/usr/bin/env python3
"""Response times from a packet capture: for every Call-ID, the time from the first INVITE sent to PORT to the first
final response (status >= 200) sent back from PORT, both as stamped by the kernel on the loopback interface.
Reads `tcpdump -nn -tt -A -r CAPTURE` on stdin; prints "count median_ms p99_ms max_ms" (or "0 - - -").
Usage: tcpdump -nn -tt -A -r capture.pcap | python3 response_times.py PORT"""
import re
import sys

port = sys.argv[1]
header = re.compile(r"^(\d+\.\d+) IP6? (\S+) > (\S+):")
sent, answered = {}, {}
stamp = direction = first = None


def flush(call_id):
    if call_id is None or first is None:
        return
    if direction == "in" and first.startswith("INVITE ") and call_id not in sent:
        sent[call_id] = stamp
    elif direction == "out" and first.startswith("SIP/2.0 "):
        status = first.split(" ")[1]
        if status.isdigit() and int(status) >= 200 and call_id not in answered:
            answered[call_id] = stamp


call = None
for line in sys.stdin:
    m = header.match(line)
    if m:
        flush(call)
        stamp = float(m.group(1))
        direction = "in" if m.group(3).endswith("." + port) else "out" if m.group(2).endswith("." + port) else None
        first = call = None
        continue
    # tcpdump -A prints the IP and UDP headers as text before the payload: find the SIP start line in it.
    text = line.rstrip("\r\n")
    if first is None:
        start = re.search(r"(INVITE |ACK |SIP/2\.0 \d{3} )", text)
        if start:
            first = text[start.start():]
        continue
    if call is None and text.lower().startswith(("call-id:", "i:")):
        call = text.split(":", 1)[1].strip()
flush(call)

times = sorted((answered[c] - sent[c]) * 1000.0 for c in sent if c in answered and answered[c] >= sent[c])
if not times:
    print("0 - - -")
else:
    median = times[(len(times) - 1) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99 + 0.5) - 1)]
    print("%d %.2f %.2f %.2f" % (len(times), median, p99, times[-1]))
