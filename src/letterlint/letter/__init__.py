"""The letter: what a read Document says, computed once per letter.

Stage 2 of 6 (reading -> letter -> rules -> checks -> scoring -> reports). ``analysis.analyse``
turns a :class:`letterlint.model.Document` into a :class:`letterlint.model.Letter`: its parts
(letterhead, address, salutation, body, valediction, signature), its facts (date, reference,
complainant's name, outcome stated, admissions) and its type (stage one or two; legal, service or
mixed; holding; acknowledgement). ``zones`` marks text no rule may flag (web and email addresses,
quoted complainant words); ``dates`` does the escalation date arithmetic; ``measures`` the
readability measures; ``nlp`` the language tools (tokens, sentences, spelling, grammar engines).
"""
