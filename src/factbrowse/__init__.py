"""factbrowse: a terminal browser for sourced dossiers kept as TOML files."""

__version__ = "0.3.0"
