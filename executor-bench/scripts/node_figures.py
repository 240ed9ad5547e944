#!/usr/bin/env python3
"""Figures of a running node (issue 6, item 8), measured on the packaged app.

    ./mvnw -pl executor-app -am package -DskipTests
    python3 executor-bench/scripts/node_figures.py [ready|handback|load|all]

ready     wall time from `java -jar` to GET /ready == 200: with the external database
          (DATABASE_URL, a fresh database on it) and with a cold embedded one (fresh
          EMBEDDED_DATA_DIR, so initdb runs; the unpacked binaries in /tmp/embedded-pg stay cached).
handback  DEFAULT lease/timeout-check settings: node A runs tasks, is killed with SIGKILL; node B
          (already up, its pool stopped so only its reaper acts) hands them back. Time from the
          kill to every task being pending again.
load      one node, NUM_INTERNAL_WORKERS=200: 200 simulated tasks of 10 s at once; RSS and thread
          count of the JVM when all 200 run, against the idle node.

The JVM runs with JAVA_OPTS only (default: none); bin/executor and the Docker image add a class
data sharing archive (-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=...), which roughly
halves the startup CPU from the second start on: JAVA_OPTS="-XX:+AutoCreateSharedArchive
-XX:SharedArchiveFile=/tmp/executor-app.jsa" measures that.

Environment: FIGURES_DATABASE (admin URL of the external PostgreSQL, default
postgresql://postgres@127.0.0.1:5432/postgres), JAVA_HOME, JAVA_OPTS (extra JVM flags).
Nothing is asserted; the figures are printed.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "executor-app", "target", "executor-app.jar")
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
ADMIN = os.environ.get("FIGURES_DATABASE", "postgresql://postgres@127.0.0.1:5432/postgres")
WORK = tempfile.mkdtemp(prefix="node-figures-")


def psql(sql):
    subprocess.run(["psql", ADMIN, "-q", "-c", sql], check=True, capture_output=True)


def fresh_database():
    name = "figures_" + uuid.uuid4().hex[:12]
    psql(f"CREATE DATABASE {name}")
    return name, ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_database(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, name, env):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(WORK, name + ".log")
        full = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
                "HOST": "127.0.0.1", "PORT": str(self.port), "NODE_ID": name}
        full.update(env)
        cmd = [JAVA] + os.environ.get("JAVA_OPTS", "").split() + ["-jar", JAR]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=full, cwd=WORK, stdout=open(self.log, "w"),
                                     stderr=subprocess.STDOUT)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text.startswith(("{", "[")) else text)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def await_ready(self, timeout=120):
        while time.monotonic() - self.started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited: {open(self.log).read()[-3000:]}")
            try:
                if self.call("GET", "/ready")[0] == 200:
                    return time.monotonic() - self.started
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.02)
        raise SystemExit(f"{self.name} not ready in {timeout} s")

    def cpu_seconds(self):
        """User + system CPU of the JVM so far: a figure the machine's load does not inflate."""
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def app_ready_ms(self):
        m = re.search(r"ready in (\d+) ms", open(self.log).read())
        return int(m.group(1)) if m else None

    def rss_mb(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    def threads(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("Threads:"):
                return int(line.split()[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def tasks_of(node, ids):
    return [node.call("GET", f"/api/v1/tasks/{i}")[1] for i in ids]


def submit(node, n, duration_ms, outcome="success"):
    body = {"tasks": [{"problem_id": f"figures-{i}", "parameters": {
        "simulation": {"duration_ms": duration_ms, "outcome": outcome}}} for i in range(n)]}
    status, reply = node.call("POST", "/api/v1/tasks/batch", body)
    assert status == 201, reply
    return [t["id"] for t in reply["tasks"]]


def wait_until(what, timeout, check, pause=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(pause)
    raise SystemExit(f"not within {timeout} s: {what}")


def ready():
    print(f"load average before (2 cores, shared): {os.getloadavg()[0]:.1f}")
    name, url = fresh_database()
    try:
        for run in range(3):
            node = Node(f"ready-ext-{run}", {"DATABASE_URL": url})
            wall = node.await_ready()
            print(f"ready, external PostgreSQL (run {run + 1}): {wall:.2f} s wall, "
                  f"{node.cpu_seconds():.2f} s CPU (app says {node.app_ready_ms()} ms)")
            node.stop()
    finally:
        drop_database(name)
    for run in range(2):
        data = os.path.join(WORK, f"pgdata-{run}")
        node = Node(f"ready-emb-{run}", {"EMBEDDED_DATA_DIR": data})
        wall = node.await_ready()
        print(f"ready, cold embedded PostgreSQL, fresh EMBEDDED_DATA_DIR (run {run + 1}): "
              f"{wall:.2f} s wall, {node.cpu_seconds():.2f} s CPU of the JVM "
              f"(app says {node.app_ready_ms()} ms)")
        node.stop()
        node = Node(f"ready-emb-warm-{run}", {"EMBEDDED_DATA_DIR": data})
        wall = node.await_ready()
        print(f"ready, embedded PostgreSQL, existing data dir (run {run + 1}): {wall:.2f} s wall, "
              f"{node.cpu_seconds():.2f} s CPU of the JVM")
        node.stop()


def handback(rounds=3):
    name, url = fresh_database()
    try:
        b = Node("survivor", {"DATABASE_URL": url, "AUTO_START_WORKERS": "false"})
        b.await_ready()
        for r in range(rounds):
            a = Node(f"doomed-{r}", {"DATABASE_URL": url, "NUM_INTERNAL_WORKERS": "5"})
            a.await_ready()
            ids = submit(a, 5, 120_000)
            wait_until("5 tasks run on A", 30,
                       lambda: all(t["status"] == "running" for t in tasks_of(a, ids)))
            # Land the kill at a random point of the lease-renewal and reaper cycles.
            time.sleep(1 + (r * 3.7) % 5)
            a.proc.kill()
            killed = time.monotonic()
            a.proc.wait()
            wait_until("tasks handed back", 60,
                       lambda: all(t["status"] == "pending" for t in tasks_of(b, ids)), 0.05)
            print(f"hand-back after SIGKILL with default settings (round {r + 1}): "
                  f"{time.monotonic() - killed:.1f} s")
            for i in ids:
                b.call("POST", f"/api/v1/tasks/{i}/cancel")
        b.stop()
    finally:
        drop_database(name)


def load(n=200):
    name, url = fresh_database()
    try:
        node = Node("load", {"DATABASE_URL": url, "NUM_INTERNAL_WORKERS": str(n),
                             "MAX_INTERNAL_WORKERS": "256"})
        node.await_ready()
        time.sleep(2)
        idle_rss, idle_threads = node.rss_mb(), node.threads()
        ids = submit(node, n, 10_000)
        began = time.monotonic()
        wait_until(f"{n} tasks run", 30,
                   lambda: node.call("GET", "/queue/stats")[1]["running"] == n, 0.1)
        print(f"{n} tasks running after {time.monotonic() - began:.2f} s")
        peak_rss, peak_threads = 0, 0
        while node.call("GET", "/queue/stats")[1]["completed"] < n:
            peak_rss = max(peak_rss, node.rss_mb())
            peak_threads = max(peak_threads, node.threads())
            time.sleep(0.2)
        print(f"idle node ({n} workers): RSS {idle_rss:.0f} MB, {idle_threads} JVM threads")
        print(f"{n} concurrent 10 s tasks: peak RSS {peak_rss:.0f} MB, "
              f"peak {peak_threads} JVM threads (OS threads, virtual threads not counted)")
        node.stop()
    finally:
        drop_database(name)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    try:
        for step in (["ready", "handback", "load"] if what == "all" else [what]):
            globals()[step]()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
