"""The claims stage: for every document, its direct quotes, reported speech and
the author's own assertions, each with its speaker, framing cues and polarity;
and the tone of every actor mention, from which outlet profiles are built."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multivector.actors.kb import KnowledgeBase
from multivector.actors.tokens import Token, tokenize
from multivector.claims.attribution import Attribution, Named, attribute
from multivector.claims.cues import cues_of, polarity, span_tone
from multivector.claims.lexicon import Framing
from multivector.claims.quotes import QUOTES, QuoteSpan, find_quotes
from multivector.claims.reported import REPORTED, Reported, SentenceReports, Side
from multivector.events import turns
from multivector.store.db import Store
from multivector.text.sentences import split_sentences

if TYPE_CHECKING:
    from multivector.scale.executors import Executor
    from multivector.scale.runner import StageSummary

FINDER = f"{QUOTES}+{REPORTED}+author.v1"
CLAIM_COLUMNS = {
    "id": "VARCHAR", "doc_id": "VARCHAR", "outlet": "VARCHAR", "kind": "VARCHAR", "speaker_actor_id": "VARCHAR",
    "speaker_text": "VARCHAR", "text": "VARCHAR", "start": "INTEGER", "end": "INTEGER",
    "about_actor_ids": "VARCHAR[]", "polarity": "VARCHAR", "polarity_score": "DOUBLE", "certainty": "VARCHAR",
    "loaded_terms": "VARCHAR[]", "event_types": "VARCHAR[]", "cue": "VARCHAR", "finder": "VARCHAR",
}
TONE_COLUMNS = {"doc_id": "VARCHAR", "outlet": "VARCHAR", "actor_id": "VARCHAR", "country": "VARCHAR",
                "start": "INTEGER", "tone": "DOUBLE", "polarity": "VARCHAR"}
_TONE_WINDOW = 8  # words either side of a mention that speak of it
_EVENT_WEIGHT = 1.5  # a cooperative (conflictual) act inside a claim counts as this much tone
_VERB_WEIGHT = 1.0
_NAME = re.compile(r"(?:[A-Z][\w.'’-]+\s){1,3}[A-Z][\w'’-]+")
_PRONOUNS = {"he", "she", "him", "her"}
_SPEAKER_REACH = 600  # characters a "he said" may reach back to the last speaker
_WEAK_CUES = ("unattributed", "nearest", "chained")  # quote attributions a report in the same sentence overrides


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    tags: list[tuple[str, str]]
    lemmas: list[str]  # lower case, made once for the tone, the reports and the cues
    ends: list[int]  # token ends (increasing), for token_at

    def token_at(self, offset: int) -> int:
        """Index of the token that covers (or follows) document offset ``offset``: the
        first whose end lies past it (tokens run left to right, so a bisection finds it)."""
        return bisect.bisect_right(self.ends, offset - self.start)


@dataclass(slots=True)
class ClaimTools:
    """What finding claims needs, loaded once per process."""
    kb: KnowledgeBase
    tag: Callable[[list[str]], list[tuple[str, str]]]
    lex: Framing
    tokens: Callable[[str], list[Token]] = tokenize

    def country_of(self, actor_id: str) -> str | None:
        actor = self.kb.actors.get(actor_id)
        if actor is None:
            return None
        return actor.id if actor.type == "country" else actor.country


def claim_document(doc: dict[str, Any], mentions: list[dict[str, Any]], events: list[dict[str, Any]],
                   tools: ClaimTools) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The claims of one document and the tone of its actor mentions.

    ``doc`` has id, text, outlet, author and genre; ``mentions`` its actor mentions
    (start, end, actor_id, text, type) by start; ``events`` its event mentions
    (trigger_start, quad_class, plover_type, negated)."""
    work = DocumentClaims(doc, mentions, events, tools)
    work.run()
    return work.claims, work.tones


