"""The testing fixture driven by another official client: python-socketio (Debian's 5.7).

Run with /usr/bin/python3 (the interpreter that has python3-socketio and python3-websocket):

    /usr/bin/python3 tests/integration/python_client_test.py

The server binary comes from OPENCHAT_FIXTURE_BIN (scripts/test.sh points it at the sanitizer
build), else build/openchat-fixture. It is started once on a free port with a fresh data folder
and stopped with SIGTERM at the end; the run fails unless it exits 0 without a sanitizer
report. Every wait has a timeout; nothing sleeps for synchronisation.
"""

import os
import re
import sys
import threading
import time
import unittest
import warnings

import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from pyserver import REPO, WAIT, Recorder, ServerProcess  # noqa: E402

FIXTURE = os.environ.get("OPENCHAT_FIXTURE_BIN") or os.path.join(REPO, "build", "openchat-fixture")


class Fixture(ServerProcess):
    """openchat-fixture testing on a free port."""

    def __init__(self):
        super().__init__(lambda port, data: [FIXTURE, "testing", "--port", str(port),
                                             "--data-dir", data], "the fixture")


server = None


class PythonClientTest(unittest.TestCase):
    def setUp(self):
        self.clients = []
        # python-engineio 4.3's polling transport leaves requests sessions to the collector.
        warnings.filterwarnings("ignore", category=ResourceWarning)

    def tearDown(self):
        for c in self.clients:
            if c.connected:
                c.disconnect()

    def client(self, transports=("websocket",), auth=None, connect=True):
        c = socketio.Client(reconnection=False)
        self.clients.append(c)
        welcome = Recorder(c, "welcome")
        c.welcome = welcome
        if connect:
            c.connect(server.url, transports=list(transports), auth=auth, wait_timeout=WAIT)
        return c

    def test_connect_over_websocket_and_polling(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                c = self.client(transports=(transport,))
                self.assertEqual(c.transport(), transport)
                sid = c.get_sid("/")
                self.assertRegex(sid, r"^[A-Za-z0-9_-]{20}$")
                items = c.welcome.wait_for(lambda i: len(i) == 1, "welcome")
                # The fixture has connection state recovery on: the offset comes last.
                welcome, offset = items[0]
                self.assertEqual(welcome, {"id": sid, "recovered": False})
                self.assertRegex(offset, r"^[0-9]+$")
                c.disconnect()

    def test_echo_with_ack(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                c = self.client(transports=(transport,))
                args = ("text", 42, -1.5, True, None, [1, "two", {"three": 3}],
                        {"nested": {"list": [False, None]}, "unicode": "é 中文 🎉"})
                self.assertEqual(c.call("echo", args, timeout=WAIT), args)
                self.assertEqual(c.call("echo", "single", timeout=WAIT), "single")

    def test_join_and_to_room_reach_a_second_client(self):
        a = self.client()
        b = self.client(transports=("polling",))
        outsider = self.client()
        got_b = Recorder(b, "room-message")
        got_a = Recorder(a, "room-message")
        got_out = Recorder(outsider, "room-message")
        self.assertTrue(a.call("join", "py-room", timeout=WAIT))
        self.assertTrue(b.call("join", "py-room", timeout=WAIT))
        self.assertEqual(sorted(b.call("rooms", timeout=WAIT)), ["py-room"])
        self.assertEqual(a.call("to-room", ("py-room", {"hello": "from python"}), timeout=WAIT), 2)
        items = got_b.wait_for(lambda i: len(i) == 1, "room-message on the second client")
        self.assertEqual(items[0][0], {"hello": "from python"})
        got_a.wait_for(lambda i: len(i) == 1, "room-message on the sender")
        # The outsider gets a later message to a room it is in, and nothing before it.
        self.assertTrue(outsider.call("join", "py-fence", timeout=WAIT))
        self.assertEqual(a.call("to-room", ("py-fence", "fence"), timeout=WAIT), 1)
        self.assertEqual(got_out.wait_for(lambda i: len(i) == 1, "fence")[0][0], "fence")
        # to-room-others leaves the sender out.
        self.assertEqual(b.call("to-room-others", ("py-room", "others"), timeout=WAIT), 1)
        items = got_a.wait_for(lambda i: len(i) == 2, "to-room-others on the other member")
        self.assertEqual(items[1][0], "others")

    def test_binary_echo_and_server_binary(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                c = self.client(transports=(transport,))
                blob = bytes(range(256)) * 300
                self.assertEqual(c.call("echo", blob, timeout=WAIT), blob)
                nested = ({"file": b"\x00\x01\x02", "name": "f"}, [b"\xff"])
                self.assertEqual(c.call("echo", nested, timeout=WAIT), nested)
                got = Recorder(c, "binary")
                c.emit("binary", 70000)
                items = got.wait_for(lambda i: len(i) == 1, "the binary event")
                self.assertEqual(items[0], (bytes(i & 0xFF for i in range(70000)),))

    def test_refused_auth_raises_connection_error(self):
        c = self.client(connect=False)
        errors = Recorder(c, "connect_error")
        # python-socketio 5.7 waits wait_timeout more after the refusal before it raises: a
        # short one keeps the test fast, and the refusal is checked by the event below.
        with self.assertRaises(socketio.exceptions.ConnectionError):
            c.connect(server.url, transports=["websocket"], auth={"token": "bad"},
                      wait_timeout=0.5)
        items = errors.wait_for(lambda i: len(i) == 1, "connect_error")
        self.assertEqual(items[0], ({"message": "invalid token", "data": {"code": "bad_token"}},))
        self.assertFalse(c.connected)

    def test_clean_disconnect(self):
        leaver = self.client()
        stayer = self.client()
        disconnected = threading.Event()
        leaver.on("disconnect", disconnected.set)
        for c in (leaver, stayer):
            self.assertTrue(c.call("join", "py-leave", timeout=WAIT))
        self.assertEqual(stayer.call("to-room", ("py-leave", "both"), timeout=WAIT), 2)
        leaver.disconnect()
        self.assertTrue(disconnected.wait(WAIT), "the disconnect handler did not run")
        self.assertFalse(leaver.connected)
        # The DISCONNECT travels on another connection than the next to-room: wait until the
        # server handled it, then it must stay gone.
        deadline = time.monotonic() + WAIT
        while stayer.call("to-room", ("py-leave", "probe"), timeout=WAIT) != 1:
            self.assertLess(time.monotonic(), deadline, "the room count never dropped to 1")
        self.assertEqual(stayer.call("to-room", ("py-leave", "after"), timeout=WAIT), 1)


def main():
    global server
    server = Fixture()
    try:
        result = unittest.main(exit=False, verbosity=2).result
    finally:
        problem = server.stop()
    if problem:
        print("FAIL: %s\n--- fixture log ---\n%s" % (problem, server.log()), file=sys.stderr)
        return 1
    if not result.wasSuccessful():
        print("--- fixture log ---\n" + server.log(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
