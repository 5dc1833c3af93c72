"""Faithful local emulators of the Saleshandy, Supaglue and Inbox APIs.

They serve in-process (an httpx transport, the default for ``sandbox: true``
connections) and over loopback HTTP (``seqsync sandbox serve``), with the same paths,
bodies, ids, status codes, error envelopes, validation rules and quirks as the real
APIs as docs/providers/ describes them (each provider's "What the emulator enforces"), so
that they catch client bugs instead of hiding them.
"""
