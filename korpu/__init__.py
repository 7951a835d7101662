"""Körpü: the platform a diaspora committee and its organisations run their programme on."""

__version__ = "0.1.0"
