"""A small HTTP load generator for the benchmark: N keep-alive clients, bounded in
requests and time, against a server on this machine only (loopback)."""
import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    label: str
    path: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def run(label, path, *, host="127.0.0.1", port=8765, clients=8, duration=5.0, max_requests=20000, cookie=""):
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the benchmark only targets this machine")
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    budget = [max_requests]
    headers = {"Cookie": cookie, "Host": "127.0.0.1"} if cookie else {"Host": "127.0.0.1"}

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        errors[0] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return Result(label, path, len(latencies), errors[0], elapsed, statistics.median(ordered) * 1000, p95 * 1000)
