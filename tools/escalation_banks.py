# ruff: noqa: E501  (the patterns read best unbroken)
"""Write phrasebanks/escalation-time-limit.yaml and phrasebanks/wrong-escalation-time-limits.yaml.

The escalation time limit's patterns share their parts (the words that make a paragraph about
escalating, the other time limits it must not touch, the date a writer gives after it), so they
are built here from named pieces rather than kept by hand as one-line expressions. Run from the
repository root after changing a piece: python3 tools/escalation_banks.py
Source: HMCPSI 2023 4.12-4.13, 7.29-7.30; CPS 2025 response, recommendation 1.
"""
from pathlib import Path

import yaml


def q(x): return '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
DOC = r"(?:letter|reply|response|e-?mail|message|correspondence)"
# ---- the standard, in the forms careful writers give it
STANDARD = (r"\b(?:one|1)\s+(?:\(1\)\s+)?calendar\s+month\s+(?:of|from|after)\s+"
            r"(?:the\s+date\s+(?:of|on)\s+|the\s+date\s+at\s+the\s+top\s+of\s+)?(?:this|my|our)\s+" + DOC +
            r"(?!\s+(?:of|from|after|before)\s+(?:receipt|receiving))")
STANDARD2 = r"\b(?:one|1)\s+(?:\(1\)\s+)?calendar\s+month\s+of\s+(?:this|my|our)\s+" + DOC + r"['’]s\s+date\b"
lines = [
 "# The escalation time limit as the CPS gives it (CPS 2025 response, recommendation 1: 'within one",
 "# calendar month of the date of this letter'), with the small variations careful writers use ('of",
 "# the date on this letter', 'one (1) calendar month', 'of this letter's date', 'by 3 December,",
 "# which is one calendar month from the date of this letter'). LL111 looks for one of these; LL112",
 "# corrects no other time limit in a letter that gives one (a letter gives the reader one time",
 "# limit, and the others are the police's, the court's or the CPS's own). Written by",
 "# tools/escalation_banks.py: change it there.",
 "id: escalation-time-limit",
 "description: The standard escalation time limit, one calendar month from the date of this letter.",
 "entries:",
 f"  - phrase: {q('re:' + STANDARD)}",
 f"  - phrase: {q('re:' + STANDARD2)}",
]
Path("phrasebanks/escalation-time-limit.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

# ---- the wrong forms
DATE_TAIL = (r"(?:,?\s+(?:that\s+is|i\.e\.,?|which\s+is)\s+(?:by\s+|before\s+|on\s+|until\s+)?(?:the\s+)?"
             r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
             r"(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?\b)?")
FROM = (r"(?:\s+(?:of|from|after)\s+(?:(?:the\s+date\s+of\s+|receipt\s+of\s+|receiving\s+)?(?:this|my|our|the)\s+" + DOC +
        r"|today(?:['’]s\s+date)?))?")
NOT_FROM_OTHER = (r"(?!\s+(?:of|from|after|before)\s+(?!(?:the\s+date\s+of\s+|receipt\s+of\s+|receiving\s+)?(?:this|my|our|the)\s+"
                  + DOC + r"|today))")
T = FROM + NOT_FROM_OTHER + DATE_TAIL
STD = "within one calendar month of the date of this {medium}, that is by {escalation_date}"
NUM = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
       r"sixteen|twenty(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|forty|forty[-\s]two|sixty|ninety)")
UNIT = r"(?:(?:working|calendar|business|clear)\s+)?(?:days?|weeks?|months?)\b(?!['’]s)"
# what makes a paragraph about escalating the complaint
CTX = (r"\b(?:escalat\w*|stage\s+(?:two|2)|(?:ask|asking|apply|request|requesting)\s+(?:for\s+)?(?:a\s+|an\s+)?(?:\w+\s+)?review|"
       r"review\s+(?:of\s+)?(?:your|the|this|my)\s+complaint|dissatisfied|unhappy|not\s+(?:satisfied|happy)|"
       r"take\s+(?:your\s+complaint|this|it|the\s+matter|matters)\s+further|next\s+stage|Deputy\s+Chief\s+Crown\s+Prosecutor|"
       r"write\s+to\s+us|contact\s+us|let\s+us\s+know|complaints?\s+(?:unit|team|manager|co-?ordinator))\b")
NOTCTX = r"(?:Right\s+to\s+Review|VRR|appeal\w*|bail|compensation|court\s+order\w*|ordered)"
def guards(word):
    """after the entry's first word: in a paragraph about escalating (within 400 characters before,
    or 200 after), not a Victims' Right to Review, appeal, bail or court time limit (in the sentence),
    not the time the CPS or another body takes to reply."""
    ctx = rf"(?:(?<={CTX}[^\n]{{0,400}}{word})|(?=[^\n]{{0,200}}{CTX}))"
    not_other = rf"(?<!{NOTCTX}[^.?!\n]{{0,200}}{word})"
    reply = (rf"(?<!(?<!\b(?:please|you\s+(?:should|must|can|may|could|need\s+to|will\s+need\s+to))\s+)\b(?:repl(?:y|ies|ied)|respond(?:s|ed)?|response|answers?|decision|outcome|(?<!to\s+be\s+)review(?:s|ed)|"
             rf"(?:will|to|we|I)\s+review|dealt\s+with|considered|completed?|write\s+to\s+you|contact\s+you|"
             rf"send\s+you(?:\s+\w+){{0,3}}|hear\s+from(?:\s+\w+){{1,5}}|get\s+back\s+to\s+you|"
             rf"(?:police|officers?|court|they|he|she)(?:\s+\w+){{0,9}})\s+(?:to\s+you\s+)?(?:in\s+writing\s+|in\s+full\s+)?{word})")
    return ctx + not_other + reply
