"""Inbox (X DM campaigns): read a campaign, replace its whole sequence."""
