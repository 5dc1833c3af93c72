"""The Supaglue engagement v2 emulator, with Apollo, Outreach and Salesloft behind it
(providers.md 2.7, "What a faithful Supaglue fake must enforce")."""
