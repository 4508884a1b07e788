"""imgscreen: screen photos for HIPAA PHI (faces, text, barcodes, metadata) before they are shared."""

__version__ = "0.1.0"
