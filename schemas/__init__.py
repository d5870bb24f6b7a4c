"""The JSON Schema of vanban's output (document.schema.json), shipped as package data."""
