#!/usr/bin/env python3
"""Sends corpus datagrams to the Kamailio that record.sh started, one at a time.

usage: send.py WORK LOG KAMAILIO_PID CASE=FILE...

For each case: writes WORK/out/current (the probes read it), sends the exact
bytes of FILE from 127.0.0.1:5071 to 127.0.0.1:5070, then sends a sentinel
request. Kamailio has one UDP worker, so the sentinel's log line means the
case has finished. Kept in WORK/out/<case>/:
  kamailio.log   the log between the previous sentinel's line and this one
  reply.<k>      each datagram Kamailio sent back to 127.0.0.1:5071
  reply.<k>.from its source address
Waiting is by log line, never by sleeping a fixed time.
"""

import os
import socket
import sys
import time

KAMAILIO = ("127.0.0.1", 5070)
SOURCE = ("127.0.0.1", 5071)
CASE_TIMEOUT_S = 60.0
START_TIMEOUT_S = 30.0


def sentinel(n):
    """A well-formed OPTIONS that the cfg drops after logging @REC|SENTINEL|n."""
    head = (
        "OPTIONS sip:recorder-sentinel@127.0.0.1:5070 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-sentinel-{n}\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:recorder@127.0.0.1>;tag=sentinel\r\n"
        "To: <sip:recorder-sentinel@127.0.0.1:5070>\r\n"
        "Call-ID: sentinel-{n}@recorder.test\r\n"
        "CSeq: {n} OPTIONS\r\n"
        "X-Sentinel: {n}\r\n"
        "Content-Length: 0\r\n\r\n"
    )
    return head.format(n=n).encode("ascii")


class Log:
    """The Kamailio log file, read as it grows."""

    def __init__(self, path, pid):
        self.path = path
        self.pid = pid
        self.data = b""

    def refresh(self):
        with open(self.path, "rb") as f:
            f.seek(len(self.data))
            self.data += f.read()

    def alive(self):
        try:
            os.kill(self.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def find_line(self, needle, start):
        """(start, end) of the first complete line at or after start holding needle."""
        i = self.data.find(needle, start)
        if i < 0:
            return None
        end = self.data.find(b"\n", i)
        if end < 0:
            return None
        return self.data.rfind(b"\n", 0, i) + 1, end + 1

    def wait_line(self, needle, start, timeout, resend=None):
        deadline = time.monotonic() + timeout
        next_send = 0.0
        while True:
            self.refresh()
            found = self.find_line(needle, start)
            if found:
                return found
            now = time.monotonic()
            if now > deadline or not self.alive():
                tail = self.data[-3000:].decode("utf-8", "backslashreplace")
                state = "timed out" if self.alive() else "Kamailio exited"
                sys.exit("send.py: %s waiting for %r\n--- log tail ---\n%s" % (state, needle.decode(), tail))
            if resend and now >= next_send:
                resend()
                next_send = now + 0.25
            time.sleep(0.01)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    work, log_path, pid = argv[0], argv[1], int(argv[2])
    cases = [a.split("=", 1) for a in argv[3:]]
    out = os.path.join(work, "out")
    log = Log(log_path, pid)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind(SOURCE)

    # ready: the sentinel 0 goes again every 250 ms until Kamailio logs it
    _, after = log.wait_line(b"@REC|SENTINEL|0\n", 0, START_TIMEOUT_S,
                             resend=lambda: sock.sendto(sentinel(0), KAMAILIO))
    drain(sock)

    for n, (name, path) in enumerate(cases, start=1):
        with open(path, "rb") as f:
            datagram = f.read()
        case_dir = os.path.join(out, name)
        os.makedirs(case_dir)
        with open(os.path.join(out, "current"), "w") as f:
            f.write(name + "\n")
        sock.sendto(datagram, KAMAILIO)
        sock.sendto(sentinel(n), KAMAILIO)
        begin, end = log.wait_line(b"@REC|SENTINEL|%d\n" % n, after, CASE_TIMEOUT_S)
        with open(os.path.join(case_dir, "kamailio.log"), "wb") as f:
            f.write(log.data[after:begin])
        after = end
        # Kamailio replies before it reads the sentinel: the replies are queued
        for k, (reply, source) in enumerate(drain(sock), start=1):
            with open(os.path.join(case_dir, "reply.%d" % k), "wb") as f:
                f.write(reply)
            with open(os.path.join(case_dir, "reply.%d.from" % k), "w") as f:
                f.write("%s:%d\n" % source)
        print("  %-28s done" % name, flush=True)
    os.remove(os.path.join(out, "current"))


def drain(sock):
    replies = []
    sock.setblocking(False)
    try:
        while True:
            replies.append(sock.recvfrom(65535))
    except BlockingIOError:
        pass
    sock.setblocking(True)
    return replies


if __name__ == "__main__":
    main(sys.argv[1:])
