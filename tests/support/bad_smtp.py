#!/usr/bin/python3
"""A misbehaving SMTP server on loopback, for 9pic-help's fault tests.

Plain sockets, one thread per connection, no SMTP library: the point is to
misbehave in ways a library would not. It binds a free port on 127.0.0.1,
prints `READY <port>` once it accepts connections, appends one line per event
to `<spool>/log` (`connect N`, `data N`, `stored N`, ...; flushed at once, so
a test can wait for a step instead of sleeping), and stores every message it
takes as `<n>.eml` with its envelope as `<n>.json` (written to a temporary
name, then renamed).

Modes (--mode):
  ok              a plain server that accepts every message
  drip            the greeting, one byte every 0.5 s
  silent          accepts the connection and never says a word
  huge-banner     a greeting of about 2 MB on continuation lines
  drop-mid-data   answers 354, reads one line of the message, then hangs up
                  (our bytes unread: the kernel resets the connection)
  drop-after-dot  reads the whole message, stores it, and hangs up without a reply
  silent-after-dot  reads the whole message, stores it, and never replies
  lf-dot          ends DATA on a bare LF "." LF as well as CRLF "." CRLF and
                  carries on reading commands: a receiver open to SMTP smuggling
  reply-451       answers the message's end with 451 (nothing stored)
  reply-554       answers the message's end with 554 (nothing stored)
  escapes         answers the message's end with 554 and terminal escape sequences

It stops when its standard input closes or on SIGTERM/SIGINT.
"""

import argparse
import json
import os
import signal
import socket
import struct
import sys
import threading
import time

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred"


class Spool:
    """The messages taken and the event log, shared by the connections."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.count = 0
        self.log_file = open(os.path.join(path, "log"), "a", buffering=1)

    def log(self, line):
        with self.lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()

    def store(self, mail_from, rcpts, data):
        with self.lock:
            self.count += 1
            n = self.count
        stem = os.path.join(self.path, "%d" % n)
        write_atomically(stem + ".eml", data)
        meta = {"mail_from": mail_from, "rcpt_tos": rcpts}
        write_atomically(stem + ".json", json.dumps(meta).encode())
        self.log("stored %d" % n)


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


def address(arg):
    """The address inside <...> of a MAIL FROM / RCPT TO argument."""
    start, end = arg.find(b"<"), arg.find(b">")
    if start < 0 or end < start:
        return arg.strip().decode("latin-1")
    return arg[start + 1 : end].decode("latin-1")


def wait_for_close(conn):
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def session(conn, n, mode, spool):
    spool.log("connect %d" % n)
    send = conn.sendall
    if mode == "silent":
        wait_for_close(conn)
        return
    if mode == "drip":
        for b in b"220 drip.example ESMTP slowly\r\n":
            send(bytes([b]))
            time.sleep(0.5)
    elif mode == "huge-banner":
        line = b"220-" + b"x" * 996 + b"\r\n"
        send(line * 2000 + b"220 end of banner\r\n")
    else:
        send(b"220 bad.example ESMTP\r\n")
    reader = conn.makefile("rb")
    mail_from, rcpts = None, []
    while True:
        line = reader.readline()
        if not line:
            return
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            send(b"250-bad.example\r\n250-8BITMIME\r\n250 SIZE 100000000\r\n")
        elif verb == b"MAIL":
            mail_from, rcpts = address(line[10:]), []
            send(b"250 sender ok\r\n")
        elif verb == b"RCPT":
            rcpts.append(address(line[8:]))
            send(b"250 recipient ok\r\n")
        elif verb == b"RSET":
            mail_from, rcpts = None, []
            send(b"250 reset\r\n")
        elif verb == b"NOOP":
            send(b"250 ok\r\n")
        elif verb == b"QUIT":
            send(b"221 bye\r\n")
            return
        elif verb == b"DATA":
            send(b"354 go ahead\r\n")
            spool.log("data %d" % n)
            if mode == "drop-mid-data":
                reader.readline()
                spool.log("dropped %d" % n)
                # Linger 0: close at once with a reset, as a crashed server would.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                reader.close()
                conn.close()
                return
            data = read_data(reader, bare_lf=(mode == "lf-dot"))
            if data is None:
                return
            if mode in ("reply-451", "reply-554", "escapes"):
                reply = {
                    "reply-451": "451 4.3.0 try again later",
                    "reply-554": "554 5.7.1 message refused",
                    "escapes": "554 5.7.1 " + ESCAPES,
                }[mode]
                send(reply.encode() + b"\r\n")
                continue
            spool.store(mail_from, rcpts, data)
            mail_from, rcpts = None, []
            if mode == "drop-after-dot":
                reader.close()
                conn.close()
                return
            if mode == "silent-after-dot":
                wait_for_close(conn)
                return
            send(b"250 2.0.0 accepted\r\n")
        else:
            send(b"500 unknown command\r\n")


def read_data(reader, bare_lf):
    """The message up to its final dot, dot-unstuffed; None if the client left."""
    out = []
    while True:
        line = reader.readline()
        if not line:
            return None
        if line == b".\r\n" or (bare_lf and line == b".\n"):
            return b"".join(out)
        if line.startswith(b"."):
            line = line[1:]
        out.append(line)


def serve(conn, n, mode, spool):
    try:
        session(conn, n, mode, spool)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    p = argparse.ArgumentParser(description="misbehaving loopback SMTP server")
    p.add_argument("--spool", required=True)
    p.add_argument(
        "--mode",
        default="ok",
        choices=[
            "ok",
            "drip",
            "silent",
            "huge-banner",
            "drop-mid-data",
            "drop-after-dot",
            "silent-after-dot",
            "lf-dot",
            "reply-451",
            "reply-554",
            "escapes",
        ],
    )
    args = p.parse_args()
    os.makedirs(args.spool, exist_ok=True)
    spool = Spool(args.spool)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))

    def watch_stdin():
        while os.read(sys.stdin.fileno(), 4096):
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("READY %d" % listener.getsockname()[1], flush=True)
    n = 0
    while True:
        conn, _ = listener.accept()
        n += 1
        threading.Thread(target=serve, args=(conn, n, args.mode, spool), daemon=True).start()


if __name__ == "__main__":
    main()