class DocumentClaims:
    """The claims of one document."""

    def __init__(self, doc: dict[str, Any], mentions: list[dict[str, Any]], events: list[dict[str, Any]],
                 tools: ClaimTools) -> None:
        self.tools = tools
        self.doc = doc
        self.text: str = doc["text"]
        self.named = [Named(r["start"], r["end"], r["actor_id"], r["type"] or "discovered", r["text"])
                      for r in mentions]
        # the mentions by start (as given, normally), so a sentence finds its own by bisection
        self.by_start = sorted(self.named, key=lambda n: n.start)
        self.starts = [n.start for n in self.by_start]
        people = [turns.Named(n.start, n.end, n.actor_id) for n in self.named if n.kind == "person"]
        self.turns = turns.speaker_turns(self.text, people)
        self.events = events
        self.opinion = (doc.get("genre") or "") == "opinion"
        self.voice = doc.get("author") or doc.get("outlet") or "the author"
        self.claims: list[dict[str, Any]] = []
        self.tones: list[dict[str, Any]] = []

    def run(self) -> None:
        # every sentence is tokenised and tagged once; claims read their words from here
        self.sentences = [self._tag(start, end) for start, end in split_sentences(self.text)]
        self.sentence_ends = [s.end for s in self.sentences]
        self.quote_rows: dict[int, dict[str, Any]] = {}
        self.kinds = {n.actor_id: n.kind for n in self.named}
        quotes = find_quotes(self.text)
        previous: tuple[QuoteSpan, Attribution] | None = None
        for quote in quotes:
            previous = (quote, self._quote(quote, previous))
        for index, sentence in enumerate(self.sentences):
            start, end = sentence.start, sentence.end
            if any(q.start <= start and end <= q.end + 2 for q in quotes):
                continue  # inside a quotation already kept
            self._tones(sentence)
            turn = turns.turn_at(self.turns, start)
            if turn is not None:
                self._turn_sentence(sentence, turn, quotes)
                continue
            quoted = [q for q in quotes if q.open_at < end and start <= q.end]
            reported = SentenceReports(sentence.tokens, sentence.tags, self._sides(sentence), sentence.lemmas).find()
            for item in reported:
                self._reported(index, item, quoted)
            if not reported and not quoted:
                self._author(sentence)
        self._bind_pronouns(self.claims)

    # -- kinds -------------------------------------------------------------------------
    def _quote(self, quote: QuoteSpan, previous: tuple[QuoteSpan, Attribution] | None) -> Attribution:
        turn = turns.turn_at(self.turns, quote.open_at)
        speaker = (turn.speaker, self._label(turn)) if turn is not None else None
        who = attribute(self.text, quote, self.named, speaker, previous)
        start, end = _trim(self.text, quote.start, quote.end)
        row = self._add("quote", who.actor_id, who.text, start, end, who.cue, verb_tone=0.0)
        if row is not None:
            self.quote_rows[quote.open_at] = row
        return who

    def _turn_sentence(self, sentence: Sentence, turn: turns.Turn, quotes: list[QuoteSpan]) -> None:
        start = max(sentence.start, turn.text_start)
        if start >= sentence.end or any(start <= q.open_at < sentence.end for q in quotes):
            return
        trimmed = _trim(self.text, start, sentence.end)
        self._add("quote", turn.speaker, self._label(turn), *trimmed, "turn", verb_tone=0.0)

    def _reported(self, index: int, item: Reported, quoted: list[QuoteSpan]) -> None:
        sentence = self.sentences[index]
        if item.first < 0:  # "This was announced by X": the sentence before is the claim
            if index == 0:
                return
            start, end = self.sentences[index - 1].start, self.sentences[index - 1].end
        else:
            if item.last <= item.first:
                return
            start = sentence.start + sentence.tokens[item.first].start
            end = sentence.start + sentence.tokens[item.last - 1].end
            if any(q.open_at - 1 <= start <= q.end + 1 for q in quoted):
                return  # the words that attribute a quotation: the quote is the claim
            if item.cue == "after" and any(start <= q.open_at < end for q in quoted):
                return  # '"…," Cook said Tuesday': the quote before the verb is the claim
            self._lend_speaker(item, [q for q in quoted if start < q.open_at < end])
            end = min([end] + [q.open_at for q in quoted if start < q.open_at < end])
        verb_tone = self.tools.lex.tone.get(item.verb, 0) * _VERB_WEIGHT
        self._add("reported", item.speaker.actor_id or None, item.speaker.text, *_trim(self.text, start, end),
                  item.cue, verb_tone=verb_tone)

    def _bind_pronouns(self, rows: list[dict[str, Any]]) -> None:
        """"“…,” he said.": a pronoun speaker is the person who spoke last, when one spoke
        within a few sentences; the actor stage binds a pronoun to the person named last,
        who is often the one spoken to ("… Cook told Benioff. “…,” he said.")."""
        last: tuple[str | None, str, int] | None = None
        for row in sorted(rows, key=lambda r: r["start"]):
            if row["kind"] == "author":
                continue
            actor_id, text = row["speaker_actor_id"], row["speaker_text"] or ""
            if text.lower().replace("’", "'").removesuffix("'s") in _PRONOUNS:
                if last is not None and row["start"] - last[2] <= _SPEAKER_REACH:
                    row["speaker_actor_id"] = last[0]
                    row["speaker_text"] = text if last[0] else last[1]  # an unresolved name carries over
                continue
            if actor_id is not None and self.kinds.get(actor_id) in ("person", "discovered"):
                last = (actor_id, text, row["end"])
            elif actor_id is None and _NAME.fullmatch(text):  # "Dana Omarova", no actor resolved
                last = (None, text, row["end"])

    def _lend_speaker(self, item: Reported, quoted: list[QuoteSpan]) -> None:
        """"X told VOA that the claim “is patently false”": a quotation inside reported
        speech is the reporter's, unless its own attribution named someone."""
        for quote in quoted:
            row = self.quote_rows.get(quote.open_at)
            if row is not None and row["cue"] in _WEAK_CUES and (item.speaker.actor_id or item.speaker.text):
                row["speaker_actor_id"] = item.speaker.actor_id or None
                row["speaker_text"] = item.speaker.text
                row["cue"] = "reported"

    def _author(self, sentence: Sentence) -> None:
        words = [t.text for t in sentence.tokens]
        if not words or self.text[sentence.start:sentence.end].rstrip().endswith("?"):
            return  # a question asserts nothing
        cues = cues_of(words, sentence.lemmas, self.tools.lex)  # cues_of reads lemmas in lower case
        marked = cues.certainty != "unmarked" or bool(cues.loaded_terms)
        names = bool(self._named_in(sentence))
        if marked or (self.opinion and names):
            self._add("author", None, self.voice, *_trim(self.text, sentence.start, sentence.end),
                      "opinion piece" if self.opinion else "stance cue", verb_tone=0.0)

    # -- one claim ---------------------------------------------------------------------
    def _add(self, kind: str, speaker: str | None, speaker_text: str | None, start: int, end: int, cue: str,
             verb_tone: float) -> dict[str, Any] | None:
        if end - start < 3:
            return None
        words, lemmas = self._words(start, end)
        cues = cues_of(words, lemmas, self.tools.lex)
        acts = [e for e in self.events if start <= e["trigger_start"] < end]
        act_tone = sum(_EVENT_WEIGHT * (1 if e["quad_class"] in (1, 2) else -1) * (-1 if e["negated"] else 1)
                       for e in acts if e["quad_class"])
        score = cues.tone + act_tone + verb_tone
        about = list(dict.fromkeys(n.actor_id for n in self.named
                                   if start <= n.start < end and n.actor_id != speaker))
        key = f"{self.doc['id']}:{start}:{end}:{kind}"
        self.claims.append({
            "id": hashlib.sha1(key.encode()).hexdigest()[:16], "doc_id": self.doc["id"], "outlet": self.doc["outlet"],
            "kind": kind, "speaker_actor_id": speaker, "speaker_text": speaker_text, "text": self.text[start:end],
            "start": start, "end": end, "about_actor_ids": about, "polarity": polarity(score),
            "polarity_score": round(score, 2), "certainty": cues.certainty, "loaded_terms": cues.loaded_terms,
            "event_types": sorted({e["plover_type"] for e in acts if e["plover_type"]}), "cue": cue,
            "finder": FINDER,
        })
        return self.claims[-1]

    # -- helpers -----------------------------------------------------------------------
    def _tag(self, start: int, end: int) -> Sentence:
        tokens = self.tools.tokens(self.text[start:end])
        tags = self.tools.tag([t.text for t in tokens]) if tokens else []
        return Sentence(start, end, tokens, tags, [lemma.lower() for _, lemma in tags], [t.end for t in tokens])

    def _named_in(self, sentence: Sentence) -> list[Named]:
        """The mentions that start inside a sentence, in order."""
        first = bisect.bisect_left(self.starts, sentence.start)
        return self.by_start[first:bisect.bisect_left(self.starts, sentence.end, first)]

    def _words(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The words of a span and their lemmas, from the sentences tagged once (they run
        left to right without overlap: the first that ends past ``start`` is found by bisection)."""
        words: list[str] = []
        lemmas: list[str] = []
        for sentence in self.sentences[bisect.bisect_right(self.sentence_ends, start):]:
            if sentence.start >= end:
                break
            for token, (_, lemma) in zip(sentence.tokens, sentence.tags, strict=True):
                if start <= sentence.start + token.start and sentence.start + token.end <= end:
                    words.append(token.text)
                    lemmas.append(lemma)
        return words, lemmas

    def _sides(self, sentence: Sentence) -> list[Side]:
        sides = []
        for n in self._named_in(sentence):
            if n.end <= sentence.end:
                first, last = sentence.token_at(n.start), sentence.token_at(n.end - 1)
                sides.append(Side(first, max(first, last), n.actor_id, n.kind, n.text))
        return sides

    def _label(self, turn: turns.Turn) -> str:
        return self.text[turn.start:turn.text_start].strip().rstrip(":").strip()

    def _tones(self, sentence: Sentence) -> None:
        lemmas, words = sentence.lemmas, self.tools.lex.loaded_words
        for n in self._named_in(sentence):
            k = sentence.token_at(n.start)
            tone = span_tone(lemmas, k - _TONE_WINDOW, k + _TONE_WINDOW + 1, self.tools.lex)
            near = set(lemmas[max(0, k - 4):k + 5])  # each one-word loaded term near the mention counts once
            tone += sum(words[w] for w in near if w in words)
            self.tones.append({"doc_id": self.doc["id"], "outlet": self.doc["outlet"],
                                     "actor_id": n.actor_id, "country": self.tools.country_of(n.actor_id),
                                     "start": n.start, "tone": round(tone, 2), "polarity": polarity(tone)})


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, quote marks and trailing commas at the edges of a claim."""
    edge = " \n\t\"“”«»„,;–—-"
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end


def code_claims(store: Store, kb: KnowledgeBase | None = None, reprocess: bool = False,
                executor: Executor | None = None) -> StageSummary:
    """Run the claims stage (and the actor stage before it) over new documents."""
    from multivector.scale.runner import run_stages

    return run_stages(store, ("actors", "claims"), kb=kb, reprocess=reprocess, executor=executor)
