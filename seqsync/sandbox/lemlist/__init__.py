"""The lemlist emulator."""
