"""Chemical knowledge: substances, structures, groups by rule, regulatory lists and measures."""
