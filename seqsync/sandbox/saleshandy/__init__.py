"""The Saleshandy Open API emulator (providers.md 1.8, "What a faithful fake must enforce")."""
