#!/usr/bin/env python3
"""Test helper for tests/e2e.rs: finds the app's top-level X11 window by
title and either prints its title or asks it to close the way a window
manager does (a WM_DELETE_WINDOW client message), which is what a person's
click on the close button sends. Uses only ctypes and libX11, so the tests
need no extra package.

    x11_window.py title SUBSTRING [ANCESTOR]   prints the titles of matching windows
    x11_window.py close SUBSTRING [ANCESTOR]   sends WM_DELETE_WINDOW to each of them

With ANCESTOR (a process id), only windows whose _NET_WM_PID is that process
or one of its descendants match: the test's own tauri-driver, so that a
window an earlier test left on the shared display does not count.
"""
import ctypes
import ctypes.util
import sys

lib = ctypes.util.find_library("X11") or "libX11.so.6"
x = ctypes.cdll.LoadLibrary(lib)

Window = ctypes.c_ulong
Atom = ctypes.c_ulong

x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = Window
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XInternAtom.restype = Atom
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XQueryTree.argtypes = [
    ctypes.c_void_p,
    Window,
    ctypes.POINTER(Window),
    ctypes.POINTER(Window),
    ctypes.POINTER(ctypes.POINTER(Window)),
    ctypes.POINTER(ctypes.c_uint),
]
x.XGetWindowProperty.argtypes = [
    ctypes.c_void_p,
    Window,
    Atom,
    ctypes.c_long,
    ctypes.c_long,
    ctypes.c_int,
    Atom,
    ctypes.POINTER(Atom),
    ctypes.POINTER(ctypes.c_int),
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_void_p),
]
x.XFree.argtypes = [ctypes.c_void_p]
x.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("l", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


CLIENT_MESSAGE = 33


def prop(d, w, atom, kind, length, read):
    """Window property `atom` of type `kind` (up to `length` 32-bit units)
    through `read(data, n)`, or None when the window has none."""
    actual = Atom()
    fmt = ctypes.c_int()
    n = ctypes.c_ulong()
    after = ctypes.c_ulong()
    data = ctypes.c_void_p()
    ok = x.XGetWindowProperty(
        d, w, atom, 0, length, 0, kind,
        ctypes.byref(actual), ctypes.byref(fmt), ctypes.byref(n), ctypes.byref(after), ctypes.byref(data),
    )
    if ok != 0 or not data.value:
        return None
    try:
        return read(data, n.value)
    finally:
        x.XFree(data)


def title(d, w, net_wm_name, utf8):
    return prop(d, w, net_wm_name, utf8, 1024,
                lambda data, n: ctypes.string_at(data.value, n).decode("utf-8", "replace"))


def window_pid(d, w, net_wm_pid):
    # Format-32 properties come as C longs.
    return prop(d, w, net_wm_pid, XA_CARDINAL, 1,
                lambda data, n: ctypes.cast(data, ctypes.POINTER(ctypes.c_long))[0] if n else None)


def parent_pid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces.
    fields = stat[stat.rfind(")") + 2:].split()
    return int(fields[1]) if len(fields) > 1 else None


def descends_from(pid, ancestor):
    seen = 0
    while pid and pid > 1 and seen < 64:
        if pid == ancestor:
            return True
        pid = parent_pid(pid)
        seen += 1
    return False


XA_CARDINAL = 6


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("title", "close"):
        print(__doc__, file=sys.stderr)
        return 2
    verb, needle = sys.argv[1], sys.argv[2]
    ancestor = int(sys.argv[3]) if len(sys.argv) == 4 else None
    d = x.XOpenDisplay(None)
    if not d:
        print("x11_window: cannot open the display", file=sys.stderr)
        return 2
    root = x.XDefaultRootWindow(d)
    net_wm_name = x.XInternAtom(d, b"_NET_WM_NAME", 0)
    utf8 = x.XInternAtom(d, b"UTF8_STRING", 0)
    protocols = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
    delete = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
    net_wm_pid = x.XInternAtom(d, b"_NET_WM_PID", 0)
    r, p = Window(), Window()
    children = ctypes.POINTER(Window)()
    count = ctypes.c_uint()
    x.XQueryTree(d, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(children), ctypes.byref(count))
    found = 0
    for i in range(count.value):
        w = children[i]
        t = title(d, w, net_wm_name, utf8)
        if t is None or needle not in t:
            continue
        if ancestor is not None and not descends_from(window_pid(d, w, net_wm_pid), ancestor):
            continue
        found += 1
        print(t)
        if verb == "close":
            ev = XEvent()
            ev.xclient.type = CLIENT_MESSAGE
            ev.xclient.window = w
            ev.xclient.message_type = protocols
            ev.xclient.format = 32
            ev.xclient.l[0] = delete
            ev.xclient.l[1] = 0  # CurrentTime
            x.XSendEvent(d, w, 0, 0, ctypes.byref(ev))
    if children:
        x.XFree(children)
    x.XFlush(d)
    x.XCloseDisplay(d)
    return 0 if found else 1


sys.exit(main())
