"""Italian catalogue."""

IT: dict[str, str] = {}
