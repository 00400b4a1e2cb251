"""letterlint: checks CPS complaint reply letters against the HMCPSI questionnaire."""

__version__ = "0.1.0"
