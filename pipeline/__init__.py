"""vanban: Vietnamese government decisions and plans → structured, validated JSON and a citation graph."""

__version__ = "0.1.0"
