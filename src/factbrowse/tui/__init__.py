"""The terminal browser (Textual). Everything from a fact file is shown as data, never markup."""