NOT_AFTER = rf"(?![^.?!\n]{{0,200}}{NOTCTX})"
W = r"(?:within|in)"
entries = [
 ("the time the CPS once took to reply, given as the reader's time limit (HMCPSI 2023 4.12-4.13, 7.29). "
  "Every entry: in a paragraph about escalating; not a Victims' Right to Review, appeal, bail or court "
  "time limit, nor the time the CPS or another body takes to reply",
  rf"\b{W}\b{guards(W)}\s+(?:20|twenty)\s+working\s+days\b{T}{NOT_AFTER}", STD),
 ("28 days: shorter than a calendar month in most months",
  rf"\b{W}\b{guards(W)}\s+(?:28|twenty[-\s]eight)\s+days\b{T}{NOT_AFTER}", STD),
 ("a bare month: from when? (the 2025 recommendation's words are 'of the date of this letter')",
  rf"\b{W}\b{guards(W)}\s+(?:one|1|a)\s+month\b(?!['’]s|ly){T}{NOT_AFTER}", STD),
 ("any other number of days, weeks or months ('within ten working days', 'within 14 days', 'within six weeks')",
  rf"\bwithin\b{guards('within')}\s+(?!(?:one|1|a)\s+(?:calendar\s+)?month\b)(?!(?:20|twenty)\s+working\s+days\b)"
  rf"(?!(?:28|twenty[-\s]eight)\s+days\b){NUM}\s+{UNIT}{T}{NOT_AFTER}", STD),
 ("'you have one month', 'you have 20 working days to do so'",
  rf"\b(?:have|given|allowed)\b(?<=\byou\s+(?:(?:will|would|now|still|are|have\s+been)\s+)?(?:have|given|allowed)){guards('(?:have|given|allowed)')}\s+{NUM}\s+{UNIT}{T}{NOT_AFTER}",
  "have one calendar month from the date of this {medium}, that is until {escalation_date},"),
 ("'no later than one month after the date of this letter'",
  rf"\bno\s+later\s+than\b{guards('than')}\s+{NUM}\s+{UNIT}(?:\s+(?:after|from|of)\s+(?:(?:the\s+date\s+of\s+|receipt\s+of\s+|receiving\s+)?(?:this|my|our|the)\s+{DOC}|today(?:['’]s\s+date)?)){DATE_TAIL}{NOT_AFTER}",
  STD),
 ("'within one calendar month' with no starting point, or counted from receipt: the standard counts from the date of the letter",
  rf"\bwithin\b{guards('within')}\s+(?:one|1|a)\s+(?:\(1\)\s+)?calendar\s+month"
  rf"(?:\s+(?:of|from)\s+(?:receipt\s+of\s+|receiving\s+)(?:this|my|our|the)\s+{DOC}|\s+(?:of|from)\s+today(?:['’]s\s+date)?)?"
  rf"(?!\s+(?:of|from|after|before)\s+(?:the\s+date|this|my|our|the|receipt|receiving)){DATE_TAIL}{NOT_AFTER}", STD),
]
lines = ["# Escalation time limits that are not the standard one (HMCPSI 2023 4.12-4.13, 7.29; CPS 2025",
 "# response, recommendation 1: 'within one calendar month of the date of this letter'). LL112",
 "# replaces each with the standard wording and the date it falls on (and a date the writer gave",
 "# after it, ', that is by ...', goes with it); LL111 (time limit missing) does not fire where one",
 "# of these is found, so a wrong time limit is corrected in place, never answered by a second,",
 "# contradictory paragraph. Each pattern starts with its first word, so the look-arounds run",
 "# only where that word is. Written by tools/escalation_banks.py: change it there.",
 "id: wrong-escalation-time-limits",
 "description: >-",
 "  Time limits for escalating to stage two other than 'within one calendar month of the date of",
 "  this letter'; each 'replacement' is the standard wording.",
 "entries:"]
for comment, pat, repl in entries:
    if comment:
        lines.append(f"  # {comment}")
    lines.append(f"  - phrase: {q('re:' + pat)}")
    lines.append(f"    replacement: {q(repl)}")
Path("phrasebanks/wrong-escalation-time-limits.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
written = Path("phrasebanks/wrong-escalation-time-limits.yaml").read_text(encoding="utf-8")
print(len(yaml.safe_load(written)["entries"]), "entries")
