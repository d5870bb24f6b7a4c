"""The warm LibreOffice's driver: run by the system Python that has LibreOffice's UNO bridge
(Debian python3-uno), never imported by vanban. It starts one headless soffice.bin listening on
a pipe, then converts .doc to DOCX as asked on stdin, one JSON line per request and per answer:

    {"src": "/tmp/w/input.doc", "dst": "/tmp/w/input.docx"}  ->  {"ok": true}

It and its office die with the process that started it (PR_SET_PDEATHSIG), and leave when stdin
closes. Loading and storing use the properties of `soffice --convert-to` (hidden, read-only, no
macros, no link updates, the "MS Word 2007 XML" filter), so the DOCX is the one-shot's."""
import ctypes
import json
import os
import signal
import subprocess
import sys
import time

FILTER = "MS Word 2007 XML"
START_SECONDS = 600.0  # the caller's own limit (the document's time) comes first
RESTART = 81  # soffice.bin's "restart me" exit code


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (even by SIGKILL)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_office(soffice_bin: str, profile_url: str, pipe: str) -> subprocess.Popen:
    """soffice.bin headless with its own profile, accepting UNO connections on *pipe*."""
    cmd = [soffice_bin, f"-env:UserInstallation={profile_url}", "--headless", "--invisible", "--norestore",
           "--nolockcheck", "--nodefault", "--nologo", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=die_with_parent)


def connect(pipe: str, office: subprocess.Popen):
    """The office's Desktop, once it answers on *pipe*; None when it died or never answered."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and office.poll() is None:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            time.sleep(0.1)
    return None


def props(**values) -> tuple:
    """UNO PropertyValues from keyword arguments."""
    from com.sun.star.beans import PropertyValue

    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def convert(desktop, src: str, dst: str) -> dict:
    """Convert one file; {"ok": true}, or {"ok": false, "error": ...} worded as soffice words it.
    A dead office (its bridge disposed) is not caught here: the caller answers "crash"."""
    import uno
    from com.sun.star.io import IOException
    from com.sun.star.lang import IllegalArgumentException

    load = props(Hidden=True, ReadOnly=True, Silent=True, MacroExecutionMode=0, UpdateDocMode=0)
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, load)
    except (IOException, IllegalArgumentException):
        doc = None
    if doc is None:
        return {"ok": False, "error": "Error: source file could not be loaded"}
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), props(FilterName=FILTER, Overwrite=True))
    except IOException as exc:
        return {"ok": False, "error": "Error: Please verify input parameters..." + (f" ({exc.Message})" if exc.Message else "")}
    finally:
        doc.close(True)
    return {"ok": True}


def reply(answer: dict) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def serve(desktop) -> None:
    """Answer requests from stdin until it closes; a dead office ends the loop with "crash"."""
    for line in sys.stdin:
        req = json.loads(line)
        try:
            answer = convert(desktop, req["src"], req["dst"])
        except Exception as exc:  # the bridge is gone: the office crashed
            reply({"ok": False, "crash": f"{type(exc).__name__}: {exc}"[:300]})
            return
        reply(answer)


def start(soffice_bin: str, profile_url: str, pipe: str) -> tuple:
    """The office and its Desktop (None when it did not start). A fresh profile makes soffice.bin
    exit with code 81 after writing it (oosplash, bypassed here, would restart it): start again."""
    for _ in range(3):
        office = start_office(soffice_bin, profile_url, pipe)
        desktop = connect(pipe, office)
        if desktop is not None or office.poll() != RESTART:
            return office, desktop
    return office, None


def main(argv: list) -> int:
    die_with_parent()
    office, desktop = start(*argv[1:4])
    try:
        if desktop is None:
            reply({"ready": False, "error": "LibreOffice did not start"})
            return 1
        reply({"ready": True, "office_pid": office.pid})
        serve(desktop)
        try:
            desktop.terminate()
        except Exception:  # already gone
            pass
        return 0
    finally:
        try:
            office.wait(5)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
