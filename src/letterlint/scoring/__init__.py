"""Scoring: questionnaire items, the letter's score and rating, and the Annex B summary.

Stage 5 of 6 (reading -> letter -> rules -> checks -> scoring -> reports). ``score`` turns the
checks' outcomes into item answers (Annex C), a score and a rating with its reasons (report
paragraphs 7.46-7.48); ``annex_b`` accumulates a batch into the inspectors' Annex B table beside
the national 2023 figures; ``evaluate`` compares letterlint's answers with labelled letters.
"""
