"""What changed in the fact files, from git: the commits that touched a file (``git.py``),
each version parsed and compared entry with entry, claim by claim (``diff.py``), and the two
put together as the history of one entry or the changes since a date (``versions.py``)."""
