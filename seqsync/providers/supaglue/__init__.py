"""Supaglue's unified engagement API v2 in front of Apollo, Outreach and Salesloft."""
