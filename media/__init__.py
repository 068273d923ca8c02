"""Free-press monitoring: media mentions, outlets and the tariff table that values them."""
