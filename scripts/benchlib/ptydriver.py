"""Drives a program in a pseudo-terminal: a fixed size, keys in, bytes out with arrival times.

scripts/bench uses it for B2, B3 and B7; it is meant for any harness that needs the real binary
on a real terminal (e.g. scripts/stress):

    with PtyProcess([tractok], env, cols=200, rows=50) as ui:
        ui.read_until(lambda seen: b"Accounts" in seen, timeout=10)
        ui.read_until_quiet(0.2)
        ui.send(b"j")
        burst = ui.read_until_quiet(0.3)
        print(len(burst.data), ui.peak_rss_kib())
"""

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time


class Burst:
    """Bytes read in one call, with the monotonic times of the first and last chunk."""

    def __init__(self):
        self.data = b""
        self.first = None
        self.last = None

    def add(self, chunk, at):
        self.data += chunk
        if self.first is None:
            self.first = at
        self.last = at


class PtyProcess:
    """A child process whose stdin, stdout and stderr are the slave side of a new pty."""

    def __init__(self, argv, env, cols=80, rows=24):
        master, slave = os.openpty()
        self._set_size(slave, cols, rows)
        self.master = master
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
            start_new_session=True, preexec_fn=_take_controlling_terminal)
        os.close(slave)
        self.pid = self.process.pid
        self.seen = b""
        self.eof = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def _set_size(fd, cols, rows):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def resize(self, cols, rows):
        """Changes the terminal's size; the kernel signals SIGWINCH when it differs."""
        self._set_size(self.master, cols, rows)

    def signal(self, number):
        self.process.send_signal(number)

    def send(self, data):
        os.write(self.master, data)

    def _read_chunk(self, timeout):
        """One chunk (b"" on timeout or end of output) and when it arrived."""
        if self.eof:
            return b"", time.monotonic()
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return b"", time.monotonic()
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        at = time.monotonic()
        if not chunk:
            self.eof = True
        self.seen += chunk
        return chunk, at

    def read_until(self, predicate, timeout):
        """Reads until predicate(everything seen so far) holds; raises TimeoutError."""
        burst = Burst()
        deadline = time.monotonic() + timeout
        while not predicate(self.seen):
            left = deadline - time.monotonic()
            if left <= 0 or self.eof:
                raise TimeoutError("pty: condition not met; last output: %r" % self.seen[-300:])
            chunk, at = self._read_chunk(left)
            if chunk:
                burst.add(chunk, at)
        return burst

    def read_until_quiet(self, quiet, timeout=30.0):
        """Reads until nothing arrived for `quiet` seconds (or `timeout` passed)."""
        burst = Burst()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.eof:
            chunk, at = self._read_chunk(min(quiet, deadline - time.monotonic()))
            if not chunk:
                break
            burst.add(chunk, at)
        return burst

    def peak_rss_kib(self):
        """VmHWM of the child: its peak resident set so far, in KiB."""
        with open("/proc/%d/status" % self.pid) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def close(self, grace=5.0):
        """SIGTERM, then SIGKILL after `grace` seconds; reaps the child and closes the pty."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + grace
            while self.process.poll() is None and time.monotonic() < deadline:
                self._read_chunk(0.05)  # keep draining so the child never blocks on write
            if self.process.poll() is None:
                self.process.kill()
        self.process.wait()
        os.close(self.master)


def _take_controlling_terminal():
    # After setsid (start_new_session), the pty on stdin becomes the controlling terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
