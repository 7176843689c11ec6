"""Headlines: where the title ends, and how to read a Title Case one.

A title repeated by the body is weaker evidence than the body's own sentence (LEDGER.md rule 7), and
Title Case hides verbs from the tagger; both need to know which sentence is the headline.
"""

from __future__ import annotations

from spacy.tokens import Span

from pledgewatch.extract.actors import ActorResolver


def title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def sentence_case(sent: Span, actors: ActorResolver) -> str:
    """The headline with ordinary words lower-cased; names, acronyms and the first word kept."""
    out = []
    for token in sent:
        text = token.text
        keep = token.i == sent.start or text.isupper() or actors.token_actor(token) or token.ent_type_ == "PERSON"
        lowered = text if keep else text.lower()
        out.append((lowered if len(lowered) == len(text) else text) + token.whitespace_)
    return "".join(out)


def headline_end(text: str, title: str | None) -> int:
    """Where the headline ends: the title the text opens with, or a first line with no full stop."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if title and stripped.startswith(title.strip()):
        return offset + len(title.strip())
    first_line = stripped.split("\n", 1)[0].rstrip()
    if "\n" in stripped and first_line and first_line[-1] not in ".!?\"”'’" and len(first_line) < 200:
        return offset + len(first_line)
    return 0
