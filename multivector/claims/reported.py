"""Reported speech in one sentence (``claims.reported.v1``): "X said that …",
"according to X, …", "as X explained, …", "…, X noted.", "X called on Y to …",
"X called Y a strategic partner", "this was announced by X" (the claim is the
sentence before), and speech acts that judge ("X condemned the invasion")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from multivector.actors.tokens import Token

REPORTED = "claims.reported.v1"
VERBS = {
    "say", "state", "note", "stress", "emphasize", "emphasise", "add", "comment", "explain", "tell", "declare",
    "announce", "assure", "recall", "write", "insist", "argue", "warn", "remark", "conclude", "underline",
    "reply", "answer", "claim", "complain", "reiterate", "confirm", "admit", "acknowledge", "believe", "report",
    "promise", "deny", "call", "urge", "condemn", "accuse", "criticize", "criticise", "praise", "blame", "welcome",
    "demand", "propose", "predict", "assess", "point", "express", "voice", "describe", "label", "brand",
    "thank", "highlight", "reaffirm", "speak", "suggest", "hail", "outline", "underscore", "mention", "clarify",
    "tweet", "post", "hint", "reject", "dismiss", "attribute", "estimate", "expect", "forecast", "observe",
    "contend", "maintain", "allege", "testify",
}
_OPENERS = {"according", "in", "words"}  # "according to X", "in his opinion", "in the words of X"
_VERB_LEMMAS = VERBS | {"give"}  # "gave a high assessment of …" praises
# the claim is their object: "condemned the invasion"
_JUDGING = {"condemn", "accuse", "criticize", "criticise", "praise", "blame", "welcome", "describe", "label",
            "brand", "express", "voice", "thank", "hail", "reaffirm", "attribute", "reject", "dismiss"}
_OPINION = {"opinion", "view", "words", "estimate", "assessment"}  # "in his opinion, …"
_NEEDS_THAT = {"confirm", "believe", "promise", "deny", "admit", "acknowledge", "assess", "predict",
               "demand", "write", "add", "recall", "conclude", "speak", "mention"}
_SPEAKER_NOUNS = {"agreement", "document", "statement", "declaration", "treaty", "communique",
                  "administration", "authorities", "ministry", "office", "spokesman", "spokeswoman", "spokesperson",
                  "government", "leadership", "service", "press", "embassy", "parliament", "presidents", "leaders",
                  "sides", "parties", "they", "expert", "experts", "analyst", "analysts", "official", "officials",
                  "source", "sources", "agency", "committee", "council", "commission", "court", "prosecutor",
                  "prosecutors", "people", "observers", "advisers", "advisors", "consumers", "supporters", "critics",
                  "coach", "captain", "attorney", "lawyer", "paper", "study", "report", "poll", "survey", "team",
                  "researchers", "scientists", "economists", "brokerage", "bank", "firm", "company", "pentagon",
                  "minister", "secretary", "chairman", "director", "chief", "executive", "others"}
# words that may follow a closing "…, X said" without starting its content
_TRAILING = {"while", "during", "in", "at", "on", "after", "before", "when", "today", "yesterday", "tonight",
             "earlier", "later", "recently", "last", "this", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday", "and", "but", "as", "of", "from", "via", "late", "early"}
_CLOSING_MARKS = {"”", "»", '"'}
_PERSONAL = {"person", "igo", "government", "agency", "legislature", "party", "ngo", "media", "company",
             "central_bank", "armed_group", "format", "country", "group", "discovered"}


@dataclass(frozen=True, slots=True)
class Side:
    """An actor mention inside the sentence, as a token span."""

    first: int
    last: int
    actor_id: str
    kind: str  # actor type: person, government, country, ...
    text: str


@dataclass(frozen=True, slots=True)
class Reported:
    first: int  # token span of the claim (last exclusive); first == -1: the sentence before
    last: int
    speaker: Side
    verb: str
    cue: str


class SentenceReports:
    """Finds reported claims in one tagged sentence."""

    def __init__(self, tokens: Sequence[Token], tags: Sequence[tuple[str, str]], sides: Sequence[Side],
                 lemmas: Sequence[str] | None = None) -> None:
        """``lemmas``: the lemmas of ``tags`` in lower case, when the caller has made them already."""
        self.tokens = tokens
        self.upos = [t[0] for t in tags]
        self.lemmas = [t[1].lower() for t in tags] if lemmas is None else lemmas
        self.norms = [t.norm for t in tokens]
        self.sides = sorted(sides, key=lambda s: s.first)

    def find(self) -> list[Reported]:
        found: list[Reported] = []
        norms, lemmas = self.norms, self.lemmas
        # only these words can open a report: the rest are passed over without a call
        openers = [k for k in range(len(self.tokens)) if norms[k] in _OPENERS or lemmas[k] in _VERB_LEMMAS]
        for k in openers:
            item = self._according(k) if norms[k] == "according" else self._in_opinion(k) \
                if norms[k] in ("in", "words") else self._verb(k)
            if item is not None and not any(item.first < f.last and f.first < item.last for f in found):
                found.append(item)
        return found

    # -- triggers ------------------------------------------------------------------------
    def _according(self, k: int) -> Reported | None:
        if k + 1 >= len(self.norms) or self.norms[k + 1] != "to":
            return None
        speaker = next((s for s in self.sides if k + 2 <= s.first <= k + 4), None) or self._unresolved_after(k + 1)
        if speaker is None or self._modifies_noun(speaker):
            return None  # "according to the Schroeder model" names no speaker
        after = speaker.last + 1
        if k > 0 and self.norms[k - 1] == "," and after < len(self.norms) and self.norms[after] == ",":
            return Reported(0, len(self.tokens), speaker, "according", "according to")  # "X, according to Y, …"
        if after < len(self.norms) and self.norms[after] == "," and len(self.norms) - after > 4:
            return Reported(after + 1, len(self.tokens), speaker, "according", "according to")
        if self._before_any_verb(k):  # "According to him, today the importance … is increasing."
            comma = self._next(",", speaker.last + 1)
            return Reported(comma + 1 if comma >= 0 else speaker.last + 1, len(self.tokens), speaker,
                            "according", "according to")
        comma = self._previous(",", k)  # "…, according to the Canadian Press."
        return Reported(0, comma if comma > 0 else k, speaker, "according", "according to")

    def _in_opinion(self, k: int) -> Reported | None:
        """"In his opinion, …", "In the words of X, …", "the words of X about …"."""
        side = next((s for s in self.sides if k < s.first <= k + 4), None)
        if self.norms[k] == "words" and side is not None and k + 1 < len(self.norms) and self.norms[k + 1] == "of":
            start = side.last + 2 if side.last + 1 < len(self.norms) and self.norms[side.last + 1] == "about" \
                else side.last + 1
            stop = self._next(",", start)
            return Reported(start, stop if stop > start else len(self.tokens), side, "words", "the words of") \
                if start < len(self.tokens) else None
        if side is None or not any(self.norms[j] in _OPINION for j in range(k + 1, min(side.last + 3,
                                                                                      len(self.norms)))):
            return None
        comma = self._next(",", side.last + 1)
        start = comma + 1 if 0 <= comma <= side.last + 3 else side.last + 2
        return Reported(start, len(self.tokens), side, "opinion", "in the opinion of") if start < len(
            self.tokens) else None

    def _verb(self, k: int) -> Reported | None:
        lemma = self.lemmas[k]
        if lemma == "give" and any(self.norms[j] in ("assessment", "appraisal") for j in range(k + 1, min(
                k + 5, len(self.norms)))):
            lemma = "praise"  # "gave a high assessment of …"
        if lemma not in VERBS:
            return None  # most words: checked before the look at the rest of the sentence below
        at_end = all(self.upos[j] == "PUNCT" for j in range(k + 1, len(self.tokens))) or self._trailing(k)
        if not (self.upos[k] == "VERB" or at_end and self.tokens[k].text.endswith("s")):
            return None  # "…, the agreement stresses.": the tagger may take the verb for a plural
        if lemma == "point" and not (k + 1 < len(self.norms) and self.norms[k + 1] == "out"):
            return None
        if lemma == "call" and self._describes(k):
            return None  # "an alliance called Big Turan", "Kazakhstan is called to early elections"
        by = self._agent(k)
        if by is not None:  # "This was announced by X": the claim is the sentence before
            before = all(self.upos[j] in ("PRON", "DET", "AUX", "ADV", "PUNCT") for j in range(k))
            return Reported(-1 if before else 0, -1 if before else k, by, lemma, "passive")
        inverted = self._inverted(k)
        if inverted is not None:  # "…, said the Russian leader."
            comma = self._previous(",", k)
            return Reported(0, comma if comma > 0 else k, inverted, lemma, "inverted")
        participle = k == 0 and self.tokens[k].text.lower().endswith("ing") or k > 0 and (
            self.norms[k - 1] == "having" or self.norms[k - 1] == "," and self.tokens[k].text.lower().endswith("ing"))
        speaker = (self._main_subject(k) or self._subject(k)) if participle else \
            (self._coordinated(k) or self._subject(k) or self._unresolved(k))
        if speaker is None:
            return None
        if lemma in _NEEDS_THAT and not any(self.norms[j] in ("that", ":") for j in range(k + 1, min(k + 5,
                                                                                                len(self.norms)))):
            return None  # "to confirm the current president" reports nothing
        if at_end:  # "…, the agreement stresses.", "…, Nazarbayev said.": the speaker closes the sentence
            comma = self._previous(",", k)
            opening = self._previous(",", comma)
            if opening > 0 and self._before_appositive(k) is not None:
                comma = opening  # "…, Aidar Serikbayev, head of research at …, said."
            closing = [side for side in self.sides if comma < side.first < k]
            speaker = closing[-1] if closing else self._unresolved(k) or speaker
            return Reported(0, comma, speaker, lemma, "after") if comma > 0 else None
        first, last = self._complement(k)
        while first < last and self.norms[first] in ("out", "on"):
            first += 1  # "pointed out the role": the claim starts after the particle
        return Reported(first, last, speaker, lemma, self._cue(k))

    # -- the speaker ---------------------------------------------------------------------
    def _trailing(self, k: int) -> bool:
        """"…, Cook said Tuesday in a fireside chat.", "…, Mayer said, and …": the report
        closes a clause before it and what follows the verb is no content."""
        nxt = k + 1
        if self.lemmas[k] == "tell":  # "…, Cook told Benioff."
            nxt = next((j for j in range(nxt, min(nxt + 4, len(self.norms))) if self.upos[j] == "PUNCT"
                        or self.norms[j] in _TRAILING), nxt)
        if nxt < len(self.norms) and self.norms[nxt] == ",":
            nxt += 1  # "…, Mayer said, and …" (but not "…, he says, the country …")
        ends = all(self.upos[j] == "PUNCT" for j in range(nxt, len(self.norms)))
        if self.lemmas[k] in ("call", "point") or not (ends or self.norms[nxt] in _TRAILING
                                                       or self.norms[nxt] in (";", "—", "–")):
            return False
        if any(self.norms[j] in ("that", ":") for j in range(nxt, min(k + 10, len(self.norms)))):
            return False  # "said on Tuesday that …"
        comma = self._previous(",", k)
        return comma >= 4 and k - comma <= 9 and any(self.upos[j] == "VERB" for j in range(comma)) \
            and not any(self.upos[j] == "VERB" for j in range(comma + 1, k))

    def _agent(self, k: int) -> Side | None:
        if not any(self.lemmas[j] == "be" for j in range(max(0, k - 3), k)):
            return None
        by = next((j for j in range(k + 1, min(k + 4, len(self.norms))) if self.norms[j] == "by"), -1)
        if by < 0:
            return None
        after = [s for s in self.sides if by < s.first <= by + 16]
        people = [s for s in after if s.kind == "person"]
        return people[0] if people else after[0] if after else self._unresolved_after(by)

    def _coordinated(self, k: int) -> Side | None:
        """"The Russian leader invited X …, and also stated that …": the second verb shares
        the subject of the first."""
        j = k - 1
        while j >= 0 and self.upos[j] in ("ADV", "PUNCT") and self.norms[j] != ",":
            j -= 1
        if j < 1 or self.norms[j] != "and":
            return None
        first_verb = next((i for i in range(k) if self.upos[i] == "VERB"), k)
        return next((s for s in self.sides if s.last < first_verb), None) or self._unresolved(first_verb)

    def _unresolved_after(self, j: int) -> Side | None:
        """"according to the authorities, …": the words after ``j`` up to a comma."""
        stop = self._next(",", j + 1)
        words = [w for w in range(j + 1, stop if stop > 0 else len(self.norms)) if self.upos[w] != "PUNCT"]
        if not words or len(words) > 8 or not (any(self.norms[w] in _SPEAKER_NOUNS for w in words)
                                               or self._proper(words)):
            return None
        return Side(words[0], words[-1], "", "unresolved", " ".join(self.tokens[w].text for w in words))

    def _unresolved(self, k: int) -> Side | None:
        """"The presidential administration clarified that …": a speaker no actor stands for,
        kept by the words that name it."""
        start = max([j + 1 for j in range(k) if self.norms[j] in (",", ";", ":", "that") or self.norms[j]
                     in _CLOSING_MARKS] or [0])
        words = [j for j in range(start, k) if self.upos[j] not in ("ADV", "AUX")]
        if not words or len(words) > 8 or not (any(self.norms[j] in _SPEAKER_NOUNS for j in words)
                                               or self._proper(words)):
            return None
        return Side(words[0], words[-1], "", "unresolved", " ".join(self.tokens[j].text for j in words))

    def _name_after(self, k: int) -> Side | None:
        stop = next((j for j in range(k + 1, len(self.norms)) if self.upos[j] == "PUNCT"), len(self.norms))
        words = [j for j in range(k + 1, stop) if self.norms[j] not in ("the", "a")]
        if words and (self._proper(words) or any(self.norms[j] in _SPEAKER_NOUNS for j in words)) and len(words) <= 8:
            return Side(words[0], words[-1], "", "unresolved", " ".join(self.tokens[j].text for j in words))
        return None

    def _proper(self, words: list[int]) -> bool:
        """"Mayer", "Sheldon Richardson": a name the actor stage did not resolve."""
        named = [j for j in words if self.tokens[j].text != "."]  # "James P. Kennedy Jr."
        return 0 < len(named) <= 5 and all(self.tokens[j].text[:1].isupper()
                                           and self.upos[j] in ("PROPN", "NOUN", "X") for j in named)

    def _main_subject(self, k: int) -> Side | None:
        """"Having called Russia an ally, Tokayev …", "…, saying he would …": a participle
        speaks for the subject of the main clause."""
        if not self.tokens[k].text.lower().endswith(("ing", "ed")):
            return None
        if k == 0 or self.norms[k - 1] == "having":  # "Noting that …, Malaska asked"
            comma = self._next(",", k)
            after = next((s for s in self.sides if s.first > comma >= 0 and s.kind == "person"), None)
            return after or (self._unresolved_after(comma) if comma > 0 else None)
        if self.norms[k - 1] == ",":  # "Boudreau gave a talk, telling them …"; "X told Y, adding …"
            opened = max([j + 1 for j in range(k) if self.norms[j] in _CLOSING_MARKS] or [0])
            first_verb = next((i for i in range(opened, k) if self.upos[i] == "VERB"), k)
            subject = next((s for s in self.sides if opened <= s.first and s.last < first_verb
                            and s.kind == "person"), None)
            person = next((s for s in self.sides if s.last < k and s.kind == "person"), None)
            return subject or self._unresolved(first_verb) or person
        return None

    def _describes(self, k: int) -> bool:
        before = self.upos[k - 1] if k > 0 else ""
        passive = any(self.lemmas[j] == "be" for j in range(max(0, k - 2), k))
        return before == "NOUN" or passive

    def _modifies_noun(self, side: Side) -> bool:
        nxt = side.last + 1
        return nxt < len(self.tokens) and self.upos[nxt] == "NOUN" and self.tokens[nxt].text.islower()

    def _inverted(self, k: int) -> Side | None:
        if k == 0 or self.norms[k - 1] not in (",", '"', "”", "»", "–", "—"):
            return None
        if self.tokens[k].text.lower().endswith("ing"):
            return None  # ", saying he would …" is no inversion
        after = next((s for s in self.sides if k < s.first <= k + 6), None) or self._name_after(k)
        if after is None or after.kind not in _PERSONAL and after.kind != "unresolved":
            return None
        ends = after.last + 1 >= len(self.norms) or self.norms[after.last + 1] in (".", ",", ";", "!", "?", "—", "–")
        return after if ends else None

    def _subject(self, k: int) -> Side | None:
        """The nearest actor before the verb in its clause, a person first; past an
        appositive ("Cmdr. Sean Robertson, a spokesperson for …, told …"), the name before it."""
        appositive = self._before_appositive(k)
        if appositive is not None:
            return appositive
        candidates = []
        for side in reversed(self.sides):
            if side.last >= k:
                continue
            between = self.norms[side.last + 1:k]
            if any(w in (";", ":", "that", "which") for w in between) or len(between) > 20:
                break
            candidates.append(side)
        people = [s for s in candidates if s.kind == "person"]
        near = [s for s in candidates if k - s.last <= 3]
        return near[0] if near else people[0] if people else candidates[0] if candidates else None

    def _before_appositive(self, k: int) -> Side | None:
        if k < 2 or self.norms[k - 1] != ",":
            return None
        start = max([j + 1 for j in range(k - 1) if self.norms[j] in (";", ":", "that")] or [0])
        comma = self._next(",", start)
        if comma < 0 or comma >= k - 1 or any(self.upos[j] == "VERB" for j in range(comma, k)):
            return None
        head = next((s for s in self.sides if start <= s.first and s.last == comma - 1), None)
        if head is not None and head.kind in _PERSONAL | {"person", "unresolved"}:
            return head
        words = [j for j in range(start, comma) if self.upos[j] not in ("ADV", "AUX")]
        return Side(words[0], words[-1], "", "unresolved", " ".join(self.tokens[j].text for j in words)) \
            if words and self._proper(words) else None

    # -- the claim -----------------------------------------------------------------------
    def _complement(self, k: int) -> tuple[int, int]:
        end = len(self.tokens)
        that = next((j for j in range(k + 1, min(k + 6, end)) if self.norms[j] in ("that", ":")), -1)
        if that >= 0:
            return that + 1, end
        if k > 0 and self._starts_as(k):  # "As Mr. Baymagambetov explained, the government …"
            comma = self._next(",", k)
            return (comma + 1 if comma >= 0 else k + 1), end
        if self.lemmas[k] == "call" and k + 1 < end and self.norms[k + 1] == "on":
            return k + 2, end  # "called on Western countries to lift sanctions"
        if self.lemmas[k] == "call" or self.lemmas[k] in _JUDGING:
            stop = self._next(",", k + 1)  # "having called Russia a strategic partner and ally, …"
            return k + 1, stop if stop > k + 1 else end
        return k + 1, end

    def _cue(self, k: int) -> str:
        return " ".join(self.tokens[j].text for j in range(k, min(k + 2, len(self.tokens)))
                        if self.norms[j] in ("on", "out") or j == k)

    def _starts_as(self, k: int) -> bool:
        return any(self.norms[j] == "as" for j in range(max(0, k - 8), k)) and self.norms[0] == "as"

    def _before_any_verb(self, k: int) -> bool:
        return not any(self.upos[j] in ("VERB", "AUX") for j in range(k))

    def _next(self, word: str, k: int) -> int:
        return next((j for j in range(k, len(self.norms)) if self.norms[j] == word), -1)

    def _previous(self, word: str, k: int) -> int:
        return next((j for j in range(k - 1, -1, -1) if self.norms[j] == word), -1)
