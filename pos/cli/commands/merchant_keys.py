"""``gaspos keys merchant``: a payment provider's merchant credentials in this counter's key
set.  ``set CHANNEL`` has one option per field of the channel (pos/domain/cards/merchants.py):
ids typed, PEM keys and secrets read from files, so no secret is ever on a command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from pos.cli.context import CliContext
from pos.domain.cards.merchants import MERCHANT_CHANNELS, MerchantField
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import os_reason
from pos.services.cards import merchants as merchant_service
from pos.services.cards.merchants import MerchantInfo


@click.group("merchant")
def merchant() -> None:
    """Payment merchants' credentials (WeChat Pay, Alipay) in this counter's key set. 商户密钥"""


@merchant.group("set")
def set_() -> None:
    """Set a channel's merchant fields; fields not given keep their value. 设置"""


def _set_command(channel: str, fields: Sequence[MerchantField]) -> click.Command:
    options = [click.Option(
        [field.option, field.name], help=field.help,
        type=click.Path(exists=True, dir_okay=False, path_type=Path) if field.from_file
        else str) for field in fields]

    @click.pass_obj
    def command(cli: CliContext, /, **given: Any) -> None:
        values = {name: _read(value) if isinstance(value, Path) else str(value)
                  for name, value in given.items() if value is not None}
        if not values:
            raise BadInput("keys.merchant_nothing",
                           N_("Give at least one field to set (see --help)."))
        services = cli.services()
        operator = cli.operator()
        info = merchant_service.set_merchant(services, operator, channel, values)
        show_merchants(cli, (info,))

    return click.Command(channel, params=list(options), callback=command,
                         help=f"Set the {channel} merchant's credentials.")


for _channel, _spec in MERCHANT_CHANNELS.items():
    set_.add_command(_set_command(_channel, _spec.fields))


@merchant.command("remove")
@click.argument("channel", type=click.Choice(sorted(MERCHANT_CHANNELS)))
@click.pass_obj
def remove(cli: CliContext, channel: str) -> None:
    """Remove a channel's merchant from this counter's key set. 删除"""
    services = cli.services()
    merchant_service.remove_merchant(services, cli.operator(), channel)
    click.echo(cli.t(N_("The {channel} merchant was removed from this counter's key set."),
                     channel=channel))


def show_merchants(cli: CliContext, merchants: Sequence[MerchantInfo]) -> None:
    if not merchants:
        click.echo(cli.t(N_("Payment merchants: none (gaspos keys merchant set CHANNEL).")))
    for info in merchants:
        click.echo(cli.t(N_("Payment merchant {channel}: {ids}; fields set: {fields}"),
                         channel=info.channel,
                         ids=", ".join(f"{name} {value}" for name, value in info.shown),
                         fields=", ".join(info.fields)))


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as error:
        raise BadInput("keys.merchant_file", N_("{path} cannot be read: {reason}"),
                       path=str(path), reason=os_reason(error)) from None
    except UnicodeDecodeError:
        raise BadInput("keys.merchant_file", N_("{path} is not a text file (a PEM key or the "
                                                "APIv3 key)."), path=str(path)) from None
