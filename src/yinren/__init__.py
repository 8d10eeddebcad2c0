"""yinren (引人留人): a city's people-attraction policy as code, and the platform that delivers it."""

__version__ = "0.1.0"
