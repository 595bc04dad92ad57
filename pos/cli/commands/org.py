"""``gaspos org``: the utility, its halls and counters (administrators)."""

from __future__ import annotations

import click

from pos.cli.context import CliContext
from pos.domain.messages import N_
from pos.domain.org import HOTLINE
from pos.services.records import organisation


@click.group("org")
def org() -> None:
    """The utility, its halls and counters. 公司、营业厅与窗口"""


@org.command("company")
@click.option("--code", required=True, help="Utility code (4 letters, on every card).")
@click.option("--name", required=True, help="The utility's name.")
@click.option("--hotline", default=HOTLINE, show_default=True, help="Service hotline.")
@click.option("--complaint-line", default=HOTLINE, show_default=True, help="Complaint line.")
@click.pass_obj
def company(cli: CliContext, code: str, name: str, hotline: str, complaint_line: str) -> None:
    """Set up the utility, once. 设置公司"""
    services = cli.services()
    done = organisation.set_company(services, cli.operator(), code=code, name=name,
                                    hotline=hotline, complaint_line=complaint_line)
    click.echo(cli.t(N_("Utility {code} {name} set up."), code=done.code, name=done.name))


@org.command("hall")
@click.option("--code", required=True, help="Hall code.")
@click.option("--name", required=True, help="Hall name.")
@click.option("--address", default="", help="Address.")
@click.pass_obj
def hall(cli: CliContext, code: str, name: str, address: str) -> None:
    """Add a service hall. 添加营业厅"""
    services = cli.services()
    done = organisation.add_hall(services, cli.operator(), code=code, name=name, address=address)
    click.echo(cli.t(N_("Hall {code} {name} added."), code=done.code, name=done.name))


@org.command("counter")
@click.option("--no", "counter_no", required=True, help="Counter number (in order numbers).")
@click.option("--hall", "hall_code", required=True, help="Its hall's code.")
@click.option("--name", required=True, help="Counter name, e.g. 1号窗口.")
@click.pass_obj
def counter(cli: CliContext, counter_no: str, hall_code: str, name: str) -> None:
    """Add a counter to a hall. 添加窗口"""
    services = cli.services()
    done = organisation.add_counter(services, cli.operator(), no=counter_no,
                                    hall_code=hall_code, name=name)
    click.echo(cli.t(N_("Counter {no} added to hall {hall}."), no=done.no, hall=done.hall_code))
