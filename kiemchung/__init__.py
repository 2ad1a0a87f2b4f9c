"""kiemchung: find, read and index the evidence documents of Vietnam's PAR Index."""

__version__ = "0.1.0"
