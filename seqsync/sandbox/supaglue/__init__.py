"""The Supaglue engagement v2 emulator, with Apollo, Outreach and Salesloft behind it
(docs/providers/supaglue.md §10)."""
