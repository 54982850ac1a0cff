"""What the GObject-introspection peers (gupnp_events.py, gupnp_igd_events.py) share: JSON lines
with timestamps, one trigger command run as a child, a bounded end (drain the main context so the
last requests go out, stop the trigger). Imported from the scripts' own folder."""
import json
import subprocess
import sys
import time

T0 = time.monotonic()


def now_ms():
    return int((time.monotonic() - T0) * 1000)


def emit(obj):
    obj.setdefault("t_ms", now_ms())
    obj.setdefault("mono_ms", int(time.monotonic() * 1000))
    print(json.dumps(obj, sort_keys=True), flush=True)


class Trigger:
    """A shell command run once; polled from the main loop, its exit reported as a JSON line."""

    def __init__(self, glib, command, on_fail, on_exit):
        self.glib, self.command, self.on_fail, self.on_exit = glib, command, on_fail, on_exit
        self.process = None

    def start(self):
        emit({"event": "trigger-start", "command": self.command})
        # the trigger's stdout must not mix with our JSON lines
        self.process = subprocess.Popen(self.command, shell=True, stdout=sys.stderr, stdin=subprocess.DEVNULL)
        self.glib.timeout_add(50, self._poll)

    def started(self):
        return self.process is not None

    def done(self):
        return self.process is not None and self.process.poll() is not None

    def _poll(self):
        rc = self.process.poll()
        if rc is None:
            return True
        emit({"event": "trigger-exit", "rc": rc})
        if rc != 0:
            self.on_fail(f"trigger exited {rc}: {self.command}")
        self.on_exit()
        return False

    def stop(self):
        p = self.process
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(2)
            except subprocess.TimeoutExpired:
                p.kill()


def drain(glib, seconds):
    """Runs the default main context for `seconds` (bounded), so queued requests go out."""
    mc, t_end = glib.MainContext.default(), time.monotonic() + seconds
    while time.monotonic() < t_end:
        mc.iteration(False)
        time.sleep(0.01)
