from termbase.cli import cli

cli(prog_name="termbase")
