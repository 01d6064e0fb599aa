"""Command line entry point (filled in as the domain lands)."""

import click


@click.group()
def main() -> None:
    """Brief yourself on a news story from a folder of saved articles."""
