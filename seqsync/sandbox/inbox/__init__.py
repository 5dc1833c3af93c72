"""The Inbox campaigns emulator (providers.md 3.7, "What a faithful Inbox fake must enforce")."""
