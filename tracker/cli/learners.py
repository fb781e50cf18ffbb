"""`tracker user`: the learners of this database, and which one is active."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.app import app

users = typer.Typer(
    help="Add, list and switch learners.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(users, name="user")
Name = Annotated[str, typer.Argument(metavar="NAME")]


def _engine(ctx: typer.Context):
    from tracker.services.workspace import open_workspace

    return open_workspace(ctx.obj, with_paths=False).engine


@users.command("add")
def add(ctx: typer.Context, name: Name) -> None:
    """Add a learner."""
    from tracker.services.learners import add_learner

    learner = add_learner(_engine(ctx), name)
    typer.echo(f"added learner {learner.name}")


@users.command("list")
def list_users(ctx: typer.Context) -> None:
    """List the learners; * marks the active one."""
    from tracker.services.learners import list_learners

    for learner in list_learners(_engine(ctx)):
        typer.echo(f"{'*' if learner.active else ' '} {learner.name}")


@users.command("use")
def use(ctx: typer.Context, name: Name) -> None:
    """Make a learner the active one (remembered in the database)."""
    from tracker.services.learners import use_learner

    typer.echo(f"now acting as {use_learner(_engine(ctx), name).name}")
