"""What each tab shows, as rows: pure functions of a record and the fact base."""
