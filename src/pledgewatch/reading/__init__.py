"""The reader: everything that turns a cleaned article into records.

`pipeline` builds the spaCy pipeline (model, line breaks, actor and kind-cue rulers), `triage` keeps
the parser off text that cannot hold a position, `rules/` is the hand-written reading of LEDGER.md
(it proposes candidates and its verdicts are features), `candidates`, `features`, `model` and
`training` are the learned part that decides which candidates are positions and with which status.
"""
