"""The fact base core: format, loader, links, search and export. Never imports Textual."""
