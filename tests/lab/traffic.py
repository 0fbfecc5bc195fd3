"""traffic.py - the lab's own traffic besides iperf3 (real kernel TCP).

  traffic.py server ADDR RR_PORT KEEP_PORT
      request/response server: each request line "SIZE\\n" is answered with
      SIZE bytes; the keep-alive port reads until EOF.
  traffic.py rr ADDR PORT WORKERS SECONDS
      WORKERS threads open short connections, 1 to 5 requests each (sizes
      from 100 bytes to 200 kB), until SECONDS have passed.
  traffic.py keep ADDR PORT N SECONDS
      N idle connections with TCP keep-alives every second, each sending
      one line, then idle, closed after SECONDS.
"""
import random
import socket
import sys
import threading
import time

BLOB = bytes(random.getrandbits(8) for _ in range(1 << 16)) * 4


def spawn(fn, *a):
    t = threading.Thread(target=fn, args=a, daemon=True)
    t.start()
    return t


def listener(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(512)
    return s


def rr_conn(c):
    try:
        c.settimeout(30)
        f = c.makefile("rb")
        for line in f:
            size = int(line)
            while size > 0:
                n = min(size, len(BLOB))
                c.sendall(BLOB[:n])
                size -= n
    except (OSError, ValueError):
        pass
    finally:
        c.close()


def idle_conn(c):
    try:
        while c.recv(4096):
            pass
    except OSError:
        pass
    finally:
        c.close()


def accept_loop(ls, fn):
    while True:
        c, _ = ls.accept()
        spawn(fn, c)


def server(addr, rr_port, keep_port):
    spawn(accept_loop, listener(addr, int(keep_port)), idle_conn)
    accept_loop(listener(addr, int(rr_port)), rr_conn)


def size():
    r = random.random()
    if r < 0.6:
        return random.randint(100, 4000)
    if r < 0.9:
        return random.randint(4000, 40000)
    return random.randint(40000, 200000)


def rr_worker(addr, port, end):
    while time.time() < end:
        try:
            s = socket.create_connection((addr, port), timeout=10)
            f = s.makefile("rb")
            for _ in range(random.choice((1, 1, 2, 3, 5))):
                n = size()
                s.sendall(b"%d\n" % n)
                while n > 0:
                    b = f.read(min(n, 65536))
                    if not b:
                        raise EOFError
                    n -= len(b)
                time.sleep(random.random() * 0.02)
            s.close()
        except (OSError, EOFError):
            time.sleep(0.1)
        time.sleep(random.random() * 0.02)


def keep_conn(addr, port, secs):
    try:
        s = socket.create_connection((addr, port), timeout=10)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 30)
        s.sendall(b"hello\n")
        time.sleep(secs)
        s.close()
    except OSError:
        pass


def main(argv):
    mode = argv[1]
    if mode == "server":
        server(argv[2], argv[3], argv[4])
        return
    addr, port, n, secs = argv[2], int(argv[3]), int(argv[4]), float(argv[5])
    fn = rr_worker if mode == "rr" else keep_conn
    arg = time.time() + secs if mode == "rr" else secs
    ts = [spawn(fn, addr, port, arg) for _ in range(n)]
    for t in ts:
        t.join(secs + 15)


if __name__ == "__main__":
    main(sys.argv)
