"""The commented ``.letterlint.yaml`` that ``letterlint init`` writes for an Area."""

from __future__ import annotations

import json
from pathlib import Path

from letterlint.atomic import write_atomic

DEFAULT_NAME = ".letterlint.yaml"


def _scalar(value: str | None) -> str:
    """A YAML scalar: ``null`` or a double-quoted string (JSON strings are valid YAML)."""
    if value is None or not value.strip():
        return "null"
    return json.dumps(value.strip(), ensure_ascii=False)


def template(team_name: str | None = None, team_contact: str | None = None) -> str:
    """The configuration file text. Every setting is explained; examples are commented out."""
    return f"""\
# letterlint settings for this Area. letterlint looks for this file in the folder where it
# runs and in the folders above it. To see every setting and where it came from, run
# 'letterlint config'. Lines that start with # are comments. To use an example, remove the
# "# " at the start of each of its lines and delete the empty setting just above it.

# Your team, as it should appear in a letter's own contact details.
team:
  name: {_scalar(team_name)}         # e.g. "CPS Wessex Victim Liaison Unit"
  contact: {_scalar(team_contact)}      # e.g. "Telephone 01632 960000, email wessex.vlu@cps.gov.uk"

# Contact details of the local agencies a letter may send complainants to. Give the details
# only, not the agency's name: where a letter says "raise this with Wessex Police" and gives
# no details, letterlint suggests "You can contact Wessex Police on 101, or online at ...".
# The names on the left are letterlint's: police, court, witness-care, witness-service,
# victim-support, iopc, probation, ico, cica, victims-commissioner.
contacts: {{}}
# contacts:
#   police: "101, or online at www.example-police.uk/contact"
#   court: "01632 960111, or by email at enquiries@exampletown-court.example.uk"
#   witness-care: "01632 960222"
#   victim-support: "08 08 16 89 111 (free, 24 hours), or online at www.victimsupport.org.uk"

# Words that are not spelling mistakes here: local terms, and names that start a sentence.
# (A capitalised name inside a sentence is never taken for a mistake.)
spelling:
  accept: []
#   accept: [ginnel, snicket, Exampletown]

# Acronyms your readers know, which letterlint should not ask you to spell out. CPS terms
# such as DCCP or VLU are still flagged as jargon (Q24): the inspectors count them.
acronyms:
  allow: []
#   allow: [ISVA, IDVA, SARC]

# Rules switched off for this Area (rule codes or names; see 'letterlint rules').
rules:
  disable: []
#   disable: [LL230]
  # Change how serious a rule's findings are: error, warning or info.
  severity: {{}}
#   severity:
#     LL112: warning
  # Folders of your own rules and phrase banks, next to this file (create the folder first).
  paths: []
#   paths: [area-rules]

# The lowest severity that makes 'letterlint check' fail (exit code 1): error, warning or info.
fail_on: error

# Letters larger than this (in bytes) are refused, and PDFs with more pages than max_pages.
input:
  max_bytes: 10485760
  max_pages: 30

# Grammar checking with a LanguageTool server as well as letterlint's own. Letters hold
# personal data: only use a server that you run yourselves, inside your own network. Never
# point this at a public service. letterlint makes no network calls unless you set this.
# languagetool:
#   url: "http://localhost:8081"
"""


def write_config(path: Path, *, force: bool = False, team_name: str | None = None,
                 team_contact: str | None = None) -> None:
    """Write the template to ``path`` atomically; an existing file is kept unless ``force``."""
    write_atomic(path, template(team_name, team_contact), overwrite=force)
