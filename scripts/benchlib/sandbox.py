"""A `tractok sandbox` process for harnesses: start, point clients at it, read its ledger.

    with Sandbox(tractok, rate_limit=0) as sandbox:
        env.update(sandbox.client_env())    # TIKTOK_CLIENT_KEY/SECRET, *_BASE_URL
        sandbox.set_rate_limit(600)
        print(sandbox.ledger()["rate_limited_responses"])
"""

import json
import os
import subprocess
import urllib.request


class Sandbox:
    def __init__(self, tractok, rate_limit=600, access_ttl=None):
        argv = [tractok, "sandbox", "--rate-limit", str(rate_limit)]
        if access_ttl:
            argv += ["--access-ttl", str(access_ttl)]
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("TIKTOK_")}
        self.process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
        self.environment = {}
        for line in self.process.stdout:
            if line.startswith("export "):
                name, _, value = line[len("export "):].strip().partition("=")
                self.environment[name] = value
            if line.startswith("Control page"):
                break
        if "TIKTOK_API_BASE_URL" not in self.environment:
            self.stop()
            raise RuntimeError("tractok sandbox did not say where it listens")
        self.base_url = self.environment["TIKTOK_API_BASE_URL"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def client_env(self):
        """The variables that point tractok at this sandbox."""
        return dict(self.environment)

    def _call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def set_rate_limit(self, per_minute):
        return self._call("/_sandbox/settings", {"rate_limit": per_minute})

    def ledger(self):
        return self._call("/_sandbox/ledger")

    def cpu_seconds(self):
        """User plus system CPU the sandbox process has used."""
        with open("/proc/%d/stat" % self.process.pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
