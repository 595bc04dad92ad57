"""``gaspos keys``: the utility's card keys."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pos.cli.commands.merchant_keys import merchant, show_merchants
from pos.cli.context import CliContext, secret
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.services.cards import keys as key_service
from pos.services.cards.keys import KeyInfo


@click.group("keys")
def keys() -> None:
    """Card keys (one set per utility). 卡密钥"""


@keys.command("init")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new, passphrase-encrypted key file.")
@click.option("--utility", "utility_code", help="Utility code (default: the ledger's company).")
@click.pass_obj
def init(cli: CliContext, out: Path, utility_code: str | None) -> None:
    """Create the utility's key set, once; then import it on every counter. 生成密钥"""
    services = cli.services()
    operator = cli.operator()
    info = key_service.init_keys(services, operator, out=out, utility_code=utility_code,
                                 passphrase=_new_passphrase(cli))
    _show(cli, info)
    click.echo(cli.t(N_("Written to {path}. Import it on every counter: gaspos keys import "
                        "{path}"), path=str(out)))


@keys.command("rotate")
@click.option("--in", "source", required=True, type=click.Path(path_type=Path),
              help="The current key file.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new key file.")
@click.pass_obj
def rotate(cli: CliContext, source: Path, out: Path) -> None:
    """Add a new key version (new cards and meters use it; old ones keep theirs). 轮换密钥"""
    services = cli.services()
    operator = cli.operator()
    info = key_service.rotate_keys(services, operator, source=source, out=out,
                                   passphrase=_passphrase(cli))
    _show(cli, info)


@keys.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.pass_obj
def import_(cli: CliContext, source: Path) -> None:
    """Install the utility's key file on this counter. 导入密钥"""
    services = cli.services()
    operator = cli.operator()
    info = key_service.import_keys(services, operator, source=source,
                                   passphrase=_passphrase(cli))
    _show(cli, info)


@keys.command("show")
@click.pass_obj
def show(cli: CliContext) -> None:
    """Which key set this counter holds (versions and a fingerprint, never the keys). 查看"""
    _show(cli, key_service.current_keys(cli.services(needs_schema=False)))


def _show(cli: CliContext, info: KeyInfo) -> None:
    click.echo(cli.t(N_("Utility {utility}: key versions {versions}, current {current}, "
                        "fingerprint {fingerprint}"), utility=info.utility_code,
                     versions=", ".join(map(str, info.versions)), current=info.current_version,
                     fingerprint=info.fingerprint))
    show_merchants(cli, info.merchants)


keys.add_command(merchant)


def _passphrase(cli: CliContext) -> str:
    return secret("GASPOS_KEY_PASSPHRASE", cli.t(N_("Key file passphrase")))


def _new_passphrase(cli: CliContext) -> str:
    first = _passphrase(cli)
    if sys.stdin.isatty() and secret("GASPOS_KEY_PASSPHRASE", cli.t(
            N_("Repeat the passphrase"))) != first:
        raise BadInput("keys.passphrase_mismatch",
                       N_("The two passphrases differ; nothing was written."))
    return first
