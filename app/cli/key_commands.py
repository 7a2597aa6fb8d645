"""`keys init|rotate|list|export-trust|import-trust|distrust`: the office key and trust store.

The signing passphrase comes from ``--passphrase`` or, better (it stays out of the process
list and shell history), the environment variable REGISTRY_KEY_PASSPHRASE; with neither, it is
asked for on a terminal. It is never stored.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli.context import CliContext, ask_secret
from app.errors import InvalidInput
from app.services.key_service import KeyInfo, KeyService

PASSPHRASE_ENV = "REGISTRY_KEY_PASSPHRASE"
NEW_PASSPHRASE_ENV = "REGISTRY_NEW_KEY_PASSPHRASE"


def passphrase(ctx: CliContext, args: argparse.Namespace) -> str:
    return (getattr(args, "passphrase", None) or os.environ.get(PASSPHRASE_ENV)
            or ask_secret(ctx, ctx.t("签名密钥口令：", "Signing key passphrase: "), "passphrase"))


def add_passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase", help=f"signing key passphrase (better: {PASSPHRASE_ENV})")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = sub.add_parser("keys", help="office signing key and trust store / 签名密钥与信任库")
    ks = keys.add_subparsers(dest="keys_command", required=True)
    i = ks.add_parser("init", help="create the office's signing key")
    i.add_argument("--office-code", help="office unified social credit code (default: office settings)")
    i.add_argument("--office-name", help="office name (default: office settings)")
    add_passphrase_option(i)
    i.set_defaults(handler=cmd_init)
    r = ks.add_parser("rotate", help="new signing key from now on; the old one is retired, still trusted")
    add_passphrase_option(r)
    r.add_argument("--new-passphrase", help=f"passphrase for the new key (or {NEW_PASSPHRASE_ENV}; "
                                            "default: the current one)")
    r.set_defaults(handler=cmd_rotate)
    ls = ks.add_parser("list", help="list own and trusted keys")
    ls.set_defaults(handler=cmd_list)
    e = ks.add_parser("export-trust", help="write our public keys to a trust file for other offices")
    e.add_argument("--out", required=True, help="file to write, e.g. on a USB stick")
    add_passphrase_option(e)
    e.set_defaults(handler=cmd_export)
    im = ks.add_parser("import-trust", help="trust another office's keys from its trust file")
    im.add_argument("file")
    im.add_argument("--accept-new-keys", action="store_true",
                    help="accept new keys of a known office not signed by its old key "
                         "(only after comparing fingerprints by phone)")
    im.set_defaults(handler=cmd_import)
    d = ks.add_parser("distrust", help="stop trusting an imported key")
    d.add_argument("key_id")
    d.set_defaults(handler=cmd_distrust)


def _line(ctx: CliContext, k: KeyInfo) -> str:
    states = {"active": ("签名中", "active"), "retired": ("已退役", "retired"),
              "trusted": ("已信任", "trusted")}
    zh, en = states.get(k.state, (k.state, k.state))
    until = k.retired_at or k.valid_until
    period = f"{k.valid_from:%Y-%m-%d} – {until:%Y-%m-%d}" if until else f"{k.valid_from:%Y-%m-%d} –"
    return f"{k.key_id}  {ctx.t(zh, en):<8} {k.office_code}  {k.office_name}  {period}"


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    info = KeyService(ctx.database(), ctx.actor()).init_office_key(
        passphrase(ctx, args), args.office_code, args.office_name)
    ctx.emit(info, ctx.t(f"已创建签名密钥 {info.key_id}（{info.office_name}）\n指纹：{info.fingerprint}",
                         f"Created signing key {info.key_id} ({info.office_name})\n"
                         f"Fingerprint: {info.fingerprint}"))
    return 0


def cmd_rotate(ctx: CliContext, args: argparse.Namespace) -> int:
    new = args.new_passphrase or os.environ.get(NEW_PASSPHRASE_ENV)
    info = KeyService(ctx.database(), ctx.actor()).rotate(passphrase(ctx, args), new)
    ctx.emit(info, ctx.t(
        f"新签名密钥 {info.key_id} 已启用，旧密钥已退役（仍可核验其签发的证书）。\n"
        f"请将新的信任文件（keys export-trust）发给其他办公室。指纹：{info.fingerprint}",
        f"New signing key {info.key_id} in use; the old key is retired (its certificates still "
        f"verify).\nSend a new trust file (keys export-trust) to other offices. "
        f"Fingerprint: {info.fingerprint}"))
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    keys = KeyService(ctx.database(), ctx.actor()).list_keys()
    text = "\n".join(_line(ctx, k) for k in keys) or ctx.t("没有密钥", "No keys")
    ctx.emit(keys, text)
    return 0


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    data = KeyService(ctx.database(), ctx.actor()).export_trust(passphrase(ctx, args))
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise InvalidInput("output_not_writable", field="out", path=str(out), detail=exc.strerror) from exc
    ctx.emit({"file": str(out), "bytes": len(data)},
             ctx.t(f"信任文件已写入 {out}", f"Trust file written to {out}"))
    return 0


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        raise InvalidInput("input_file_missing", field="trust_file", path=str(path)) from None
    result = KeyService(ctx.database(), ctx.actor()).import_trust(data, args.accept_new_keys)
    lines = [ctx.t(f"{result.office_name}（{result.office_code}）：新增 {len(result.added)}，"
                   f"更新 {len(result.updated)}，未变 {len(result.unchanged)}",
                   f"{result.office_name} ({result.office_code}): {len(result.added)} added, "
                   f"{len(result.updated)} updated, {len(result.unchanged)} unchanged")]
    if result.continuity == "new_office" and result.added:
        lines.append(ctx.t("首次导入该办公室的密钥：请电话向对方核对以下指纹：",
                           "First keys of this office: compare these fingerprints with it by phone:"))
    for key_id in result.added:
        lines.append(f"  {key_id}  {result.fingerprints[key_id]}")
    ctx.emit(result, "\n".join(lines))
    return 0


def cmd_distrust(ctx: CliContext, args: argparse.Namespace) -> int:
    info = KeyService(ctx.database(), ctx.actor()).remove_trust(args.key_id)
    ctx.emit(info, ctx.t(f"已不再信任密钥 {info.key_id}（{info.office_name}）",
                         f"Key {info.key_id} ({info.office_name}) is no longer trusted"))
    return 0
