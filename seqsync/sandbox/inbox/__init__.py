"""The Inbox campaigns emulator (docs/providers/inbox.md §7)."""
