"""Rules: the typed rule and phrase-bank files, and how they are loaded.

Stage 3 of 6 (reading -> letter -> rules -> checks -> scoring -> reports). ``spec`` holds the
typed shapes (Rule, Bank, Example); ``loader`` reads the bundled ``rules/`` and ``phrasebanks/``
folders and any Area rules, and refuses a bad file with one line naming it; ``patterns`` compiles
phrases and patterns safely; ``yamlsafe`` is the YAML reader (no aliases, no tags); ``docs``
generates the rule reference pages from the rules themselves.
"""
