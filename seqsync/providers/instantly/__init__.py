"""Instantly (API v2): campaigns whose whole email sequence is written at once."""
