"""imgscreen."""
