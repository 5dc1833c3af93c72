"""The Instantly API v2 emulator."""
