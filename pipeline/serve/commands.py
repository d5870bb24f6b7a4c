"""`vanban users add|list|remove|passwd` (accounts of the review desk, in the store) and the checks
`vanban serve` makes before listening: another address than this machine needs accounts."""
from __future__ import annotations

import argparse
import getpass
import ipaddress
import sys

from pipeline.store import Store
from pipeline.store import accounts


def _password(args: argparse.Namespace) -> str | None:
    """The new password: asked twice on a terminal, else the first line of standard input (for scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != first:
            print("vanban users: the two passwords differ", file=sys.stderr)
            return None
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    """Add, list, remove an account or set its password (and role); one line on error, exit 2."""
    try:
        with Store(args.store) as s:
            if args.action == "list":
                for u in accounts.listing(s):
                    print(f"{u.name}\t{u.role}")
                return 0
            if not args.name:
                print(f"vanban users {args.action}: say which user (NAME)", file=sys.stderr)
                return 2
            if args.action == "remove":
                accounts.remove(s, args.name)
                accounts.audit(s, "cli", "user_removed", args.name)
                print(f"removed {args.name}", file=sys.stderr)
                return 0
            password = _password(args)
            if password is None:
                return 2
            if args.action == "add":
                user = accounts.add(s, args.name, password, args.role or "viewer")
            else:
                user = accounts.set_password(s, args.name, password, args.role)
            accounts.audit(s, "cli", f"user_{args.action}", f"{user.name} ({user.role})")
            print(f"{args.action}: {user.name} ({user.role}) in {args.store}", file=sys.stderr)
            return 0
    except accounts.AccountError as exc:
        print(f"vanban users: {exc}", file=sys.stderr)
        return 2


def add_users_parser(sub, default_store: str) -> None:
    us = sub.add_parser("users", help="accounts of the review desk: add, list, remove, passwd",
                        description="Local accounts of `vanban serve`, kept in the store. The password is asked on a "
                                    "terminal, else read from the first line of standard input.")
    us.add_argument("action", choices=("add", "list", "remove", "passwd"))
    us.add_argument("name", nargs="?", metavar="NAME", help="user name (letters, digits, . @ _ -)")
    us.add_argument("--role", choices=accounts.ROLES, help="viewer (reads), editor (uploads, corrects), admin "
                                                           "(also the audit log); add: default viewer")
    us.add_argument("--store", default=default_store, help=f"store (default {default_store})")
    us.set_defaults(func=cmd_users)


def is_loopback(host: str) -> bool:
    """Whether *host* only listens on this machine (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_refusal(host: str, store_path: str) -> str | None:
    """Why the desk must not listen on *host* (None: it may): with no account every caller would
    have every right, so only this machine may reach it."""
    if is_loopback(host):
        return None
    with Store(store_path) as s:
        if accounts.count(s) == 0:
            return (f"--host {host} opens the desk to the network, which needs accounts: create one first "
                    f"(vanban users add NAME --role admin --store {store_path})")
    return None
