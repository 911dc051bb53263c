"""Coding raw sentences: actors found and resolved on the fly, then the coder.
Used by `multivector code FILE.jsonl` and by the evaluations."""

from __future__ import annotations

from multivector.actors.kb import KnowledgeBase, knowledge_base
from multivector.actors.mentions import find_mentions
from multivector.events.coder import CodedEvent, Mention, Parser, SentenceCoder
from multivector.text.tagger import default_tagger


def optional_parser() -> Parser | None:
    """The project's dependency parser when its model is installed, else None (the
    coder then falls back to word-order rules). A model file that is there but cannot
    be read is said in a warning: the events would otherwise change without a word."""
    import importlib
    import importlib.util
    import warnings

    if importlib.util.find_spec("multivector.text.parser") is None:
        return None
    module = importlib.import_module("multivector.text.parser")
    try:
        parse: Parser = module.default_parser().parse
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        warnings.warn(f"the dependency parser's model cannot be read ({error}); events are coded with "
                      "word-order rules only", RuntimeWarning, stacklevel=2)
        return None
    return parse


def code_text(sentence: str, date: str | None, kb: KnowledgeBase | None = None
              ) -> tuple[list[CodedEvent], dict[str, str]]:
    """Events of one sentence, best first, and the country of each discovered actor."""
    kb = kb or knowledge_base()
    spans, new_actors = find_mentions(kb, sentence, date)
    mentions = [Mention(start, end, actor, method) for start, end, _, actor, method, _ in spans]
    tagger = default_tagger()
    events = SentenceCoder(sentence, mentions, tagger.tag, parser=optional_parser()).events()
    return events, {a.id: a.country for a in new_actors.values() if a.country}
