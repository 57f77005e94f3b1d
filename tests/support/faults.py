"""Faults on demand for the drills (``tests/test_fault_drills.py``): never touch the
shared PostgreSQL or Redis, put one of these between the application and the service.

* ``TcpProxy(target_port)``: a threaded TCP proxy on 127.0.0.1 (a random free port) to a
  loopback service. ``cut()`` closes every open connection and refuses new ones, which is
  what a restart or an outage of the service looks like to the application; ``restore()``
  listens again on the same port.
* ``SmtpSink()``: a minimal SMTP server on 127.0.0.1 that keeps the messages it accepts,
  or, while ``refuse`` is set, answers every message with a temporary failure (451).

Both are bounded (connection count, message size, idle sockets time out) and stop
themselves after ``lifetime`` seconds if a test forgets to close them; they bind the
loopback interface only.
"""
import socket
import socketserver
import threading
import time

LOOPBACK = "127.0.0.1"


def free_port():
    """A TCP port nothing listens on just now (the kernel's pick) on the loopback interface."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv() on it
    except OSError:
        pass
    sock.close()


class _Lifetime:
    """Close the object after ``lifetime`` seconds at the latest (a forgotten fault never outlives a test run)."""

    def _start_timer(self, lifetime):
        self._timer = threading.Timer(lifetime, self.close)
        self._timer.daemon = True
        self._timer.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class TcpProxy(_Lifetime):
    """Forward 127.0.0.1:<port> to a loopback service; ``cut()`` and ``restore()`` it.

        with TcpProxy(5432) as proxy:
            url = f"postgres://postgres@127.0.0.1:{proxy.port}/test_db"
            proxy.cut()      # open connections dropped, new ones refused
            proxy.restore()  # the service is back on the same address
    """

    def __init__(self, target_port, target_host=LOOPBACK, *, max_connections=64, lifetime=300, idle_timeout=120):
        if target_host not in (LOOPBACK, "localhost", "::1"):
            raise ValueError("TcpProxy forwards to a loopback service only")
        self.target = (target_host, int(target_port))
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self.accepted = 0  # connections forwarded since start
        self.refused = 0  # connections turned away (over the bound, or the service itself down)
        self._lock = threading.Lock()
        self._pairs = set()
        self._listener = None
        self._closed = False
        self.port = None
        self._listen()
        self._start_timer(lifetime)

    # -- control --------------------------------------------------------------------------
    @property
    def is_cut(self):
        return self._listener is None

    @property
    def open_connections(self):
        with self._lock:
            return len(self._pairs)

    def cut(self):
        """Drop every open connection and refuse new ones (connection refused), as a service restart does."""
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = list(self._pairs), set()
        if listener is not None:
            _close(listener)
        for client, upstream in pairs:
            _close(client)
            _close(upstream)

    def restore(self):
        """Listen again on the same port: new connections reach the service."""
        if self._closed:
            raise RuntimeError("the proxy is closed")
        if self._listener is None:
            self._listen()

    def close(self):
        self._closed = True
        self.cut()
        timer = getattr(self, "_timer", None)
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()

    def url(self, scheme, path="", userinfo=""):
        """The service's URL through the proxy: ``url("redis", "/14")``."""
        return f"{scheme}://{userinfo + '@' if userinfo else ''}{LOOPBACK}:{self.port}{path}"

    # -- plumbing ------------------------------------------------------------------------
    def _listen(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK, self.port or 0))
        listener.listen(32)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True,
                         name=f"proxy-{self.port}-accept").start()

    def _accept_loop(self, listener):
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by cut()
                return
            if self._listener is not listener or self.open_connections >= self.max_connections:
                self.refused += 1
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                self.refused += 1
                _close(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(self.idle_timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pair = (client, upstream)
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _close(client)
                    _close(upstream)
                    continue
                self._pairs.add(pair)
                self.accepted += 1
            for src, dst in (pair, pair[::-1]):
                threading.Thread(target=self._pump, args=(src, dst, pair), daemon=True).start()

    def _pump(self, src, dst, pair):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:  # reset, closed by cut(), or idle too long
            pass
        finally:
            with self._lock:
                self._pairs.discard(pair)
            _close(src)
            _close(dst)


# -- a mail server for the drills --------------------------------------------------------------
class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib (Django's SMTP backend): greeting, EHLO/HELO, MAIL, RCPT,
    DATA with dot-unstuffing, RSET, NOOP, QUIT."""

    timeout = 30  # an idle client is dropped
    MAX_LINE = 4096

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink = self.server.sink
        sink.connections += 1
        self.reply(f"220 {LOOPBACK} ESMTP fault-drill sink")
        sender, recipients = None, []
        try:
            while True:
                line = self.rfile.readline(self.MAX_LINE)
                if not line:
                    return
                verb, _, arg = line.decode("utf-8", "replace").strip().partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    self.reply(f"250-{LOOPBACK}\r\n250-8BITMIME\r\n250 SIZE {sink.max_size}")
                elif verb == "HELO":
                    self.reply(f"250 {LOOPBACK}")
                elif verb == "MAIL":
                    sender, recipients = arg, []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    if sender is None:
                        self.reply("503 MAIL first")
                    else:
                        recipients.append(arg)
                        self.reply("250 OK")
                elif verb == "DATA":
                    if not recipients:
                        self.reply("503 RCPT first")
                        continue
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = self._read_data(sink.max_size)
                    if data is None:
                        return
                    refusal = sink.refuse
                    if refusal:
                        sink.refused += 1
                        self.reply(refusal)
                    else:
                        sink.deliver(data)
                        self.reply("250 OK queued")
                    sender, recipients = None, []
                elif verb == "RSET":
                    sender, recipients = None, []
                    self.reply("250 OK")
                elif verb == "NOOP":
                    self.reply("250 OK")
                elif verb == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")
        except (OSError, TimeoutError):
            return

    def _read_data(self, max_size):
        lines, size = [], 0
        while True:
            line = self.rfile.readline(self.MAX_LINE)
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            if line.startswith(b".."):
                line = line[1:]
            size += len(line)
            if size > max_size:
                return None
            lines.append(line)


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class SmtpSink(_Lifetime):
    """A local mail server: keeps what it accepts (``messages``, raw bytes), or refuses all.

        with SmtpSink(refuse=True) as smtp:   # EMAIL_URL=smtp://127.0.0.1:{smtp.port}
            ...                                # every message: "451 4.3.0 ..." (try again later)
            smtp.accept()                      # from now on messages are delivered
    """

    REFUSAL = "451 4.3.0 Mail server busy, try again later"

    def __init__(self, *, refuse=False, max_size=1_000_000, lifetime=300):
        self.max_size = max_size
        self.refuse = self.REFUSAL if refuse is True else (refuse or None)
        self.messages = []
        self.refused = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._server = _SmtpServer((LOOPBACK, 0), _SmtpHandler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True, name=f"smtp-sink-{self.port}")
        self._closed = False
        self._thread.start()
        self._start_timer(lifetime)

    @property
    def url(self):
        return f"smtp://{LOOPBACK}:{self.port}"

    def accept(self):
        self.refuse = None

    def refuse_all(self, reply=REFUSAL):
        self.refuse = reply

    def deliver(self, data):
        with self._lock:
            self.messages.append(data)

    def header_values(self, name):
        """The value of header ``name`` in every accepted message, in order."""
        prefix = name.lower().encode() + b":"
        values = []
        with self._lock:
            messages = list(self.messages)
        for raw in messages:
            head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n")
            values += [line[len(prefix):].strip().decode() for line in head if line.lower().startswith(prefix)]
        return values

    def close(self):
        if self._closed:
            return
        self._closed = True
        self._server.shutdown()
        self._server.server_close()
        timer = getattr(self, "_timer", None)
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()


def wait_until(condition, *, timeout=20, interval=0.1, what="the condition"):
    """Poll ``condition()`` until it is true; AssertionError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
