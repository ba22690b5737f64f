"""jichitai: one shared deployment serving many municipalities (共同利用)."""
