"""Drives a running control plane and prints the benchmark figures (see control-plane.sh)."""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

base, token = sys.argv[1], sys.argv[2]
HEADERS = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}


LOCAL = threading.local()
HOST = urllib.parse.urlsplit(base)


def call(method, path, body=None):
    """One request on this thread's keep-alive connection, as real clients do."""
    if not hasattr(LOCAL, "connection"):
        LOCAL.connection = http.client.HTTPConnection(HOST.hostname, HOST.port)
    data = None if body is None else json.dumps(body)
    LOCAL.connection.request(method, path, body=data, headers=HEADERS)
    response = LOCAL.connection.getresponse()
    text = response.read()
    if response.status >= 400:
        raise RuntimeError("%s %s -> %d %s" % (method, path, response.status, text[:200]))
    return response.status, (json.loads(text) if text else None)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered))) - 1))]


def report(label, seconds):
    ms = [s * 1000 for s in seconds]
    print("%-34s n=%5d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
          % (label, len(ms), percentile(ms, 0.5), percentile(ms, 0.99), max(ms)))


call("POST", "/api/v1/catalog/imports", None)
total = call("GET", "/api/v1/libraries?size=1")[1]["total"]
print("catalog: %d libraries" % total)

recipe = {"application": "bench", "requires": ["api-0"],
          "libraries": [{"name": "api-3-impl-1", "options": {"level": 3}}, {"name": "api-7-impl-2"}],
          "targets": ["qemu/x86_64"]}
for _ in range(100):
    call("POST", "/api/v1/recipe-checks", recipe)
latencies = []
for _ in range(1000):
    start = time.perf_counter()
    call("POST", "/api/v1/recipe-checks", recipe)
    latencies.append(time.perf_counter() - start)
report("recipe check (target p99 < 50 ms)", latencies)

call("POST", "/api/v1/recipes", dict(recipe, name="bench"))
builds = [call("POST", "/api/v1/builds", {"recipe": "bench"})[1]["id"] for _ in range(2000)]
workers = [call("POST", "/api/v1/workers", {"name": "bench-%d" % i, "platforms": ["qemu"],
                                            "architectures": ["x86_64"], "capacity": 1})[1]["id"]
           for i in range(4)]
cycles = [0] * len(workers)


def work(index):
    worker = workers[index]
    while True:
        status, lease = call("POST", "/api/v1/workers/%d/leases" % worker)
        if status == 204:
            return
        call("POST", "/api/v1/tasks/%d/result" % lease["task"]["id"],
             {"workerId": worker, "outcome": "succeeded", "durationMillis": 1})
        cycles[index] += 1


start = time.perf_counter()
threads = [threading.Thread(target=work, args=(i,)) for i in range(len(workers))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - start
print("lease+complete with 4 workers        %d cycles in %.1f s = %.0f cycles/s (target >= 200/s)"
      % (sum(cycles), elapsed, sum(cycles) / elapsed))

# GET /builds/{id} at a paced 200 requests per second from 4 threads, for 10 seconds.
latencies, lock = [], threading.Lock()
rate, duration, senders = 200, 10, 4


def pace(index):
    interval = senders / rate
    next_at = time.perf_counter() + index * interval / senders
    end = time.perf_counter() + duration
    i = index
    while next_at < end:
        now = time.perf_counter()
        if now < next_at:
            time.sleep(next_at - now)
        sent = time.perf_counter()
        call("GET", "/api/v1/builds/%d" % builds[i % len(builds)])
        with lock:
            latencies.append(time.perf_counter() - sent)
        i += senders
        next_at += interval


threads = [threading.Thread(target=pace, args=(i,)) for i in range(senders)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
report("GET build at 200 req/s (p99 < 25 ms)", latencies)
print("achieved rate: %.0f req/s" % (len(latencies) / duration))
