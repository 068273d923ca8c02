"""Campaigns, content pieces, media monitoring and crisis communication (next issues)."""
