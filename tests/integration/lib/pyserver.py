"""Test harness for the python-socketio suites: a server binary on a free port with a fresh
data folder, its output collected by a reader thread, and a recorder for incoming events.

Every wait has a timeout; stop() sends SIGTERM and reports a non-zero exit or a sanitizer
report, which is how memory bugs fail these suites.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
WAIT = 5.0
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: AddressSanitizer")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """argv(port, data_dir) -> the command line; started at once, listening when this returns."""

    def __init__(self, argv, name, env=None):
        self.name = name
        self.tmp = tempfile.mkdtemp(prefix="openchat-py-")
        self.data_dir = os.path.join(self.tmp, "data")
        os.mkdir(self.data_dir)
        # A port can be taken between free_port() and the bind: try another one then.
        for attempt in range(4):
            self.output = []
            self.listening = threading.Event()
            self.port = free_port()
            self.proc = subprocess.Popen(
                argv(self.port, self.data_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, env={**os.environ, **(env or {})})
            self.reader = threading.Thread(target=self._read, daemon=True)
            self.reader.start()
            deadline = time.monotonic() + 15
            while not self.listening.wait(0.05):
                if self.proc.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    self.proc.kill()
                    raise RuntimeError("%s did not listen within 15 s:\n%s" % (name, self.log()))
            if self.listening.is_set():
                self.url = "http://127.0.0.1:%d" % self.port
                return
            self.reader.join(5)
            if "cannot listen" not in self.log() or attempt == 3:
                raise RuntimeError("%s exited before listening:\n%s" % (name, self.log()))

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line)
            if "listening on" in line:
                self.listening.set()

    def log(self):
        return "".join(self.output)

    def stop(self):
        """SIGTERM; returns a problem description, or None if it exited 0 cleanly."""
        try:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return "%s did not exit within 15 s of SIGTERM" % self.name
            self.reader.join(5)
            for marker in SANITIZER_REPORTS:
                if marker in self.log():
                    return "%s printed a sanitizer report (%s)" % (self.name, marker)
            if code != 0:
                return "%s exited with status %d" % (self.name, code)
            return None
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


class Recorder:
    """Collects the arguments of one event and waits for them with a timeout."""

    def __init__(self, client, event, namespace="/"):
        self.items = []
        self.cond = threading.Condition()
        client.on(event, self._on, namespace=namespace)

    def _on(self, *args):
        with self.cond:
            self.items.append(args)
            self.cond.notify_all()

    def wait_for(self, pred, what):
        with self.cond:
            if not self.cond.wait_for(lambda: pred(self.items), timeout=WAIT):
                raise AssertionError("timed out after %.0f s waiting for %s (have %r)"
                                     % (WAIT, what, self.items))
            return list(self.items)
