"""The rule coder (``coder.rules.v2``): for one sentence, zero or more events with
source and target actors, CAMEO code, PLOVER type, mode and context, and flags.

Triggers come from the lexicon over lemmas and tags; the source is the actor
group before the trigger and the target the one after it, swapped in the passive
("X was attacked by Y"); coordinated actors ("Russia and Kazakhstan signed")
form one group. Negation, modality (hypothetical), futures and reported speech
are read from the words around the trigger.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from multivector.actors.kb import knowledge_base
from multivector.actors.tokens import Token, tokenize
from multivector.events.lexicon import Entry, Lexicon, lexicon
from multivector.events.ontology import Ontology, ontology
from multivector.events.places import gazetteer

CODER = "coder.rules.v2"
Tagger = Callable[[list[str]], list[tuple[str, str]]]
Parser = Callable[[list[str], list[str]], list[tuple[int, str]]]

_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "без", "не", "нет"}
_MODALS = {"could", "might", "may", "would", "should", "can", "must", "ought"}
_FUTURE = {"will", "shall", "'ll"}
_SCHEDULED = {"schedule", "due", "set", "slate"}  # "is scheduled to attend": a future act, not an intent
_OBLIGATION = {"must", "should", "ought"}
_APPEAL = {"want", "ask", "urge", "press", "pressure", "encourage", "call", "request", "push", "persuade"}
_WILLING = {"willing", "ready", "prepared", "eager", "determined", "poised", "set"}
_INTENT = {"swear", "threaten", "plan", "intend", "want", "seek", "hope", "expect", "aim", "prepare", "propose",
           "offer", "promise", "pledge", "vow", "consider", "try", "attempt", "wish", "need"}
_REFUSAL = {"refuse", "decline", "fail", "reject", "deny", "avoid", "stop"}
_REPORTING = {"say", "tell", "report", "claim", "state", "allege", "announce", "note", "stress", "write", "add",
              "according", "assert", "insist", "believe", "think", "argue", "suggest"}
_GROUP_WORDS = {"forces", "troops", "talks", "arms", "authorities", "officials", "leaders", "sides", "people"}
_MEETING_NOUNS = {"visit", "meeting", "summit", "talk", "negotiation", "trip", "mediation"}
_POLITE = ("would like", "would love", "wish to", "'d like")
_BACKGROUND = {"after", "before", "since", "despite", "amid", "following", "until"}
_CLAUSE_BREAKS = {";", ":", "—", "–", "that", "which", "who", "whom", "whose", "while", "whereas", "because",
                  "although", "but", "when", "after", "before", "if", "since", "as"}
_UNFOLDING = {"begin", "erupt", "break", "escalate", "spread", "start", "continue", "grow", "flare", "intensify"}
_ADDRESS = {"mr", "mrs", "ms", "madam", "dear", "president", "prime", "minister", "mister", "colleagues", "friends",
            "esteemed", "your", "excellency", "majesty", "highness", "."}
_JOINERS = {"and", ",", "&", "as", "well", "together", "with"}
_TITLES = {"mr", "mrs", "ms", "the", "dr"}  # "Mr Putin and Mr Nazarbayev discussed": one group
_PERFORMATIVE = {"thank", "congratulate", "invite", "express", "welcome", "note", "emphasise", "emphasize",
                 "stress", "say", "wish", "greet", "assure"}  # "I want to thank you": done in the saying
_HABITUAL = {"regular", "regularly", "usually", "often", "always", "traditionally", "annually", "constantly",
             "routinely", "frequent", "frequently", "habitually"}
_DOCUMENTS = {"statement", "declaration", "letter", "resolution", "message", "communique", "note", "decree",
              "appeal", "ultimatum"}
_PLACE_PREPOSITIONS = {"in", "at", "to", "from", "near", "into", "outside", "across"}
_LOCATIVE_KINDS = {"capital", "metonym"}
_STATEMENT_ROOT = "01"
_CLAIMS = ("015", "016")  # "claimed responsibility for the attack": the claim is the event, not a statement about one
_MILITARY = {"14", "15", "16", "17", "18", "19", "20"}
# How much a way of finding the sides is worth in the confidence of an event.
_ROLE_WEIGHT = {"parse": 0.25, "passive": 0.2, "appeal": 0.25, "obligation": 0.15, "recipient": 0.2,
                "patient": 0.15, "noun": 0.1, "order": 0.05, "speaker": 0.2, "place": 0.1,
                "held": 0.35, "possessive": 0.25,
                "shared": 0.2, "relative": 0.3}
_BEST = 0.35 + 0.15 + 0.15 + 0.03 * 3 + max(_ROLE_WEIGHT.values())  # the sum of every bonus in _build


@dataclass(slots=True)
class Mention:
    start: int  # character offsets within the sentence
    end: int
    actor_id: str
    method: str


@dataclass(slots=True)
class Group:
    first: int  # token span
    last: int
    actors: list[str]


@dataclass(slots=True)
class CodedEvent:
    trigger: str
    trigger_start: int  # within the sentence
    trigger_end: int
    cameo_code: str
    source_actor_ids: list[str] = field(default_factory=list)
    target_actor_ids: list[str] = field(default_factory=list)
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    goldstein: float = 0.0
    quad_class: int = 0
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    confidence: float = 0.0
    roles: str = ""  # how the sides were found: parse, passive, noun, appeal, ... (see _ROLE_WEIGHT)
    coder: str = CODER


# Cooperation announced for the future is an intent (CAMEO 03): "will provide aid" is
# 033, not 07; conflict announced for the future is a threat (13): "could attack" is 138.
_INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "14": "131",
                 "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}


def _intent(code: str) -> str:
    return _INTENT_CODES.get(code[:2], code)


def may_trigger(tags: Sequence[tuple[str, str]], lex: Lexicon | None = None) -> bool:
    """Whether a sentence with these (UPOS, lemma) tags may have an event: a trigger starts
    at a lower-cased lemma in the lexicon, so without one ``SentenceCoder.events`` is empty
    (its lemmas are made the same way)."""
    return not (lex or lexicon()).triggers.isdisjoint(map(str.lower, map(itemgetter(1), tags)))


class SentenceCoder:
    """Codes one sentence; build a new one per sentence (it holds that sentence's state)."""

    def __init__(self, sentence: str, mentions: Sequence[Mention], tagger: Tagger,
                 lex: Lexicon | None = None, onto: Ontology | None = None, parser: Parser | None = None,
                 speaker: str | None = None, addressee: str | None = None, floor: float | None = None,
                 tokens: list[Token] | None = None, tags: list[tuple[str, str]] | None = None) -> None:
        self.sentence = sentence
        self.floor = floor  # events that cannot reach this confidence may be left uncoded (no parse)
        self.speaker = speaker  # who speaks, in a transcript turn
        self.addressee = addressee  # who is spoken to
        self.tokens: list[Token] = tokens if tokens is not None else tokenize(sentence)
        self.starts = [t.start for t in self.tokens]  # increasing: mentions find their tokens by bisection
        if tags is None:  # given, they are the tagger's for these tokens
            tags = tagger([t.text for t in self.tokens]) if self.tokens else []
        self.upos = [t[0] for t in tags]
        self.lemmas = [t[1].lower() for t in tags]
        self.parser = parser
        self.heads: list[int] = []
        self.rels: list[str] = []
        self.lex = lex or lexicon()
        self.onto = onto or ontology()
        self.locatives: list[tuple[int, str]] = []  # (token index, actor) of "in/to <capital>"
        self.pronoun_at: set[int] = set()  # tokens that are pronouns of the speaker or the addressee
        self.vocative_at: set[int] = set()  # "Mr Putin," opening a sentence in a transcript
        self.groups = self._groups(mentions)
        self.in_actor = {i for g in self.groups for i in range(g.first, g.last + 1)}

    # -- actors ------------------------------------------------------------------------
    def _token_span(self, mention: Mention) -> tuple[int, int] | None:
        """The first and last token wholly inside the mention. Tokens run left to right without
        overlap, so the candidates lie from the first token starting at or after the mention's
        start; the first that ends past its end ends the span."""
        first = bisect.bisect_left(self.starts, mention.start)
        last = first
        while last < len(self.tokens) and self.tokens[last].end <= mention.end:
            last += 1
        return (first, last - 1) if last > first else None

    def _locative(self, first: int) -> bool:
        """Preceded by a place preposition, possibly across a list: "in New York and Berlin"."""
        k = first - 1
        while k >= 0 and first - k <= 5:
            word = self.tokens[k].norm
            if word in _PLACE_PREPOSITIONS:
                return True
            if not (word in ("and", ",", "the") or self.tokens[k].capitalised):
                return False
            k -= 1
        return False

    def _country_in(self, first: int, mention: Mention) -> bool:
        """"protests began in Kazakhstan": a country right after a verb's "in" is where
        something happens ("opposition groups in Zimbabwe" are still Zimbabwe's)."""
        actor = knowledge_base().actors.get(mention.actor_id)
        if actor is None or actor.type != "country" or first < 2 or self.tokens[first - 1].norm != "in":
            return False
        before = self.tokens[first - 2].text.lower()  # "guerrillas operating in Macedonia" stay Macedonia's
        return self.upos[first - 2] in ("VERB", "ADV") and not before.endswith("ing")

    def _groups(self, mentions: Sequence[Mention]) -> list[Group]:
        spans = []
        for mention in sorted(mentions, key=lambda m: m.start):
            span = self._token_span(mention)
            if span is None:
                continue
            if mention.method in _LOCATIVE_KINDS and self._locative(span[0]) or self._country_in(span[0], mention):
                self.locatives.append((span[0], mention.actor_id))
                continue  # "in Astana", "protests began in Kazakhstan": a place, not the government
            spans.append((span[0], span[1], mention.actor_id))
            if mention.method == "pronoun":
                self.pronoun_at.update(range(span[0], span[1] + 1))
        vocatives = [Group(f, la, [a]) for f, la, a in spans if self._vocative(Group(f, la, [a]))]
        groups: list[Group] = []
        for first, last, actor in spans:
            if any(v.first == first for v in vocatives):
                continue
            if groups and self._joined(groups[-1].last, first, last):
                groups[-1].last = last
                if actor not in groups[-1].actors:
                    groups[-1].actors.append(actor)
            else:
                groups.append(Group(first, last, [actor]))
        if vocatives:  # "Mr Tokarev, I congratulate you": "you" is the one named
            for group in groups:
                if all(self.tokens[k].norm in ("you", "your") for k in range(group.first, group.last + 1)):
                    group.actors = list(vocatives[0].actors)
        self.vocative_at = {k for g in vocatives for k in range(g.first - 1, g.last + 2)}
        return groups

    def _joined(self, last: int, first: int, end: int) -> bool:
        """Two actors one group: "Russia and Kazakhstan", "Mr Putin and Mr Nazarbayev",
        "Belarus, Kazakhstan and Russia"; a bare comma joins only inside such a list
        ("instead of Erdogan, the Russian leadership proposed" is two sides)."""
        between = [self.tokens[k].norm for k in range(last + 1, first)]
        if first - last > 4 or not all(w in _JOINERS or w in _TITLES for w in between):
            return False
        if not between or any(w != "," and w not in _TITLES for w in between):
            return True
        after = [self.tokens[k].norm for k in range(end + 1, min(end + 3, len(self.tokens)))]
        return bool(after) and after[0] in (",", "and", "&")

    def _vocative(self, group: Group) -> bool:
        """"Mr Putin, thank you ...": in a transcript, the one spoken to opens the sentence
        followed by a comma; "you" stands for him, and he is no one's subject."""
        if self.speaker is None or group.last + 1 >= len(self.tokens) or self.tokens[group.last + 1].norm != ",":
            return False
        k = group.first - 1
        while k >= 0 and self.tokens[k].norm in _ADDRESS:
            k -= 1
        if k >= 1 and self.tokens[k].norm == "," and self.tokens[k - 1].norm == "you":
            return True  # "I thank you, Mr President, for ..."
        return k < 0 or self.tokens[k].norm in (":", ",")

    # -- triggers ----------------------------------------------------------------------
    def _match(self, i: int) -> Entry | None:
        if i in self.in_actor:
            return None
        lemma, upos = self.lemmas[i], self.upos[i]
        for entry in self.lex.phrases.get(lemma, ()):
            if self._phrase_at(i, entry.lemmas):
                return entry
        if upos == "VERB" or (upos in ("NOUN", "ADJ") and i - 1 in self.in_actor and self._bare_verb_position(i)
                              and not self.tokens[i - 1].possessive
                              and self.tokens[i].norm not in _GROUP_WORDS):
            for entry in self.lex.verbs.get(lemma, ()):
                if self._fits(i, entry):
                    return entry
        owned = i > 0 and self.tokens[i - 1].possessive  # "before Putin's visit": still his visit
        if upos == "NOUN" and (self.tokens[i].text.islower() or i == 0) and (owned or not self._background(i)):
            for entry in self.lex.nouns.get(lemma, ()):
                if self._fits(i, entry):
                    return entry
        return None

    def _own_side(self, target: str, source: list[str]) -> bool:
        """A leader's own government is not what the leader acts upon (his country, its people, may be)."""
        kb = knowledge_base()
        actor = kb.actors.get(target)
        if actor is None or actor.type != "government":
            return False
        return any((kb.actors.get(s) is not None and kb.actors[s].type == "person"
                    and kb.actors[s].country == actor.country) for s in source)

    def _background(self, i: int) -> bool:
        """"after the invasion of Ukraine": an event named as a point in time, not reported."""
        return any(self.tokens[k].norm in _BACKGROUND for k in range(max(0, i - 3), i))

    def _habitual(self, i: int, code: str) -> bool:
        """"which actively cooperates with Kazakhstan", "we have regular meetings", "he
        continued to discuss issues only with Nazarbayev": a standing relation, not an event."""
        text = self.tokens[i].text.lower()
        if code[:2] in ("05", "06") and text.endswith("s") and text != self.lemmas[i] and self.upos[i] == "VERB":
            return True
        if "03" <= code[:2] <= "06" and any(self.lemmas[k] in _HABITUAL for k in self._before(i, 3)):
            return True  # a standing relation; "routinely beat detainees" is still reported violence
        if self._governor(i) in ("continue", "keep") and any(self.tokens[k].norm == "until" for k in range(i)):
            return True
        # "Russia is buying gas", "has been annually exporting oil": trade as a state of affairs
        k = i - 1
        while k >= 0 and self.upos[k] == "ADV":
            k -= 1
        return code[:3] == "061" and text.endswith("ing") and k >= 0 and self.lemmas[k] == "be"

    def _bare_verb_position(self, i: int) -> bool:
        """Right after the subject and not followed by "of": a verb the tagger took for a
        noun ("The Palestinians reject ...")."""
        return not (i + 1 < len(self.tokens) and self.tokens[i + 1].norm in ("of", "'s"))

    def _phrase_at(self, i: int, lemmas: tuple[str, ...]) -> bool:
        j = i
        for lemma in lemmas[1:]:
            window = range(j + 1, min(j + 5, len(self.lemmas)))
            j = next((k for k in window if self.lemmas[k] == lemma), -1)
            if j < 0:
                return False
        return True

    def _fits(self, i: int, entry: Entry) -> bool:
        if entry.particle and not (i + 1 < len(self.tokens) and self.tokens[i + 1].norm in entry.particle):
            return False
        if entry.complement:
            after = [k for k in range(i + 1, min(i + 4, len(self.tokens))) if self.lemmas[k] == "to"]
            if not after or after[0] + 1 >= len(self.lemmas) or self.lemmas[after[0] + 1] not in entry.complement:
                return False
        if entry.objects or entry.unless:
            window = list(range(i + 1, self._clause_end(i, limit=9)))
            if self._passive(i):  # "documents were signed": the object stands before the verb
                window += list(range(max(0, i - 10), i))
            if entry.objects and not any(self.lemmas[k] in entry.objects for k in window):
                return False
            if any(self.lemmas[k] in entry.unless for k in window[:7]):
                return False  # "meet the standards" is no meeting
        return True

    def _clause_end(self, i: int, limit: int) -> int:
        for k in range(i + 1, min(i + limit, len(self.tokens))):
            if self.tokens[k].norm in (";", ":") or (self.tokens[k].norm == "." and k == len(self.tokens) - 1):
                return k
        return min(i + limit, len(self.tokens))

    # -- roles -------------------------------------------------------------------------
    def _left_group(self, i: int) -> Group | None:
        for group in reversed(self.groups):
            if group.last < i:
                between = [self.tokens[k].norm for k in range(group.last + 1, i)]
                if any(b in (";", ":") for b in between) or len(between) > 14:
                    return None
                return group
        return None

    # -- roles from the dependency parse, when there is one ------------------------------
    def _children(self, i: int) -> list[tuple[int, str]]:
        return [(j, self.rels[j]) for j, h in enumerate(self.heads) if h == i]

    def _group_at(self, j: int) -> Group | None:
        """The actor group that token j heads or sits in, looking into its own words first."""
        for group in self.groups:
            if group.first <= j <= group.last:
                return group
        inside = [k for k, h in enumerate(self.heads) if h == j and self.rels[k] in ("compound", "amod", "nmod",
                                                                                      "nmod:poss", "flat", "appos")]
        for k in inside:
            for group in self.groups:
                if group.first <= k <= group.last:
                    return group
        return None

    def _parse(self) -> None:
        """Parse on first need only: most sentences have no trigger with actors around it."""
        if self.parser is not None and not self.heads and self.tokens:
            arcs = self.parser([t.text for t in self.tokens], self.upos)
            self.heads, self.rels = [h for h, _ in arcs], [r for _, r in arcs]

    def _dep_roles(self, i: int) -> tuple[list[str], list[str]] | None:
        """Source and target from the parse: subject and object, passive subject and
        agent, or a prepositional partner ("met with X", "attacked ... on X")."""
        if not self.groups:
            return None
        self._parse()
        if not self.heads:
            return None
        subject = target = None
        agent = None
        for j, rel in self._children(i):
            if rel in ("nsubj", "csubj") and subject is None:
                subject = self._group_at(j)
            elif rel == "nsubj:pass" and target is None and self._passive(i):
                target = self._group_at(j)
            elif rel == "nsubj:pass" and subject is None:  # "are standing" is no passive, whatever the parse says
                subject = self._group_at(j)
            elif rel in ("obj", "iobj") and target is None:
                target = self._group_at(j)
            elif rel.startswith("obl"):
                case = {self.tokens[k].norm for k, r in self._children(j) if r == "case"}
                if rel == "obl:agent" or "by" in case and self._passive(i):
                    agent = self._group_at(j)
                elif case & {"with", "to", "against", "on", "at", "from", "into"} and target is None:
                    target = self._group_at(j)
        if agent is not None:
            subject = agent
        if subject is None and self.rels[i] == "xcomp":  # "I would like to express": the one who likes
            subject = next((self._group_at(j) for j, rel in self._children(self.heads[i]) if rel == "nsubj"), None)
        if target is not None and self._determiner(target):
            target = None  # "express my gratitude": the gratitude is the speaker's, not acted upon
        if subject is None and target is None:
            return None
        return (list(subject.actors) if subject else []), (list(target.actors) if target else [])

    def _foreign_subject(self, i: int) -> bool:
        """"schools that meet standards": the parse gives the verb a subject that is no actor."""
        for j, rel in self._children(i):
            if rel in ("nsubj", "csubj"):
                if self.tokens[j].norm in ("that", "which") and self.rels[i] == "acl:relcl":
                    j = self.heads[i]  # "countries that have prohibited ...": the antecedent
                return self._group_at(j) is None and self.upos[j] in ("NOUN", "PRON") \
                    and self.tokens[j].norm not in ("who", "that", "which")
        return False

    def _subject_group(self, i: int) -> Group | None:
        """The head of the subject: "the Turkish and Greek sides of the island of Cyprus agreed"
        is about the sides, not Cyprus, so a group inside an of/in/from phrase gives way."""
        group = self._left_group(i)
        while group is not None and self._preposition(group.first) in ("of", "in", "from", "for"):
            earlier = [g for g in self.groups if g.last < group.first and group.first - g.last <= 10]
            if not earlier:
                break
            group = earlier[-1]
        return group

    def _right_group(self, i: int, skip_by: bool = True) -> Group | None:
        for group in self.groups:
            if group.first > i:
                between = [self.tokens[k].norm for k in range(i + 1, group.first)]
                if any(b in (";", ":") for b in between) or len(between) > 12:
                    return None
                if skip_by and between[-1:] == ["by"] or self._determiner(group):
                    continue  # "express my gratitude to ...": "my" is nobody acted upon
                return group
        return None

    def _determiner(self, group: Group) -> bool:
        return all(self.tokens[k].norm in ("my", "our") for k in range(group.first, group.last + 1))

    def _passive(self, i: int) -> bool:
        text = self.tokens[i].text.lower()
        if text.endswith("ing") or not (text.endswith(("ed", "en", "wn", "t")) or self.lemmas[i] != text):
            return False  # "are standing" is progressive, not passive
        for k in range(i - 1, max(-1, i - 4), -1):
            if self.lemmas[k] in ("be", "get") and self.upos[k] in ("AUX", "VERB"):
                return True
            if self.upos[k] not in ("ADV", "PART", "AUX"):
                return False
        return False

    def _passive_roles(self, i: int) -> tuple[list[str], list[str], str]:
        """"X was attacked by Y": Y acts on X. Without a "by": "an action plan between
        Russia and Kazakhstan was signed" (the parties act together), "documents were
        signed with the President of France" (the sentence's earlier actor acts with him)."""
        by = self._by_group(i)
        left = self._left_group(i)
        if by:
            return list(by.actors), list(left.actors) if left else [], "passive"
        if left and self._preposition(left.first) == "between":
            return list(left.actors), [], "passive"
        partner = self._right_group(i)
        if partner and self._preposition(partner.first) in ("with", "to") and self._joint(i):
            earlier = [g for g in self.groups if g.last < i and g is not partner]
            return (list(earlier[-1].actors) if earlier else []), list(partner.actors), "passive"
        # "was arrested in Lebanon": with no agent named, the authorities of the place act
        patient = list(left.actors) if left else []
        place = [c for c in self._place_country(i) if c not in patient]
        return place, patient, "place"

    def _partner(self, i: int) -> bool:
        """A "with X" partner named after a joint act ("met with", "signed with")."""
        right = self._right_group(i)
        return right is not None and self._preposition(right.first) == "with"

    def _joint(self, i: int) -> bool:
        """A trigger of joint action (meet, agree, sign, cooperate), where "with X" is the partner."""
        entries = self.lex.verbs.get(self.lemmas[i], ())
        return any("03" <= e.code[:2] <= "06" for e in entries)

    def _preposition(self, first: int) -> str:
        """The word before a group, articles skipped ("between the Russian Federation")."""
        k = first - 1
        while k >= 0 and self.tokens[k].norm in ("the", "a", "an"):
            k -= 1
        return self.tokens[k].norm if k >= 0 else ""

    def _speaker_of_quote(self, i: int) -> list[str]:
        """"We will not allow it," Japarov commented: "we" and "I" are the speaker."""
        k = i - 1
        while k >= 0 and self.upos[k] in ("AUX", "ADV", "PART"):
            k -= 1
        if k < 0 or self.tokens[k].norm not in ("we", "i"):
            return []
        quotes = {'"', "“", "”", "«", "»"}
        closing = [j for j in range(i, len(self.tokens)) if self.tokens[j].text in quotes]
        after = [g for g in self.groups if closing and g.first > closing[-1]]
        return list(after[0].actors) if after else []

    def _by_group(self, i: int) -> Group | None:
        for group in self.groups:
            if group.first > i and group.first - i <= 10 and self.tokens[group.first - 1].norm == "by":
                return group
        return None

    def _owner(self, i: int) -> bool:
        """The nominal trigger has a possessive actor right before it: "Putin's visit"."""
        left = self._left_group(i)
        return left is not None and left.last >= i - 2 and self.tokens[left.last].possessive

    def _noun_roles(self, i: int) -> tuple[list[str], list[str]]:
        source: list[str] = []
        target: list[str] = []
        left = self._left_group(i)
        if self._owner(i):
            source = list(left.actors) if left else []  # "Putin's visit"
        elif left and any(self.tokens[k].norm in ("its", "their", "his", "her") for k in self._before(i, 3)):
            source = list(left.actors)  # "the ILO reiterated its demand"
        for group in self.groups:
            if group.first <= i or group.first - i > 8:
                continue
            prep = self._preposition(group.first)
            if prep in ("of", "by", "between") and not source:
                source = list(group.actors)
            elif prep in ("to", "with", "against", "on", "for") and not target:
                target = list(group.actors)
        if i > 0 and self.tokens[i - 1].norm == "under" and left:
            return [], list(left.actors)  # "leaders are under investigation": they undergo it
        consult = self.lemmas[i] in _MEETING_NOUNS
        if not source and left and (self._verb_between(left.last, i) or (consult and i - left.last <= 8)):
            source = list(left.actors)  # "X held talks", "the participation of X in the summits"
        return source, target

    def _announced(self, i: int) -> bool:
        """"a summit will be taking place", "a meeting would be held": a meeting to come."""
        after = [self.tokens[k].norm for k in range(i + 1, self._clause_end(i, limit=6))]
        ahead = " ".join(after[:3])
        return (any(w in _FUTURE or w == "would" for w in after[:3]) or ahead.startswith("to be")) \
            and self._held(i, "04")

    def _held(self, i: int, code: str) -> bool:
        """"the summit of the OTS was held in Astana", "rallies escalated into riots": a
        meeting or a protest that the sentence reports as happening."""
        after = range(i + 1, self._clause_end(i, limit=12))
        if any(self.lemmas[k] == "take" and k + 1 < len(self.lemmas) and self.lemmas[k + 1] == "place"
               for k in after):
            return True
        if self.lemmas[i] in _MEETING_NOUNS:
            return any(self.lemmas[k] in ("hold", "convene", "open") and self._passive(k) for k in after)
        return code[:2] == "14" and i + 1 < len(self.lemmas) and self.lemmas[i + 1] in _UNFOLDING

    def _verb_between(self, a: int, b: int) -> bool:
        return any(self.upos[k] in ("VERB", "AUX") for k in range(a + 1, b))

    # -- flags -------------------------------------------------------------------------
    def _before(self, i: int, span: int = 4) -> list[int]:
        return list(range(max(0, i - span), i))

    def _flags(self, i: int) -> tuple[bool, bool, bool]:
        near = [self.lemmas[k] for k in self._before(i)]
        words_wide = [self.tokens[k].norm for k in self._before(i, 7) if self.upos[k] != "ADV"]
        words = [self.tokens[k].norm for k in self._before(i)]
        negated = any(w in _NEGATIONS for w in words)
        governed = self._governor(i)
        if governed in _REFUSAL:
            negated = True
        polite = any(p in " ".join(words_wide) for p in _POLITE) \
            or self.lemmas[i] in _PERFORMATIVE and governed in ("want", "wish")  # "I want to thank": asserted
        hypothetical = (any(w in _MODALS for w in words) and not polite) or (governed in _INTENT and not polite) \
            or "if" in [self.tokens[k].norm for k in range(0, i)]
        future = any(w in _FUTURE for w in words) or "go" in near and "to" in near or governed in _SCHEDULED \
            or self.upos[i] == "NOUN" and self._announced(i)
        return negated, hypothetical, future

    def _governor(self, i: int) -> str | None:
        """The verb (or "willing", "ready") that ``i`` is the infinitive complement of."""
        k = i - 1
        while k >= 0 and self.upos[k] in ("ADV",):
            k -= 1
        if k >= 1 and self.tokens[k].norm == "to" and (self.upos[k - 1] in ("VERB", "AUX")
                                                        or self.lemmas[k - 1] in _WILLING):
            return "intend" if self.lemmas[k - 1] in _WILLING else self.lemmas[k - 1]
        return None

    def _appeal(self, i: int) -> tuple[list[str], list[str]] | None:
        """"Obama wants Putin to attack", "Congress is asking Obama to help": an appeal by
        the subject to the one asked, whatever is asked (CAMEO 02, PLOVER REQUEST)."""
        if i < 2 or self.tokens[i - 1].norm != "to":
            return None
        asked = next((g for g in reversed(self.groups) if g.last == i - 2), None)
        if asked is None or asked.first < 1:
            return None
        verb = asked.first - 1
        while verb >= 0 and self.tokens[verb].norm in ("on", "upon"):
            verb -= 1
        if verb < 0 or self.lemmas[verb] not in _APPEAL or self.upos[verb] not in ("VERB", "NOUN"):
            return None
        subject = self._left_group(verb)
        return (list(subject.actors) if subject else []), list(asked.actors)

    def _obligation(self, i: int) -> tuple[list[str], list[str]] | None:
        """"X said Y must do Z" is X demanding it of Y: (source, target) or None."""
        words = [self.tokens[k].norm for k in self._before(i, 3)]
        if not any(w in _OBLIGATION for w in words) and "have to" not in " ".join(words):
            return None
        subject = self._left_group(i)
        for k in range(i - 1, -1, -1):
            if self.lemmas[k] in _REPORTING or self.lemmas[k] in ("demand", "urge", "insist", "conclude", "warn"):
                speaker = self._left_group(k)
                if speaker:
                    return list(speaker.actors), list(subject.actors) if subject else []
        return None

    def _accuser(self, i: int, source: list[str], target: list[str]) -> list[str] | None:
        """A named party (a state, government or person) that claims a violent act by
        another: PETRARCH's convention codes the claim, source accuser, target accused."""
        for k in range(i - 1, -1, -1):
            if self.lemmas[k] in ("claim", "allege", "accuse", "say", "state") and self.upos[k] == "VERB":
                speaker = self._left_group(k)
                if speaker and source and set(speaker.actors).isdisjoint(source) \
                        and set(speaker.actors).isdisjoint(target) and k + 1 < len(self.tokens) \
                        and self.tokens[k + 1].norm == "that":
                    return list(speaker.actors)
                return None
        return None

    def _reported(self, i: int, source: list[str]) -> bool:
        for k in range(0, i):
            if self.lemmas[k] in _REPORTING and self.upos[k] in ("VERB", "ADP", "ADV", "SCONJ"):
                left = self._left_group(k)
                if left is None or left.actors != source:
                    return True
        return False

    # -- the events ---------------------------------------------------------------------
    def events(self) -> list[CodedEvent]:
        """The events of the sentence. With a floor, a trigger whose event cannot reach it is
        left uncoded (and nothing is parsed for it); the events above the floor are the same:
        only plain statements fall short of a floor that a substantive event can reach (see
        ``_best_confidence``), and a statement neither rises above the floor nor decides
        which other events are kept (``keep`` only ever drops statements)."""
        found: list[CodedEvent] = []
        lemmas, starts = self.lemmas, self.lex.triggers
        triggers = [(i, entry) for i in range(len(self.tokens))
                    if lemmas[i] in starts and (entry := self._match(i)) is not None]
        if self.floor is not None:
            triggers = [(i, entry) for i, entry in triggers if self._best_confidence(i, entry) >= self.floor]
        for i, entry in triggers:
            event = self._event(i, entry)
            if event is not None:
                found.append(event)
        substantive = [e for e in found if not e.cameo_code.startswith(_STATEMENT_ROOT)
                       or e.cameo_code.startswith(_CLAIMS)]
        keep = substantive or found
        # the main clause's event first: the earliest trigger; background participles and
        # embedded ones follow
        return sorted(keep, key=lambda e: ("background" in e.roles, e.trigger_start))

    def _best_confidence(self, i: int, entry: Entry) -> float:
        """The highest confidence an event of this trigger could be coded with, rounded as
        ``_build`` rounds: a plain statement (CAMEO 01 less claims) stays one unless it is an
        appeal or an obligation, and pays the statement penalty; in a question every event
        pays the question's. Any other event's code is no plain statement, so its bound is
        never below a statement's in the same sentence. (An appeal or an obligation recodes
        an entry to 020 or 100, no statement either: only a statement's entry asks for them.)"""
        code = entry.code
        statement = code[:2] == _STATEMENT_ROOT and code not in _CLAIMS \
            and not (entry.kind == "verb" and (self._appeal(i) is not None or self._obligation(i) is not None))
        best = _BEST - 0.3 * self._question() - 0.4 * statement  # the penalties in _build's order
        return round(max(0.05, min(best, 0.99)), 2)

    def _destination(self, i: int) -> list[str]:
        """The government of the capital a visit goes to ("visit to Astana" -> KAZ-GOV)."""
        for index, actor in self.locatives:
            if i < index <= i + 3 and self.tokens[index - 1].norm == "to":
                return [actor]
        return []

    def _place_country(self, i: int) -> list[str]:
        """No named target: the country where the act lands: a place ("shelled Juba" -> SSD),
        a capital ("lines leading into Kabul"), or a country adjective ("the Bosnian town")."""
        gaz, kb = gazetteer(), knowledge_base()
        locatives = dict(self.locatives)
        for k in range(i + 1, self._clause_end(i, limit=14)):
            if k in locatives:
                actor = kb.actors.get(locatives[k])
                if actor and actor.country:
                    return [actor.country]
            if self.tokens[k].capitalised and self.tokens[k].norm in kb.adjectives:
                return [kb.adjectives[self.tokens[k].norm]]
            found = gaz.at(self.tokens, k)
            if found and found[0].country:
                return [found[0].country]
        return []

    def _protesters(self, i: int) -> list[str]:
        """Unnamed protesters are the civilians of the country where they protest (PLOVER
        and GDELT code them as its CVL sector)."""
        kb = knowledge_base()
        country = self._place_country(i)
        if not country:
            places = [kb.actors[a].country for _, a in self.locatives if a in kb.actors]
            country = [c for c in places if c][:1]
        return [kb.group(country[0], "CVL").id] if country else []

    def _main_subject(self, i: int) -> list[str] | None:
        """", saying ..." / "and refusing ...": a participle shares the main clause's subject."""
        if not self.tokens[i].text.lower().endswith("ing") or i == 0:
            return None
        if self.tokens[i - 1].norm not in (",", "and", "while", "by", "before", "after", "instead"):
            return None
        first = self.groups[0] if self.groups and self.groups[0].last < i else None
        return list(first.actors) if first else None

    def _patient_subject(self, i: int) -> tuple[list[str], list[str]]:
        """"Astana could be the next target", as Medvedev recalled: target Astana, source the speaker."""
        left = self._left_group(i)
        target = list(left.actors) if left else []
        speaker = self._left_group(left.first) if left else None
        return (list(speaker.actors) if speaker else []), target

    def _sides(self, i: int, entry: Entry) -> tuple[list[str], list[str], str, Entry]:
        """Source, target, how they were found, and the entry (an appeal recodes it)."""
        appeal = self._appeal(i) if entry.kind == "verb" else None
        if appeal is not None:
            return appeal[0], appeal[1], "appeal", Entry(entry.kind, entry.lemmas, "020")
        obligation = self._obligation(i) if entry.kind == "verb" else None
        if obligation is not None:
            return obligation[0], obligation[1], "obligation", Entry(entry.kind, entry.lemmas, "100")
        if entry.frame == "patient_subject":
            return (*self._patient_subject(i), "patient", entry)
        if entry.frame == "recipient_subject":
            return (*self._recipient_subject(i), "recipient", entry)
        if entry.kind == "noun":
            source, target = self._noun_roles(i)
            how = "held" if self._held(i, entry.code) else "possessive" if self._owner(i) else "noun"
            return source, target, how, entry
        how = "order"
        if self._passive(i):
            source, target, how = self._passive_roles(i)
        else:
            left, right = self._subject_group(i), self._right_group(i)
            quoted, shared = self._speaker_of_quote(i), self._main_subject(i)
            source = shared or quoted or (list(left.actors) if left else [])
            target = list(right.actors) if right else []
            how = "shared" if shared else "speaker" if quoted else "relative" if self._relative(i, left) else how
        parsed = self._dep_roles(i) if entry.kind == "verb" else None
        culprit = self._by_group(i) if entry.code[:2] in ("09", "11") and how != "passive" else None
        if culprit is not None:  # "investigating war crimes by Croatian extremists": they are investigated
            return (parsed[0] if parsed and parsed[0] else source), list(culprit.actors), "parse", entry
        if parsed is not None:  # the parse, where it names a side, overrides word order
            guessed = not parsed[0] and self._foreign_subject(i)  # the parse's subject is someone else
            source, target = parsed[0] or source, parsed[1] or target
            how = "order" if guessed else "parse"
        if self.lemmas[i] in _APPEAL and i + 1 < len(self.tokens) and self.tokens[i + 1].norm == "for":
            target = []  # "called for compliance with sanctions against Russia": Russia is not asked
        return source, target, how, entry

    def _relative(self, i: int, left: Group | None) -> bool:
        """"Senator Robert Menendez, who called for ...": the relative pronoun's antecedent acts."""
        k = i - 1
        while k >= 0 and self.upos[k] in ("ADV", "AUX"):
            k -= 1
        return left is not None and k >= 1 and self.tokens[k].norm == "who" and left.last >= k - 2

    def _recipient_subject(self, i: int) -> tuple[list[str], list[str]]:
        """"Demonstrators received weapons from the government": the giver acts on the subject."""
        subject = self._subject_group(i)
        giver = next((g for g in self.groups if g.first > i and self._preposition(g.first) == "from"
                      and g.first - i <= 10), None)
        return (list(giver.actors) if giver else []), (list(subject.actors) if subject else [])

    def _we_together(self, i: int, source: list[str], code: str) -> bool:
        """"Today we agreed", "we signed a package of agreements": in talks, a joint act by
        "we" is the speaker's and the interlocutor's."""
        if source != [self.speaker] or not ("03" <= code[:2] <= "04" or code == "057"):
            return False
        left = self._left_group(i)
        return left is not None and all(self.tokens[k].norm == "we" for k in range(left.first, left.last + 1))

    def _home_of(self, target: str, source: list[str]) -> bool:
        """The target is the country (or government) of one of the joint actors."""
        kb = knowledge_base()
        actor = kb.actors.get(target)
        if actor is None or actor.type not in ("country", "government"):
            return False
        homes = {kb.actors[s].country or (s if kb.actors[s].type == "country" else None)
                 for s in source if s in kb.actors}
        return (actor.country or target) in homes

    def _missing_speaker(self, source: list[str]) -> bool:
        """"President Jeenbekov and I have met": outside a transcript turn, "I" is no one
        known, so the side named is only half of it."""
        if self.speaker is not None:
            return False
        for group in self.groups:
            if group.actors == source and group.last + 2 < len(self.tokens) \
                    and self.tokens[group.last + 1].norm == "and" and self.tokens[group.last + 2].norm == "i":
                return True
        return False

    def _courtesy(self, i: int, target: list[str]) -> bool:
        if self.lemmas[i] not in ("thank", "congratulate", "welcome", "greet"):
            return False
        named = [g for g in self.groups if g.first > i and not all(k in self.pronoun_at for k in
                                                                   range(g.first, g.last + 1))]
        reason = any(self.tokens[k].norm in ("for", "on") for k in range(i + 1, self._clause_end(i, limit=10)))
        return not reason and not (named and target)

    def _question(self) -> bool:
        return self.sentence.rstrip().rstrip("\"”»'").endswith("?")

    def _opens_turn(self, i: int) -> bool:
        """The trigger opens the sentence with no subject: "Thank you", "Congratulations"."""
        words = [k for k in range(i) if self.upos[k] not in ("PUNCT", "INTJ", "ADV") and k not in self.vocative_at]
        return not words

    def _reduced_relative(self, i: int) -> bool:
        """"a report released Tuesday", "goods imported from Europe": a participle that
        describes a noun, background to the sentence rather than its news."""
        if self.upos[i] != "VERB" or not self.tokens[i].text.lower().endswith(("ed", "en", "wn", "t")) \
                or self._passive(i):
            return False
        self._parse()
        if self.heads and self.rels[i] == "acl":
            return True
        after_noun = i > 0 and self.upos[i - 1] == "NOUN" and i - 1 not in self.in_actor
        # "Kazakhstan has launched monitoring of goods imported into Russia"
        return after_noun and any(self.upos[k] in ("VERB", "AUX") for k in range(i - 1))

    def _gerund(self, i: int, how: str) -> bool:
        """"thank you for helping us", "Tajikistanis arriving in Russia", "a plan for
        supplying gas": an -ing form that is no progressive ("is supplying") and shares no
        subject (", saying") names an act as background, not as the news."""
        if self.upos[i] != "VERB" or not self.tokens[i].text.lower().endswith("ing") or how == "shared" \
                or i > 0 and self.lemmas[i - 1] in _DOCUMENTS:  # "a declaration demanding": the demand
            return False
        k = i - 1
        while k >= 0 and self.upos[k] in ("ADV", "PART"):
            k -= 1
        return not (k >= 0 and self.lemmas[k] == "be")

    def _event(self, i: int, entry: Entry) -> CodedEvent | None:
        source, target, how, entry = self._sides(i, entry)
        if self._courtesy(i, target):
            return None  # "Thank you.", "Thank you all very much": a formula, not an act
        if not source and self.speaker and self._opens_turn(i):
            source, how = [self.speaker], "speaker"  # "Thank you, Mr President": the speaker thanks
        if not source and entry.code[:2] == "14":
            source = self._protesters(i)  # "protests began in Kazakhstan": its civilians
            how = how if how == "held" else "place"
        if entry.code[:2] == "04":
            target = self._destination(i) or target  # "visit to Astana": the host government
        elif not target and entry.kind == "verb":
            target = self._place_country(i)
        if self._we_together(i, source, entry.code):
            source = source + [self.addressee] if self.addressee else source  # "today we agreed": both sides
        target = [t for t in target if t not in source and not self._own_side(t, source)]
        if len(source) > 1 and "03" <= entry.code[:2] <= "06":
            target = [t for t in target if not self._home_of(t, source)]  # "agreed to hold forums in Uzbekistan"
        if len(source) > 1 and (entry.code[:2] in ("03", "04") or entry.code == "057") and not self._partner(i):
            target = []  # "Putin and Nazarbayev discussed the Year of Kazakhstan": all are actors, no recipient
        if not source and not target:
            return None
        if self._governor(i) in _REFUSAL and entry.kind == "verb":
            return None  # "refused to recognise": the refusal is the event
        accuser = self._accuser(i, source, target) if entry.code[:2] >= "15" else None
        if accuser is not None:  # "The US claimed that ISIL had attacked Iraq": a claim, an accusation
            source, target, entry = accuser, source, Entry(entry.kind, entry.lemmas, "112")
        negated, hypothetical, future = self._flags(i)
        if how != "appeal" and i > 0 and self.tokens[i - 1].norm == "to" and self._governor(i) is None:
            return None  # a purpose ("in order to prevent", "the desire to build"), not something that happened
        if self._habitual(i, entry.code):
            return None
        return self._build(i, entry, source, target, how, (negated, hypothetical, future))

    def _build(self, i: int, entry: Entry, source: list[str], target: list[str], how: str,
               flags: tuple[bool, bool, bool]) -> CodedEvent:
        negated, hypothetical, future = flags
        # "could attack" threatens (138) and "will provide" states an intent (033) only when
        # the act is conditional, or a future act of force; "will meet" stays a meeting.
        intent = hypothetical or (future and entry.code[:2] in _MILITARY)
        cameo = _intent(entry.code) if intent and not negated else entry.code
        if negated and (future or hypothetical) and "03" <= entry.code[:2] <= "08":
            cameo, negated = "120", False  # "will not accept": a rejection
        code = self.onto.code(cameo)
        token = self.tokens[i]
        background = self._reduced_relative(i) or self._gerund(i, how)
        both = bool(target) or len(source) > 1 and "03" <= cameo[:2] <= "06"  # "the presidents met": joint
        confidence = 0.35 + 0.15 * bool(source) + 0.15 * both + 0.03 * min(entry.specificity, 3) \
            + _ROLE_WEIGHT.get(how, 0.0) - 0.3 * background - 0.3 * self._question() \
            - 0.3 * self._missing_speaker(source) \
            - 0.4 * (cameo[:2] == _STATEMENT_ROOT and cameo not in _CLAIMS)  # PLOVER drops plain statements
        return CodedEvent(
            trigger=token.text, trigger_start=token.start, trigger_end=token.end, cameo_code=cameo,
            source_actor_ids=source, target_actor_ids=target,
            plover_type=self.onto.plover_type(cameo, future and not hypothetical and not negated),
            plover_mode=code.mode,
            plover_context=code.context, goldstein=code.goldstein, quad_class=code.quad_class, negated=negated,
            hypothetical=hypothetical, future=future, reported=self._reported(i, source),
            confidence=round(max(0.05, min(confidence, 0.99)), 2), roles=how + (",background" if background else ""))
