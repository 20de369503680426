"""The chat server driven by python-socketio (Debian's 5.7): signing in with a token, sending,
receiving, acknowledgements, typing and presence, as a bot or another non-browser client would.

Run with /usr/bin/python3 (the interpreter that has python3-socketio):

    /usr/bin/python3 tests/integration/python_chat_test.py

The server binary comes from OPENCHAT_BIN (scripts/test.sh points it at the sanitizer build),
else build/openchat; it runs on SQLite in a fresh data folder and must exit 0 on SIGTERM.
"""

import json
import os
import re
import sys
import time
import unittest
import urllib.error
import urllib.request

import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from pyserver import REPO, WAIT, Recorder, ServerProcess  # noqa: E402

OPENCHAT = os.environ.get("OPENCHAT_BIN") or os.path.join(REPO, "build", "openchat")

server = None


class Openchat(ServerProcess):
    def __init__(self):
        super().__init__(
            lambda port, data: [OPENCHAT, "--host", "127.0.0.1", "--port", str(port),
                                "--data-dir", data],
            "openchat",
            env={"OPENCHAT_ARGON2_OPS": "1", "OPENCHAT_ARGON2_MEM": "8m",
                 "OPENCHAT_RATE_LIMITS": "register=100000/60", "LOG_LEVEL": "info"})


class User:
    """One account, talking REST with a Bearer token."""

    seq = 0

    def __init__(self):
        User.seq += 1
        self.username = "py%d_%d" % (os.getpid() % 10000, User.seq)
        self.email = self.username + "@example.test"
        body = self.request("POST", "/api/v1/auth/register",
                            {"username": self.username, "email": self.email,
                             "password": "correct horse battery staple"}, auth=False)
        self.id = body["user"]["id"]
        self.token = body["token"]
        self.verify()

    def request(self, method, path, body=None, auth=True):
        req = urllib.request.Request(server.url + path, method=method)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(req, data, timeout=WAIT) as res:
            text = res.read().decode()
            return json.loads(text) if text else None

    def verify(self):
        """Reads the code from the newest mail to this address in the outbox."""
        outbox = os.path.join(server.data_dir, "outbox")
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            names = os.listdir(outbox) if os.path.isdir(outbox) else []
            # A mail is written under a temporary name and renamed to *.eml once complete.
            for name in sorted((n for n in names if n.endswith(".eml")), reverse=True):
                with open(os.path.join(outbox, name), encoding="utf-8") as f:
                    text = f.read()
                if self.email in text:
                    code = re.search(r"code is (\d{6})", text)
                    if code:
                        self.request("POST", "/api/v1/auth/verify-email", {"code": code.group(1)})
                        return
            time.sleep(0.02)
        raise AssertionError("no verification mail for " + self.email)

    def connect(self):
        client = socketio.Client(reconnection=False)
        ready = Recorder(client, "ready")
        client.connect(server.url, auth={"token": self.token}, transports=["websocket"],
                       wait_timeout=WAIT)
        ready.wait_for(lambda items: len(items) == 1, "ready")
        return client


def befriend(a, b):
    req = a.request("POST", "/api/v1/friends/requests", {"user_id": b.id})
    b.request("POST", "/api/v1/friends/requests/%s/accept" % req["request"]["id"])


class PythonChatTest(unittest.TestCase):
    def setUp(self):
        self.clients = []

    def tearDown(self):
        for c in self.clients:
            c.disconnect()

    def connect(self, user):
        c = user.connect()
        self.clients.append(c)
        return c

    def test_send_receive_and_ack(self):
        a, b = User(), User()
        befriend(a, b)
        chat = a.request("POST", "/api/v1/dms", {"user_id": b.id})["chat"]
        ca, cb = self.connect(a), self.connect(b)
        got = Recorder(cb, "message:new")
        answer = ca.call("message:send", {"chat_id": chat["id"], "content": "from python",
                                          "nonce": "py-1"}, timeout=WAIT)
        message = answer["message"]
        self.assertEqual(message["content"], "from python")
        self.assertEqual(message["author"]["id"], a.id)
        items = got.wait_for(lambda items: len(items) == 1, "message:new")
        self.assertEqual(items[0][0]["id"], message["id"])
        again = ca.call("message:send", {"chat_id": chat["id"], "content": "from python",
                                         "nonce": "py-1"}, timeout=WAIT)
        self.assertEqual(again["message"]["id"], message["id"])
        history = b.request("GET", "/api/v1/chats/%s/messages" % chat["id"])
        self.assertEqual([m["id"] for m in history["messages"]], [message["id"]])

    def test_refusals_come_back_as_ack_errors(self):
        a, b, c = User(), User(), User()
        befriend(a, b)
        chat = a.request("POST", "/api/v1/dms", {"user_id": b.id})["chat"]
        cc = self.connect(c)
        answer = cc.call("message:send", {"chat_id": chat["id"], "content": "intruder"},
                         timeout=WAIT)
        self.assertEqual(answer["error"]["code"], "chat_not_found")
        answer = cc.call("message:send", {"chat_id": chat["id"]}, timeout=WAIT)
        self.assertEqual(answer["error"], {"code": "invalid_field", "field": "content",
                                           "message": "content is required."})

    def test_typing_and_presence(self):
        a, b = User(), User()
        befriend(a, b)
        chat = a.request("POST", "/api/v1/dms", {"user_id": b.id})["chat"]
        cb = self.connect(b)
        presence = Recorder(cb, "presence:update")
        ca = self.connect(a)
        presence.wait_for(lambda items: any(i[0]["user_id"] == a.id and i[0]["status"] == "online"
                                            for i in items), "a online")
        typing = Recorder(cb, "typing:start")
        self.assertEqual(ca.call("typing:start", {"chat_id": chat["id"]}, timeout=WAIT), {})
        items = typing.wait_for(lambda items: len(items) == 1, "typing:start")
        self.assertEqual(items[0][0], {"chat_id": chat["id"], "channel_id": None, "user_id": a.id})
        ca.disconnect()
        presence.wait_for(lambda items: any(i[0]["user_id"] == a.id and i[0]["status"] == "offline"
                                            for i in items), "a offline")

    def test_a_bad_token_is_refused(self):
        client = socketio.Client(reconnection=False)
        with self.assertRaises(socketio.exceptions.ConnectionError):
            client.connect(server.url, auth={"token": "not.a.token"}, transports=["websocket"],
                           wait_timeout=WAIT)


def main():
    global server
    server = Openchat()
    try:
        result = unittest.main(exit=False, verbosity=2).result
    finally:
        problem = server.stop()
    if problem:
        print("FAIL: %s\n--- openchat log ---\n%s" % (problem, server.log()), file=sys.stderr)
        return 1
    if not result.wasSuccessful():
        print("--- openchat log ---\n" + server.log(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
