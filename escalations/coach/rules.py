"""The habits the coach catches, as data.

Each rule names the sections where the habit hurts, how serious it is, why it costs the
author the executive's trust, and what to write instead. Patterns run against the
normalised text (lower case, straight apostrophes; see `engine.normalise`), so they are
written in lower case with `'` for every apostrophe.

Regex discipline, because the coach runs on every keystroke and on pasted 100 KB logs:
phrase patterns start at a word boundary `\\b` (so "some" never fires inside "awesome",
and `compile_any` can fail fast inside words), have no nested or ambiguous unbounded
quantifiers, bound every gap between words (`{0,60}`), and use possessive quantifiers
where digits repeat. `bench/coach_bench.py` shows the cost is linear in the input.

Severity: `error` blocks escalating (the author can override with a reason) and is kept
for what the executive cannot act without (a number, an owner, a date, a decision) and
for the habits that break trust outright: blame (including pointing at someone else's
silence, `waiting-on-others`) and diffused ownership. `warning` is language that erodes
trust. `hint` is worth a second look.

Language rules are grammar-ish, not lists of sentences: a party (team, role, vendor,
person) as the subject of an accusing verb, a fault noun as the subject of "happened",
a modal inside a consequence clause, a fairness wrapper followed by a party, a change verb
in the colloquial passive with no actor, a future action with no time in its sentence.
Completeness checks (ids with `-needs-`, each with its checklist line `item`) are not
findings: they make the section's checklist (`escalations.coach.checklist`), never mark
words, and a structured field that already holds what they ask for answers them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from .engine import (
    SECTIONS,
    Check,
    Rule,
    Span,
    compile_any,
    phrases,
    requires,
    sentences,
    whole,
)

ALL = frozenset(SECTIONS)


def _in(*names: str) -> frozenset[str]:
    return frozenset(names)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------
# Shared vocabulary
# ---------------------------------------------------------------------------------------

# "didn't" and "did not" are the same thing to the coach.
NOT = r"(?:n't|\s+not)"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

# A count in a duration: "3", "two", "an" (hour), "half an" (hour).
_COUNT = (
    r"(?:\d++(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty(?:-eight)?|fifty|sixty|ninety|half\s+an?)"
)
_UNIT = r"(?:min|mins|minutes?|hours?|hrs?|h|days?|business\s+days?|working\s+days?|weeks?|months?)"

# A time or date an executive can put in a calendar.
TIME_PATTERNS = (
    r"\b\d{1,2}:\d{2}\b",
    r"\b\d{1,2}h\d{2}\b",
    r"\b\d{1,2}(?:\s?(?:am|pm)\b|(?:[:.]\d{2})?\s?[ap]\.m\.)",
    r"\b(?:noon|midday|midnight|today|tonight|tomorrow|eod|eow|cob|eom)\b",
    # ("At the end of the day" is an idiom, not a time.)
    r"\bend\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|quarter|business)\b"
    r"(?<!\bat\sthe\send\sof\sthe\sday)",
    r"\b(?:month|week|quarter|year)[\s-]end\b",
    r"\bclose\s+of\s+business\b",
    r"\bthis\s+(?:morning|afternoon|evening)\b",
    r"\b(?:this|next)\s+(?:week|month|quarter)\b",
    rf"\b{_WEEKDAY}s?\b",
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri)\b\.?",
    # A bare month counts ("by March"), except "may", which is far more often a hedge.
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b",
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
    # A duration or a range counts as a time: "within 30 minutes", "in 3-4 hours", "over
    # the next two to three days", "in 48h", "for a week".
    r"\b(?:within|in|over|for|after|inside|under)\s+(?:the\s+next\s+|the\s+coming\s+|another\s+"
    r"|(?:about|around|roughly|approximately|less\s+than|at\s+most|no\s+more\s+than)\s+)?"
    rf"{_COUNT}(?:\s*(?:-|to|or)\s*{_COUNT})?\s*(?:more\s+|extra\s+)?{_UNIT}\b",
    rf"\b{_COUNT}\s*{_UNIT}\s+from\s+now\b",
    r"\b(?:q[1-4]|h[12])\b",
    # "at 9.30", "by 5", "9.30am", "the 14th", "first thing Monday", "within the hour".
    r"\b(?:at|by|before|from|until|till)\s+\d{1,2}(?:[.:]\d{2})?(?!\d|[.,:]\d|\s*(?:%|percent"
    r"|[a-z]))",
    r"\b\d{1,2}[.]\d{2}\s?(?:am|pm)\b",
    r"\b\d{1,2}\s+o'clock\b",
    r"\b(?:half|quarter)\s+(?:past|to)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve)\b",
    r"\bthe\s+\d{1,2}(?:st|nd|rd|th)\b",
    r"\bfirst\s+thing\b",
    r"\bwithin\s+the\s+(?:hour|day|week)\b",
    r"\b(?:by|at|before|after)\s+(?:lunch(?:time)?|close|start\s+of\s+(?:day|business)|sod"
    r"|end\s+of\s+play|eop)\b",
    r"\b(?:this|next|the)\s+weekend\b",
)
TIME = compile_any(TIME_PATTERNS)

_NUMBER_WORDS = (
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?"
    r"|billions?|half|dozens?|third|quarter|double|twice|triple)\b"
)
# The people and money a number should be about; also what makes jargon acceptable.
_AFFECTED = (
    r"(?:customers?|users?|clients?|accounts?|tenants?|merchants?|buyers?|shoppers?"
    r"|subscribers?|members?|people|orders?|checkouts?|payments?|purchases?|transactions?"
    r"|requests?|logins?|sign-?ups?|trials?|renewals?|invoices?|bookings?|deliveries"
    r"|employees?|teams?|regions?"
    # People a business serves under other names: "41,000 students", "1,200 policyholders".
    r"|students?|learners?|pupils?|teachers?|schools?|patients?|clinics?|passengers?|riders?"
    r"|guests?|visitors?|policyholders?|claims?|claimants?|sellers?|readers?|viewers?"
    r"|players?|listeners?|staff|households?)"
)
NUMBER = compile_any(
    (
        r"[$€£¥]\s?\d",
        # A standalone figure, not part of an identifier like p99, eu-west-1 or 5xx. The
        # possessive quantifiers and the look-behind on ',' and '.' keep a 100 KB run of
        # "1,1,1,..." linear: one attempt per run, never one per digit.
        r"\d(?<![\w,.-]\d)\d*+(?:[,.]\d++)*+(?:%|(?![\w-])|(?:k|m|bn|ms|s|h|hrs|min|mins|tb|gb|mb|x)\b)",
        _NUMBER_WORDS,
        rf"\b(?:all|every|none|no)\s+(?:of\s+)?(?:our\s+|the\s+|its\s+|their\s+)?(?:[a-z]+\s+)?{_AFFECTED}\b",
        *TIME_PATTERNS,
    )
)

# First person singular: the only voice in which ownership is credible (in Ownership; an
# action in Remediation may be the team's, see `_TEAM_OWNER`).
FIRST_PERSON = re.compile(r"\b(?:i(?!\.e\.)|i'm|i'll|i've|i'd|me|my|mine|myself)\b")

# ---------------------------------------------------------------------------------------
# Owners in remediation: "I", or a person's name (spotted by capitalisation)
# ---------------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w@])[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?\b")
_HANDLE = re.compile(r"(?<!\w)@[a-z0-9][\w.-]{0,38}")
# The team owns an action as well as a person does: "we", or a team or role doing it
# ("the SRE team will…", "our on-call engineer restores…").
_TEAM_OWNER = re.compile(
    r"\bwe(?:'ll|'re|'ve|'d)?\b"
    r"|\b(?:the|our)\s+(?:[a-z0-9-]+\s+){0,2}?(?:team|squad|crew|on-?call(?:\s+engineer)?|engineers?"
    r"|dbas?|sres?|lead)\s+(?:will|'ll|is|are|to|owns|has|can|must|shall|[a-z]{2,}[^s\W]s)\b"
    # A role held by one person is a named owner: "our DBA", "the on-call SRE", "my deputy".
    r"|\b(?:our|my|the)\s+(?:on-?call\s+)?(?:dba|sre|cto|ciso|vp|head\s+of\s+[a-z]+|deputy"
    r"|tech\s+lead|release\s+manager|incident\s+(?:commander|lead))\b"
)
_VERB_AFTER_NAME = re.compile(
    r"(?:'ll|'s|\s+(?:will|to|is|has|owns|can|must|shall|and|(?:[a-z]+-)?[a-z]{2,}[^s\W]s))\b"
    # "Priya from the data team", "Sam on platform", "Omar (SRE)", "Lina, our DBA,"
    r"|\s+(?:from|on|in|at|of)\s+(?:the\s+|our\s+)?[a-z]|\s*[,(]"
)
# Capitalised words that are not people: sentence openers, pronouns, days and months.
_NOT_NAMES = _words(
    """
    a an and as at after all also any are as at be before but by can could do does done
    during each either every for from further had has have he her here his how if in
    into is it its just last let many more most my next no none not now of on once only
    or our out over per please rather she should since so some someone somebody still
    such than that the their them then there these they this those though through to
    today tomorrow tonight until up upon us we well what when where which while who
    whoever why will with within without would yes yet you your everyone everybody
    nobody anyone anybody nothing something
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mon tue tues wed thu thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    eta tbd tbc fyi asap
    """
)


def _owner_positions(norm: str, original: str) -> list[int]:
    """Positions in the text where an owner is named ("I", "Priya", "@sam", "we")."""
    positions = [m.start() for m in FIRST_PERSON.finditer(norm)]
    positions += [m.start() for m in _HANDLE.finditer(norm)]
    positions += [m.start() for m in _TEAM_OWNER.finditer(norm)]
    for match in _CAPITALISED.finditer(original):
        word = match.group().lower()
        if word in _NOT_NAMES:
            continue
        # "Deploy the fix" starts with a capital too; a name there is followed by a verb.
        if _starts_sentence(original, match.start()) and not _VERB_AFTER_NAME.match(
            norm, match.end()
        ):
            continue
        positions.append(match.start())
    return positions


def _starts_sentence(text: str, index: int) -> bool:
    i = index - 1
    # Bounded look-back keeps this constant time per word.
    floor = max(0, index - 12)
    while i >= floor and text[i] in " \t-*•>":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r:" or i < floor


_Gaps = tuple[tuple[Span, bool, bool], ...]
# The owner rule and the date rule both need the same scan of the same text within one
# `check()` call. Keyed on the identity of the normalised string, which each call creates
# afresh, so nothing is reused across calls; one tuple assignment keeps it thread-safe.
_last_scan: tuple[str, _Gaps] = ("", ())


def _remediation_gaps(norm: str, original: str) -> _Gaps:
    """For each sentence: its span, whether it names an owner, whether it has a time."""
    global _last_scan
    cached_norm, gaps = _last_scan
    if cached_norm is not norm:
        gaps = tuple(_scan_remediation(norm, original))
        _last_scan = (norm, gaps)
    return gaps


def _scan_remediation(norm: str, original: str) -> Iterator[tuple[Span, bool, bool]]:
    owners = sorted(_owner_positions(norm, original))
    times = [m.start() for m in TIME.finditer(norm)]
    oi = ti = 0
    for start, end in sentences(norm):
        while oi < len(owners) and owners[oi] < start:
            oi += 1
        while ti < len(times) and times[ti] < start:
            ti += 1
        has_owner = oi < len(owners) and owners[oi] < end
        has_time = ti < len(times) and times[ti] < end
        yield (start, end), has_owner, has_time


# A sentence reporting mitigation already in place is a fact, not an action to assign.
_ALREADY_DONE = re.compile(
    r"\b(?:in\s+place|already|since\s+\d)"
    r"|(?<!\bbe\s)\b(?:completed|resolved|mitigated|contained|restored)\b"
    r"|\b[a-z]{3,}ed\s+(?:at|on)\s+\d"
)


# Remediation also states the expected resolution, dependencies and alternatives tried
# (docs/coach.md); those lines are context, not actions that need an owner and a due time.
_CONTEXT_LABEL = re.compile(
    r"(?:expected\s+(?:resolution|recovery|fix|time\s+to\s+\w+)|eta|depends?\s+on"
    r"|dependenc(?:y|ies)|alternatives?(?:\s+(?:tried|considered))?|tried|status|risks?"
    r"|context|notes?|current\s+state)\b"
)
_TRIED = re.compile(r"\b(?:tried|attempted|ruled\s+out)\b")


def _is_action(norm: str, start: int, end: int) -> bool:
    return not (
        _ALREADY_DONE.search(norm, start, end)
        or _TRIED.search(norm, start, end)
        or _CONTEXT_LABEL.match(norm, start, end)
    )


def _remediation_without_owner(norm: str, original: str) -> Iterator[Span]:
    for (start, end), has_owner, _ in _remediation_gaps(norm, original):
        if not has_owner and _is_action(norm, start, end):
            yield (start, end)


def _remediation_without_time(norm: str, original: str) -> Iterator[Span]:
    for (start, end), _, has_time in _remediation_gaps(norm, original):
        if not has_time and _is_action(norm, start, end):
            yield (start, end)


# ---------------------------------------------------------------------------------------
# Jargon: fine when the text also says what it did to customers or money
# ---------------------------------------------------------------------------------------

JARGON = compile_any(
    (
        r"\b(?:consumer|replica(?:tion)?|queue|kafka)\s+lag\b",
        r"\blag\b",
        r"\bp(?:50|75|90|95|99|999)\b",
        r"\boom(?:[- ]?kill(?:ed|er|s)?)?\b",
        r"\boomkilled\b",
        r"\b[45]xxs?\b",
        r"\b[45]\d\ds\b",
        r"\b(?:replicas?|pods?|thresholds?|heap|gc|cpu|iops|latency|throughput|shards?"
        r"|partitions?|k8s|kubernetes|deadlocks?|mutex|segfault|ttl|dns|tls|ingress)\b",
        r"\bgarbage\s+collection\b",
        r"\bqueue\s+depth\b",
        r"\bcrash\s?loop(?:backoff)?\b",
        r"\b(?:connection|thread)\s+pool\b",
        r"\bcache\s+(?:miss(?:es)?|hit\s+(?:rate|ratio))\b",
        r"\brace\s+condition\b",
        r"\bload\s+balancer\b",
        # Distributed-systems words that name a mechanism and say nothing of its effect: "a
        # non-idempotent retry storm due to upstream backpressure in the event mesh".
        r"\b(?:back[- ]?pressure|(?:non-?)?idempoten(?:t|cy)|split[- ]brain|sidecars?|quorum|jvm"
        r"|rebalanc(?:e|es|ed|ing)|head[- ]of[- ]line\s+blocking|leader\s+election|clock\s+skew)\b",
        r"\b(?:retry|reconnect(?:ion)?|connection|event|message|request)\s+storms?\b",
        r"\b(?:thundering|stampeding)\s+herd\b|\bcache\s+stampede\b",
        r"\b(?:event|service|message)\s+(?:mesh|bus|broker)\b",
        r"\bcircuit[- ]breakers?\b|\bnoisy\s+neighbou?rs?\b|\bcold\s+starts?\b",
        r"\b(?:lock|thread|cpu|resource)\s+contention\b|\bhot\s+(?:partitions?|shards?|keys?)\b",
        r"\b(?:memory|connection|file\s+handle|socket)\s+leaks?\b|\bdead[- ]letter\s+queue\b",
    )
)
_INFRA_NOUN = (
    r"(?:svc|service|services|pods?|tier|cluster|db|database|api|queue|workers?|jobs?|tables?"
    r"|bucket|topic|ingress|nodes?|hosts?|servers?|schema|endpoint|gateway|repo|pipeline)"
)
CONSEQUENCE = compile_any(
    (
        # "customers", but not "the payments pods" or "checkout-svc": there it names a machine.
        rf"\b{_AFFECTED}\b(?![\s-]+{_INFRA_NOUN}\b)",
        r"\b(?:revenue|sales|conversions?|churn|slas?|credits?|refunds?|launch|deadline|audit"
        r"|fines?|penalt(?:y|ies)|contracts?|outage|unavailable|unable|lost|late|delayed"
        r"|down|exposed|breach(?:ed|es)?)\b",
        rf"\b(?:could|can|did|do|does|would){NOT}\b",
        r"\bcannot\b",
        r"\bfail(?:s|ed|ing|ures?)?\b",
        r"\btim(?:ed|es|ing)\s+out\b",
        r"[$€£]\s?\d",
    )
)


# A cause that says what the metric did ("cut the pool from 200 to 20, so…") is an
# explanation, not raw jargon.
_CAUSAL_LINK = re.compile(
    r"\b(?:so|which|caus(?:ed|ing)|led\s+to|leading\s+to|meaning|therefore"
    r"|result(?:ed|ing)\s+in|deleted|dropped|cut|rejected|blocked|stopped|broke|halved|doubled"
    r"|tripled|exhausted|saturated|overloaded|starved|filled|drained|flooded|crashed|took\s+down"
    r"|knocked\s+(?:out|over)|backed\s+up|locked|overwhelmed|maxed\s+out|choked|stalled|froze"
    r"|corrupted|wiped|duplicated|looped)\b"
)


# "…a race condition causing a rebalance storm and ISR shrink on the partition leaders": a
# link whose result is more machinery explains nothing to the executive.
_CHAIN_VERB = re.compile(r"caus|le[ad]|result|trigger")


def _links_to_jargon_only(norm: str) -> bool:
    """Whether every causal link in the text leads only to more jargon (and there is one)."""
    found = False
    for link in _CAUSAL_LINK.finditer(norm):
        if not _CHAIN_VERB.match(link.group()):
            return False
        end = _mark_after(_SENTENCE_MARK, norm, link.end(), min(len(norm), link.end() + 120))
        if JARGON.search(norm, link.end(), end) is None:
            return False
        found = True
    return found


def _jargon_without_consequence(norm: str, original: str) -> Iterator[Span]:
    if CONSEQUENCE.search(norm) is not None:
        return
    if _CAUSAL_LINK.search(norm) is not None and not _links_to_jargon_only(norm):
        return
    # "I pointed the health checks at the old port": the author's own act on the system is
    # the mechanism, told by its owner.
    if _I_OWN_MY_PART.search(norm) is not None:
        return
    for match in JARGON.finditer(norm):
        yield match.span()


# ---------------------------------------------------------------------------------------
# Hedging, except a modal that states a consequence
# ---------------------------------------------------------------------------------------

_HEDGE_WORDS = compile_any(
    (
        r"\b(?:maybe|perhaps|possibly|possible\s+that|probably|potentially"
        r"|presumably|apparently|supposedly|somewhat|kinda|sorta|unsure|unclear)\b",
        r"\bseem(?:s|ed|ingly)?\b",
        # "I'd say it's more of a product problem", "the impact is limited, I would say".
        r"\b(?:i'd|i\s+would|we'd|we\s+would)\s+(?:say|guess|imagine|estimate)\b"
        r"(?!\s+(?:that\s+)?(?:we|you)\s+(?:should|go|pick|choose|take)\b|\s+(?:yes|no)\b)",
        r"\bappears?\s+to\b",
        r"\bit\s+appears\b",
        r"\blooks?\s+like\b",
        r"\b(?:i|we)\s+(?:think|believe|guess|suppose|reckon|assume|feel\s+like)\b"
        r"(?!\s+(?:that\s+)?(?:is|'s|it's|would\s+be)\s+(?:the\s+)?(?:better|weaker|stronger|worse|riskier"
        r"|safer|cheaper|right|wrong|best|only\s+(?:way|option|choice|route)|best\s+bet|right\s+(?:call"
        r"|move))\b)(?!\s+(?:that\s+)?(?:we|you)\s+should\b)",
        r"\b(?:engineering|the\s+team|the\s+vendor|they|everyone|the\s+[a-z]+\s+team|support|ops"
        r"|the\s+engineers|the\s+experts|our\s+[a-z]+)\s+(?:believes?|thinks?|reckons?|feels?|suspects?"
        r"|is\s+fairly\s+sure|are\s+fairly\s+sure)\b",
        r"\b(?:kind|sort)\s+of\b",
        r"\bmore\s+or\s+less\b",
        r"\bnot\s+(?:entirely\s+|totally\s+|completely\s+|100%\s+|quite\s+|yet\s+)?"
        r"(?:sure|certain|clear)\b",
        r"\bhard\s+to\s+(?:say|tell|know)\b",
        r"\bshould\s+be\s+(?:fine|ok|okay|good|alright)\b",
    )
)
_HEDGE_MODALS = compile_any(
    (
        r"\bmight\b",
        r"\bmay\s+(?:well\s+|also\s+|not\s+|already\s+)?(?:be|have|need|take|slip|affect"
        r"|impact|cause|see|hit|require|lose|break|fail|miss|get|want|lead|mean|run|end)\b",
        # "This could have a knock-on effect", "might have an impact".
        r"\bcould\s+(?:well\s+|also\s+|potentially\s+)?have\s+(?:an?|some)\s+(?:[a-z-]+\s+)?(?:effect"
        r"|impact|knock-on|bearing|consequences?|implications?)\b",
        r"\bcould\s+(?:well\s+|also\s+|potentially\s+)?(?:be|have\s+been|affect|impact"
        r"|cause|slip|take|hit|mean|lead|get|end|break)\b",
    )
)
# "…was never closed, so an unpatched host could be reached": the modal says what the
# fault makes possible, which is the impact, not doubt about the facts.
_CONSEQUENCE_LINK = re.compile(
    r"\bso(?:\s+that)?\s+(?:an?|the|any|anyone|anybody|every|everyone|each|we|they|it|our|their"
    r"|this|these|those|no|customers|users|attackers?|people)\b"
    r"|\b(?:which|that)\s+means\b|\bmeaning\b|\botherwise\b|\bor\s+else\b"
    r"|\bin\s+which\s+case\b|\bleaving\b"
)
# "If the renewal slips, we could lose Acme": the modal's clause follows a condition.
_CONDITION = re.compile(r"\s*(?:and\s+|but\s+)?(?:if|unless|without|until|once|should)\b")
# Punctuation that ends a clause or a sentence; ".", "," and ":" only before a space, so
# "$1.2M", "1,900" and "09:40" stay whole.
_CLAUSE_MARK = re.compile(r"[.,:](?=\s|$)|[;(!?\n]")
# ("a.m." and "p.m." end a clock time, not a sentence, as in `engine.sentences`.)
_SENTENCE_MARK = re.compile(r"[.!?](?<!\ba\.m\.)(?<!\bp\.m\.)(?=\s|$)|\n")


def _mark_before(mark: re.Pattern[str], norm: str, floor: int, pos: int) -> int:
    """Index of the last mark in norm[floor:pos], or -1 (callers bound the window)."""
    found = -1
    for match in mark.finditer(norm, floor, pos):
        found = match.start()
    return found


def _mark_after(mark: re.Pattern[str], norm: str, pos: int, ceiling: int) -> int:
    """Index of the first mark in norm[pos:ceiling], or `ceiling`."""
    match = mark.search(norm, pos, ceiling)
    return match.start() if match else ceiling


def _states_consequence(norm: str, pos: int) -> bool:
    """Whether the modal at `pos` sits in a consequence clause (bounded look-back)."""
    floor = max(0, pos - 160)
    clause = _mark_before(_CLAUSE_MARK, norm, floor, pos)
    clause_start = clause + 1 if clause >= 0 else floor
    if _CONSEQUENCE_LINK.search(norm, clause_start, pos):
        return True
    if clause < 0 or norm[clause] != ",":
        return False
    sentence_floor = max(0, clause - 160)
    sentence = _mark_before(_SENTENCE_MARK, norm, sentence_floor, clause)
    start = sentence + 1 if sentence >= 0 else sentence_floor
    return _CONDITION.match(norm, start, clause) is not None


# Saying how sure you are is the cure for hedging, not a case of it: "Preliminary: the job
# seems to have matched…", "working theory", "unconfirmed until the replay at 15:00".
_CONFIDENCE_STATED = re.compile(
    r"\b(?:preliminary|unconfirmed|not\s+yet\s+confirmed|to\s+be\s+confirmed|working\s+theory"
    r"|hypothesis|leading\s+theory)\b"
    # Saying when the doubt ends: "I'll know by Thursday", "we confirm at 15:00".
    r"|\b(?:i|we|will|'ll|shall)(?:'ll|\s+will)?\s+(?:know|confirm|find\s+out|verify)\b[^.;!?\n]{0,40}?"
    r"\b(?:by|at|on|before|after|tomorrow|today|tonight)\b"
    # "I'm confirming the exact count by 11:00", "we know exactly who by 17:00", "the test
    # at 15:00 settles it": when the doubt ends.
    r"|\b(?:confirming|verifying|checking|know\s+exactly|confirm\s+the|verify\s+the)\b[^.;!?\n]{0,40}?"
    r"\b(?:by|at|before)\s+(?:\d|today|tonight|tomorrow|noon|midday|end\s+of|mon|tue|wed|thu|fri)"
    r"|\bat\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?\s+(?:settles|confirms|will\s+(?:settle|confirm|tell))\b"
    # "With about 80% confidence", "90% sure".
    r"|\bwith\s+(?:about\s+|roughly\s+|around\s+)?\d{1,3}\s?%\s+(?:confidence|certainty)\b"
    r"|(?<!\bnot\s)(?<!n't\s)\b\d{1,3}\s?%\s+(?:confident|sure|certain)\b"
)
_ESTIMATE_WORD = re.compile(r"(?:probably|likely|possibly|maybe|perhaps)\b")
# "no orders could be placed": a modal under a negated subject states a fact.
_NEGATED_SUBJECT = re.compile(r"\b(?:no|none|nobody|nothing|no\s+one)\b")
_HEDGE_EXTRA = compile_any(
    (
        r"\bshould\s+(?:help|be\s+(?:minimal|limited|contained|small|minor|negligible|manageable))\b",
        r"\blooks?\s+(?:green|good|fine|ok|okay|healthy|stable|better|promising)\b",
        r"\b(?:haven't|have\s+not|hasn't|has\s+not|not\s+yet|yet\s+to)\s+(?:fully\s+|properly\s+)?"
        r"(?:quantif(?:y|ied)|sized?|measured?|assess(?:ed)?|estimated?)\b",
    )
)


# "The key could have been used…; we checked every refund and found none": a possibility
# told next to the check that settles it is a fact about the risk, not doubt.
_VERIFIED = re.compile(
    r"\b(?:we|i)(?:'ve|\s+have)?\s+(?:now\s+|since\s+|already\s+)?(?:checked|verified|confirmed|audited"
    r"|reproduced|replicated|measured"
    r"|reviewed|searched|inspected|reconciled|ruled\s+(?:it\s+|this\s+)?out)\b"
    r"|\bfound\s+(?:no|none|nothing|zero)\b|\bno\s+(?:evidence|sign|trace|indication)\s+(?:of|that)\b"
)
# "…180 of them are small businesses for whom an abrupt clawback could cause a cash-flow
# problem": a hypothetical event (an indefinite subject) and what it would do is a risk,
# sized by the figures in its sentence, not a hedge about what happened.
_HYPOTHETICAL_SUBJECT = re.compile(
    r"\b(?:an?|any|another|one\s+more|a\s+second|further)\s+(?:[a-z-]+\s+){0,2}?$"
)
_RISK_VERB = re.compile(
    r"(?:could|might|may|would)\s+(?:well\s+|also\s+)?(?:cause|mean|trigger|lead|cost|create|put|result"
    r"|push|force|break|hit|lose|tip)\b"
)


# "Up to 3,000 customers may have…", "at worst 12 renewals could be at risk": the estimate
# comes with its bound.
_BOUND = re.compile(
    r"\b(?:at\s+worst|worst\s+case|at\s+most|up\s+to|no\s+more\s+than|as\s+many\s+as|at\s+the\s+outside)"
    r"\s+(?:of\s+)?[$€£]?\d"
)


def _risk_not_hedge(norm: str, pos: int) -> bool:
    left, right = _sentence_around(norm, pos, pos)
    if _VERIFIED.search(norm, left, right) or _BOUND.search(norm, left, right):
        return True
    # "Option A may slip the launch a week…; I recommend B": the cost of an option.
    if _RECOMMENDS.search(norm, left, right):
        return True
    if not _RISK_VERB.match(norm, pos) or _DIGIT.search(norm, left, right) is None:
        return False
    return _HYPOTHETICAL_SUBJECT.search(norm, _clause_start(norm, pos, reach=50), pos) is not None


# An estimate whose doubt the sentence bounds is honest estimation, not hedging: "the launch
# slips at least one week, which probably moves the $120,000 campaign" (a bound and a
# sized consequence), "we should probably hire a second engineer; I need your approval this
# week" (a recommendation put to a dated decision).
_LOWER_BOUND = re.compile(
    r"\b(?:at\s+(?:least|most|worst)|up\s+to|no\s+(?:more|less|fewer)\s+than|as\s+(?:many|much)\s+as"
    r"|a\s+minimum\s+of|a\s+maximum\s+of)\s+(?:[$€£]?\d|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|a\s+(?:week|day|month|fortnight))"
)
_DECISION_PUT = re.compile(
    r"\b(?:need|want|ask(?:ing)?\s+for|request(?:ing)?|seek(?:ing)?|would\s+like)\s+your\s+(?:approval"
    r"|decision|sign[- ]?off|go[- ]ahead|ok|okay|agreement|answer|call|yes)\b"
    r"|\b(?:can|could|will|would)\s+you\s+(?:please\s+)?(?:approve|decide|sign\s+off|agree)\b"
)
_RECOMMEND_HEDGE = re.compile(r"(?:probably|likely|perhaps|maybe|(?:i|we)\s+(?:think|believe))\b")
_SIZED_CONSEQUENCE = re.compile(r"\b(?:which|so|meaning|that\s+means|and\s+that)\s+(?:would\s+)?$")


# What sizes a doubt (issue 22, batches 12 and 13): an estimate is honest when its sentence
# says how big the thing is, when, what is at stake or what the guess rests on. A figure with
# its unit, share or denominator ("about three weeks", "roughly 6% of the day's sessions",
# "300 bookings", "all 3,212"); a window ("between 11pm and midnight", "from 6:02pm to
# 9:40pm"); a decision or check put to a date ("I need it by 1 June"); the basis of the
# estimate ("based on the same Tuesday last month"). A bare "probably soon", "some
# customers" or "may be a while" has none of these and stays a hedge.
# The basis of an estimate: "based on the same Tuesday last month", "extrapolated from the
# depot scans", "compared with a normal Saturday".
_ESTIMATE_BASIS = (
    r"\b(?:estimated?|estimates|extrapolated|projected|modell?ed)\s+(?:based\s+)?(?:on|from)\b"
    r"|\bbased\s+on\b|\bcompared\s+(?:with|to)\b|\bagainst\s+(?:the\s+)?same\b"
)
_CLOCK = r"(?:\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm)?|noon|midday|midnight)"
_SIZES_DOUBT = compile_any(
    (
        r"[$€£¥]\s?\d",
        r"(?<![\w,.:-])\d[\d,]*+(?:\.\d+)?\s?(?:%|percent\b|k\b|m\b|bn\b)",
        rf"\b(?:between|from)\s+{_CLOCK}\s*(?:and|to|until|till|-|–)\s*{_CLOCK}",
        rf"(?<![\d:.]){_CLOCK}\s*(?:-|–)\s*{_CLOCK}\b",
        r"\b(?:need|want)\s+(?:it|this|that|them|your\s+[a-z-]+|an?\s+[a-z-]+)\s+(?:by|before)\s",
        _ESTIMATE_BASIS,
    )
)
# A plain count sizes an estimate ("probably about 300 bookings") but not a modal: "300
# customers may be affected" still doubts whether anything happened, which a share, a
# window or a basis would settle and a head count does not.
_COUNTS = compile_any(
    (
        # A count of something ("300 appointment bookings", "6 hours"), not a date ("14 May").
        r"(?<![\w,.:/-])\d[\d,]*+(?:\.\d+)?\s+(?!(?:am|pm|o'clock|and|to|or|st|nd|rd|th"
        rf"|{_MONTH})\b)[a-z][a-z-]+",
        # A count in words with its unit: "about three weeks", "two days".
        rf"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
        rf"|thirty|forty|fifty|a\s+couple\s+of|a\s+few)\s+(?:more\s+|extra\s+)?{_UNIT}\b",
        r"\ball\s+(?:of\s+)?(?:the\s+)?\d",
    )
)
# Only an estimate can be sized; "hard to say", "not sure" and "kind of" are doubt about
# the facts themselves and stay hedges whatever figures sit next to them.
_SIZABLE_HEDGE = re.compile(
    r"(?:probably|likely|possibly|maybe|perhaps|presumably|(?:i|we)\s+(?:think|believe|reckon"
    r"|guess|suppose|assume)|(?:i'd|i\s+would|we'd|we\s+would)\s+(?:say|guess|estimate)|might|may"
    r"|could)\b"
)


# Where the sizing facts are in the text, found once per `check()` call (keyed on the
# identity of the normalised string, as `_names_decision` is): a text of 20,000 "some"s asks
# for each one's sentence, and a fresh scan of 400 characters per ask is 2 s on 100 KB.
_last_sizing: tuple[str, list[Span], list[Span]] = ("", [], [])


def _sizing_spans(norm: str) -> tuple[list[Span], list[Span]]:
    global _last_sizing
    if _last_sizing[0] is not norm:
        sizes = [match.span() for match in _SIZES_DOUBT.finditer(norm)]
        counted = [match.span() for match in _COUNTS.finditer(norm)]
        _last_sizing = (norm, sizes, counted)
    return _last_sizing[1], _last_sizing[2]


def _span_within(spans: list[Span], left: int, right: int) -> bool:
    index = bisect_left(spans, (left, -1))
    return index < len(spans) and spans[index][0] < right and spans[index][1] <= right


def _doubt_sized(norm: str, start: int, end: int, *, counts: bool = True) -> bool:
    """Whether the sentence around an estimate gives what sizes the doubt."""
    sizes, counted = _sizing_spans(norm)
    if not sizes and not (counts and counted):
        return False
    left, right = _sentence_around(norm, start, end)
    return _span_within(sizes, left, right) or (counts and _span_within(counted, left, right))


def _estimate_bounded(norm: str, start: int, end: int) -> bool:
    """Whether an estimate ("probably", "I think") sits in a sentence that bounds it."""
    if _SIZABLE_HEDGE.match(norm, start) and _doubt_sized(norm, start, end):
        return True
    if _RECOMMEND_HEDGE.match(norm, start):
        left, right = _sentence_around(norm, start, end)
        if _DECISION_PUT.search(norm, left, right) and TIME.search(norm, left, right):
            return True
    if _ESTIMATE_WORD.match(norm, start) is None:
        return False
    if TIME.match(norm, _skip_space(norm, end)):
        return True  # "probably within four weeks", "likely by Friday"
    left, right = _sentence_around(norm, start, end)
    if _LOWER_BOUND.search(norm, left, right) or _VERIFIED.search(norm, left, right):
        return True
    # ", which probably moves the $120,000 campaign": the consequence carries its size.
    return bool(
        _SIZED_CONSEQUENCE.search(norm, max(left, start - 30), start)
        and _DIGIT.search(norm, end, right)
    )


def _hedging(norm: str, original: str) -> Iterator[Span]:
    stated = _CONFIDENCE_STATED.search(norm) is not None
    if not stated:
        for match in _HEDGE_WORDS.finditer(norm):
            if _estimate_bounded(norm, match.start(), match.end()):
                continue
            yield match.span()
    for match in _HEDGE_EXTRA.finditer(norm):
        yield match.span()
    for match in _HEDGE_MODALS.finditer(norm):
        if (
            stated
            or _states_consequence(norm, match.start())
            or _risk_not_hedge(norm, match.start())
            or _doubt_sized(norm, match.start(), match.end(), counts=False)
        ):
            continue
        clause = _clause_start(norm, match.start())
        if _NEGATED_SUBJECT.search(norm, clause, match.start()) is None:
            yield match.span()


# ---------------------------------------------------------------------------------------
# Who did it: other parties, the subject of a clause, events with no actor
# ---------------------------------------------------------------------------------------
#
# No part-of-speech tagger: the ones on PyPI either download models at run time or cost
# more than the whole keystroke budget. These checks are a careful lexicon plus a little
# clause structure: the words between the last clause boundary and a verb are its subject,
# the words after "waiting on" or "from" are its object.

# Teams, roles and vendors, the usual targets of blame ("legal", "the DBA team", "the
# vendor's SDK", "them"). "IT" can only be told from "it" in the original text.
_PARTY = re.compile(
    r"\b(?:teams?|squads?|departments?|depts?|vendors?|suppliers?|providers?|contractors?"
    r"|consultants?|consultancy|agenc(?:y|ies)|partners?|third[- ]part(?:y|ies)|outsourcers?"
    r"|offshore|legal|lawyers?|counsel|finance|procurement|purchasing|security|infosec"
    r"|compliance|hr|ops|devops|sres?|qa|testers?|dbas?|ux|designers?|product|pms?|managers?"
    r"|management|leadership|execs?|executives|engineering|networking|facilities|accounting"
    r"|marketing|sales|support|customer\s+success"
    r"|auditors?|infra(?:structure)?|they|them|he|him|she|(?:new\s+)?hires?|juniors?|interns?|trainees?"
    r"|graduates?)\b"
)
# What someone else was meant to give: waiting for it is waiting on a person.
_OWED = re.compile(
    r"\b(?:approvals?|sign-?offs?|signatures?|answers?|repl(?:y|ies)|responses?|feedback"
    r"|decisions?|go-ahead|access|budget|review)\b"
)
_IT_DEPARTMENT = re.compile(r"(?<![\w'])IT\b")
# Capitalised words that name a tool or a process, not a person or a company.
_ABSTRACT_ENDING = re.compile(r"(?:ing|ions?|ments?|ity|ness|ure|ance|ence|ics)$")
_CONJUNCTION = re.compile(
    r"\b(?:and|but|so|because|since|although|though|while|if|when|whenever|whereas|that|which"
    r"|who)\b"
)
# "…resends codes whenever the provider is slow": a condition of the mechanism, not a charge.
_CONDITIONAL_BEFORE = re.compile(r"\b(?:whenever|when|if|once|while)\s*\Z")


def _clause_start(norm: str, pos: int, reach: int = 60) -> int:
    """Start of the clause that `pos` is in: after punctuation or a conjunction."""
    floor = max(0, pos - reach)
    mark = _mark_before(_CLAUSE_MARK, norm, floor, pos)
    start = mark + 1 if mark >= 0 else floor
    for match in _CONJUNCTION.finditer(norm, start, pos):
        start = match.end()
    return start


def _clause_end(norm: str, pos: int, reach: int = 40) -> int:
    return _mark_after(_CLAUSE_MARK, norm, pos, min(len(norm), pos + reach))


def _party_in(norm: str, original: str, start: int, end: int, *, names: bool) -> int:
    """End of the first team, role or vendor named in [start, end), or -1.

    With `names`, a capitalised name counts too ("Priya", "Acme"), except as the first
    word of a sentence, where "Checkout" or "Retries" are capitalised just as well.
    """
    found = [m.end() for m in (_PARTY.search(norm, start, end),) if m]
    found += [m.end() for m in (_IT_DEPARTMENT.search(original, start, end),) if m]
    if names:
        for match in _CAPITALISED.finditer(original, start, end):
            word = match.group().lower()
            if word in _NOT_NAMES or _starts_sentence(original, match.start()):
                continue
            if _ABSTRACT_ENDING.search(word):
                continue
            found.append(match.end())
            break
    return min(found, default=-1)


def _after_first_person(norm: str, start: int, end: int) -> int:
    """Where the subject window starts once any "I"/"my" in it is skipped."""
    for match in FIRST_PERSON.finditer(norm, start, end):
        start = match.end()
    return start


# Verbs that accuse whoever is their subject. Three strengths, by what must be the subject:
# - anyone other than me, even a name at the start of a sentence ("Priya forgot");
# - a team, role, vendor or a name inside the sentence ("Finance should have flagged it");
# - a team, role or vendor from the lexicon ("the vendor's SDK broke it"), since
#   "Postgres broke" or "the upgrade broke" are plain causes.
_ACCUSES_ANYONE = re.compile(
    r"dropped\s+the\s+ball|forgot\b|neglected\s+to|(?:messed|screwed|fouled)\s+(?:it\s+)?up"
    r"|botched|blew\s+it|let\s+us\s+down|ghosted|(?:was|were)\s+(?:supposed|meant)\s+to\b"
    r"|(?:didn't|did\s+not|failed\s+to|refused\s+to|never)\s+(?:really\s+|properly\s+|actually\s+"
    r"|even\s+|always\s+|bother\s+to\s+)?(?:reply|respond|answer|get\s+back|follow(?!\s+up)"
    r"|followed(?!\s+up)|read|stick\s+to|stuck\s+to"
    r"|deliver|send|follow\s+up|tell|flag|warn|catch|test|check|notice|sign|approve|review"
    r"|escalate|replied|responded|answered|got\s+back|delivered|sent|followed\s+up|told"
    r"|flagged|warned|caught|tested|checked|noticed|signed|approved|reviewed|escalated)\b"
    r"|took\s+(?:ages|forever|too\s+long|so\s+long|their\s+time|its\s+time|weeks|days|months)\b"
    r"|(?:was|were|is|are|has\s+been|have\s+been)\s+(?:so\s+|too\s+|very\s+|really\s+"
    r"|extremely\s+)?(?:slow|late|unresponsive|sloppy|careless|unhelpful|useless|shoddy|buggy"
    r"|sub-?standard|(?:not|n't)\s+up\s+to\s+(?:standard|scratch|par|spec)|below\s+(?:standard|par))\b"
    r"|kept\s+(?:us|me)\s+(?:waiting|in\b|hanging|on\s+hold)|left\s+(?:us|me)\s+(?:hanging"
    r"|waiting|in\s+the\s+dark|exposed)|sat\s+on\s+(?:it|this|that|our|the|my)\b"
    r"|ignored\s+(?:our|my|us|me|the|it|this)\b|gave\s+(?:us|me)\s+(?:the\s+)?(?:wrong|bad"
    r"|incorrect|outdated|stale|broken)\b|(?:went|gone)\s+(?:silent|quiet|dark|awol)\b"
    r"|dragged\s+(?:their|its|his|her)\s+feet"
    # A team's diligence judged: "cut corners", "didn't do their due diligence", "weren't
    # careful enough", "went off-script".
    r"|cut(?:ting)?\s+corners|(?:took|taking|take)\s+shortcuts|winged\s+it|went\s+off[- ]script"
    r"|skipped\s+(?:steps|the\s+(?:process|checklist|runbook|procedure|steps|review|tests))\b"
    r"|(?:didn't|did\s+not|never)\s+(?:really\s+|properly\s+|even\s+)?(?:run|do)\s+(?:the\s+)?(?:checks"
    r"|tests|checklist|smoke\s+tests?|dry[- ]run)\b"
    r"|(?:didn't|did\s+not|never)\s+(?:really\s+|properly\s+)?do\s+(?:their|his|her|its|proper|enough"
    r"|the\s+necessary)\s+(?:due\s+diligence|homework|checks|job)\b"
    r"|(?:wasn't|weren't|was\s+not|were\s+not)\s+(?:very\s+|really\s+|particularly\s+|quite\s+|so\s+)?"
    r"(?:careful|thorough|diligent|rigorous)\b"
    r"|(?:didn't|did\s+not)\s+(?:really\s+)?pay\s+(?:enough\s+|proper\s+|much\s+)?attention\b"
    r"|(?:was|were)\s+(?:a\s+bit\s+|rather\s+|quite\s+)?(?:lax|negligent|complacent|cavalier|lazy)\b"
)
_ACCUSES_SOMEONE = re.compile(
    r"should(?:n't|\s+not)?(?:'ve|\s+have)\s+(?!been\b)|ought\s+to\s+have\s+(?!been\b)"
    r"|(?:never|didn't|did\s+not|failed\s+to)\s+(?:loop(?:ed)?\s+(?:us|me)\s+in|inform(?:ed)?"
    r"|notif(?:y|ied)|consult(?:ed)?|involve[sd]?|warn(?:ed)?)\b"
    r"|(?<=\s)without\s+(?:telling|asking|warning|informing|consulting|checking\s+with)\s+"
    r"(?:us|anyone|anybody|me)\b"
    r"|could(?:'ve|\s+have)\s+(?:told|warned|flagged|caught|said|mentioned|let\s+us\s+know)\b"
)
_ACCUSES_PARTY = re.compile(
    r"(?:(?:is|was)\s+what\s+)?broke\b|caused\s+(?:it|this|the\s+(?:outage|incident|issue"
    r"|problem|failure|slip|delay|breach))\b|(?:pushed|shipped|sent)\s+(?:us\s+)?(?:a\s+)?"
    r"(?:bad|broken|buggy|faulty)\b"
)
_ACCUSATION = re.compile(
    r"\b(?:"
    + "|".join(p.pattern for p in (_ACCUSES_ANYONE, _ACCUSES_SOMEONE, _ACCUSES_PARTY))
    + ")"
)


def _accuses_another(norm: str, original: str) -> Iterator[Span]:
    """'Finance should have flagged it', 'the vendor's SDK broke it', 'Priya forgot'."""
    for match in _ACCUSATION.finditer(norm):
        start = _after_first_person(norm, _clause_start(norm, match.start()), match.start())
        if _ACCUSES_ANYONE.match(norm, match.start()):
            party = _party_in(norm, original, start, match.start(), names=True)
            if party < 0:
                party = _leading_name(norm, original, start, match.start())
        elif _ACCUSES_SOMEONE.match(norm, match.start()):
            party = _party_in(norm, original, start, match.start(), names=True)
        else:
            party = _party_in(norm, original, start, match.start(), names=False)
        if party >= 0 and _CONDITIONAL_BEFORE.search(norm, max(0, start - 10), start):
            continue
        if party >= 0 and _owned_in_sentence(norm, match.start(), match.end()):
            continue
        if party >= 0:
            subject = _REPORTING.match(norm, start)
            yield (_skip_space(norm, subject.end() if subject else start), match.end())


# "…because the vendor's fix is late, and I should have planned for that": another party's
# part told next to my own, in the same sentence, is owning it, not blaming.
_I_OWN_MY_PART = re.compile(
    r"\bi\s+(?:should(?:'ve|\s+have)|missed|didn't|did\s+not|failed\s+to|forgot|chose|decided"
    r"|approved|accepted|never|upgraded|deployed|shipped|merged|pushed|released|signed\s+off|skipped"
    r"|removed|disabled|changed|set|scheduled|ignored|overrode|rushed|pointed|configured|lowered"
    r"|raised|enabled|wrote|cut)\b|\b(?:my\s+(?:call|mistake|miss|fault|decision|gap)|on\s+me)\b"
)


def _owned_in_sentence(norm: str, start: int, end: int) -> bool:
    left, right = _sentence_around(norm, start, end)
    return _I_OWN_MY_PART.search(norm, left, right) is not None


# Someone else's silence as the cause: "nobody told us", "we were never informed".
_NOBODY_TOLD = compile_any(
    (
        r"\b(?:nobody|no\s+one|no-one)\s+(?:(?:ever|actually|bothered\s+to)\s+)?(?:told|warned|informed"
        r"|notified|alerted)\s+(?:us|me)\b",
        r"\b(?:we|i)\s+(?:were|was)(?:n't|\s+not|\s+never)\s+(?:told|warned|informed|notified|consulted"
        r"|made\s+aware)\b",
    )
)


def _nobody_told_us(norm: str, original: str) -> Iterator[Span]:
    for match in _NOBODY_TOLD.finditer(norm):
        if not _owned_in_sentence(norm, match.start(), match.end()):
            yield match.span()


# "I think Dana should have…": the accusation starts at Dana.
_REPORTING = re.compile(
    r"\s*(?:think|thought|believe|believed|guess|feel|felt|suppose|reckon|know|knew|said|say"
    r"|assume|assumed|would\s+say)\s+(?:that\s+)?"
)


def _leading_name(norm: str, original: str, start: int, end: int) -> int:
    """A capitalised name as the whole subject, even first in its sentence ("Priya forgot")."""
    match = _CAPITALISED.match(original, _skip_space(norm, start))
    if match is None or match.group().lower() in _NOT_NAMES:
        return -1
    if _skip_space(norm, match.end()) != end:
        return -1
    return match.end()


def _skip_space(norm: str, pos: int) -> int:
    while pos < len(norm) and norm[pos].isspace():
        pos += 1
    return pos


# Excuses that point at someone else's silence or slowness: the party is the object.
_WAITING_ON = compile_any(
    (
        r"\bwait(?:ing|ed|s)?\s+(?:on|for)\s+",
        r"\b(?:couldn't|could\s+not|can't|cannot|didn't|did\s+not|never|unable\s+to"
        r"|wasn't\s+able\s+to|weren't\s+able\s+to)\s+(?:get|obtain|receive|secure)\s+"
        r"(?:[^\s.,;:!?]+\s+){0,4}?from\s+",
        r"\b(?:no|any)\s+(?:reply|replies|response|responses|answer|answers|word|feedback"
        r"|sign-?off|approval|decision|update)\s+(?:back\s+)?(?:yet\s+)?from\s+",
        r"\b(?:haven't|hasn't|have\s+not|has\s+not|hadn't|had\s+not|never)\s+heard\s+"
        r"(?:back\s+)?(?:anything\s+)?from\s+",
        r"\bchas(?:e|ed|ing)\s+",
        r"\b(?:kept|keep|keeps)\s+(?:pinging|chasing|asking|emailing|nudging|reminding"
        r"|following\s+up\s+with|escalating\s+to)\s+",
    )
)


# "I decided to wait for the vendor's fix", "I didn't chase legal": owning the choice.
_OWN_CHOICE = re.compile(
    r"(?:(?:decided|chose|choose|agreed|opted|planned|elected)\s+to|n't|\bnot|\bnever"
    r"|\bfailed\s+to|\bstopped)\s+\Z"
)


def _waiting_on_others(norm: str, original: str) -> Iterator[Span]:
    for match in _WAITING_ON.finditer(norm):
        if _OWN_CHOICE.search(norm[max(0, match.start() - 24) : match.start()]):
            continue
        end = _clause_end(norm, match.end())
        party = _party_in(norm, original, match.end(), end, names=True)
        if party < 0:
            owed = _OWED.search(norm, match.end(), end)
            party = owed.end() if owed else -1
        if party >= 0:
            yield (match.start(), party)


_BLOCKED = compile_any(
    (r"\b(?:blocked|stuck|held\s+up|held\s+back|stalled)\s+(?:by|on|behind)\s+",)
)


def _blocked_by_someone(norm: str, original: str) -> Iterator[Span]:
    """'Blocked by legal', 'stuck on the platform team': not 'blocked by a crash'."""
    for match in _BLOCKED.finditer(norm):
        end = _clause_end(norm, match.end())
        party = _party_in(norm, original, match.end(), end, names=True)
        if party < 0:
            owed = _OWED.search(norm, match.end(), end)
            party = owed.end() if owed else -1
        if party >= 0:
            yield (match.start(), party)


# Events with no actor: an abstract fault as the subject of an intransitive verb
# ("a misconfiguration crept in", "failures arose") or of a passive with no "by".
_FAULT = (
    r"(?:errors?|issues?|mistakes?|problems?|bugs?|failures?|faults?|misconfigurations?"
    r"|regressions?|outages?|incidents?|oversights?|slip-?ups?|lapses?|breakdowns?"
    r"|miscommunications?|mix-?ups?|glitch(?:es)?|defects?|discrepanc(?:y|ies)"
    r"|inconsistenc(?:y|ies)|complications?|misunderstandings?)"
)
_HAPPENED = (
    r"(?:(?:have|has|had)\s+)?(?:happened|occurred|arisen|arose|cropped\s+up|popped\s+up"
    r"|came\s+up|come\s+up|crept\s+(?:in|into|through)|slipped\s+(?:in|into|through)"
    r"|snuck\s+(?:in|into|through)|sneaked\s+(?:in|into|through)|surfaced|emerged"
    r"|materiali[sz]ed|took\s+place|ensued|found\s+(?:its|their)\s+way|made\s+(?:its|their)"
    r"\s+way)\b"
)
_PASSIVE_FAULT = (
    r"(?:was|were|got|(?:has|have|had)\s+been)\s+(?:made|introduced|caused|created|triggered"
    r"|committed|missed|overlooked)\b(?!\s+by\b)"
)
_ACTORLESS = compile_any(
    (
        # Up to five words between the fault and its verb ("a misconfiguration of some kind
        # crept in"), none of them an actor.
        rf"\b{_FAULT}\b(?:\s+(?!(?:i|me|my|by|we|our)\b)[^\s.,;:!?]+){{0,5}}?\s+"
        rf"(?:{_HAPPENED}|{_PASSIVE_FAULT})",
        r"\bthere\s+(?:was|were|(?:has|have|had)\s+been)\s+(?:an?\s+|some\s+|several\s+"
        r"|multiple\s+|various\s+)?(?:[a-z-]+\s+)?(?:mistakes?|errors?|oversights?"
        r"|miscommunications?|misunderstandings?|mix-?ups?|lapses?|breakdowns?"
        r"|misconfigurations?)\b",
    )
)


def _sentence_around(norm: str, start: int, end: int) -> Span:
    floor, ceiling = max(0, start - 200), min(len(norm), end + 200)
    left = _mark_before(_SENTENCE_MARK, norm, floor, start)
    return (left + 1 if left >= 0 else floor), _mark_after(_SENTENCE_MARK, norm, end, ceiling)


def _in_sentence(pattern: re.Pattern[str], norm: str, start: int, end: int) -> bool:
    left, right = _sentence_around(norm, start, end)
    return pattern.search(norm, left, right) is not None


def _quiet_with(*facts: re.Pattern[str], patterns: tuple[str, ...]) -> Check:
    """Flag the patterns unless their sentence carries one of the facts."""
    regex = compile_any(patterns)

    def check(norm: str, original: str) -> Iterator[Span]:
        for match in regex.finditer(norm):
            left, right = _sentence_around(norm, match.start(), match.end())
            if not any(fact.search(norm, left, right) for fact in facts):
                yield match.span()

    return check


def _actorless_events(norm: str, original: str) -> Iterator[Span]:
    for match in _ACTORLESS.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        # "errors occurred after I pushed the config": the actor is named.
        if FIRST_PERSON.search(norm, left, right) is None:
            yield match.span()


# The passive that hides who decided; a temporal clause ("before the cleanup was done")
# only says when.
_PASSIVE = compile_any(
    (
        rf"\b(?:was|were|been|being|is|are|got|get|gets|getting)(?:{NOT})?\s+(?:never\s+)?"
        r"(?:introduced|made|missed|overlooked|dropped|deployed|pushed|merged|shipped"
        r"|released|skipped|forgotten|ignored|misconfigured|approved|caught|noticed"
        r"|flagged|escalated|tested|reviewed|done|decided|let\s+slip)\b(?!\s+by\b)",
        r"\bmistakes\s+(?:have\s+been|had\s+been|were)\s+made\b",
    )
)
_TEMPORAL = re.compile(r"\b(?:before|until|till|once|after|by\s+the\s+time)\b")
# A count, a share or an amount of money, not a date or a clock time.
_DIGIT_COUNT = re.compile(
    r"\b\d{1,3}(?:,\d{3})++\b|\b\d{3,}+(?![:/-]\d)\b|\b\d+(?:\.\d+)?\s?%|[$€£]\s?\d"
    r"|\b\d+(?:\.\d+)?\s?(?:k|m|bn)\b"
)


# "…written to a logging service that was not approved for PII": a passive in a relative
# clause describes the thing's state; in a sentence that gives the exposure exactly (a date
# and a count) it reports, it does not dodge.
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+$")


def _passive_hiding_actor(norm: str, original: str) -> Iterator[Span]:
    for match in _PASSIVE.finditer(norm):
        floor = max(0, match.start() - 60)
        clause = _mark_before(_CLAUSE_MARK, norm, floor, match.start()) + 1
        if _TEMPORAL.search(norm, max(clause, floor), match.start()) is not None:
            continue
        if _reported_state(norm, match.start(), match.end()):
            continue
        if _accepted_by_me(norm, match.start()):
            continue
        yield match.span()


# "I approved the cutover date although the full dry-run was not done": the passive is the
# state the author knowingly accepted, and the sentence names who decided.
_CONCESSIVE = re.compile(r"\b(?:although|though|even\s+though|despite|knowing|when|while)\b")


def _accepted_by_me(norm: str, start: int) -> bool:
    ends = [m.end() for m in _I_OWN_MY_PART.finditer(norm, max(0, start - 100), start)]
    return bool(ends) and _CONCESSIVE.search(norm, ends[-1], start) is not None


def _reported_state(norm: str, start: int, end: int) -> bool:
    """A passive in a relative clause of a sentence that dates and counts what happened."""
    if _RELATIVE.search(norm, max(0, start - 12), start) is None:
        return False
    left, right = _sentence_around(norm, start, end)
    return bool(TIME.search(norm, left, right) and _DIGIT_COUNT.search(norm, left, right))


# Commitments with no date: "going forward", "so this doesn't happen again", unless the
# sentence also says when.
_UNTIMED_PROMISE = compile_any(
    (
        r"\b(?:going|moving)\s+forward\b",
        r"\bfrom\s+now\s+on\b",
        r"\bin\s+(?:the\s+)?future\b",
        r"\b(?:so|to\s+make\s+sure|make\s+sure|to\s+ensure|ensure)\s+(?:that\s+)?(?:this|it|that)"
        r"\s+(?:doesn't|does\s+not|won't|will\s+not|never|can't|cannot)\s+happens?\s+again\b",
        r"\b(?:prevent|avoid|stop|avert)\s+(?:this|it|a\s+repeat|recurrence|a\s+recurrence|(?:any\s+)?"
        r"(?:future\s+)?recurrences?|(?:it\s+|this\s+)?(?:happening|recurring)\s+again)\b",
        r"\b(?:putting|put|taking|take|implementing|implement|introducing|introduce)\s+(?:(?:the|some|a\s+few"
        r"|necessary|appropriate|additional|further|relevant|new|extra|robust|proper)\s+){0,2}(?:measures"
        r"|steps|safeguards|controls|mitigations|improvements|guardrails|checks\s+and\s+balances)\b",
    )
)


# "Lena in security owns the access review going forward": an ongoing process with a named
# owner is a commitment; it has no end date because it does not end.
_OWNS_ONGOING = re.compile(
    r"\b(?:owns?|will\s+own|'ll\s+own|(?:is|are|am|'s|'m)\s+(?:now\s+)?(?:the\s+)?(?:(?:named|accountable"
    r"|single|sole|new|interim)\s+)?(?:owner|owners"
    r"|responsible|accountable)|takes?\s+(?:over|ownership)|(?:has|have)\s+taken\s+(?:over|ownership))\b"
)


def _untimed_promises(norm: str, original: str) -> Iterator[Span]:
    for match in _UNTIMED_PROMISE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        # "…from now on, and it's in her quarterly goals": a cadence is a commitment too.
        if TIME.search(norm, left, right) or _RECURRING.search(norm, left, right):
            continue
        if match.group().startswith(("going", "moving", "from", "in")) and _OWNS_ONGOING.search(
            norm, _clause_start(norm, match.start(), reach=100), match.start()
        ):
            continue
        yield match.span()


# "We're on it" promises nothing, unless the sentence says when the next word comes: "two
# engineers are on it, and we'll post again by 14:30".
_PROMISED_TIME = re.compile(
    r"\b(?:will|'ll|next\s+update|update\s+(?:you|again)|post\s+again|report\s+back)\b[^.;!?\n]{0,60}?"
    r"(?:\b(?:by|at|before|within|tomorrow|tonight|today)\b|\bin\s+\d)"
    # The time may come first: "…are on it, and by 08:00 I will give you the cause".
    r"|(?:\b(?:by|at|before|within)\s+\d|\b(?:tomorrow|tonight|today)\b)[^.;!?\n]{0,40}?"
    r"(?:\bwill\b|'ll\b)"
)
_ON_IT = _quiet_with(
    _PROMISED_TIME,
    patterns=(
        r"\b(?:'re|'m|'s|are|am|is)\s+(?:on|across|on\s+top\s+of|all\s+over|right\s+on)\s+"
        r"(?:it|this|that)\b",
    ),
)


# "Later" defers a plan. It does not when it measures time in the story ("three weeks
# later") or sits in a perfect tense that tells what happened or will have happened ("some
# of those customers will have come back later"): that is a time, or an estimate.
_LATER = re.compile(r"\blater\b(?!\s+(?:today|tonight|this|than|on\s+\w+day))")
_ELAPSED = re.compile(
    rf"\b(?:{_COUNT}|a\s+few|a\s+couple\s+of|several|many|some)\s+(?:more\s+)?(?:{_UNIT}|years?)\s+\Z"
)
_LATER_IN = re.compile(r"\s+(?:in|during|on|this|next)\b")
_PERFECT = re.compile(
    r"\b(?:will|would|'d|could|might|may|must|should)\s+have\s+[a-z]+\b|\bhad\s+[a-z]+ed\b"
)


def _deferred_later(norm: str, original: str) -> Iterator[Span]:
    for match in _LATER.finditer(norm):
        start = match.start()
        # ("thirty minutes later in the week" is still vague.)
        if _ELAPSED.search(norm, max(0, start - 30), start) and not _LATER_IN.match(
            norm, match.end()
        ):
            continue
        if _PERFECT.search(norm, _clause_start(norm, start), start):
            continue
        yield match.span()


def _either(*checks: Check) -> Check:
    """One check that yields the spans of all the given checks."""

    def check(norm: str, original: str) -> Iterator[Span]:
        for each in checks:
            yield from each(norm, original)

    return check


def _outermost(*checks: Check) -> Check:
    """Like `_either`, but a span inside another span of the same rule is dropped, so
    'the vendor dropped the ball' is one finding, not that and 'dropped the ball'."""

    def check(norm: str, original: str) -> Iterator[Span]:
        spans = sorted(
            {span for each in checks for span in each(norm, original)},
            key=lambda span: (span[0], -span[1]),
        )
        reach = -1
        for start, end in spans:
            if end > reach:
                yield (start, end)
                reach = end

    return check


# A plan with no owner in the wording: "someone will check", "monitoring will be improved".
_DONE_TO = (
    r"(?:improved|reviewed|fixed|checked|looked\s+(?:at|into)|investigated|addressed|handled"
    r"|done|sorted(?:\s+out)?|resolved|updated|added|revisited|tightened|followed\s+up"
    r"|implemented|deployed|rolled\s+(?:out|back)|put\s+in\s+place|considered|evaluated"
    r"|assessed|monitored|tracked|scheduled|planned|prioriti[sz]ed|taken\s+care\s+of"
    r"|dealt\s+with|reworked|patched|tested|restored|rotated|notified|contacted|refunded"
    r"|communicated|documented|automated|discussed|cleaned\s+up|re-?run|escalated|shared|sent)"
)
# "by" followed by a time is a deadline, by anything else an actor.
_BY_TIME = (
    r"(?:\d|noon|midday|midnight|eod|eow|cob|end|close|tomorrow|today|tonight|the\s+end|next"
    r"|this|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4])"
)
# "…will be done on all 11 models by 06:00 Wednesday, led by Karthik": a passive plan that
# says who leads it has its owner in the sentence.
_LED_BY = re.compile(
    r"\b(?:led|owned|run|driven|headed|coordinated|overseen|carried\s+out|done|handled)\s+by\s+"
    rf"(?!{_BY_TIME}|someone|somebody|whoever|anyone|tbd|tbc)[a-z@]"
)
_PLAN_WITHOUT_OWNER = _quiet_with(
    _LED_BY,
    patterns=(
        r"\b(?:someone|somebody|anyone|anybody|whoever)\s+(?:(?:from|on|in)\s+(?:the\s+|my\s+|our\s+)?"
        r"(?:[a-z-]+\s+){1,3}?)?"
        r"(?:will|'ll|should|needs?\s+to|must|can|could|is\s+going\s+to|has\s+to|to)\b",
        r"\b(?:get|find|ask|have|need)\s+(?:someone|somebody)\s+to\b",
        r"\bwhoever\s+(?:is|'s|happens\s+to\s+be)\s+(?:on\s+call|on\s+shift|around|available|free)\b",
        r"\b(?:(?:will|shall|should|must|needs?\s+to|has\s+to|have\s+to|going\s+to)\s+"
        r"(?:also\s+|then\s+|now\s+|still\s+)?be|(?:is|are)\s+(?:being|to\s+be))\s+(?:[a-z]+ly\s+)?"
        rf"{_DONE_TO}\b(?!\s+by\s+(?!{_BY_TIME}))",
    ),
)


# "No decision needed today; I'll tell you by Friday if that changes": an information-only
# ask that says so, with a time or a reason, is complete (the wizard has a field for it).
_NO_ASK_STATED = re.compile(
    r"\b(?:no\s+(?:action|decision|response|input)|nothing)\s+(?:is\s+)?(?:needed|required"
    r"|necessary)\b"
)
_REASON = re.compile(r"\b(?:because|since|until|unless|if\s+that\s+changes|as)\b|;")


# Several ask rules ask whether the text names a decision; one scan per `check()` call,
# keyed on the identity of the normalised string each call creates afresh.
_last_decision: tuple[str, bool] = ("", False)


def _names_decision(norm: str) -> bool:
    global _last_decision
    cached_norm, found = _last_decision
    if cached_norm is not norm:
        found = DECISION.search(norm) is not None
        _last_decision = (norm, found)
    return found


def _information_only(norm: str) -> bool:
    return _NO_ASK_STATED.search(norm) is not None and (
        TIME.search(norm) is not None or _REASON.search(norm) is not None
    )


def _unless_decision(*patterns: str) -> Check:
    """Flag the patterns only in an ask that names no decision at all."""
    flag = phrases(*patterns)

    def check(norm: str, original: str) -> Iterator[Span]:
        if not _names_decision(norm) and not _information_only(norm):
            yield from flag(norm, original)

    return check


def _unless_information_only(*patterns: str) -> Check:
    """Flag the patterns unless the text is a stated, dated information-only ask."""
    flag = phrases(*patterns)

    def check(norm: str, original: str) -> Iterator[Span]:
        if not _information_only(norm):
            yield from flag(norm, original)

    return check


# Backing asked for in general ("your backing generally when this comes up at ExCo", "have
# my back") asks for nothing the executive can do; backing for a named position with its
# time ("air cover with product for a two-week freeze starting Monday") is the ask itself.
_BACKING = _quiet_with(
    TIME,
    patterns=(
        r"\bair\s+cover\b",
        r"\b(?:your|some|any|the)\s+(?:full\s+|public\s+)?backing\b",
        r"\b(?:back\s+(?:me|us)\s+up|have\s+(?:my|our)\s+backs?|in\s+(?:my|our)\s+corner"
        r"|stand\s+(?:behind|with)\s+(?:me|us|the\s+team))\b",
        r"\b(?:support|backing)\s+(?:in\s+general|generally|in\s+principle|on\s+this\s+one)\b",
    ),
)


def _backing_in_general(norm: str, original: str) -> Iterator[Span]:
    if not _names_decision(norm) and not _information_only(norm):
        yield from _BACKING(norm, original)


def _open_question_ask(norm: str, original: str) -> Iterator[Span]:
    """An ask phrased as an open question that names no decision ("Thoughts on hiring?")."""
    if not _names_decision(norm):
        yield from _opener_questions(norm, original)


def _opener_questions(norm: str, original: str) -> Iterator[Span]:
    """Every sentence of the opener that is a question."""
    for start, end in sentences(norm):
        if norm[end - 1] == "?":
            yield (start, end)


# ---------------------------------------------------------------------------------------
# Positive checks that need more than one pattern
# ---------------------------------------------------------------------------------------

_NEXT_UPDATE = re.compile(
    r"\bnext\s+(?:update|one|report|check-?in|status|post)\b"
    r"|\bupdates?\s+(?:again|every|hourly|daily)\b"
    r"|\b(?:update|report|post)\s+(?:you\s+)?again\b"
    r"|\bevery\s+(?:\d+\s+)?(?:hour|hours|minutes|morning|day|evening|afternoon)\b"
    r"|\b(?:hourly|daily|twice-daily)\b"
    r"|\b(?:i|we|and|then)(?:'ll|\s+will)?\s+(?:post|send|share|report|update|confirm|follow\s+up"
    r"|check\s+in|write(?:\s+again)?)\b"
    r"|\b(?:the|my|our)\s+\d{1,2}:\d{2}(?:\s+utc)?\s+(?:update|check-?in|report)\b"
    # "you'll hear from me by 10am tomorrow", "back to you on Tuesday", "expect the next…"
    r"|\byou'll\s+(?:hear|get|have)\b|\b(?:back\s+to\s+you|report\s+back|come\s+back)\b"
    r"|\bexpect\b|\bcheck-?in\b"
    # A dated follow-up is the next thing readers will see: "the postmortem is on Tuesday".
    r"|\b(?:post-?mortem|retro(?:spective)?|write-?up|incident\s+review|final\s+report)\b"
)
# An update that closes the matter owes no next update.
_CLOSES = re.compile(
    r"(?<!not\s)(?<!n't\s)(?<!yet\s)(?<!be\s)\b(?:resolved|closed|closing\s+(?:this|the\s+incident)"
    r"|final\s+update|no\s+further\s+updates?|all\s+clear|fully\s+recovered)\b"
)


def _update_without_next_time(norm: str, original: str) -> Iterator[Span]:
    """An update needs one sentence that both promises a next update and says when, or
    must say it closes the matter."""
    if _CLOSES.search(norm) is not None:
        return
    for start, end in sentences(norm):
        if _NEXT_UPDATE.search(norm, start, end) and TIME.search(norm, start, end):
            return
    yield whole(norm)


# Detail an executive will not read: a stack trace, a run-on sentence, a wall of figures.
_TRACE = re.compile(
    r"traceback \(most recent call last\)"
    r"|^[ \t]*at [\w$.<>]{1,200}\("
    r"|^[ \t]*file \"[^\"\n]{1,300}\", line \d"
    r"|\b[a-z_][\w.]{0,100}(?:exception|error): ",
    re.MULTILINE,
)
_FIGURE = re.compile(r"\b\d[\d,.:%]*+")
LONG_SENTENCE_WORDS = 60
MAX_FIGURES = 10


def _detail_dump(norm: str, original: str) -> Iterator[Span]:
    """A stack trace, a sentence over ``LONG_SENTENCE_WORDS`` words, or more than
    ``MAX_FIGURES`` figures: the section is mostly detail (one finding, where it starts)."""
    trace = _TRACE.search(norm)
    if trace is not None:
        yield trace.start(), min(len(norm), trace.start() + 200)
        return
    for start, end in sentences(norm):
        if norm.count(" ", start, end) + 1 > LONG_SENTENCE_WORDS:
            yield start, end
            return
    figures = [m.start() for m in _FIGURE.finditer(norm)]
    if len(figures) > MAX_FIGURES:
        yield figures[MAX_FIGURES], len(norm)


# What executives are asked to do: decide, but also spend, sign, call, sponsor, step in.
DECISION = re.compile(
    r"\b(?:approv(?:e|al|ed)|decid(?:e|ed)|decision|choose|choice|pick|sign(?:\s+|-)?off"
    r"|unblock|authori[sz](?:e|ation)|agree|green[- ]?light|go/no-go|go-no-go|veto|accept"
    r"|fund|allocate|release\s+(?:the\s+)?budget|ok|okay|go-ahead|go\s+ahead|blessing"
    r"|yes\s+or\s+no|your\s+call|sign(?!-?ups?\b)(?!\s+of\b)|signature|countersign|sponsor|endorse|ratify|overrule"
    r"|waive|grant|commit|prioriti[sz]e|deprioriti[sz]e|reprioriti[sz]e|pause|postpone|defer"
    r"|cancel|reject|decline|escalate|intervene|hire|reassign|assign|lend|loan|free\s+up"
    r"|an\s+answer|your\s+answer|make\s+the\s+call|confirm|brief)\b"
    # Two options and a recommendation are a decision: "option A…; I recommend B".
    r"|\b(?:recommend(?:ation)?|prefer(?:ence)?|option\s+(?:[a-c1-3]|one|two)|plan\s+[ab]|either\b)"
    r"|\b[ab]\s+or\s+[ab]\b"
    # "Do you want to tell the board, or shall I?": two options, one for each of us.
    r"|\bor\s+(?:shall|should|do|would|can|will)\s+(?:i|we|you)\b"
    r"|\b(?:do|would)\s+you\s+(?:want|like|rather|prefer)\s+(?:to|me\s+to|us\s+to|that)\b"
    # A direct request of the executive: "would you join a call on Tuesday or Wednesday?"
    r"|\b(?:would|could|can|will)\s+you\s+(?:please\s+)?(?:join|attend|meet|come|call|send|introduce"
    r"|ask|tell|email|raise|present|speak|talk\s+to|be\s+available|make\s+time|take\s+the)\b"
    # "Could you let the council's chief executive know…" (not "let me know").
    r"|\b(?:would|could|can|will)\s+you\s+(?:please\s+)?let\s+(?!(?:me|us)\b)[a-z']+(?:\s+[a-z']+){0,4}?"
    r"\s+know\b"
    # "call the Acme CEO", "call them": the verb, not "a quick call" or "on a call".
    r"|(?<!\ba\s)(?<!\bon\s)(?<!\bquick\s)\bcall\s+(?:the|their|our|his|her|them|him|[a-z]+'s)\b"
)

# ---------------------------------------------------------------------------------------
# Habits written from their kind (issue 22): each is a shape of sentence, not a phrase list
# ---------------------------------------------------------------------------------------

# Teams and roles someone may hand the responsibility to ("infra", "the agency we hired").
_DEFLECT_PARTY = (
    r"(?:the\s+|our\s+|their\s+)?(?:[a-z-]+\s+)?(?:teams?|squads?|departments?|vendors?"
    r"|suppliers?|providers?|contractors?|consultants?|consultancy|agenc(?:y|ies)|partners?"
    r"|third[- ]part(?:y|ies)|legal|finance|procurement|security|compliance|hr|ops|devops"
    r"|infra(?:structure)?|product|management|leadership|engineering|sales|support|marketing"
    r"|the\s+business|platform|operations)"
)

# Blame wrapped in politeness or fairness, and responsibility handed to someone else:
# the wrapper ("to be fair to…", "with all due respect…") or the shape ("sits with
# finance", "the vendor's issue", "it was the contractor who…", "set up to fail").
_WRAPPED_BLAME = compile_any(
    (
        r"\bwith\s+(?:all\s+)?(?:due\s+)?respect\b",
        # "In fairness to QA…", "with respect to Priya…": whoever follows is being excused
        # in order to be blamed.
        r"\b(?:to\s+be\s+fair|in\s+(?:all\s+)?fairness|no\s+offen[cs]e|no\s+disrespect)\s+(?:to|with"
        r"|on|towards?|for)\b",
        # "In QA's defence…", "to give them their due…", "credit to the team, but…".
        r"\bin\s+(?:their|his|her|[a-z]+'s|the\s+[a-z]+(?:\s+team)?'s)\s+defen[cs]e\b",
        r"\bto\s+give\s+(?:them|him|her|[a-z]+)\s+(?:their|his|her)\s+due\b",
        # The other party's workload as the excuse: "they had a lot on their plate",
        # "QA were stretched thin that sprint".
        r"\b(?:a\s+lot|too\s+much|so\s+much|plenty|loads|a\s+full|enough)\s+on\s+(?:their|his|her)"
        r"\s+plates?\b",
        r"\b(?:their|his|her)\s+(?:plates?|hands)\s+(?:was|were)\s+(?:already\s+)?full\b",
        r"\b(?:they|he|she)\s+(?:were|was)\s+(?:(?:really|very|so|completely|badly)\s+)?(?:stretched"
        r"|swamped|snowed\s+under|overloaded|overstretched|short-?staffed|under-?staffed|under-?resourced"
        r"|firefighting)\b",
        r"\b(?:not\s+(?:to\s+)?(?:point(?:ing)?\s+fingers|blam(?:e|ing)\s+anyone|throw\s+anyone"
        r"\s+under)|without\s+naming\s+names|i'm\s+not\s+(?:saying|blaming))\b",
        r"\bset\s+up\s+to\s+(?:fail|miss|lose|slip|be\s+late)\b",
        r"\b(?:was|were)\s+(?:given|handed)\s+(?:an?\s+)?(?:(?:very|really|so)\s+)?(?:impossible"
        r"|unrealistic|little|no|short|tight|late|insufficient|vague|changing)\b",
        r"\b(?:timelines?|deadlines?|dates?|scope|requirements?|estimates?)\s+(?:that\s+)?"
        r"(?:we|i)\s+(?:were|was)\s+(?:handed|given)\b",
        r"\b(?:handed|dumped\s+on)\s+us\b",
        r"\bchang(?:ed|ing)\s+(?:the\s+)?(?:requirements|scope|spec|priorities)\s+(?:late"
        r"|at\s+the\s+last\s+minute|mid-?sprint|on\s+us)\b",
        # "…sits with finance", "lies with the outsourcer": anyone but me.
        r"\b(?:sits?|sat|lies|lay|rests?|rested)\s+(?:squarely\s+|really\s+|firmly\s+|entirely\s+)?"
        r"with\s+(?:the|an?|their|his|her)\s+[a-z]",
        # "The issue is with operations", "the fault lies with the vendor".
        rf"\b(?:the\s+)?(?:issue|problem|fault|blame|responsibility|root\s+cause|cause)\s+(?:is|was|lies"
        rf"|lay|sits|sat|rests?)\s+(?:really\s+|mainly\s+|mostly\s+|entirely\s+|squarely\s+)?(?:with|on)\s+"
        rf"(?!(?:me|my|us|our\s+side)\b){_DEFLECT_PARTY}\b",
        # "my team's mistake" owns it; "the vendor's mistake" hands it on.
        r"\b(?<!\bmy\s)(?<!\bour\s)(?:team|vendor|supplier|provider|contractor|agency|partner|consultancy)'s\s+"
        r"(?:issue|problem|responsibility|fault|mistake|call|doing|remit)\b",
        rf"\bit\s+was\s+{_DEFLECT_PARTY}\s+(?:that|who)\b",
        rf"\b(?:(?:some|part|most|all)\s+of\s+)?(?:it|this|that)(?:\s+one)?(?:'s|\s+is|\s+was)\s+on\s+"
        rf"(?!(?:me|my|us|the\s+whole)\b){_DEFLECT_PARTY}\b",
    )
)
# The effect put down to someone else's act with a deflecting adverb ("the delay is really a
# consequence of that", "it's all down to their change"), and requirements changed by
# others ("Product changed the requirements three times", "the goalposts kept moving").
# Quiet when the author says what they did in the same sentence.
_DEFLECTED_CAUSE = _quiet_with(
    re.compile(r"\b(?:i|i've|i'd|i'm|my)\b"),
    patterns=(
        r"\b(?:is|was|are|were|'s)\s+(?:really|ultimately|basically|mostly|entirely|largely|purely|simply"
        r"|just|all|squarely|directly|mainly|primarily|honestly|frankly)\s+(?:an?\s+|the\s+)?(?:direct\s+)?"
        r"(?:consequence|result|product|knock-on|side[- ]effect|fallout|downstream\s+effect|down|due"
        r"|because|thanks)\s+(?:of|to)\s+(?:that|this|those|these|them|their|his|her|the\s+(?:[a-z-]+\s+)?"
        r"(?:team|vendor|supplier|provider|partner|client|customer|change|changes|requirements?|scope"
        r"|decision|business))\b",
        r"\b(?:chang(?:ed|ing)|rewr(?:ote|itten|iting)|reopen(?:ed|ing)|revis(?:ed|ing)|mov(?:ed|ing)|shift(?:ed|ing))"
        r"\s+(?:the\s+|their\s+|its\s+|his\s+|her\s+)?(?:requirements|scope|spec(?:ification)?s?|priorities"
        r"|brief|design|goal\s*-?posts|target|acceptance\s+criteria|plan)\s+(?:[a-z]+\s+){0,3}?(?:\d+|two"
        r"|three|four|five|six|several|multiple|many|a\s+few|a\s+couple\s+of|so\s+many|countless)\s+times\b",
        r"\b(?:kept|keep|keeps|keeping)\s+(?:on\s+)?(?:changing|moving|shifting|rewriting|revising)\s+"
        r"(?:the\s+|their\s+|its\s+)?(?:requirements|scope|spec|priorities|brief|design|goal\s*-?posts"
        r"|target|mind|minds|plan)\b",
        r"\b(?:requirements|scope|spec|specs|priorities|brief|goal\s*-?posts|targets?)\s+(?:kept|keep|keeps"
        r"|were\s+constantly|was\s+constantly)\s+(?:changing|moving|shifting|growing|creeping)\b",
        r"\b(?:moved|moving|move)\s+the\s+goal\s*-?posts\b",
        r"\bchanged\s+(?:their|his|her)\s+minds?\b",
    ),
)
_IF_HAD = re.compile(r"\bif\s+(?:only\s+)?")
_HAD_DONE = re.compile(r"\s+(?:had|hadn't|had\s+not|would\s+have)\b")


# "To be fair, …" introduces someone else's part whoever it names; "honestly," only does
# when a party follows.
_FAIRNESS_ALONE = re.compile(r"\b(?:to\s+be\s+fair|in\s+(?:all\s+)?fairness)\s*,")
_HONESTLY = re.compile(r"\b(?:honestly|frankly|to\s+be\s+honest)\s*,")


# "The vendor is responsible for the outage": a party, not me, as the subject.
_RESPONSIBLE = re.compile(
    r"\b(?:is|was|are|were)\s+(?:(?:fully|solely|entirely|ultimately)\s+)?(?:responsible"
    r"|accountable|to\s+blame|at\s+fault)\b"
    r"|\bshould\s+(?:really\s+)?(?:own|be\s+owning|take\s+(?:over|ownership)|have\s+owned)\b"
)


def _wrapped_blame(norm: str, original: str) -> Iterator[Span]:
    for match in _WRAPPED_BLAME.finditer(norm):
        # "To be fair to the vendor, their advisory was out on 2 May and I missed it": the
        # other party's part told next to my own is owning it, as for plain blame.
        if not _owned_in_sentence(norm, match.start(), match.end()):
            yield match.span()
    for match in _RESPONSIBLE.finditer(norm):
        start = _clause_start(norm, match.start())
        if FIRST_PERSON.search(norm, start, match.start()):
            continue
        if _party_in(norm, original, start, match.start(), names=True) >= 0:
            yield (_skip_space(norm, start), match.end())
    for match in _FAIRNESS_ALONE.finditer(norm):
        yield match.span()
    for match in _FAIRNESS_TRAILING.finditer(norm):
        if not _owned_in_sentence(norm, match.start(), match.end()):
            yield match.span()
    # "Honestly, infra should own the alerting": the wrapper, then a party.
    for match in _HONESTLY.finditer(norm):
        end = _mark_after(_SENTENCE_MARK, norm, match.end(), min(len(norm), match.end() + 120))
        if _party_in(norm, original, match.end(), end, names=True) >= 0:
            yield match.span()
    # "If Priya had reviewed the PR…": a counterfactual that makes someone else the cause.
    for match in _IF_HAD.finditer(norm):
        end = min(len(norm), match.end() + 40)
        had = _HAD_DONE.search(norm, match.end(), end)
        if had is None or FIRST_PERSON.search(norm, match.end(), had.start()):
            continue
        party = _party_in(norm, original, match.end(), had.start() + 1, names=True)
        if party < 0:
            party = _leading_name(norm, original, match.end(), had.start())
        if party >= 0:
            yield (match.start(), had.end())


# Distancing: the author explains why it is not theirs ("I wasn't on call", "our side was
# fine", "not much for us to own").
# Inherited from someone else, with no part of my own: "we inherited this from the
# previous team". Quiet when I say what I did with it.
_INHERITED = _quiet_with(
    FIRST_PERSON,
    patterns=(
        r"\b(?:inherited|took\s+over)\s+(?:this|it|the\s+[a-z-]+)\s+(?:[a-z-]+\s+){0,2}?from\b",
        r"\b(?:the\s+)?(?:previous|old|former|prior|last)\s+(?:team|owner|owners|lead|regime|management"
        r"|vendor|agency|contractor)\b"
        # ...the party, not a thing of theirs: "all 27 old contractor accounts are disabled".
        r"(?!\s+(?:accounts?|logins?|credentials?|access|keys?|tokens?|passwords?|permissions?|roles?"
        r"|laptops?|devices?|machines?|hosts?|servers?|repos?|repositories|mailboxes|emails?|ids?"
        r"|certificates?|licen[cs]es?|contracts?|invoices?|records?|files?|data|sessions?)\b)",
    ),
)
# Absence as the reason it is not mine: "I was on holiday when it happened". Quiet when the
# same sentence owns it anyway ("…but the decision to ship was mine").
_AWAY = _quiet_with(
    re.compile(
        r"\b(?:mine|my\s+(?:call|decision|fault|mistake|miss|responsibility)|i\s+own|on\s+me)\b"
    ),
    patterns=(
        r"\b(?:i|i'd)\s+(?:was|had\s+been|'d\s+been|were)\s+(?:actually\s+)?(?:on\s+(?:holiday|leave|vacation"
        r"|pto|annual\s+leave|sick\s+leave|paternity\s+leave|maternity\s+leave|a\s+flight|a\s+plane"
        r"|a\s+course|an\s+offsite|the\s+road)|off(?:\s+sick|\s+that\s+(?:day|week))?|away|out\s+of\s+"
        r"(?:the\s+)?(?:office|country)|ooo|travell?ing|not\s+around|offline)\b",
    ),
)
_DISTANCING = phrases(
    r"\bi\s+(?:wasn't|was\s+not|am\s+not|'m\s+not)\s+(?:even\s+)?(?:on\s+call|involved|there"
    r"|in\s+the\s+room|around|consulted|responsible|the\s+one|part\s+of|aware|in\s+charge)\b",
    r"\bnot\s+my\s+(?:call|decision|area|team|remit|responsibility|fault|doing|project)\b",
    r"\b(?:outside|beyond|above)\s+my\s+(?:remit|control|area|pay\s+grade)\b",
    r"\b(?:above|over|beyond)\s+my\s+head\b",
    r"\b(?:take|taking|took|accept|accepting|own|owning)\s+(?:full\s+|complete\s+|total\s+)?(?:responsibility"
    r"|ownership|the\s+blame|this|it)\s*(?:,|;|-)?\s*(?:but|although|though|however|that\s+said|even\s+though)\b",
    r"\b(?:it's|it\s+is|this\s+is|that's|that\s+is|it\s+was)\s+(?:really\s+|ultimately\s+|more\s+|primarily\s+"
    r"|fundamentally\s+|honestly\s+)?(?:an?|the)\s+(?:[a-z-]+\s+)?(?:issue|problem|matter|question|thing)\s+"
    r"(?:rather\s+than|not)\s+(?:an?|the|our|my)\b",
    r"\bbefore\s+my\s+time\b",
    # Not being there then, as the reason the author cannot answer: "I wasn't here when this
    # was set up", "I can't really speak to who owned it".
    r"\bi\s+(?:wasn't|was\s+not)\s+(?:even\s+)?(?:here|at\s+the\s+company|on\s+the\s+team|with\s+"
    r"(?:the\s+company|the\s+team|[a-z]+)|in\s+the\s+role|in\s+post)\s+(?:when|back\s+then|at\s+the\s+time"
    r"|yet|then)\b",
    r"\b(?:can't|cannot|can\s+not|couldn't)\s+(?:really\s+|honestly\s+|fully\s+)?(?:speak|comment|answer)"
    r"\s+(?:to|for|on)\b",
    # Ownership as a talk with others: "I've spoken to the people involved".
    r"\b(?:spoken|spoke|talked|had\s+(?:a\s+)?words?|had\s+a\s+(?:conversation|chat|discussion))\s+"
    r"(?:to|with)\s+(?:the\s+|all\s+the\s+)?(?:people|person|individuals?|engineers?|team\s+members?|those"
    r"|staff|folks|developers?)\s+(?:involved|responsible|concerned|at\s+fault)\b",
    # Accountability promised for others: "the right people will be held accountable".
    r"\b(?:the\s+right\s+people|those\s+(?:responsible|involved|at\s+fault)|whoever\s+(?:is|was)"
    r"\s+responsible|the\s+people\s+(?:involved|responsible)|people|someone|somebody)\s+(?:are|is|will\s+be"
    r"|get|gets|being|'ll\s+be)\s+held\s+(?:accountable|responsible|to\s+account)\b",
    r"\bheads\s+(?:will|are\s+going\s+to|must)\s+roll\b",
    r"\b(?:let|leave\s+it\s+to|defer\s+to)\s+(?:the|our|my)\s+(?:[a-z-]+\s+){0,2}?(?:team|lead|manager"
    r"|engineers?|owners?|vendor|experts?|folks)\s+(?:to\s+)?(?:speak|explain|answer|cover|address|comment"
    r"|walk|respond)\b",
    r"\b(?:i|we)\s+(?:was|were)\s+only\s+(?:made\s+aware|told|informed|brought\s+in|looped\s+in|pulled\s+in"
    r"|involved|alerted)\b",
    r"\b(?:i|we)\s+(?:was|were)\s+(?:made\s+aware|told|informed|brought\s+in|looped\s+in|pulled\s+in)\s+"
    r"(?:of\s+it\s+|about\s+it\s+)?(?:late|after\s+the\s+fact|at\s+the\s+last\s+minute|too\s+late)\b",
    r"\b(?:made|decided|taken|set)\s+(?:higher\s+up|above\s+me|elsewhere|upstairs|at\s+(?:a\s+)?higher"
    r"\s+level)\b",
    r"\b(?:been\s+)?kept\s+in\s+the\s+loop\b",
    r"\b(?:our|my)\s+(?:side|end|part|code|systems?)\s+(?:was|were|is|are|worked)\s+"
    r"(?:fine|solid|ok|okay|clean|good|correct|as\s+expected)\b",
    r"\b(?:isn't|is\s+not|wasn't|not|there's\s+not|there\s+isn't)\s+(?:a\s+great\s+deal|much|a\s+lot"
    r"|anything|very\s+much)\s+(?:(?:for|that)\s+(?:us|me)\s+)?to\s+own\b",
    r"\b(?:happy|glad|willing)\s+to\s+help\s+(?:where|if|however|as|in\s+any\s+way)\b",
    r",\s*not\s+(?:us|me|mine|ours|my\s+team)\b",
)

# Fatalism: the failure was nobody's because failures happen.
_FATALISM = phrases(
    r"\b(?:these|such|those)\s+things\s+(?:do\s+|will\s+|just\s+)?happen\b",
    r"\b(?:it|stuff|that)\s+(?:just\s+)?happens\b(?!\s+(?:when|if|on|at|every|only|because"
    r"|whenever|after|before|during|in|for|again|twice|once))",
    r"\bone\s+of\s+those\s+(?:things|days|weeks)\b",
    r"\bpar\s+for\s+the\s+course\b",
    r"\bbound\s+to\s+happen\b",
    r"\b(?:was|is|were)\s+(?:always\s+)?going\s+to\s+happen\b",
    r"\bsooner\s+or\s+later\b",
    r"\b(?:inevitabl[ey]|unavoidabl[ey])\b",
    r"\b(?:bad|sheer|pure|just)\s+luck\b|\bunlucky\b",
    r"\bthe\s+(?:cost|price)\s+of\s+(?:doing\s+business|moving\s+fast|speed|growth|innovation"
    r"|shipping\s+fast)\b",
    r"\bthe\s+(?:nature|reality)\s+of\s+(?:the\s+beast|things|software|the\s+business|the\s+job"
    r"|it|working\s+with)\b",
    r"\bpart\s+and\s+parcel\b",
    r"\b(?:comes?|came|goes|went)\s+with\s+the\s+territory\b",
    r"\bpart\s+of\s+the\s+(?:job|game|deal)\b",
    r"\b(?:that's|that\s+is|it's|it\s+is)\s+(?:just\s+|simply\s+)?(?:life|the\s+market"
    r"|how\s+it\s+(?:goes|is)|the\s+way\s+it\s+(?:goes|is)|software)\b",
    r"\b(?:nothing|not\s+much|little|not\s+a\s+lot)\s+(?:that\s+)?(?:any|anyone|anybody|any\s+company"
    r"|any\s+team|one|one\s+can|we\s+could\s+have|i\s+could\s+have)\b[^.;!?\n]{0,20}?"
    r"\b(?:can|could)(?:\s+have)?\s+(?:do|done)\b",
    r"\bnot\s+much\s+(?:we|i|anyone)\s+could\s+have\s+done\b",
    r"\b(?:every|each|any|most)\s+(?:company|team|business|org(?:ani[sz]ation)?|one|competitor)"
    r"(?:\s+[a-z']+){0,4}?\s+(?:is|are|has|have)\s+(?:seeing|having|facing|dealing\s+with|hit"
    r"|been\s+hit|in)\b[^.;!?\n]{0,20}?\bsame\b",
    r"\b(?:going\s+up|rising|happening|the\s+same)\s+everywhere\b",
    r"\b(?:as\s+usual|as\s+always)\b",
    r"\b(?:no\s+one|nobody)\s+could\s+have\s+(?:seen|predicted|foreseen|known)\b",
    r"\b(?:couldn't|could\s+not|can't|cannot)\s+(?:have\s+)?(?:been\s+)?(?:predicted|foreseen"
    r"|prevented|avoided)\b",
    r"\bout\s+of\s+(?:anyone's|everyone's)\s+(?:hands|control)\b",
    r"\bwhat\s+can\s+you\s+do\b",
    r"\bno\s+way\s+(?:to|of)\s+(?:know(?:ing)?|tell(?:ing)?|predict(?:ing)?|catch(?:ing)?|spot(?:ting)?"
    r"|see(?:ing)?)\b(?!\s+(?:when|how\s+long))",
    r"\b(?:couldn't|could\s+not|can't|cannot)\s+have\s+(?:known|caught|spotted|seen\s+it|anticipated)\b",
    r"\b(?:conditions|circumstances|the\s+odds|things)\s+(?:were|was|are|is)(?:n't|\s+not)?\s+(?:in\s+our"
    r"\s+favou?r|against\s+us|stacked\s+against)\b",
    # Failure with no one to answer for it: "a fact of life", "nobody's fault".
    r"\bthe\s+price\s+(?:you|we|one|everyone)\s+pays?\s+for\b",
    r"\ba\s+fact\s+of\s+life\b",
    # A loss told as the market's weather: "attrition happens in this market", "churn is
    # normal in our industry".
    r"\b(?:happens?|is\s+(?:just\s+)?(?:normal|common|expected|standard|a\s+given|to\s+be\s+expected))"
    r"\s+(?:in|across|for)\s+(?:this|our|the|any)\s+(?:[a-z-]+\s+)?(?:industry|sector|space|market"
    r"|field|line\s+of\s+work|business|climate|economy)\b",
    r"\b(?:nobody's|no\s+one's|no-one's|not\s+anyone's|nobody\s+is\s+at|no\s+one\s+is\s+at)\s+fault\b",
    r"\b(?:a\s+)?perfect\s+storm\b",
    r"\b(?:just|simply)\s+(?:how|the\s+way)\s+(?:it|things)\s+(?:is|are|goes|go|went|worked\s+out)\b",
)

# Apology standing in for facts: fine next to the numbers, not instead of them.
_APOLOGY = compile_any(
    (
        r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:(?:really|so|very|truly|terribly|deeply|incredibly"
        r"|extremely|genuinely)\s+)?sorry\b",
        r"\bsorry\s+(?:again\s+|once\s+more\s+)?(?:to|for|about)\b",
        r"\b(?:i|we)\s+(?:sincerely\s+|deeply\s+|really\s+|truly\s+)?apologi[sz]e\b",
        r"\b(?:my|our)?\s*(?:sincere\s+|deepest\s+|humble\s+)?apologies\b",
        # "I honestly feel awful", "we all feel rotten about it", "I feel so bad".
        r"\b(?:i|we)\s+(?:(?:honestly|genuinely|really|truly|all|do|still|just)\s+)?(?:feel|felt)\s+"
        r"(?:(?:really|so|very|just|absolutely|pretty|terribly|genuinely|honestly|quite)\s+)?(?:awful"
        r"|terrible|horrible|bad|sick|dreadful|gutted|rotten|dreadful|responsible|ashamed|embarrassed)\b",
        # The feeling as the message: "I take it very personally", "the last thing you want
        # to hear", "I hate to be the bearer of bad news", "I'm kicking myself".
        r"\b(?:i|we)\s+(?:(?:do|really|truly)\s+)?(?:take|took|am\s+taking|'m\s+taking)\s+(?:it|this|that)"
        r"\s+(?:very\s+|really\s+|so\s+|quite\s+|extremely\s+)?personally\b",
        r"\b(?:the\s+)?last\s+thing\s+(?:you|anyone|anybody)\s+(?:want|need|wanted|needed)s?\s+"
        r"(?:to\s+hear|to\s+read|right\s+now|on\s+a)\b",
        r"\b(?:i|we)\s+(?:hate|hated)\s+(?:to\s+be\s+(?:the\s+one|the\s+bearer|writing|telling|sending)"
        r"|having\s+to|that\s+(?:this|it|we|i))\b",
        r"\bbearer\s+of\s+bad\s+news\b",
        r"\b(?:kicking|beating)\s+(?:myself|ourselves)(?:\s+up)?\b",
        r"\b(?:my|our)\s+bad\b|\bmea\s+culpa\b|\bheavy\s+heart\b",
        r"\b(?:i|we)\s+can\s+only\s+apologi[sz]e\b",
        r"\bplease\s+(?:accept|excuse|forgive)\s+(?:my|our|me|us)\b",
        r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:(?:really|so|absolutely|truly)\s+)?(?:gutted"
        r"|devastated|mortified|embarrassed|ashamed)\b",
        r"\btiming\s+(?:is|could\s+not\s+be|couldn't\s+be)\s+(?:terrible|awful|bad|worse)\b",
        r"\bcan't\s+apologi[sz]e\s+enough\b",
        r"\b(?:i|we)\s+(?:really\s+|deeply\s+|truly\s+|sincerely\s+)?(?:let\s+you\s+down|fell\s+short"
        r"|regret|owe\s+you\s+an\s+apology)\b",
        r"\b(?:not|isn't|wasn't)\s+the\s+standard\s+(?:we|i)\s+(?:hold|set|expect)\b",
    )
)


_DIGIT = re.compile(r"\d")


# A time that dates something, as against one that only sets the mood: "since 09:10",
# "by Thursday" and "on 3 May" are facts; "on a Friday" or "this week" in "I feel awful
# about this week" are not.
_MOOD_TIME = re.compile(
    r"\b(?:on\s+)?an?\s+(?:friday|monday|weekend|sunday|saturday|holiday|bank\s+holiday)\b"
    r"|\b(?:this|last|the)\s+(?:week|weekend|month|quarter|year|morning|afternoon|evening)\b"
    r"|\b(?:today|tonight)\b"
)


def _dated(norm: str) -> bool:
    """Whether a time in the text dates something (one outside every mood-setting time)."""
    moods = [m.span() for m in _MOOD_TIME.finditer(norm)]
    return any(
        not any(start <= m.start() and m.end() <= end for start, end in moods)
        for m in TIME.finditer(norm)
    )


# The apology names what I did: "I regret approving the release without a canary".
_MY_ACT = re.compile(
    r"\b(?:regret|sorry\s+(?:for|about|that\s+i)|apologi[sz]e\s+for)\s+(?:not\s+)?(?!(?:being|having"
    r"|causing|bothering|troubling|writing|bringing|landing|disturbing|letting|the|this|that|all|any"
    r"|it)\b)[a-z]+(?:ing|ed)\b"
    r"|\bi\s+(?:take|accept)\s+(?:full\s+|complete\s+|total\s+)?responsibility\s+for\b"
)


def _apology_without_facts(norm: str, original: str) -> Iterator[Span]:
    # Facts are figures and times that date something ("this one" is not a number, and
    # "on a Friday" is not a date), or the act I apologise for.
    if _DIGIT.search(norm) is not None or _dated(norm):
        return
    if _MY_ACT.search(norm) is not None or _I_OWN_MY_PART.search(norm) is not None:
        return
    for match in _APOLOGY.finditer(norm):
        yield match.span()


# Ownership handed to an unnamed or future person.
_UNNAMED_OWNER = compile_any(
    (
        # "Someone else" hands it on; "whether anyone else used the key" asks a fact (below).
        r"\b(?:someone|somebody|anyone|anybody)\s+(?:(?:from|on|in|at)\s+(?:my|our|the|their)\s+"
        r"(?:[a-z-]+\s+){0,2}?(?:team|squad|side|group|org|department|vendor)|senior|suitable"
        r"|appropriate|qualified|else)\b",
        r"\bwhoever\s+(?:ends\s+up|winds\s+up|gets|is|takes|picks|owns|inherits)\b",
        # A rota in place of a name: "whoever's on call this week will pick it up".
        r"\bwhoever(?:'s|\s+is|\s+happens\s+to\s+be)\b",
        r"\b(?:someone|somebody)\s+(?:closer|nearer|better\s+placed|better\s+suited|more\s+[a-z]+"
        r"|with\s+(?:more|the\s+right|deeper)|who\s+(?:knows|understands|owns))\b",
        r"\b(?:work|figure|sort|find|decide|agree|hash|thrash)(?:ing)?\s+out\s+who\b",
        r"\b(?:decide|agree|choose)\s+(?:on\s+)?who\b",
        r"\b(?:know|see|learn|find\s+out|hear|confirm|establish)\s+who\s+(?:should|will|'ll|is\s+going\s+to"
        r"|can|would|needs\s+to)\s+(?:pick|take|own|lead|handle|drive|fix|look|run|do)\b",
        r"\bwho\s+(?:owns|will\s+own|should\s+own)\s+what\b",
        r"\bneeds?\s+(?:an|a\s+(?:clear|single|proper))\s+owner\b",
        r"\b(?:no|without\s+an?)\s+(?:clear\s+|single\s+|named\s+)?owner\s+(?:yet|for\s+now|at\s+the\s+moment)\b",
        r"\bowner(?:ship)?\s*(?::|is|-)\s*(?:tbd|tbc|to\s+be\s+(?:decided|confirmed|assigned|determined))\b",
        r"\ban\s+owner\s+(?:will|is\s+to|needs\s+to)\s+be\s+(?:assigned|found|named|appointed|picked)\b",
        r"\b(?:once|when|after)\s+(?:the\s+dust\s+(?:settles|has\s+settled)|things\s+(?:calm|settle)"
        r"\s+down)\b",
        r"\b(?:a|the)\s+(?:new|future|eventual|next)\s+(?:owner|hire|lead|team)\s+(?:will|can|should)\b",
    )
)


# Handing it to a person who is not there yet, whatever the date.
_FUTURE_PERSON = re.compile(
    r"\bwhoever\b|\b(?:someone|somebody|anyone|anybody)\b|\b(?:new|future|eventual|next)\s+"
    r"(?:owner|hire|lead|team)\b"
)


# "We don't know whether anyone else used the key", "if anybody from the vendor's side
# logged in": a question about what happened, not a hand-off.
_ASKS_WHETHER = re.compile(r"\b(?:whether|if|did|has|have|was|were|nor)\s+$")
# After a hand-off word: what the unnamed person would do with it.
_OWNS_IT = re.compile(
    r"\s+(?:(?:will|'ll|should|can|could|must|would|needs?\s+to|has\s+to|is\s+going\s+to|to)\s+)?"
    r"(?:own|pick|take|lead|handle|drive|fix|look|run|do|sort|deal|chase|follow|manage|be\s+(?:assigned"
    r"|responsible|accountable))"
)


def _unnamed_owner(norm: str, original: str) -> Iterator[Span]:
    for match in _UNNAMED_OWNER.finditer(norm):
        if _ASKS_WHETHER.search(
            norm, max(0, match.start() - 12), match.start()
        ) and not _OWNS_IT.match(norm, match.end()):
            continue
        left, right = _sentence_around(norm, match.start(), match.end())
        # "I name the owner by 15:00" is a dated commitment, not a hand-off.
        if _FUTURE_PERSON.match(norm, match.start()) or TIME.search(norm, left, right) is None:
            yield match.span()


# Colloquial actorless change: "the flag got flipped", "the ball got dropped", "human
# error", "a job that ran".
_GOT_DONE = compile_any(
    (
        r"\b(?:got|gets|get|getting|ended\s+up\s+(?:being|getting))\s+(?!(?:back|to|through|better"
        r"|worse|started|used|rid|involved|stuck\s+in|ahead|paid|approved\s+by)\b)"
        r"(?:[a-z]+ed|broken|lost|wiped|overwritten|set|put|left|sent|shut|cut|run|taken|forgotten"
        r"|missed|dropped|blown|thrown|stuck|knocked|pulled|mixed\s+up|messed\s+up|switched\s+off"
        r"|turned\s+off)\b(?!\s+by\b)",
        r"\bhuman\s+error\b",
        r"\b(?:a|an|the|some)\s+(?:[a-z-]+\s+)?(?:job|change|script|process|deploy(?:ment)?|update"
        r"|migration|task|command|query)\s+that\s+(?:ran|was\s+run|went\s+out|happened|got\s+run"
        r"|was\s+made)\b",
        r"\bthere\s+(?:was|were)\s+(?:an?\s+|some\s+)?(?:issue|problem)s?\s+with\b",
        r"\bsomewhere\s+(?:in\s+between|along\s+the\s+(?:line|way))\b",
    )
)


# "We never built the deletion job we promised; it got deprioritized three times": "we"
# owning what we did or failed to do names the actor of the passive that follows.
_WE_OWN_OUR_PART = re.compile(
    r"\bwe\s+(?:should(?:'ve|\s+have)|missed|forgot|chose|decided|skipped|deprioriti[sz]ed|ignored"
    r"|promised|(?:never|didn't|did\s+not|failed\s+to)\s+(?!(?:know|knew|find|found|hear|heard|see|saw"
    r"|understand|understood|reali[sz]e|expect|get\s+told|get\s+(?:a|any)\s+(?:warning|notice))\b))"
    r"|\bour\s+(?:call|mistake|miss|fault|decision|gap)\b"
)


def _colloquial_actorless(norm: str, original: str) -> Iterator[Span]:
    for match in _GOT_DONE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if FIRST_PERSON.search(norm, left, right) is None and not _WE_OWN_OUR_PART.search(
            norm, left, right
        ):
            yield match.span()


# A number without a baseline or scope: "a 30% increase" (of what, from what?), "CPU hit
# 94%", "1.4 TB across 3,200 partitions" (what did it do to whom?).
_CHANGE_PERCENT = compile_any(
    (
        r"(?<![\d.])\d++(?:\.\d+)?\s?%\s+(?:increase|rise|jump|spike|drop|decrease|decline|fall|reduction"
        r"|growth|uptick|improvement|higher|lower|more|fewer|up|down|dip|slump|surge|hike|bump"
        r"|swing|slowdown|loss|gain)\b",
        r"\b(?:up|down|increased|decreased|rose|fell|dropped|grew|jumped|spiked|climbed)\s+(?:by\s+)?"
        r"(?:about\s+|roughly\s+|around\s+|nearly\s+|almost\s+|over\s+|some\s+)?\d+(?:\.\d+)?\s?%",
    )
)
_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+)?[$€£]?\d|\bto\s+(?:about\s+|around\s+)?[$€£]?\d|\bvs\.?|\bversus\b"
    r"|\bcompared\b|\bthan\b|\bbaseline\b|\busual\b|\bnormal\b|\blast\s+(?:week|month|quarter|year)\b"
    r"|-on-|\byoy\b|\bof\s+(?:all|our|the|total)\b"
)
_FROM_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+)?[$€£]?\d[^.;!?\n]{0,30}?\bto\s+(?:about\s+|around\s+)?[$€£]?\d"
    r"|\bcompared\b|\bvs\.?|\bversus\b|\bbaseline\b"
)
_TECH_FIGURE = re.compile(
    # Only where a run of digits starts (never once per digit of "1,1,1,…": linear).
    r"(?<![\d,.])\d[\d,.]*+\s?(?:tb|gb|mb|kb|ms|rps|qps|cores?|partitions|files|pods|nodes|replicas|shards"
    r"|rows|objects|keys|messages|events)\b"
    r"|\b(?:cpu|memory|latency|p\d\d|error\s+rates?|throughput|load|disk)\b[^.;!?\n\d]{0,40}\d"
)
# What a number must be about for the executive: people, money, commitments.
_SCOPE = compile_any(
    (
        rf"\b{_AFFECTED}\b(?![\s-]+{_INFRA_NOUN}\b)",
        r"\b(?:revenue|sales|slas?|contracts?|launch|deadline|audit|refunds?|credits?|fines?)\b",
        r"[$€£]\s?\d",
    )
)


# A figure hedged and left alone: "roughly 2,000 transactions", "around 4 seconds", "2k or
# so". Of how many, over what window, worth what? Quiet when the sentence pins it with a
# second figure ("about 300 of our 1,200 merchants"), a time, money or a baseline.
_APPROX_FIGURE = re.compile(
    r"\b(?:roughly|around|about|approximately|approx|circa|nearly|almost|close\s+to|in\s+the\s+region"
    r"\s+of|ballpark|upwards\s+of|north\s+of|something\s+like|maybe|perhaps|give\s+or\s+take|some)\.?\s+"
    r"(?:[$€£]\s?)?\d(?:[,.]?\d)*+"
    r"|~\s?\d(?:[,.]?\d)*+"
    r"|(?<![\d,.])\d[\d,.]*+\s?(?:k|m)?\s*(?:or\s+so|-?ish|give\s+or\s+take|odd)\b"
)
_DIGIT_RUN = re.compile(r"(?<![\d,.])\d[\d,.]*+")


_BASIS = re.compile(_ESTIMATE_BASIS)


def _approximate_figure_alone(norm: str, start: int, end: int) -> bool:
    if sum(1 for _ in _DIGIT_RUN.finditer(norm, start, end)) > 1:
        return False
    return not (
        TIME.search(norm, start, end)
        or _BASELINE.search(norm, start, end)
        # "About 1,800 parcels went out late; that's extrapolated from the depot scans."
        or _BASIS.search(norm, start, end)
        or re.search(r"[$€£]\s?\d|\d\s?%", norm[start:end])
    )


def _number_without_scope(norm: str, original: str) -> Iterator[Span]:
    for match in _APPROX_FIGURE.finditer(norm):
        start, end = _sentence_around(norm, match.start(), match.end())
        if _approximate_figure_alone(norm, start, end):
            yield match.span()
    for match in _CHANGE_PERCENT.finditer(norm):
        start, end = _sentence_around(norm, match.start(), match.end())
        # "sign-ups are down 60%" says of what; "a 30% increase" does not.
        if _BASELINE.search(norm, start, end) is None and _SCOPE.search(norm, start, end) is None:
            yield match.span()
    if _SCOPE.search(norm) is None:
        figure = _TECH_FIGURE.search(norm)
        # "grew from 80 TB to 310 TB" gives its baseline: a change with its baseline is
        # scoped ("went up to 4%" alone is not).
        if figure is not None and not _in_sentence(_FROM_BASELINE, norm, *figure.span()):
            yield figure.span()


# Vague magnitude: an adjective where the size should be ("elevated", "exploding", "way up").
_VAGUE_MAGNITUDE = compile_any(
    (
        r"\belevated\b",
        r"\btrending\s+(?:up|down|upward|downward|higher|lower)\b",
        r"\bway\s+(?:up|down|higher|lower|more)\b",
        r"\b(?:through\s+the\s+roof|exploding|skyrocket(?:ing|ed)|off\s+the\s+charts)\b",
        r"\b(?:a|an)\s+(?:chunk|portion|fraction|subset|slice|proportion)\s+of\b",
        r"\bacross\s+the\s+board\b",
    )
)


# A vague duration: "for a while", "on and off", "intermittently" (for how long, how often?).
# Quiet when the sentence gives the window.
_VAGUE_DURATION = compile_any(
    (
        r"\bfor\s+(?:a\s+(?:little\s+|good\s+|long\s+|short\s+)?(?:while|bit|spell|stretch)|some\s+time"
        r"|ages|a\s+time)\b",
        r"\b(?:on\s+and\s+off|off\s+and\s+on|here\s+and\s+there|now\s+and\s+(?:then|again)"
        r"|from\s+time\s+to\s+time|every\s+so\s+often|every\s+now\s+and\s+then|at\s+times"
        r"|intermittent(?:ly)?|sporadic(?:ally)?|periodically|occasionally)\b",
    )
)


# "Only 2% of patients were affected": a share played down, with nothing else to weigh it by.
# Quiet when the sentence gives another figure ("…but they include all 40 dialysis bookings").
_ONLY_SHARE = re.compile(
    r"\b(?:only|just|merely)\s+(?:about\s+|around\s+)?\d[\d.]*\s?%\s+of\s+(?:our\s+|the\s+|all\s+)?"
    r"[a-z]+\s+(?:were|was|are|is|have\s+been|got)\s+(?:affected|impacted|hit)\b"
)


def _only_a_share(norm: str, original: str) -> Iterator[Span]:
    for match in _ONLY_SHARE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if sum(1 for _ in _DIGIT_RUN.finditer(norm, left, right)) == 1 and not NUMBER.search(
            norm, match.end(), right
        ):
            yield match.span()


def _vague_duration(norm: str, original: str) -> Iterator[Span]:
    for match in _VAGUE_DURATION.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _DIGIT.search(norm, left, right) is not None:
            continue
        # "For a while" is answered by the window ("since Tuesday"); "on and off" over the
        # weekend still does not say how often.
        if norm.startswith("for", match.start()) and TIME.search(norm, left, right) is not None:
            continue
        yield match.span()


_VAGUE_AMOUNT = compile_any(
    (
        # ...unless a figure follows at once ("some 2,000 users", "several of the 230").
        r"\b(?:some(?!\s+(?:reason|point|time|day|way|kind|sort|extent|of\s+it)\b)"
        r"|a\s+few|a\s+bit(?!\s+of\s+an?\b)|a\s+little|several|lots\s+of|a\s+lot\s+of|loads\s+of|tons\s+of"
        r"|a\s+bunch\s+of|(?<!how\s)(?<!as\s)many|a\s+number\s+of|a\s+handful\s+of"
        r"|a\s+couple\s+of|a\s+couple|a\s+(?:wide\s+|whole\s+)?(?:range|variety|array|host|mix)\s+of"
        r"|various|numerous|multiple|countless"
        r"|significant(?:ly)?|substantial(?:ly)?|considerabl[ey]|certain(?=\s+[a-z]+s\b))\b"
        r"(?!\s+(?:of\s+)?(?:the\s+|our\s+|those\s+)?(?:about\s+|around\s+|roughly\s+)?"
        r"[$€£]?\d)",
    )
)
# "I recommend telling them tomorrow, because several will notice…": a forecast given as the
# reason for a recommendation is not the size of the problem.
_REASON_START = re.compile(r"\b(?:because|since|as|given\s+that)\b")


# "A bit better: 0.8% against 2.1%": a comparison the sentence then measures.
_COMPARATIVE = re.compile(
    r"\s+(?:better|worse|more|less|higher|lower|slower|faster|later|earlier|longer|shorter|bigger"
    r"|smaller|quicker|cheaper|steadier|calmer|quieter|heavier|lighter|sooner|busier|fewer)\b"
)


# "Several retries per request, up to 12", "a number of them (of the 1,200)": the amount is
# given in the same clause or counted in the same sentence.
_BOUNDED_LATER = re.compile(
    r"[^.;!?\n]{0,40}?\b(?:up\s+to|as\s+many\s+as|at\s+least|at\s+most|about|around|roughly)\s+[$€£]?\d"
)
_OF_COUNTED = re.compile(r"(?:\s+of)?\s+(?:them|these|those|which|whom)\b")


# "Some card payments fail; about 2% of payments are affected": the sentence sizes the vague
# word with a figure and its denominator (a share of something, "N of M", "1 in 20").
_SCOPED_FIGURE = re.compile(
    r"\b\d+(?:\.\d+)?\s?%\s+of\s+(?:all\s+|the\s+|our\s+|their\s+)?[a-z]"
    r"|(?<![\d,])\d[\d,]*+\s+(?:of|out\s+of)\s+(?:the\s+|our\s+)?(?:roughly\s+|about\s+)?\d"
    r"|\b(?:1|one)\s+in\s+(?:every\s+)?\d"
)


# A quantifier that only says "not all": its sentence may size it with a count, a window
# or a basis ("some ranked matches failed from 6:02pm to 9:40pm"); see `_SIZES_DOUBT`.
_SIZABLE_AMOUNT = re.compile(
    r"(?:some|a\s+few|several|a\s+handful\s+of|a\s+couple|a\s+number\s+of|many|multiple)\b"
)


def _vague_amount(norm: str, original: str) -> Iterator[Span]:
    # Only a text with a recommendation or a comparison pays for the sentence look-ups.
    recommends = _RECOMMENDS.search(norm) is not None
    scoped = _SCOPED_FIGURE.search(norm) is not None
    for match in _VAGUE_AMOUNT.finditer(norm):
        if _BOUNDED_LATER.match(norm, match.end()):
            continue
        if _SIZABLE_AMOUNT.match(norm, match.start()) and _doubt_sized(
            norm, match.start(), match.end()
        ):
            continue
        if scoped and _in_sentence(_SCOPED_FIGURE, norm, match.start(), match.end()):
            continue
        partitive = norm.endswith("of", match.start(), match.end()) or norm.startswith(
            " of", match.end()
        )
        if (
            partitive
            and _OF_COUNTED.match(norm, match.end())
            and _in_sentence(_DIGIT, norm, match.start(), match.end())
        ):
            continue
        compares = _COMPARATIVE.match(norm, match.end()) is not None
        if compares or recommends:
            left, right = _sentence_around(norm, match.start(), match.end())
            if compares and _DIGIT.search(norm, left, right):
                continue
            reason = _mark_before(_REASON_START, norm, left, match.start()) if recommends else -1
            if reason >= 0 and _RECOMMENDS.search(norm, left, reason):
                continue
        yield match.span()


def _vague_magnitude(norm: str, original: str) -> Iterator[Span]:
    for match in _VAGUE_MAGNITUDE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if NUMBER.search(norm, left, right) is None:
            yield match.span()


# A plan that commits to nothing checkable: a future action with no time in its sentence.
_FUTURE_ACTION = re.compile(
    r"\b(?:will|'ll|going\s+to|plan(?:s|ning)?\s+to|intend\s+to|aim\s+to|want\s+to|next\s+steps?"
    r"|longer[- ]term|(?:is|are)\s+(?:being|in\s+progress)"
    # "customers don't need to take any action" says no plan is needed; it is not one.
    r"|(?<!n't\s)(?<!not\s)(?<!never\s)(?<!no\s)(?:need|needs|have)\s+to"
    r"|(?:is|are|'re)\s+(?:now\s+|actively\s+)?(?:prioriti[sz]ing|pursuing|progressing|exploring"
    r"|evaluating|assessing|scoping|working\s+towards?)"
    r"|(?:if|as|when)\s+(?:needed|necessary|required|appropriate))\b"
    r"|^(?:[-*•]\s*)?(?:add|improve|review|investigate|fix|patch|update|monitor|deploy|roll"
    r"|re-?run|follow|tighten|prioriti[sz]e|clean|document|audit|check|look|write|create|set"
    r"|migrate|refactor|rework|automate|train|communicate|notify|contact|increase|reduce)\b"
    # ...a verb, not a noun with its news: "Fix deployed", "Update is live", "Patch went out".
    r"(?!\s+(?:[a-z]+ed|is|was|are|were|has|had|went|shipped|done|out|live|in\s+place|now)\b)"
    # ...nor a numbered label: "Update 3 of 4:", "Review #2".
    r"(?!\s+(?:\d|#|no\.\s*\d))"
)
_BOUNDED = re.compile(r"\b(?:until|unless|if(?!\s+(?:needed|necessary|required)))\b")
_RECURRING = re.compile(
    r"\b(?:daily|weekly|monthly|quarterly|annually|nightly|hourly|every\s+(?:day|week|month"
    r"|quarter|year|morning|evening|sprint|release|deploy))\b"
)


def _untimed_plan(norm: str, original: str) -> Iterator[Span]:
    for start, end in sentences(norm):
        action = _FUTURE_ACTION.search(norm[start:end])
        if action is None or TIME.search(norm, start, end) or _RECURRING.search(norm, start, end):
            continue
        if _ALREADY_DONE.search(norm, start, end) or _TRIED.search(norm, start, end):
            continue
        if _CONTEXT_LABEL.match(norm, start, end) or _BOUNDED.search(norm, start, end):
            continue
        yield (start + action.start(), start + action.end())


# An update full of motion and no news: only when the update gives no time at all, since
# "no change since 14:00; next update 15:00" is a good update.
_EMPTY_PROGRESS = compile_any(
    (
        r"\bthings\s+are\s+(?:progressing|moving|ticking\s+along)\b",
        r"\b(?:continues?|continuing|still)\s+(?:to\s+)?(?:work|working|investigat[a-z]*|look(?:ing)?"
        r"|dig(?:ging)?)\s+(?:on|into|at)\b",
        r"\b(?:remains?|still)\s+(?:fluid|evolving|ongoing|in\s+progress|under\s+investigation)\b",
        r"\b(?:fully|all|completely)\s+engaged\b",
        r"\b(?:working|worked)\s+(?:really\s+|very\s+|incredibly\s+|so\s+)?hard\b",
        r"\bmorale\s+(?:is|remains|stays)\b",
        r"\b(?:doing|did)\s+(?:our|their|my)\s+(?:very\s+)?best\b",
        r"\b(?:doing|did)\s+everything\s+(?:we|they|i)\s+can\b",
        r"\bheads[- ]down\b",
        r"\ball\s+hands\s+on\s+deck\b",
        # A status colour in place of the metric: "status is still yellow, as last week".
        r"\b(?:status|rag|rating|project|programme|it|we|we're|things)\s+(?:is|are|'s|remains?|stays?)\s+"
        r"(?:still\s+|firmly\s+)?(?:at\s+)?(?:red|amber|yellow|green)\b",
        r"\b(?:still|remains?|stays?)\s+(?:at\s+)?(?:red|amber|yellow|green)\b",
        r"\b(?:same|unchanged|no\s+change)\s+(?:as|from|since|on)\s+last\s+(?:week|time|update|report)\b",
        r"\bnothing\s+(?:new|much|more|significant|further|major)\s+to\s+(?:report|share|add|say)\b",
        r"\bno\s+(?:real\s+)?(?:change|news|progress|update)s?\s+(?:yet|so\s+far|to\s+report)\b",
        r"\bno\s+(?:real\s+)?(?:change|news|progress)s?\s+(?:from|since)\s+(?:the\s+|my\s+|our\s+)?"
        r"(?:previous|last|earlier)\s+(?:update|one|note|message|email)\b",
        r"\bsame\s+as\s+(?:before|yesterday|last\s+time|earlier|this\s+morning)\b",
        r"\bstatus\s+(?:unchanged|quo)\b",
        r"\b(?:we're|we\s+are|still)\s+monitoring\b(?!\s+(?:for|until|through))",
        r"\bgetting\s+there\b",
        r"\bno\s+news\s+is\s+good\s+news\b",
        r"\bchecking\s+in\b",
        r"\bhaven't\s+forgotten\b",
        r"\bon\s+(?:our|my)\s+radar\b",
        r"\blooking\s+(?:at|into)\s+(?:the\s+rest|it|this|options|next\s+steps)\b",
        # Work that continues, and monitoring of nothing in particular.
        r"\b(?:continues?|continuing|will\s+continue|keep|keeps|keeping)\s+(?:to\s+)?(?:monitor"
        r"|watch|track|observe|keep\s+an\s+eye|review|assess|progress)\b",
        r"\b(?:work|efforts?|investigations?|analysis|activity|remediation|discussions?)\s+"
        r"(?:[a-z-]+\s+){0,5}?(?:continues?|(?:is|are|remains?|stays?)\s+(?:continuing|ongoing|under\s?way"
        r"|progressing|in\s+hand))\b",
        r"\bmonitor(?:ing)?\s+(?:the\s+situation|things|developments|progress)\b",
        r"\b(?:remain|remains|are|is|stay|staying|keep|keeping)\s+in\s+(?:close\s+|regular\s+|constant\s+"
        r"|daily\s+|frequent\s+|ongoing\s+)?(?:contact|touch|communication|dialogue|conversation)\b",
        r"\bno\s+(?:major|significant|real|big|material|notable|meaningful|substantive)\s+"
        r"(?:changes?|updates?|news|progress|developments?|movement)\b",
        # "Nothing much has changed", "not a lot to report", "keeping a close eye on it".
        r"\b(?:nothing|not\s+(?:much|a\s+lot|a\s+great\s+deal|too\s+much|anything))\s+(?:much\s+|really\s+"
        r"|significant\s+|major\s+|new\s+|else\s+)?(?:has\s+|have\s+|'s\s+|had\s+)?(?:really\s+)?(?:changed"
        r"|moved|happened|shifted|progressed)\b",
        r"\bnot\s+(?:much|a\s+lot|anything|a\s+great\s+deal)\s+(?:new\s+|more\s+)?to\s+(?:report|share"
        r"|add|say|tell)\b",
        r"\b(?:keep|keeps|keeping|kept)\s+(?:a\s+)?(?:close\s+|careful\s+|watchful\s+|firm\s+|constant\s+)?"
        r"(?:eye|eyes|watch|tabs)\s+on\b",
        r"\bwatching\s+(?:it|this|things|the\s+situation|developments)\s+(?:closely|carefully)\b",
        r"\b(?:all\s+quiet|more\s+of\s+the\s+same|business\s+as\s+usual|much\s+the\s+same)\b",
        r"\bstill\s+(?:the\s+same|no\s+change|nothing\s+new|where\s+we\s+were)\b",
    )
)


def _empty_progress(norm: str, original: str) -> Iterator[Span]:
    if TIME.search(norm) is not None:
        return
    for match in _EMPTY_PROGRESS.finditer(norm):
        yield match.span()


# Effort counted instead of outcome: tickets closed, PRs merged, hours worked.
_ACTIVITY = phrases(
    r"\b(?:closed|merged|opened|filed|raised|handled|completed|shipped|wrote|held|had|ran|reviewed)"
    r"\s+(?:over\s+|more\s+than\s+|about\s+|nearly\s+)?\d[\d,]*+\s+(?:[a-z]+\s+)?(?:tickets|prs"
    r"|pull\s+requests|commits|issues|stories|story\s+points|meetings|calls|syncs|standups)\b",
    r"(?<![\d,])\d[\d,]*+\s+(?:engineers|people|folks)\s+(?:are\s+|have\s+been\s+)?(?:working\s+on|assigned"
    r"|on\s+(?:it|this|the\s+problem))\b",
    r"(?<![\d,])\d[\d,]*+\s+(?:hours|person-?(?:hours|days)|engineer-?(?:hours|days))\s+(?:spent|worked|of\s+work"
    r"|of\s+effort)\b",
)

# An ask that requests a feeling, not a decision (only when no decision is named).
_SOFT_ASK = (
    r"\b(?:any|all\s+the)\s+support\b",
    r"\b(?:would|'d|will)\s+be\s+(?:(?:hugely|greatly|much|really|very|so)\s+)?(?:appreciated|welcome)\b",
    r"\b(?:would|'d)\s+(?:love|appreciate|welcome|value|like)\s+(?:your\s+|any\s+|some\s+)?(?:input|thoughts"
    r"|views?|perspective|take|steer|guidance|support|help|buy-in|advice|patience|understanding)\b",
    r"\b(?:love|like|appreciate)\s+your\s+(?:input|perspective|thoughts|views?|take|steer)\b",
    r"\byour\s+(?:buy-in|patience|understanding|guidance|advice|help|support|input|perspective"
    r"|thoughts|views?|take|steer)\b",
    r"\b(?:would|'d)\s+be\s+(?:(?:really|very|so|hugely)\s+)?(?:valuable|useful|helpful|great)\b",
    r"\b(?:think|reflect)\s+(?:about|on)\s+whether\b",
    r"\b(?:to\s+)?be\s+aware\b",
    r"\btake\s+it\s+from\s+there\b",
    r"\ball\s+ears\b",
    r"\bhow\s+you'd\s+like\s+(?:us\s+|me\s+)?to\s+(?:proceed|handle|play|approach)\b",
    r"\b(?:general|overall|broad|rough)\s+direction\b",
    r"\banything\s+you\s+(?:feel|think)\s+we\s+should\b",
    r"\blet\s+(?:me|us)\s+know\s+(?:how|what|whether)\b",
    # An ask with nothing in it: "Please advise.", "Over to you.", "Awaiting your direction."
    r"\b(?:please\s+)?advise\s*(?:[.!]|$|please\b|on\s+(?:next\s+steps|how|the\s+way))",
    r"\b(?:awaiting|await|wait\s+for|look\s+forward\s+to)\s+your\s+(?:direction|instructions?"
    r"|steer|guidance|advice|response|reply|views?|thoughts)\b",
    r"\bover\s+to\s+you\b",
    r"\b(?:need|want|looking\s+for|would\s+like|seeking|after)\s+(?:a|some|your|any)\s+(?:steer|guidance"
    r"|direction|input|view|thoughts|advice|support)\b",
    # Agreement wanted, with nothing to agree to: "I'd love to get alignment from leadership
    # on the path forward".
    r"\b(?:get|getting|reach|reaching|gain|build|secure|find|drive|achieve)\s+(?:some\s+|more\s+"
    r"|better\s+|full\s+|clear\s+)?(?:alignment|consensus|buy-in|clarity)\b",
    r"\b(?:the|a)\s+(?:path|way|route)\s+forward\b",
    r"\bhow\s+(?:to|we\s+should|i\s+should|best\s+to)\s+(?:proceed|handle\s+(?:it|this)"
    r"|move\s+forward|play\s+(?:it|this))\b",
)


# ---------------------------------------------------------------------------------------
# Habits written from their kind (batch 6): each is a shape of sentence, not a phrase list
# ---------------------------------------------------------------------------------------

# An impact sized by a feeling instead of a figure: "can't really be measured", "a real
# setback for the team", "touched everybody to some degree". Only with no digit or time in
# the sentence: "hard to size beyond the 230 accounts" gives the figure it has.
_UNSIZED = compile_any(
    (
        r"\b(?:hard|difficult|impossible|tricky|too\s+early|too\s+soon)\s+to\s+(?:really\s+)?"
        r"(?:quantify|measure|size|gauge|estimate|put\s+(?:a\s+)?(?:number|figure|size)s?\s+on)\b",
        r"\b(?:can't|cannot|can\s+not|couldn't|could\s+not)\s+(?:really\s+|easily\s+)?"
        r"(?:be\s+)?(?:quantif(?:y|ied)|measured?|sized?|put\s+(?:a\s+)?(?:number|figure)\s+on)\b",
        r"\bdifficult\s+to\s+put\s+into\s+(?:numbers|figures)\b",
        r"\ba\s+(?:(?:very|really|pretty)\s+)?(?:big|huge|major|massive|real|serious|heavy|severe"
        r"|significant|painful)\s+(?:blow|hit|knock|setback|loss|dent)\b",
        r"\b(?:it's|it\s+is|this\s+is|it\s+was|this\s+was)\s+a\s+setback\b",
        # "Sales were affected quite badly", "hit hard", "severely impacted".
        r"\b(?:affected|impacted|hit|hurt|damaged|disrupted)\s+(?:quite\s+|very\s+|pretty\s+|really\s+"
        r"|fairly\s+|rather\s+)?(?:badly|heavily|severely|hard|considerably|materially|seriously)\b",
        r"\b(?:badly|heavily|severely|seriously|materially)\s+(?:affected|impacted|hit|hurt|damaged"
        r"|disrupted)\b",
        # "Revenue took a hit", "sales have been hurt", "the brand got dented".
        r"\b(?:an?\s+|some\s+)?(?:knock-on|ripple|downstream)\s+(?:effects?|impacts?|consequences)\b",
        r"\b(?:took|taken|taking|takes|take|suffered|had)\s+a\s+(?:bit\s+of\s+a\s+)?(?:hit|knock|beating|dent"
        r"|bath|blow|battering|bruising)\b",
        r"\b(?:was|were|has\s+been|have\s+been|got|is|are)\s+(?:badly\s+|heavily\s+|seriously\s+|really\s+"
        r"|significantly\s+|quite\s+|definitely\s+)?(?:hurt|dented|damaged|hammered|hit\s+hard)\b",
        r"\b(?:in|to)\s+(?:one|some)\s+(?:way|degree|extent)\s+or\s+(?:another|other)\b",
        r"\bone\s+way\s+or\s+(?:the\s+)?(?:another|other)\b",
        r"\b(?:pretty\s+much|virtually|practically|basically|more\s+or\s+less)\s+(?:everyone"
        r"|everybody|everything|all\s+of\s+(?:us|them))\b",
        r"\b(?:everyone|everybody)\s+(?:has\s+been|was|is|got)\s+(?:affected|impacted|hit|touched)\b",
    )
)


def _impact_by_feeling(norm: str, original: str) -> Iterator[Span]:
    for match in _UNSIZED.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        # "This month" says when, not how much.
        if _DIGIT.search(norm, left, right) is None and not _dated(norm[left:right]):
            yield match.span()


# The news told as its category: "we had an incident with the app yesterday", "there's been
# an issue with payments", "we've run into some problems". Quiet with a figure, a count or
# "all customers" in the sentence.
_GENERIC_EVENT_PHRASE = _quiet_with(
    NUMBER,
    FIRST_PERSON,
    # "There is a problem with the signing key: it expired…" goes on to say what it is.
    re.compile(r"[:;]|\b(?:because|so|which|where|whereby)\b"),
    patterns=(
        r"\b(?:we(?:'ve|\s+have|'re|\s+are)?\s+(?:had|have|having|experienced|experiencing|hit|ran\s+into"
        r"|run\s+into|running\s+into|faced|facing|encountered|encountering|seen|seeing)|there(?:'s|\s+is"
        r"|\s+was|\s+were|\s+has|\s+have)(?:\s+been)?)\s+(?:an?\s+|some\s+)?(?:(?:small|minor|major"
        r"|serious|big|unexpected|unfortunate|significant|technical|little)\s+)?(?:incident|issue|problem"
        r"|outage|glitch|situation|challenge|disruption|difficult(?:y|ies)|hiccup|snag|matter"
        r"|development)s?\b",
    ),
)


def _generic_event(norm: str, original: str) -> Iterator[Span]:
    # Mark the word for the event ("incident"), as the other vague words are marked.
    for start, end in _GENERIC_EVENT_PHRASE(norm, original):
        yield (norm.rfind(" ", start, end) + 1 or start, end)


# Blame on another party's communication: "down to the supplier never announcing it",
# "poor comms from the agency". The party is named before the failure to communicate, or
# after "from".
_NOT_COMMUNICATING = re.compile(
    r"\b(?:not|never|without|failing\s+to|failed\s+to|didn't|did\s+not)\s+(?:clearly\s+"
    r"|properly\s+|really\s+|adequately\s+)?(?:communicat|announc|notif|inform|document"
    r"|tell|flag|warn|publicis|advertis|explain)[a-z]*\b"
)
_POOR_COMMS_FROM = re.compile(
    r"\b(?:poor|unclear|bad|late|lack\s+of|no|insufficient|inadequate|confusing|patchy|vague)\s+"
    r"(?:communication|comms|notice|warning|documentation|docs|heads-up|messaging)\s+"
    r"(?:from|by|on\s+the\s+part\s+of)\s+"
)


def _blames_communication(norm: str, original: str) -> Iterator[Span]:
    for match in _NOT_COMMUNICATING.finditer(norm):
        start = _after_first_person(norm, _clause_start(norm, match.start()), match.start())
        if FIRST_PERSON.search(norm, _clause_start(norm, match.start()), match.start()):
            continue
        if _party_in(
            norm, original, start, match.start(), names=True
        ) >= 0 and not _owned_in_sentence(norm, match.start(), match.end()):
            yield (_skip_space(norm, start), match.end())
    for match in _POOR_COMMS_FROM.finditer(norm):
        end = _clause_end(norm, match.end())
        party = _party_in(norm, original, match.end(), end, names=True)
        if party >= 0:
            yield (match.start(), party)


# An assumption as the cause, resting on someone else's act: "Finance had approved it, so
# we took it as read…". The party comes first; "I assumed the retry would cover it" owns it.
_ASSUMED = re.compile(
    r"\b(?:we|i)\s+(?:had\s+)?(?:just\s+|simply\s+|naturally\s+)?(?:assumed|presumed|took\s+it"
    r"\s+(?:as\s+read|for\s+granted)|took\s+for\s+granted|trusted\s+that|figured|relied\s+on"
    r"\s+that)\b"
)


def _assumed_from_others(norm: str, original: str) -> Iterator[Span]:
    for match in _ASSUMED.finditer(norm):
        left, _ = _sentence_around(norm, match.start(), match.end())
        left = max(left, match.start() - 160)
        if _party_in(norm, original, left, match.start(), names=True) >= 0:
            yield (_skip_space(norm, left), match.end())


# A passive that hides who acted, in a cause: "a change was deployed", "it was not caught
# in review". `_ACTORLESS` needs a fault noun ("an error was introduced") and
# `passive-hides-actor` runs only in the opener and ownership, so a cause told in the
# passive about an ordinary subject went unmarked. Quiet when the sentence names the actor
# ("I", "we", a team or a person) or the passive sits in a clause that only says when.
_WE = re.compile(r"\b(?:we|we're|we've|we'd|we'll|us|our)\b")
_CAUSE_PASSIVE = re.compile(
    rf"\b(?:was|were|been|being|is|are|got|get|gets|getting)(?:{NOT})?\s+(?:never\s+)?"
    r"(?:fully\s+|properly\s+|ever\s+)?"
    # Acts only people do (release, review, judgement). "Dropped", "changed", "done" are as
    # often what a machine or a step did: "the policy was changed to public" is mechanism.
    r"(?:introduced|missed|overlooked|deployed|pushed|merged|shipped|released|skipped"
    r"|forgotten|ignored|misconfigured|approved|caught|noticed|flagged|escalated|tested|reviewed"
    r"|decided|signed\s+off|rolled\s+out|let\s+slip)\b(?!\s+by\b)"
)


def _actorless_passive(norm: str, original: str) -> Iterator[Span]:
    for match in _CAUSE_PASSIVE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if FIRST_PERSON.search(norm, left, right) or _WE.search(norm, left, right):
            continue
        if _TEMPORAL.search(norm, max(left, match.start() - 60), match.start()):
            continue
        if _party_in(norm, original, left, match.start(), names=True) >= 0:
            continue
        if _reported_state(norm, match.start(), match.end()):
            continue
        yield match.span()


# A cause that is only a trend: "spend grew with higher demand across various products".
_TREND_CAUSE = re.compile(
    r"\b(?:due\s+to|because\s+of|driven\s+by|owing\s+to|caused\s+by|from|result\s+of|thanks\s+to"
    r"|with)\s+(?:an?\s+|the\s+)?(?:general\s+|overall\s+)?(?:increased|increasing|higher|growing"
    r"|rising|more|heavier|additional|extra|greater|reduced|lower|falling)\s+(?:usage|use|demand"
    r"|traffic|load|volumes?|activity|spend|costs?|consumption|adoption|headcount|prices?)\b"
)


def _trend_as_cause(norm: str, original: str) -> Iterator[Span]:
    for match in _TREND_CAUSE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _DIGIT.search(norm, left, right) is None:
            yield match.span()


# Declining to give even a preliminary cause: "too soon to draw conclusions". Quiet when the
# text gives its working theory anyway.
_NO_PRELIMINARY = compile_any(
    (
        r"\b(?:premature|too\s+early|too\s+soon|early\s+days)\s+(?:to|for)\s+(?:speculat[a-z]*"
        r"|say|comment|guess|draw\s+(?:any\s+)?conclusions|point\s+(?:to|at)|name\s+a\s+cause"
        r"|attribute|call\s+it|conclude)\b",
        r"\b(?:won't|will\s+not|don't\s+want\s+to|do\s+not\s+want\s+to|rather\s+not|can't|cannot"
        r"|not\s+going\s+to|prefer\s+not\s+to|reluctant\s+to)\s+(?:speculate|guess|comment\s+on"
        r"\s+(?:the\s+)?cause)\b",
        r"\b(?:until|before|till)\s+(?:the\s+)?(?:investigation|review|rca|root\s+cause\s+analysis"
        r"|post-?mortem|analysis)\s+(?:is\s+)?(?:complete[ds]?|concludes|finishes|is\s+done"
        r"|has\s+concluded)\b",
    )
)


# "Root cause is under investigation": no cause, and no time by which there will be one.
_CAUSE_UNKNOWN = _quiet_with(
    TIME,
    patterns=(
        # "Still trying to figure out what happened", "we don't know why yet".
        r"\b(?:still\s+)?(?:trying|working|looking)\s+to\s+(?:figure|work|find|suss|sort)\s+out\s+"
        r"(?:what|why|how|exactly)\b",
        r"\b(?:still\s+)?(?:don't|do\s+not|doesn't|does\s+not)\s+(?:really\s+|yet\s+|fully\s+)?"
        r"(?:know|understand)\s+(?:yet\s+)?(?:what|why|how)\s+(?:happened|it\s+happened|this\s+happened"
        r"|went\s+wrong|it\s+broke|caused)\b",
        r"\b(?:root\s+)?cause\s+(?:is|remains|still|is\s+still)\s+(?:still\s+)?(?:under\s+investigation|unknown"
        r"|unclear|tbd|tbc|to\s+be\s+(?:determined|confirmed|established)|being\s+(?:investigated|determined"
        r"|looked\s+into|established|worked\s+out))\b",
    ),
)


def _no_preliminary_cause(norm: str, original: str) -> Iterator[Span]:
    if _CONFIDENCE_STATED.search(norm) is not None:
        return
    for match in _NO_PRELIMINARY.finditer(norm):
        yield match.span()
    yield from _CAUSE_UNKNOWN(norm, original)


# Ownership that is only awareness or routing: "the right people are across it", "this is
# being dealt with", "passed to the appropriate team".
_AWARENESS = compile_any(
    (
        r"\b(?:is|are|'s|'re|been|being)\s+(?:now\s+|fully\s+|well\s+|all\s+)?(?:made\s+)?"
        r"(?:aware|across\s+(?:it|this|the\s+issue)|in\s+the\s+loop|looped\s+in|sighted|copied\s+in"
        r"|briefed|informed)\b",
        r"\b(?:it's|it\s+is|this\s+is|this's|that's|that\s+is|it\s+has\s+been|this\s+has\s+been)"
        r"\s+(?:now\s+|all\s+)?being\s+(?:handled|dealt\s+with|looked\s+(?:at|into)|managed"
        r"|taken\s+care\s+of|actioned|worked\s+on|progressed|addressed)\b(?!\s+by\b)",
        r"\b(?:relevant|appropriate|right|respective|responsible|necessary|wider)\s+"
        r"(?:stakeholders?|people|person|parties|party|folks|owners?|teams?|groups?|functions?"
        r"|channels?)\b",
        r"\b(?:raised|flagged|escalated|passed|forwarded|referred|routed|handed)\s+(?:it\s+|this\s+)?"
        r"(?:on\s+)?(?:with|to)\s+(?:the\s+)?(?:stakeholders|people\s+concerned|powers\s+that\s+be)\b",
    )
)


def _awareness_not_ownership(norm: str, original: str) -> Iterator[Span]:
    for match in _AWARENESS.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        # "I've briefed legal and I own the reply" names the owner; a time makes it a plan.
        if FIRST_PERSON.search(norm, left, right) or TIME.search(norm, left, right):
            continue
        yield match.span()


# An opener that states a process, not the news: "We've had an email from a customer
# about billing". Quiet when it carries a figure.
_PROCESS_OPENER = re.compile(
    r"\b(?:we|i)(?:'ve|\s+have)?\s+(?:received|had|got|been\s+sent|been\s+contacted\s+by"
    r"|been\s+made\s+aware\s+of)\s+(?:an?|some|one)\s+(?:[a-z-]+\s+){0,2}?(?:message|email"
    r"|report|complaint|query|note|call|ticket|request|letter|enquiry|inquiry|question)\b"
)


def _process_opener(norm: str, original: str) -> Iterator[Span]:
    for match in _PROCESS_OPENER.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _DIGIT.search(norm, left, right) is None:
            yield match.span()


# ---------------------------------------------------------------------------------------
# Habits written from their kind (batch 7 and the kinds a new writer brings next)
# ---------------------------------------------------------------------------------------
#
# Each check below is a shape of sentence: a feeling where a fact belongs, a decision with
# nobody who made it, ownership handed to a forum, a promise borrowed from someone else.
# Most stay quiet when the same sentence carries the fact the habit leaves out (a figure,
# a time, a named owner), because a strong writer uses the same words next to the fact.


# Understatement: the size told as a shortfall from the plan ("not entirely to plan", "a
# little behind", "less than ideal", "largely under control"). Quiet next to a figure:
# "slightly behind: 9 of 12 regions moved" gives the size.
_UNDERSTATEMENT = _quiet_with(
    _DIGIT,
    patterns=(
        r"(?:\bnot|n't)\s+(?:(?:gone|go|went|going|run|ran|worked\s+out|panned\s+out|played\s+out"
        r"|landed|turned\s+out|been)\s+)?(?:(?:entirely|quite|exactly|totally|completely|fully"
        r"|altogether|all\s+that|100%)\s+)?(?:to\s+plan|according\s+to\s+plan|as\s+planned"
        r"|(?:as|so)\s+(?:smoothly|well|cleanly)|as\s+(?:we'd\s+|we\s+had\s+|i'd\s+)?(?:hoped"
        r"|wanted|liked)|the\s+way\s+(?:we|i)\s+(?:hoped|planned|wanted))\b",
        r"\b(?:less\s+than|far\s+from|not\s+exactly|not\s+quite)\s+(?:ideal|perfect|smooth"
        r"|optimal|great|stellar|our\s+best)\b",
        # "The demo did not go great", "the rollout hasn't gone brilliantly".
        r"(?:\bnot|n't)\s+(?:go|gone|went|going)\s+(?:(?:all\s+)?that\s+|so\s+|too\s+|very\s+)?(?:great|well|brilliantly"
        r"|smoothly|perfectly|ideally|amazingly|fantastically)\b",
        r"\b(?:could|might)\s+have\s+gone\s+(?:a\s+(?:bit|little|lot)\s+)?(?:better|smoother"
        r"|more\s+smoothly)\b",
        r"\b(?:a\s+(?:little|touch|tad|smidge|fraction)|slightly|somewhat|marginally"
        r"|a\s+(?:bit|little)\s+(?:more|further))\s+(?:behind|late|off(?:\s+track)?|over|delayed"
        r"|slower|short|bumpy|rocky|messy|below|worse|disappointing|longer)\b",
        r"\b(?:bumpy|rocky|choppy)\s+(?:one|start|ride|patch|week|rollout|launch|road|few\s+days)\b",
        r"\bteething\s+(?:problems|issues|troubles|pains)\b",
        r"\brough\s+edges\b",
        r"\bnot\s+(?:our|my|the\s+team's)\s+(?:finest|best)\s+(?:hour|moment|week|work)\b",
        r"\b(?:(?:largely|mostly|broadly|basically|generally|pretty\s+much|more\s+or\s+less"
        r"|essentially|reasonably|fairly|well)\s+)?(?:under\s+control|in\s+hand)\b",
        r"\b(?:learning|growth|teachable)\s+(?:opportunity|moment|experience)\b",
        r"\b(?:impact|exposure|damage|effect|disruption|fallout|harm|risk)\s+(?:is|was|has\s+been"
        r"|remains|looks|seems)\s+(?:(?:fairly|quite|relatively|pretty|very|rather)\s+)?(?:modest|mild"
        r"|manageable|contained|limited|small|minor|low|light|slight)\b",
        r"\bin\s+the\s+(?:grand\s+scheme|big\s+picture|scheme\s+of\s+things|wider\s+scheme)\b",
        r"\b(?:could|might)\s+have\s+been\s+(?:much\s+|a\s+lot\s+|far\s+|way\s+)?worse\b",
        r"\b(?:recoverable|survivable)\b",
        r"\bbit\s+of\s+an?\s+(?!saga\b)[a-z]+",
        r"\b(?:any|the)\s+inconvenience\b",
        r"\b(?:hardly|barely|scarcely)\s+(?:anyone|anybody|any\s+[a-z]+)\s+(?:noticed|will\s+notice"
        r"|complained|was\s+affected|were\s+affected)\b",
        r"\bmost\s+(?:people|customers|users|clients)\s+(?:won't|will\s+not|didn't|did\s+not"
        r"|wouldn't|would\s+not)\s+(?:have\s+)?(?:notice|noticed|care|mind)\b",
    ),
)

# A cause named by its category ("technical debt", "growing pains", "a process gap"): the
# kind of fault, not the fault. Quiet when the author names it as theirs or gives a figure.
_CATEGORY_CAUSE = _quiet_with(
    _DIGIT,
    FIRST_PERSON,
    patterns=(
        r"\b(?:miscommunication|misunderstanding|misalignment|crossed\s+wires|lack\s+of\s+(?:communication"
        r"|alignment|clarity|ownership|visibility|coordination))\b",
        r"\b(?:upstream|downstream|third-party|external|dependency|infrastructure|infra|network"
        r"|environmental|system|platform|integration|connectivity|stability|configuration|config"
        r"|data|technical|resourcing|capacity|performance)\s+(?:issues|problems|challenges|difficulties"
        r"|instability|hiccups|constraints|factors)\b",
        r"\b(?:technical|tech)\s+debt\b",
        r"\blegacy\s+(?:issues|decisions|reasons|baggage|problems|systems?\s+(?:issues|problems))\b",
        r"\bgrowing\s+pains\b",
        r"\bcatch(?:ing|es|ed)?\s+up\s+(?:with|on)\s+us\b",
        r"\bclassic\s+(?:case|example)\b",
        r"\b(?:many|multiple|several|various|a\s+number\s+of)\s+contributing\s+factors\b",
        r"\bnot\s+(?:just\s+)?(?:one|a\s+single)\s+(?:thing|cause|factor)\b",
        r"\b(?:process|communication|comms|coordination|handover|hand-off)\s+(?:gaps?|breakdowns?)\b",
        # The kind of mistake, not the mistake: "a configuration mistake", "human oversight",
        # "legacy code, basically", "the database couldn't handle the load".
        r"\b(?:an?\s+)?(?:config(?:uration)?|human|process|coding|code|deployment|data|setup|set-up"
        r"|communication|operational|procedural|manual)\s+(?:mistake|error|issue|slip|oversight|failure"
        r"|problem|gap|lapse|mix-?up|glitch)s?\b",
        r"\blegacy\s+(?:code|stuff|tech|technology|platform|architecture|components?)\b",
        r"\b(?:old|ageing|aging|outdated)\s+(?:code|systems?|tech|technology|infrastructure|stack)\b",
        r"\b(?:couldn't|could\s+not|can't|cannot|wasn't\s+able\s+to|failed\s+to)\s+(?:handle|cope\s+with"
        r"|keep\s+up\s+with|take|withstand|absorb|deal\s+with)\s+(?:the\s+)?(?:load|traffic|volume|demand"
        r"|spike|surge|pressure|scale|peak)\b",
        r"\b(?:a\s+)?(?:combination|mix|series|chain|number)\s+of\s+(?:things|factors|issues|events"
        r"|circumstances)\b",
    ),
)

# A culprit named by its kind: "caused by an edge case in the payment flow", "a bug in the
# export". Quiet when the sentence explains it or owns it.
_KIND_OF_CULPRIT = _quiet_with(
    _DIGIT,
    FIRST_PERSON,
    re.compile(r"[:;]|\b(?:because(?!\s+of)|so|which|when|where|whenever|if|that)\b"),
    patterns=(
        r"\b(?:an?\s+)?(?:(?:unusual|rare|obscure|weird|strange|odd)\s+)?(?:edge|corner)\s+cases?\b",
        r"\b(?:caused\s+by|due\s+to|down\s+to|because\s+of)\s+(?:an?\s+|some\s+)?(?:(?:small|minor|nasty"
        r"|subtle|weird|strange|odd|silly)\s+)?(?:bug|glitch|defect|fault|error|issue|problem)\b",
    ),
)
# A change with nobody who made it: "a change made on Tuesday broke the export".
_UNOWNED_CHANGE = _quiet_with(
    FIRST_PERSON,
    _WE,
    _DIGIT,
    re.compile(r"\bby\b"),
    patterns=(
        r"\b(?:a|the|some|an)\s+(?:[a-z-]+\s+)?(?:change|update|deploy(?:ment)?|release|patch|fix|migration"
        r"|script|commit|tweak)\s+(?:that\s+was\s+|which\s+was\s+)?(?:made|pushed|deployed|applied|introduced"
        r"|shipped|merged|rolled\s+out|released|done)\b",
    ),
)

# A process, a system or the checks as the culprit: "the process let us down".
_EXPLAINED = re.compile(r"\b(?:because|since)\b")
_PROCESS_FAILED = _quiet_with(
    FIRST_PERSON,
    # "…didn't catch it because config changes skip the canary" gives the mechanism.
    _EXPLAINED,
    patterns=(
        # An artefact judged wrong with no one who made it: "the design was just wrong".
        r"\b(?:the|our|some|its)\s+(?:design|plan|estimates?|spec|requirements|documentation|docs|runbook"
        r"|config(?:uration)?|assumptions?)\s+(?:was|were|is|are)\s+(?:just\s+|simply\s+|clearly\s+)?"
        r"(?:wrong|flawed|out\s+of\s+date|outdated|incorrect|incomplete|inadequate|insufficient|stale"
        r"|unclear|faulty|off)\b",
        r"\b(?:the|our)\s+(?:[a-z-]+\s+)?(?:monitoring|alerting|tests?|testing|system|tooling|process|pipeline"
        r"|design|architecture|runbook|setup)\s+(?:wasn't|was\s+not|weren't|were\s+not|isn't|is\s+not)\s+"
        r"(?:set\s+up|configured|designed|built|meant|equipped|ready)\s+(?:for|to)\b",
        r"\b(?:drifted|diverged|decayed|rotted|fell\s+out\s+of\s+(?:date|sync)|got\s+out\s+of\s+(?:date|sync)"
        r"|went\s+stale|became\s+stale)\b(?![^.;!?\n]{0,40}\d)",
        r"\b(?:some|the|our|key|a\s+few)\s+(?:[a-z-]+\s+)?assumptions?\s+(?:didn't|did\s+not|turned\s+out\s+not"
        r"\s+to|failed\s+to)\s+hold\b",
        # "Our processes weren't robust enough", "testing wasn't thorough enough".
        r"\b(?:weren't|wasn't|were\s+not|was\s+not|isn't|aren't|is\s+not|are\s+not)\s+(?:quite\s+|really\s+)?"
        r"(?:robust|strong|mature|thorough|rigorous|tight|good|reliable|resilient|solid|clear|fast)\s+enough\b",
        # "Monitoring did not pick it up", "the tests never flagged it", "QA missed it".
        r"\b(?:the\s+|our\s+)?(?:[a-z-]+\s+)?(?:monitoring|alerting|alerts|tests|testing|checks|ci|qa|review"
        r"|code\s+review|canary|dashboards?|linters?|scans?|scanner)\s+(?:(?:simply|just|also)\s+)?(?:didn't"
        r"|did\s+not|failed\s+to|never|couldn't|could\s+not|wouldn't)\s+(?:pick\s+(?:it|this|that)\s+up"
        r"|catch|flag|spot|detect|notice|alert|fire|trigger|show|surface)\b",
        # A missing safeguard with nobody who skipped it: "went out without enough testing".
        r"\bwithout\s+(?:enough|sufficient|proper|adequate|much|any|full|a\s+proper|thorough|the\s+usual"
        r"|a\s+full)\s+(?:testing|tests|review|reviews|checks|qa|sign-?off|validation|monitoring|oversight"
        r"|scrutiny|care|load\s+testing|rollback\s+plan)\b",
        # The actor left unnamed: "somebody pushed a bad config", "a developer deleted…".
        r"\b(?:someone|somebody|some\s+(?:dev|developer|engineer|guy|person))\s+(?:accidentally"
        r"\s+|mistakenly\s+|inadvertently\s+|apparently\s+)?(?:pushed|deployed|merged|changed|deleted|ran"
        r"|shipped|released|misconfigured|broke|forgot|set|flipped|turned|removed|dropped|updated"
        r"|committed|applied|disabled|overwrote|edited)\b",
        r"\b(?:the\s+|our\s+)?(?:process(?:es)?|system|tooling|tools|checks|controls|safeguards|guardrails"
        r"|pipeline|framework)\s+(?:(?:simply|just|ultimately)\s+)?(?:let\s+(?:us|me|everyone)\s+down"
        r"|failed\s+(?:us|me)|broke\s+down|(?:didn't|did\s+not|failed\s+to)\s+(?:catch|flag|stop"
        r"|prevent|pick\s+up))\b",
    ),
)


# Reassurance in place of facts: how a meeting felt, how the team feels, "on track" with
# nothing that shows it. Quiet next to a figure or a time: "on track for 4 June: UAT passed
# yesterday" is evidence, "the call at 14:00 was constructive" at least says which call.
_MOOD_NOUN = (
    r"(?:tone|mood|atmosphere|spirit|sentiment|feeling|vibe|energy|relationship|conversations?"
    r"|discussions?|talks|meetings?|calls?|session|dialogue|engagement|exchanges?|feedback"
    r"|signals?|signs?|noises|progress|(?:early\s+)?results|indications|outlook|prognosis)"
)
_MOOD = (
    r"(?:constructive|positive|productive|cordial|encouraging|good|great|warm|friendly"
    r"|collaborative|fruitful|amicable|upbeat|helpful|open|candid|useful|promising|optimistic"
    r"|healthy|reassuring|supportive|receptive|very\s+good)"
)
# How a meeting felt, even with its day: quiet only next to a figure.
_MEETING_MOOD = _quiet_with(
    _DIGIT,
    patterns=(
        rf"\b{_MOOD_NOUN}(?:\s+[^\s.,;:!?]+){{0,4}}?\s+(?:was|were|is|are|has\s+been|have\s+been|remains?|remained|felt"
        rf"|seemed|sounded|went|continues?\s+to\s+be|looks?|appears?\s+to\s+be)\s+(?:(?:very|really|quite|extremely|largely|broadly|generally"
        rf"|overall|mostly|pretty|genuinely)\s+)?{_MOOD}\b",
        rf"\b{_MOOD}\s+(?:and\s+{_MOOD}\s+)?(?:discussions?|conversations?|talks|meetings?|calls?"
        r"|dialogue|session|exchanges?|engagement|momentum|signs?|signals?|noises|vibes?"
        r"|atmosphere|spirit)\b",
    ),
)
# How we feel, "on track": quiet next to a figure or a time ("I'm comfortable with the
# handover; Marta leaves on Friday").
_REASSURANCE = _quiet_with(
    _DIGIT,
    TIME,
    patterns=(
        r"\b(?:we're|we\s+are|i'm|i\s+am|the\s+team\s+is|the\s+team's|everyone\s+is|everyone's"
        r"|they're|they\s+are|we\s+remain|i\s+remain|we\s+feel|i\s+feel)\s+(?:feeling\s+)?"
        r"(?:(?:very|really|quite|cautiously|fairly|increasingly|genuinely)\s+)?(?:optimistic"
        r"|positive|encouraged|confident|upbeat|hopeful|comfortable|reassured|in\s+good\s+spirits)\b",
        r"\b(?:all|everyone|everybody|both\s+sides|all\s+parties)\s+(?:is\s+|are\s+|now\s+)?"
        r"(?:aligned|on\s+the\s+same\s+page|pulling\s+in\s+the\s+same\s+direction|in\s+agreement"
        r"|on\s+board)\b",
        r"\b(?:went|going|gone|progressing)\s+(?:really\s+|very\s+|pretty\s+)?(?:well|smoothly)\b",
        r"\brest\s+assured\b",
        r"\bno\s+(?:cause|reason|need)\s+for\s+(?:concern|alarm|worry|panic)\b",
        r"\b(?:in|under)\s+(?:good|safe|capable|great|the\s+right)\s+hands\b",
        r"\b(?:we've|we\s+have|i've|i\s+have)\s+got\s+(?:this|it)\s*(?:[.!,]|$)",
        r"\beverything\s+(?:is|'s|seems|looks)\s+(?:fine|ok|okay|good|in\s+order|on\s+track)\b",
        r"\b(?:broadly|largely|mostly|roughly|more\s+or\s+less|basically|pretty\s+much|generally"
        r"|essentially|still|all|everything(?:'s|\s+is))\s+(?:still\s+)?on\s+(?:track|schedule"
        r"|target|course|plan)\b",
        r"\bon\s+(?:track|schedule|target)\s*,?\s*(?:broadly|largely|mostly|more\s+or\s+less"
        r"|for\s+the\s+most\s+part|by\s+and\s+large|give\s+or\s+take|for\s+now|touch\s+wood)\b",
        r"\bbear\s+with\s+(?:us|me)\b",
        r"\b(?:customers?|users?|clients?|partners?|they)\s+(?:have\s+been|are|were|seem(?:ed)?|remain)\s+"
        r"(?:(?:very|really|largely|mostly|broadly|pretty|remarkably)\s+)?(?:understanding|patient"
        r"|relaxed|calm|forgiving|supportive|reasonable|gracious|unbothered|fine\s+with\s+it)\b",
        r"\btrust\s+(?:us|me|the\s+team)\b",
        r"\b(?:asking|ask)\s+for\s+(?:your\s+)?(?:patience|understanding)\b",
    ),
)

# A status word where the metric belongs ("things have stabilised", "metrics look
# healthier", "the worst is behind us"), and importance claimed instead of shown
# ("treating this as a top priority"). Quiet next to a figure.
_STATUS_WITHOUT_METRIC = _quiet_with(
    _DIGIT,
    patterns=(
        r"\b(?:things|it|metrics|numbers|figures|the\s+situation|the\s+system|systems|performance"
        r"|everything|the\s+platform|service|services|error\s+rates?|latency|dashboards?)\s+(?:have|has"
        r"|had|is|are|look|looks|seem|seems|appear|appears|feel|feels)\s+(?:now\s+|largely\s+|mostly\s+"
        r"|much\s+|a\s+lot\s+|somewhat\s+|broadly\s+)?(?:stabili[sz]ed|stable|calmer|settled|healthier"
        r"|better|improving|improved|recovering|normali[sz]ing|back\s+to\s+normal|quieter|steadier)\b",
        r"\b(?:the\s+)?worst\s+(?:is|of\s+it\s+is)\s+(?:behind\s+us|over|past)\b",
        # "Bit better today", "slightly worse than yesterday", "things are improving".
        r"(?:^|\b(?:a\s+)?)(?:bit|little|tad|touch|slightly|somewhat|much|lot|far|way|marginally)\s+"
        r"(?:better|worse|improved|calmer|quieter|steadier|healthier|smoother)\b",
        r"\b(?:is|are|'s|'re|getting|things|it's)\s+(?:slowly\s+|gradually\s+|steadily\s+)?(?:improving"
        r"|getting\s+better|picking\s+up|settling(?:\s+down)?|calming\s+down)\b",
        r"\b(?:incremental|steady|gradual|slow|modest|positive|good|some|real|solid|encouraging|further)"
        r"\s+progress\b",
        r"\b(?:in\s+)?a\s+(?:much\s+|far\s+|lot\s+)?(?:better|good|stronger|healthier|better|safer|worse)\s+"
        r"(?:place|position|shape|spot)\b",
        r"\b(?:out\s+of\s+the\s+woods|turned\s+(?:a|the)\s+corner|over\s+the\s+hump|past\s+the\s+peak)\b",
        r"\b(?:treating|treat|treated)\s+(?:this|it)\s+as\s+(?:a|an|the|our)\s+(?:top\s+|high\s+|highest\s+"
        r"|number\s+one\s+|urgent\s+|critical\s+)?(?:priority|p0|p1|matter\s+of\s+urgency)\b",
        r"\b(?:taking|take|taken)\s+(?:this|it)\s+(?:very\s+|extremely\s+|incredibly\s+)?seriously\b",
        r"\b(?:top|highest|high|number\s+one)\s+priority\b",
        r"\bat\s+(?:the\s+)?(?:leadership|executive|highest|senior|exec)\s+level\b",
    ),
)


# Good news first, burying the bad: "The good news is…", "On the bright side…".
_GOOD_NEWS_FIRST = compile_any(
    (
        r"\b(?:the|some)\s+good\s+news\b",
        r"\bgood\s+news\s*(?:first|:|-|,)",
        r"\bon\s+the\s+(?:bright|plus|positive|upside)\s+side\b",
        r"\bon\s+a\s+(?:positive|brighter|happier|good)\s+note\b",
        r"\b(?:the\s+)?silver\s+lining\b",
        r"\b(?:the\s+)?(?:upside|positive(?:s)?|bright\s+spot)\s+(?:is|are|here\s+is)\b",
        r"\blet\s+me\s+start\s+with\s+(?:the\s+)?(?:good|positive|wins?)\b",
        r"\bbefore\s+(?:i\s+get\s+to\s+|we\s+get\s+to\s+)?the\s+(?:bad|less\s+good|harder)\s+news\b",
    )
)


def _good_news_first(norm: str, original: str) -> Iterator[Span]:
    for match in _GOOD_NEWS_FIRST.finditer(norm):
        yield match.span()


# Ownership handed to a forum, a process or a discussion: "will be determined at the
# retrospective", "being discussed between teams", "a working group will own it",
# "responsibility has been assigned" (to whom?). Quiet when the author owns it meanwhile
# ("I own it until…") or the sentence names who was given it.
_OWNING_NOUN = (
    r"(?:ownership|responsibility|accountability|the\s+owner|an\s+owner|owners|who\s+owns"
    r"\s+(?:it|this|what|the\s+[a-z-]+)|who\s+(?:leads|fixes|does)\s+(?:it|this|what))"
)
# The work itself, deferred: only in the future or ongoing ("next steps will be agreed"),
# since "the fix was reviewed" reports a fact.
_DEFERRED_WORK = (
    r"(?:next\s+steps|the\s+follow-?ups?|follow-?up\s+actions|(?:the\s+)?actions|the\s+way\s+forward"
    r"|the\s+remediation|the\s+fix|the\s+plan|a\s+plan)"
)
_DEFERRED_VERB = (
    r"(?:discussed|determined|decided|agreed|worked\s+out|hashed\s+out|thrashed\s+out|settled"
    r"|figured\s+out|ironed\s+out|confirmed|clarified|finali[sz]ed|resolved|debated|reviewed"
    r"|taken\s+forward|picked\s+up|looked\s+at|allocated|assigned|identified|established|set"
    r"|defined|sorted(?:\s+out)?|considered|explored|agreed\s+upon)"
)
_FUTURE_BE = (
    r"(?:will\s+be|'ll\s+be|to\s+be|is\s+being|are\s+being|being|still\s+to\s+be|yet\s+to\s+be"
    r"|needs?\s+to\s+be|remains?\s+to\s+be|has\s+yet\s+to\s+be|have\s+yet\s+to\s+be|is\s+still\s+being"
    r"|are\s+still\s+being|(?:is|are)\s+(?:still\s+)?(?:under|up\s+for)|(?:is|are)\s+(?:still\s+)?tbd)"
)
_FORUM = (
    r"(?:retro(?:spective)?s?|post-?mortems?|pir|review|reviews|meetings?|syncs?|stand-?ups?"
    r"|committee|steering\s+(?:committee|group)|working\s+groups?|task\s*forces?|tiger\s+teams?"
    r"|forums?|boards?|councils?|offsites?|workshops?|planning|call|calls|war\s+rooms?"
    r"|leads|stakeholders|parties|teams|groups|functions|departments|managers)"
)
_DEFERRED_OWNERSHIP = compile_any(
    (
        # "Responsibility for the follow-up will be determined at the retro."
        rf"\b{_OWNING_NOUN}(?:\s+(?!(?:i|me|my)\b)[^\s.,;:!?]+){{0,5}}?\s+(?:(?:is|are|was|were"
        r"|has\s+been|have\s+been)\s+(?:still\s+)?(?:being\s+)?|" + _FUTURE_BE[3:-1] + r")\s*"
        r"(?:" + _DEFERRED_VERB[3:-1] + r"|discussion|review|consideration|negotiation|debate)\b"
        r"(?!\s+(?:to|by|with)\s+(?!the\b))",
        rf"\b{_DEFERRED_WORK}(?:\s+(?!(?:i|me|my)\b)[^\s.,;:!?]+){{0,4}}?\s+{_FUTURE_BE}\s*"
        r"(?:" + _DEFERRED_VERB[3:-1] + r"|discussion|review|consideration|negotiation|debate)\b"
        r"(?!\s+(?:to|by|with)\s+(?!the\b))",
        # "…to be agreed between the infra and security teams", "…at Thursday's retro".
        rf"\b(?:will\s+be|to\s+be|is\s+being|are\s+being|being|get|gets)\s+{_DEFERRED_VERB}\s+"
        r"(?:at|in|by|during|through|via|between|among(?:st)?|with)\s+(?:the\s+|a\s+|an\s+|our"
        r"\s+|their\s+|next\s+[a-z]+'s\s+|[a-z]+'s\s+)?(?:[a-z-]+\s+){0,3}?" + _FORUM + r"\b",
        # "A working group will own it", "we'll set up a task force".
        r"\b(?:working\s+group|task\s*force|tiger\s+team|steering\s+(?:committee|group)|committee"
        r"|virtual\s+team|cross-functional\s+group|war\s+room)\s+(?:(?:will|'ll|to|is\s+going\s+to"
        r"|should|can|must)\s+(?:own|decide|determine|take|pick|drive|work|agree|figure|look"
        r"|lead|handle|coordinate|review|assess)|reports?(?:\s+back)?|concludes?|meets|comes?\s+back"
        r"|has\s+(?:met|reported|concluded))\b",
        r"\b(?:set\s+up|setting\s+up|form|forming|spin\s+up|convene|convening|establish"
        r"|stand\s+up|create|creating|put\s+together)\s+(?:a|an)\s+(?:[a-z-]+\s+)?(?:working\s+group"
        r"|task\s*force|tiger\s+team|committee|forum|steering\s+group|cross-functional\s+group)\b",
        # "It'll go to the retro", "we'll take it to the steering group".
        r"\b(?:go|goes|going|take\s+(?:it|this)|taking\s+(?:it|this)|bring\s+(?:it|this)"
        r"|raise\s+(?:it|this)|table\s+(?:it|this)|park\s+(?:it|this))\s+(?:to|at|in|until|for)"
        r"\s+(?:the\s+|a\s+|our\s+|next\s+[a-z]+'s\s+|[a-z]+'s\s+)?(?:[a-z-]+\s+){0,2}?(?:retro"
        r"(?:spective)?|post-?mortem|steering\s+(?:committee|group)|committee|working\s+group"
        r"|forum|board|offsite|planning|quarterly\s+review)\b",
    )
)
_I_OWN = re.compile(
    r"\bi(?:'m|\s+am)?\s+(?:own|owning|'ll\s+own|will\s+own|lead|leading|accountable|responsible"
    r"|driving|chair(?:ing)?)\b|\bi\s+(?:own|am\s+the\s+owner)\b|\b(?:owned|led)\s+by\s+me\b"
)
_NAMED = re.compile(r"\b(?:to|by|with)\s+(?:me|myself|@)")


def _deferred_ownership(norm: str, original: str) -> Iterator[Span]:
    for match in _DEFERRED_OWNERSHIP.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _I_OWN.search(norm, left, right) or _NAMED.search(norm, match.start(), right):
            continue
        # "…assigned to Priya": a capitalised name after the match names the owner.
        if _party_in(norm, original, match.end(), right, names=True) >= 0 and re.search(
            r"\b(?:assigned|allocated|given|handed)\b", norm[match.start() : match.end()]
        ):
            continue
        yield match.span()


# A decision with no one who made it: "the decision was made to…", "it was decided".
_ACTORLESS_DECISION = compile_any(
    (
        r"\b(?:the\s+|a\s+|that\s+|this\s+)?(?:decision|call|choice|judg(?:e)?ment\s+call)\s+"
        r"(?:was|were|has\s+been|had\s+been|got|is\s+being|was\s+ultimately)\s+(?:made|taken"
        r"|reached)\b(?!\s+by\b)",
        r"\bit\s+(?:was|has\s+been|had\s+been|is)\s+(?:ultimately\s+|subsequently\s+|then\s+)?"
        r"(?:decided|agreed|felt|determined|judged|deemed|concluded|thought\s+best|considered\s+best"
        r"|signed\s+off)\b(?!\s+by\b)",
        r"\b(?:a|the)\s+(?:decision|call)\s+(?:got\s+)?(?:made|taken)\s+(?:somewhere|higher\s+up"
        r"|above|upstream)\b",
        r"\b(?:decision|call|choice)\s+(?:that|which)\s+(?:was|were|had\s+been|has\s+been|got)\s+"
        r"(?:made|taken)\b(?!\s+by\b)",
    )
)


# The author as the one who decided ("I decided", "the call was mine"), not "above my head".
_I_DECIDED = re.compile(r"\b(?:i|i've|i'd|i'm|mine|by\s+me)\b")


def _actorless_decision(norm: str, original: str) -> Iterator[Span]:
    for match in _ACTORLESS_DECISION.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _I_DECIDED.search(norm, left, right) is None:
            yield match.span()


# Refusing to estimate: no date, no range, no time by which there will be one.
_NO_ESTIMATE = _quiet_with(
    TIME,
    _DIGIT,
    patterns=(
        r"\b(?:no|not\s+an?|without\s+an?)\s+(?:firm\s+|clear\s+|reliable\s+|real\s+|solid\s+)?"
        r"(?:eta|estimate|timeline|timescale|timeframe|time\s?frame|date|end\s+date|target\s+date"
        r"|completion\s+date)\s+(?:yet|at\s+(?:this|the\s+moment|present|this\s+stage|this\s+point)"
        r"|for\s+now|so\s+far|available|possible|we\s+can\s+give|i\s+can\s+give)\b",
        r"\b(?:can't|cannot|can\s+not|won't|will\s+not|unable\s+to|not\s+able\s+to|not\s+in\s+a"
        r"\s+position\s+to|reluctant\s+to|don't\s+want\s+to|rather\s+not|hesitant\s+to|wary\s+of)"
        r"\s+(?:yet\s+|really\s+)?(?:commit(?:ting)?|give|giving|put(?:ting)?|offer|provide|promise"
        r"|share|estimate|forecast|guess)\s+(?:to\s+|on\s+)?(?:an?\s+|any\s+|the\s+|firm\s+|a\s+firm"
        r"\s+|specific\s+)?(?:date|eta|timeline|timescale|timeframe|estimate|number|figure|deadline"
        r"|end\s+date|time|when|how\s+long|anything)\b",
        r"\b(?:before|until|prior\s+to)\s+(?:committing|we\s+commit|i\s+commit|giving)\s+(?:to\s+)?"
        r"(?:anything|any\s+(?:date|dates|timeline|eta|estimate)|a\s+(?:date|timeline|firm\s+date)"
        r"|an\s+(?:eta|estimate))\b",
        r"\b(?:impossible|hard|difficult|too\s+early|too\s+soon|premature)\s+to\s+(?:say|tell|know"
        r"|predict|estimate|forecast|give\s+(?:a|an)\s+(?:date|eta|estimate|timeline))\s+(?:when"
        r"|how\s+long)\b",
        r"\b(?:no\s+way\s+(?:of|to)\s+(?:knowing|tell(?:ing)?|say(?:ing)?)\s+(?:when|how\s+long))\b",
        r"\bas\s+long\s+as\s+it\s+takes\b",
        r"\b(?:done|ready|fixed)\s+when\s+it's\s+(?:done|ready|fixed)\b",
        r"\bwhen\s+it's\s+(?:done|ready)\b",
    ),
)

# Someone else's word standing in for a plan or a cause: "the vendor has assured us it's a
# priority", "we've been told it's an upstream problem". Quiet with a date or a figure,
# or when the author checked it ("we confirmed", "I verified").
_BORROWED = _quiet_with(
    TIME,
    _DIGIT,
    re.compile(
        r"\b(?:i|we)\s+(?:have\s+|'ve\s+)?(?:verified|confirmed|checked|tested|reproduced)\b"
    ),
    patterns=(
        r"\b(?:assur(?:e|es|ed|ing)|promis(?:e|es|ed|ing)|guarantee[sd]?|reassur(?:e|es|ed|ing))\s+(?:us|me)\b",
        r"\b(?:a\s+|the\s+)?(?:fix|patch|resolution|answer|update|response)\s+is\s+(?:coming|on\s+(?:its|the)"
        r"\s+way|imminent|in\s+the\s+works|close|nearly\s+ready)\b",
        r"\b(?:we've|we\s+have|i've|i\s+have|we|i)\s+(?:been|were|was)\s+(?:assured|promised"
        r"|told|reassured|informed|given\s+to\s+understand|led\s+to\s+believe)\b",
        r"\b(?:they|vendor|supplier|provider|partner|support|[a-z]+'s\s+(?:team|support|engineers)"
        r"|the\s+[a-z]+\s+team)\s+(?:say|says|said|tell\s+us|told\s+us|claims?|claimed|insists?"
        r"|promise[sd]?|expects?|expected)\s+(?:that\s+)?(?:it's|it\s+is|it\s+will|it'll|they're"
        r"|they\s+are|they'll|they\s+will|a\s+fix|the\s+fix|this\s+is|it\s+should)\b",
        r"\b(?:their|the\s+vendor's|the\s+supplier's|the\s+provider's)\s+(?:top\s+|highest\s+)?"
        r"priority\b",
        r"\b(?:they're|they\s+are|the\s+vendor\s+is|the\s+supplier\s+is|the\s+provider\s+is)\s+"
        r"(?:(?:confident|hopeful|optimistic)\b|on\s+it\b|working\s+on\s+(?:it|a\s+fix)\b)",
    ),
)

# Waiting on others with no date: "waiting to hear back", "once we hear from Twilio".
_WAIT_WITHOUT_DATE = _quiet_with(
    TIME,
    patterns=(
        r"\bwait(?:ing)?\s+(?:to\s+(?:hear|see|find\s+out|get\s+(?:word|confirmation))"
        r"|for\s+(?:a\s+|their\s+|the\s+|an?\s+|word|news|confirmation|feedback)(?:[a-z-]+\s+){0,2}?"
        r"(?:response|reply|answer|word|confirmation|news|feedback|outcome|go-ahead|verdict"
        r"|approval|sign-?off|green\s+light|results?)?)\b",
        r"\b(?:once|when|after|as\s+soon\s+as|until)\s+(?:we|i)\s+(?:hear|get\s+word|get\s+an?"
        r"\s+(?:answer|reply|response)|have\s+(?:their|an?)\s+(?:answer|reply|response))\b",
        r"\b(?:pending|awaiting)\s+(?:a\s+|an\s+|their\s+|the\s+)?(?:[a-z-]+\s+)?(?:response|reply"
        r"|answer|confirmation|feedback|decision|approval|sign-?off|go-ahead|input)\b",
        r"\bball\s+is\s+in\s+their\s+court\b",
    ),
)

# Open-ended commitment: "depending on capacity", "the next sprint or the one after".
_CONDITIONAL_COMMITMENT = compile_any(
    (
        r"\b(?:depending|dependent|contingent|conditional)\s+(?:on|upon)\s+(?:(?:the|our|team|their"
        r"|other|competing|how)\s+)?(?:capacity|bandwidth|resourcing|resources|priorities"
        r"|prioriti[sz]ation|availability|headcount|budget|workload|other\s+work|the\s+roadmap"
        r"|staffing|things\s+go|it\s+goes|the\s+sprint\s+goes|what\s+else\s+comes\s+up)\b",
        r"\b(?:this|next|the\s+next|the\s+following)\s+(?:sprint|release|cycle|quarter|month|week)"
        r"\s+or\s+(?:the\s+one\s+after|the\s+next|the\s+following(?:\s+one)?|two|so)\b",
        r"\b(?:a|one)\s+(?:sprint|release|cycle)\s+or\s+two\b",
        r"\bwhen(?:ever)?\s+(?:we|i|the\s+team)\s+(?:can|get\s+(?:round|around)\s+to\s+it)\b",
        r"\bif\s+(?:all\s+goes\s+well|nothing\s+else\s+comes\s+up|things\s+(?:go|stay)\s+(?:well"
        r"|quiet|to\s+plan))\b",
        r"\b(?:do|be)\s+better\s+(?:next\s+time|in\s+(?:the\s+)?future|going\s+forward|from\s+here)\b",
        r"\blearn\s+from\s+(?:this|it|our\s+mistakes|the\s+experience)\b",
    )
)

# Coordination offered in place of ownership: "happy to coordinate, though the fix would
# have to come from someone closer to the code".
_COORDINATION_ONLY = compile_any(
    (
        r"\b(?:happy|glad|willing|more\s+than\s+happy|keen|available|here)\s+to\s+(?:help\s+)?"
        r"(?:coordinate|facilitate|liaise|support|assist|pitch\s+in|lend\s+a\s+hand|chip\s+in"
        r"|set\s+up\s+(?:a|the)\s+(?:call|meeting)|connect\s+people|pull\s+people\s+together"
        r"|be\s+(?:the\s+)?(?:point\s+of\s+contact|go-between|conduit|liaison)|join\s+(?:a|the)"
        r"\s+call|get\s+involved|be\s+involved|help\s+out)\b",
        r"\b(?:would|will|'d|'ll|has\s+to|have\s+to|needs?\s+to|must)\s+(?:have\s+to\s+|need\s+to\s+)?"
        r"(?:come|be\s+done|be\s+owned|be\s+driven|be\s+led)\s+(?:from|by)\s+(?!me\b|us\b|my\b|our\b)"
        r"(?:someone|somebody|another|other|the\s+[a-z]+\s+team|whoever|[a-z]+\s+else)\b",
        r"\b(?:is|'s|was)\s+(?:really\s+|probably\s+|properly\s+|more\s+|honestly\s+)?(?:one|a\s+question"
        r"|a\s+matter|a\s+job|something)\s+for\s+(?!me\b|us\b|my\b|our\b|you\b)(?:the|another|someone"
        r"|somebody|[a-z]+'s)\b",
        r"\bfalls?\s+(?:to|under)\s+(?:the|another|their)\s+(?:[a-z-]+\s+)?(?:team|group|org"
        r"|department|function|remit)\b",
    )
)

# Handing the decision back: "happy to take your lead", "whatever you think best", "what
# would you like us to do?", "approval to spend whatever's needed", a menu with no pick.
_HANDS_BACK = compile_any(
    (
        r"\b(?:take|follow|taking|following)\s+(?:your|the\s+exec(?:utive)?'s)\s+(?:lead|steer"
        r"|direction|guidance)\b",
        r"\b(?:whatever|however|whichever)\s+(?:you|the\s+board)\s+(?:think|decide|prefer|feel|want"
        r"|say|see\s+fit|'d\s+like|would\s+like|choose|judge|consider)\b",
        r"\b(?:entirely|completely|totally|very\s+much|all)\s+(?:up\s+to\s+you|your\s+call"
        r"|your\s+decision|in\s+your\s+hands)\b",
        r"\b(?:up\s+to\s+you|your\s+call)\s*(?:[.!]|$|,?\s+(?:really|entirely|either\s+way|of\s+course))",
        r"\b(?:defer|deferring|leave\s+it|leaving\s+it|leave\s+that|leave\s+the\s+call)\s+to\s+"
        r"(?:you|your\s+judg(?:e)?ment)\b",
        r"\bgo\s+with\s+(?:your|whatever\s+you)\s+(?:judg(?:e)?ment|instinct|preference|decide|think)\b",
        # "I let you see what you think is best", "I'll leave that with you", "as you see fit",
        # "you know best", "I trust your judgement": the decision handed back in other words.
        r"\b(?:i|we)(?:'ll|\s+will)?\s+let\s+you\s+(?:see|decide|judge|choose|pick|weigh|assess|consider"
        r"|determine|be\s+the\s+judge|make\s+the\s+(?:call|decision)|take\s+(?:it|the\s+decision|a\s+view))\b",
        r"\b(?:leave|leaving)\s+(?:it|this|that|the\s+(?:decision|call|choice))\s+(?:with\s+you|up\s+to\s+you"
        r"|in\s+your\s+hands)\b",
        r"\bwhat(?:ever)?\s+you\s+(?:think|feel|consider|judge|believe|find|deem)\s+(?:is\s+|to\s+be\s+)?"
        r"(?:best|right|appropriate|wisest|fit|sensible|most\s+appropriate)\b",
        r"\b(?:as|how|however)\s+you\s+(?:see|think)\s+fit\b|\bat\s+your\s+discretion\b|\byou\s+know\s+best\b",
        r"\b(?:i|we)\s+trust\s+your\s+(?:judg(?:e)?ment|call|instinct|decision)\b",
        r"\b(?:it's|it\s+is|that's|that\s+is)\s+(?:for\s+you|yours)\s+to\s+(?:decide|judge|call|choose)\b",
        r"\b(?:i'm|we're|i\s+am|we\s+are)\s+in\s+your\s+hands\b|\b(?:happy|fine|okay|ok|good)\s+either\s+way\b",
        r"\bwhat\s+(?:would|do)\s+you\s+(?:like|want|need)\s+(?:us|me)\s+to\s+do\b",
        r"\bhow\s+(?:would|do)\s+you\s+(?:like|want)\s+(?:us|me)\s+to\s+(?:proceed|handle|play"
        r"|respond|approach|go)\b",
        r"\bwhat\s+(?:should|shall|do)\s+(?:we|i)\s+do\b",
        r"\b(?:which|what)\s+(?:way|option|route|direction|path|approach)\s+you(?:'d|\s+would)?\s+(?:like"
        r"|prefer|want|rather|favou?r|think)\b",
        r"\b(?:the\s+)?(?:best|right)\s+(?:path|way|route)\s+forward\b",
        r"\bwhat\s+(?:are\s+your|is\s+your)\s+(?:thoughts|views|preference|steer)\b",
        r"\b(?:whatever|whatever's|whatever\s+is|as\s+much\s+as\s+(?:is\s+)?)\s*(?:needed|necessary"
        r"|required|it\s+takes)\b",
        # "Your blessing to do what's needed", "a free hand to take whatever steps we see fit".
        r"\b(?:do|doing|take|taking|spend|spending|try|trying)\s+(?:what(?:ever)?|anything)(?:'s|\s+is"
        r"|\s+(?:we|i)\s+(?:think|feel|believe|judge)\s+is|\s+steps?|\s+actions?|\s+it\s+takes)?"
        r"\s*(?:needed|necessary|required|best|right|appropriate|it\s+takes|(?:we|i)\s+(?:need|must|can"
        r"|see\s+fit|think\s+best))\b",
        r"\b(?:free\s+(?:hand|rein|reign)|carte\s+blanche)\b",
        r"\b(?:blank\s+cheque|blank\s+check|open[- ]ended\s+(?:budget|approval|spend|mandate)"
        r"|uncapped\s+(?:budget|spend)|no\s+(?:cap|ceiling|limit)\s+on\s+(?:spend|the\s+budget))\b",
        r"\b(?:several|a\s+few|a\s+number\s+of|various|multiple|some|three|four|five|a\s+range\s+of"
        r"|lots\s+of|many|a\s+couple\s+of|different)\s+(?:possible\s+)?(?:options|ways\s+forward"
        r"|paths|approaches|routes|possibilities|scenarios|directions)\b",
        r"\b(?:options|possibilities)\s+(?:include|are\s+(?:many|various|open|on\s+the\s+table))\b",
        r"\b(?:open\s+to|happy\s+with|fine\s+with)\s+(?:any|all|either|whichever)\s+(?:of\s+(?:them"
        r"|these|those)|option|approach|route|direction)\b",
    )
)
_RECOMMENDS = re.compile(
    r"\b(?:recommend|recommendation|suggest|propose|proposal|prefer|preference|my\s+(?:vote|pick"
    r"|advice|view)|i'd\s+(?:go|choose|pick|opt)|i\s+would\s+(?:go|choose|pick|opt)|lean(?:ing)?"
    r"\s+towards?|best\s+option|i\s+favou?r|i\s+back|i\s+advise)\b"
)
_OPEN_CHEQUE = re.compile(
    r"(?:whatever|as\s+much|blank|open|uncapped|no\s+(?:cap|ceiling|limit)|free|carte|do|doing|take"
    r"|taking|spend|spending|try|trying)\b"
)
_MENU = re.compile(
    r"\b(?:several|a\s+few|a\s+number\s+of|various|multiple|some|three|four|five|a\s+range\s+of"
    r"|lots\s+of|many|a\s+couple\s+of|different|options|possibilities|open\s+to|happy\s+with"
    r"|fine\s+with)\b"
)


# "A free hand on contractor spend up to £30k" names its limit: a decision, not a cheque.
_CAP = re.compile(
    r"\b(?:up\s+to|capped\s+at|at\s+most|no\s+more\s+than|max(?:imum)?(?:\s+of)?|within|under)\s+"
    r"(?:[$€£]\s?)?\d"
)


def _hands_decision_back(norm: str, original: str) -> Iterator[Span]:
    recommends = _RECOMMENDS.search(norm) is not None
    for match in _HANDS_BACK.finditer(norm):
        if _OPEN_CHEQUE.match(norm, match.start()) and _in_sentence(
            _CAP, norm, match.start(), match.end()
        ):
            continue
        # Handing back is fine with a pick in it ("three options; I recommend the second"),
        # but not an open cheque.
        if recommends and not _OPEN_CHEQUE.match(norm, match.start()):
            continue
        yield match.span()


# "Nobody", "no one" as the owner, not as the people the impact leaves unable to act:
# "nobody who uses SMS codes can log in" is the impact.
_NOBODY = re.compile(r"\b(?<!\bwith\s)(?<!\bhad\s)(?:nobody|no\s+one|no-one)\b")
_ABLE = re.compile(
    r"\b(?:can(?!'t)|could(?!\s+have)|(?:was|were|is|are|has\s+been|have\s+been)\s+able)\b"
)


# "Nobody owned KYC renewals before this; Mel owns them now": the gap told as history, with
# the owner who closes it in the same sentence, is the fix, not diffused ownership.
_OWNED_BEFORE = re.compile(r"\s+(?:really\s+|clearly\s+|formally\s+)?(?:owned|had|was|looked)\b")
_OWNS_NOW = re.compile(
    r"\b(?!(?:nobody|no|one|everyone|everybody|someone|somebody)\s)[a-z]+\s+(?:now\s+owns?|owns?\s+"
    r"(?:it|them|this|that|these|those|the\s+[a-z-]+)\s+(?:now|from\s+(?:now|today)|going\s+forward))\b"
    r"|\bnow\s+owned\s+by\b"
    # "…, and as of today Lena Ortiz does", "and now Sam does".
    r"|\b(?:as\s+of|from|since|starting)\s+(?:today|now|this\s+[a-z]+|[a-z]+day)\s*,?\s+(?:[a-z]+\s+){1,3}?"
    r"(?:does|owns?\s+(?:it|them))\b|\bnow\s+(?:[a-z]+\s+){1,2}?does\b"
)


def _nobody_owns(norm: str, original: str) -> Iterator[Span]:
    for match in _NOBODY.finditer(norm):
        if _OWNED_BEFORE.match(norm, match.end()) and _in_sentence(
            _OWNS_NOW, norm, match.start(), match.end()
        ):
            continue
        end = _mark_after(_SENTENCE_MARK, norm, match.end(), min(len(norm), match.end() + 60))
        clause = _mark_after(re.compile(r"[,;:]"), norm, match.end(), end)
        if _ABLE.search(norm, match.end(), clause):
            continue
        yield match.span()


# Industry fatalism and a plan "never realistic to begin with": the failure was the
# world's. Quiet when the author owns the judgement ("I accepted a date that was never
# realistic").
_INDUSTRY_FATALISM = compile_any(
    (
        r"\b(?:always|never|routinely|inevitably|invariably|all\s+the\s+time|constantly|often)\b"
        r"[^.;!?\n]{0,50}?\b(?:in|across|throughout|for)\s+(?:this|our|the|any)\s+(?:[a-z-]+\s+)?(?:industry"
        r"|sector|space|market|field|line\s+of\s+work|business|game)\b",
        r"\b(?:industry|sector|market)[- ](?:wide|standard|norm|reality|problem|issue|trend)\b",
        r"\b(?:common|normal|standard|typical|the\s+norm|routine|expected|par)\s+(?:in|across|for)"
        r"\s+(?:this|our|the|any)\s+(?:industry|sector|space|market|field|kind\s+of\s+(?:project"
        r"|work|migration))\b",
        r"\b(?:everyone|everybody|every\s+[a-z]+|all\s+[a-z]+|most\s+[a-z]+)\s+in\s+(?:this|our|the)"
        r"\s+(?:industry|sector|space|market)\b",
        r"\bhappens\s+to\s+(?:everyone|everybody|the\s+best\s+of\s+us|all\s+of\s+us|every\s+[a-z]+)\b",
        r"\b(?:projects?|migrations?|launches|launch\s+dates|deadlines|dates|estimates|rollouts"
        r"|integrations?|vendors?|releases)\s+(?:like\s+this\s+)?(?:always|inevitably|invariably"
        r"|never|rarely|routinely)\s+(?:slip|move|run\s+(?:late|over)|go\s+to\s+plan|land\s+on\s+time"
        r"|hit|meet|work|overrun|change|do)\b",
        r"\b(?:was|were|is|are)\s+(?:never|always)\s+(?:really\s+|truly\s+|going\s+to\s+be\s+)?"
        r"(?:realistic|achievable|feasible|doable|viable|on\s+the\s+cards|going\s+to\s+(?:slip"
        r"|be\s+late|happen|fail|work|hold))\b",
        r"\b(?:doomed|never\s+stood\s+a\s+chance|a\s+lost\s+cause)\b",
        r"\b(?:was|were|is|are)\s+always\s+going\s+to\s+(?:be|slip|happen|fail|run|take|go|bite"
        r"|catch|hurt|break|end)\b",
        r"\bto\s+begin\s+with\b",
        # The failure as a law of nature: "that's the nature of scaling", "comes with
        # growth", "that's what happens when you scale", "cloud is just expensive".
        r"\b(?:that's|that\s+is|it's|it\s+is|this\s+is|such\s+is|just|simply|sadly)\s+(?:just\s+|simply\s+)?"
        r"(?:the\s+)?(?:nature|reality|realities)\s+of\b(?!\s+(?:the|this|that|our|its)\s+(?:[a-z-]+\s+)?(?:bug"
        r"|fault|issue|problem|failure|error|defect|change|incident|outage|attack|leak|breach|data|risk)\b)",
        r"\b(?:comes?|came|goes|went)\s+(?:hand\s+in\s+hand\s+)?with\s+(?:the\s+)?(?:scale|scaling|growth"
        r"|growing|size|success|the\s+job|the\s+role|being\s+a\s+[a-z]+)\b",
        r"\b(?:that's|that\s+is|it's|it\s+is|this\s+is)\s+(?:just\s+|simply\s+)?what\s+happens\s+(?:when"
        r"|with|if|at|to)\b",
        r"\b(?:that's|it's|that\s+is|it\s+is)\s+(?:just\s+|simply\s+)?how\s+(?:it|things|the\s+cloud|cloud"
        r"|software|tech|the\s+market|this\s+industry|scaling|growth|billing)\s+(?:works|goes|is)\b",
        r"\b(?:the\s+)?(?:cloud|aws|azure|gcp|hosting|infrastructure|infra|software|tech|scaling|growth"
        r"|compute|storage)\s+(?:is|are|gets|get)\s+(?:just\s+|simply\s+|always\s+|inherently\s+"
        r"|naturally\s+|notoriously\s+)?(?:expensive|costly|pricey|hard|complex|complicated|unpredictable)\b",
    )
)


# Bad timing as the cause: "the timing coincided with peak traffic". Quiet when the author
# owns the timing ("…because I scheduled the migration at noon").
_BAD_TIMING = _quiet_with(
    FIRST_PERSON,
    patterns=(
        # Rarity as the reason it needs no fix: "it was a one-off", "a freak event", "a fluke".
        r"\b(?:was|is|it's|that's|been|just|simply|really)\s+(?:just\s+|simply\s+|really\s+)?(?:a\s+|an\s+)?"
        r"(?:one-?off|fluke|freak\s+(?:event|accident|occurrence|incident|combination)"
        r"|isolated\s+(?:incident|case|event|occurrence|glitch)|black\s+swan|once\s+in\s+a\s+blue\s+moon"
        r"|rare\s+(?:edge\s+case|event|occurrence|glitch))\b(?![^.;!?\n]{0,60}\b(?:because|since|\d))",
        r"\b(?:nobody|no\s+one|no-one)\s+(?:knew|could\s+have\s+known|had\s+seen)\s+(?:about|of)\b",
        r"\b(?:an?\s+)?(?:unknown|undocumented|hidden|latent|obscure)\s+(?:bug|issue|defect|edge\s+case"
        r"|quirk|limitation)\b",
        r"\b(?:unfortunate|unlucky|bad|poor|awkward|worst\s+possible)\s+timing\b",
        r"\btiming\s+(?:was|is)\s+(?:unfortunate|unlucky|bad|terrible|awful)\b",
        r"\b(?:happened\s+to\s+)?coincid(?:e|ed|es|ing)\s+with\b",
    ),
)


def _industry_fatalism(norm: str, original: str) -> Iterator[Span]:
    for match in _INDUSTRY_FATALISM.finditer(norm):
        if norm.startswith("to", match.start()):
            continue  # "to begin with" only widens the sentence test below
        left, right = _sentence_around(norm, match.start(), match.end())
        if FIRST_PERSON.search(norm, left, right) is None:
            yield match.span()


# Percent done with nothing to measure it by: "80% done", "nearly there", "most of the way".
# Quiet with a count ("9 of 12 services") or a time ("finishes at 23:00").
_PERCENT_DONE = compile_any(
    (
        r"(?<![\d.])\d{1,3}(?:\.\d+)?\s?(?:%|percent|per\s+cent)\s+(?:done|complete|completed"
        r"|finished|there|of\s+the\s+way|through|in)\b",
        # "We are now at approximately 80% of the remediation": a share of the work, not of
        # anything counted.
        r"(?<![\d.])\d{1,3}(?:\.\d+)?\s?(?:%|percent|per\s+cent)\s+(?:of|through|into)\s+(?:the\s+|our\s+)?"
        r"(?:[a-z-]+\s+)?(?:work|remediation|migration|plan|project|programme|program|rollout|roll-out"
        r"|fix|recovery|clean-?up|effort|workstream|work\s+stream|cutover|upgrade|rebuild|rework)\b",
        r"\b(?:nearly|almost|mostly|practically|basically|largely|virtually|pretty\s+much"
        r"|more\s+or\s+less|all\s+but)\s+(?:done|there|complete|finished|sorted|fixed|over\s+the\s+line)\b",
        r"\b(?:most|much|the\s+bulk|a\s+good\s+chunk)\s+of\s+the\s+(?:way|work)\s+(?:there|done"
        r"|through|is\s+done|complete)\b",
        r"\b(?:three-quarters|half|two-thirds)\s+(?:done|complete|of\s+the\s+way|there)\b",
        r"\b(?:in|on)\s+the\s+(?:home\s+stretch|final\s+stretch|last\s+mile)\b",
        r"\bclose\s+to\s+(?:done|the\s+finish|finishing|completion)\b",
    )
)
_COUNT_OF = re.compile(
    r"\b\d[\d,]*\s+(?:of|out\s+of|/)\s+(?:the\s+)?\d|\b\d[\d,]*\s+(?:remaining|left|to\s+go|more)\b"
    r"|\bremaining\s+\d|\b\d[\d,]*\s+[a-z-]+\s+(?:remaining|left|to\s+go)\b"
)


def _progress_without_measure(norm: str, original: str) -> Iterator[Span]:
    for match in _PERCENT_DONE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _COUNT_OF.search(norm, left, right) or TIME.search(norm, left, right):
            continue
        yield match.span()


# Effort counted as progress, in words as well as figures: "forty tickets raised, a dozen
# meetings", "working around the clock".
_EFFORT_COUNT = (
    r"(?:\d[\d,]*+|a\s+dozen|dozens\s+of|scores\s+of|hundreds\s+of|countless|endless|numerous"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|a\s+hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_EFFORT_NOUN = (
    r"(?:tickets|prs|pull\s+requests|commits|meetings|calls|syncs|stand-?ups|war\s+rooms|workshops"
    r"|emails|escalations|jira\s+issues|action\s+items|bridge\s+calls|late\s+nights|all-nighters"
    r"|person-?(?:hours|days)|engineer-?(?:hours|days)|man-?(?:hours|days))"
)
_EFFORT_PATTERNS = (
    rf"(?<![\w,])(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?{_EFFORT_COUNT}\s+(?:[a-z-]+\s+)?"
    rf"{_EFFORT_NOUN}\s+(?:raised|opened|filed|closed|held|had|run|sent|logged|worked|spent"
    r"|attended|merged|completed|created|scheduled|so\s+far|and\s+counting|in\s+(?:the\s+)?(?:last|past))\b",
    rf"\b(?:raised|opened|filed|closed|held|had|ran|run|sent|logged|attended|merged|scheduled"
    rf"|created)\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+|about\s+)?{_EFFORT_COUNT}\s+"
    rf"(?:[a-z-]+\s+)?{_EFFORT_NOUN}\b",
    r"\b(?:work(?:ed|ing)?|been\s+at\s+it|grinding)\s+(?:around|round)\s+the\s+clock\b",
    r"\b(?:work(?:ed|ing)?)\s+(?:through\s+the\s+(?:night|weekend)|late\s+(?:nights|into\s+the"
    r"\s+night)|all\s+night|every\s+weekend|overtime|flat\s+out|24/7)\b",
    r"\ball-nighters?\b",
    r"\bback-to-back\s+(?:meetings|calls|sessions|war\s+rooms)\b",
    r"\b(?:all\s+(?:day|night|weekend|week)|day\s+and\s+night|non-?stop)\s+(?:on|with)\s+(?:this|it)\b",
    r"\b(?:no\s+stone\s+(?:is\s+being\s+|has\s+been\s+|was\s+)?(?:left\s+)?unturned|leaving\s+no"
    r"\s+stone\s+unturned|throwing\s+everything\s+at\s+(?:it|this))\b",
    # How hard people work, as the news: "working really hard", "long nights since
    # Tuesday", "doing our very best", "pulling out all the stops", "nobody has slept".
    r"\b(?:work(?:ed|ing|s)?|trying|tried|pushing|pushed)\s+(?:really\s+|very\s+|incredibly\s+"
    r"|extremely\s+|super\s+|so\s+|as\s+|tremendously\s+|seriously\s+)?hard\b",
    r"\b(?:long|late|sleepless|extra)\s+(?:nights|hours|days|evenings|shifts|weekends)\b",
    r"\b(?:doing|did|done|trying|give|giving|gave)\s+(?:our|their|my|his|her)\s+(?:very\s+|absolute\s+)?"
    r"(?:best|utmost|all)\b",
    r"\b(?:doing|did|done|do)\s+everything\s+(?:we|they|i|possible|in\s+our\s+power|humanly)\b",
    r"\b(?:pulling|pulled|pull)\s+out\s+all\s+the\s+stops\b",
    r"\bburning\s+the\s+midnight\s+oil\b",
    r"\b(?:giving|gave|give)\s+it\s+(?:everything|1[01]0\s?%|our\s+best)\b",
    r"\ball\s+hands\s+on\s+deck\b",
    r"\b(?:barely|hardly|not|haven't|hasn't)\s+(?:been\s+)?(?:slept|sleeping|stopped|had\s+a\s+break)\b",
    r"\bputting\s+in\s+(?:the\s+|extra\s+|long\s+|serious\s+|a\s+lot\s+of\s+)?(?:hours|time|effort|work|shifts)\b",
    r"\b(?:huge|massive|enormous|tremendous|incredible|heroic|a\s+lot\s+of)\s+(?:effort|efforts|amount"
    r"\s+of\s+work|push|hours)\b",
)
# "Support has logged 140 tickets from 3,012 customers" counts the impact, not the effort.
_CUSTOMER_SCOPE = re.compile(
    r"\b(?:customers?|users?|clients?|accounts?|merchants?|buyers?|shoppers?|subscribers?|members?"
    r"|orders?|payments?|bookings?|tenants?|revenue|sales)\b|[$€£]\s?\d"
)
_EFFORT = _either(
    _quiet_with(_CUSTOMER_SCOPE, patterns=_EFFORT_PATTERNS[:2]),
    # Hours put in are effort only when nothing says what they achieved.
    _quiet_with(_CUSTOMER_SCOPE, _DIGIT, patterns=_EFFORT_PATTERNS[2:]),
)


# Nothing checkable: a section that carries no figure, no time, no named person or company
# and no "I" asserts nothing the executive could check, whatever its words. Across every
# batch so far, strong openers, impacts, ownership, remediation, asks and updates almost
# always carry one of these (2 of about 500 did not), and weak ones mostly do not. Causes
# are left out: a strong cause is often a mechanism told without a figure ("a schema change
# dropped the currency column, so…"). This reads the whole text, never one sentence of a
# section that has its facts elsewhere, and it asks for no particular item: the checklist
# still says which one the section lacks.
_WHEN = re.compile(
    r"\b(?:yesterday|overnight|last\s+(?:night|week|month|quarter|year|weekend)|earlier\s+today"
    r"|this\s+(?:quarter|year)|since\s+(?:yesterday|last|the\s+weekend|monday|tuesday|wednesday"
    r"|thursday|friday))\b"
)
_NAME_FIRST = re.compile(r"\s*(?:,|\(|'s\b)")
# Functions, not people: "Platform is responsible going forward" names no one.
_FUNCTIONS = _words(
    """
    product platform engineering security finance legal ops devops infra infrastructure data
    support sales marketing procurement compliance hr qa sre it management leadership operations
    design growth billing payments networking backend frontend mobile web
    """
)
# "Ben is the named owner of…", "Aisha owns the rota": a name first in its sentence is a
# person when what follows makes them the owner ("Checkout is down" does not).
_OWNER_AFTER_NAME = re.compile(
    r"\s+(?:now\s+|will\s+|also\s+)?(?:owns?|leads?|is\s+(?:now\s+)?(?:the\s+)?(?:named\s+|accountable\s+"
    r"|single\s+|sole\s+|new\s+|interim\s+)?(?:owner|lead|dri|responsible|accountable)"
    r"|(?:has|have)\s+taken\s+(?:over|ownership)|takes?\s+(?:over|ownership))\b"
)


def _names_someone(norm: str, original: str) -> bool:
    for match in _CAPITALISED.finditer(original):
        if match.group().lower() in _NOT_NAMES:
            continue
        if not _starts_sentence(original, match.start()):
            return True
        # "Dara, our head of security, owns…", "Twilio's EU region…", "Ben is the owner…"
        if _NAME_FIRST.match(original, match.end()):
            return True
        if match.group().lower() not in _FUNCTIONS and _OWNER_AFTER_NAME.match(norm, match.end()):
            return True
    return _HANDLE.search(norm) is not None


# An exit criterion is checkable too: "until the patched build passes the canary".
_EXIT_CRITERION = re.compile(
    r"\b(?:until|once|unless)\s+(?:[a-z-]+\s+){1,5}?(?:passes|pass|is\s+green|completes|clears|succeeds"
    r"|is\s+verified|is\s+confirmed|is\s+signed\s+off)\b"
)


# A deadline set by an event is a time too: "before their contract manager raises it",
# "before the board meets", "ahead of the auditors' visit".
_EVENT_DEADLINE = re.compile(
    r"\b(?:before|ahead\s+of)\s+(?:the|their|our|your|his|her|they|he|she|[a-z]+'s?)\s+(?:[a-z'-]+\s+){0,3}?"
    r"(?:raises?|hears?|sees?|announces?|publish(?:es)?|meets?|lands?|calls?|visits?|signs?|reports?"
    r"|goes\s+out|board|meeting|visit|call|announcement|review|audit|renewal)\b"
)


# A categorical boundary ("no card data was exposed"), a source that was checked
# ("confirmed from the access logs") and a closed matter ("Resolved: …") can be checked too.
_BOUNDARY = re.compile(
    # ...also of a list ("no passwords, payment data or chat logs were in that bucket").
    r"\b(?:no|none\s+of\s+(?:the|our))\s+(?:[a-z-]+(?:,|\s+or|\s+and)?\s+){0,6}?(?:data|records?|cards?"
    r"|payments?|customers?|accounts?|orders?|funds|money|pii|passwords?|files?|users?|tenants?|logs)"
    r"\s+(?:was|were|has\s+been|have\s+been)\s+(?:exposed|lost|leaked|accessed|affected|charged|deleted"
    r"|corrupted|read|taken|changed|sent|breached|in|included|involved|among|part\s+of)\b"
    r"|\b(?:confirmed|verified|checked)\s+(?:from|by|in|with|against)\b"
)


# "The spec error was ours, not the bank's": the fault claimed for our side, or what we
# failed to do, can be checked as well as "I" can.
_OURS = re.compile(
    r"\b(?:was|is|were|are|'s)\s+(?:all\s+|entirely\s+|squarely\s+|fully\s+)?ours\b|"
    + _WE_OWN_OUR_PART.pattern
)


def _nothing_checkable(norm: str, original: str) -> Iterator[Span]:
    # Cheapest first: most texts have a digit or an "I" and stop here.
    if (
        _DIGIT.search(norm) is None
        and FIRST_PERSON.search(norm) is None
        and NUMBER.search(norm) is None
        and _WHEN.search(norm) is None
        and _EXIT_CRITERION.search(norm) is None
        and _EVENT_DEADLINE.search(norm) is None
        and _BOUNDARY.search(norm) is None
        and _OURS.search(norm) is None
        and _CLOSES.search(norm) is None
        and FIRST_PERSON.search(norm) is None
        and not _names_someone(norm, original)
    ):
        yield whole(norm)


# The same net for a cause: a strong cause tells the mechanism ("…, so…", "because…",
# "when…", a colon that explains), or who did it, or something to check (a figure, a time,
# a name). Across every batch so far no strong cause lacked all of these (0 of 100) and half
# the weak ones did ("Turns out the cache wasn't invalidating properly", "the failover
# didn't work as designed"). Reads the whole text; last in the rules, so any specific
# finding on the same words wins.
_MECHANISM = re.compile(
    r"\b(?:because|so|which|when|whenever|after|since|causing|caused|meaning|until|while|once|if"
    r"|then|leading|led|resulting|therefore|due)\b|[:;(]|\s-\s"
)


def _cause_without_mechanism(norm: str, original: str) -> Iterator[Span]:
    if (
        _DIGIT.search(norm) is None
        and FIRST_PERSON.search(norm) is None
        and _WE.search(norm) is None
        and _MECHANISM.search(norm) is None
        and TIME.search(norm) is None
        and _WHEN.search(norm) is None
        and not _names_someone(norm, original)
    ):
        yield whole(norm)


# ---------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# Habits written from their kind (writers G and H, batches 10 and 11)
# ---------------------------------------------------------------------------------------

# Ownership handed to another team, politely or candidly: "this one really belongs to
# Procurement", "ideally Finance would own it", "security are aware and I'm sure they'll
# pick it up", "it's on their radar". Quiet when the sentence dates the hand-over ("Priya's
# team takes it over on Monday 09:00").
_HANDED_OFF = _quiet_with(
    TIME,
    patterns=(
        r"\b(?:this|it|that)(?:\s+one)?(?:'s|\s+is|\s+was)?\s+(?:really\s+|properly\s+|strictly\s+"
        r"|technically\s+|rightly\s+|ultimately\s+|squarely\s+|more\s+|actually\s+|kind\s+of\s+)?"
        r"(?:belongs?|belonged|sits?|sat|falls?|fell|lives?)\s+(?:to|with|under|within|in)\s+"
        r"(?!me\b|my\b|us\b|our\b|mine\b|the\s+(?:past|future|queue|backlog)\b)",
        r"\b(?:in|within|under|outside)\s+(?:[a-z]+'s|their|his|her|the\s+[a-z]+\s+team's)\s+(?:remit|domain"
        r"|lane|purview|jurisdiction|wheelhouse|court)\b",
        r"\b(?:is|are|'s|was)\s+(?:really\s+|properly\s+|strictly\s+|technically\s+|more\s+)?(?:[a-z]+'s"
        r"|their)\s+(?:remit|domain|lane|responsibility|baby|call|problem|thing|area)\b",
        r"\bideally\s+(?:[a-z]+\s+){1,3}?(?:would|should|could|'d)\s+(?:own|take|handle|pick|run|lead"
        r"|drive|manage|look\s+after|be\s+responsible)\b",
        r"\b(?:should|ought\s+to)\s+(?:really|properly|rightly|arguably|by\s+rights)\s+(?:own|sit\s+with"
        r"|be\s+owned\s+by|belong\s+to|be\s+with|handle)\b",
        r"\b(?:best|better)\s+placed\s+to\s+(?:own|handle|take|lead|run|fix|answer|pick)\b",
        r"\bmakes?\s+(?:more\s+)?sense\s+for\s+(?!me\b|us\b)[a-z]+(?:\s+[a-z]+)?\s+to\s+(?:own|handle"
        r"|take|lead|run|pick)\b",
        r"\b(?:i'm|i\s+am|we're|we\s+are|i\s+trust|i\s+expect|i\s+assume|no\s+doubt)\s+(?:sure|confident"
        r"|certain|positive|hopeful)?\s*(?:that\s+)?(?:they|he|she|someone|somebody)(?:'ll|\s+will"
        r"|\s+would|'d)\s+(?:pick|take|sort|handle|deal|look|get\s+to|follow|chase|fix|own|catch)\b",
        r"\b(?:are|is|'re)\s+aware\s+(?:of\s+it\s+|of\s+this\s+)?and\s+(?:will|should|'ll|are\s+(?:sure|bound)"
        r"\s+to)\b",
        r"\bon\s+(?:their|his|her|[a-z]+'s)\s+radar\b",
        r"\b(?:they|he|she)(?:'ll|\s+will)\s+take\s+it\s+from\s+(?:here|there)\b",
        r"\bball(?:'s|\s+is)\s+(?:now\s+)?in\s+(?:their|his|her|[a-z]+'s)\s+court\b",
    ),
)

# "This is fundamentally a vendor-management matter": the problem filed under someone
# else's category. Quiet with a time, a figure, an explanation or the author's own part.
_FILED_ELSEWHERE = _quiet_with(
    TIME,
    _DIGIT,
    _I_OWN_MY_PART,
    re.compile(r"[:]|\b(?:because|which)\b"),
    patterns=(
        r"\b(?:this|it|that)(?:'s|\s+is|\s+was)\s+(?:fundamentally|really|essentially|basically|primarily"
        r"|ultimately|properly|more)\s+an?\s+(?:[a-z-]+\s+){1,2}?(?:matter|question|issue|topic|concern)\b",
        r"\b(?:are|is)\s+the\s+(?:natural|obvious|rightful|logical|proper)\s+owners?\b",
    ),
)

# A cause told in the jargon of complexity, with no mechanism: "unforeseen complexity in the
# orchestration layer", "the velocity assumptions were invalidated", "encountered unexpected
# behaviour". Quiet with a figure, "I", or an explanation (":", "because", "which"…).
_JARGON_CAUSE = _quiet_with(
    _DIGIT,
    FIRST_PERSON,
    re.compile(r"[:;]|\b(?:because(?!\s+of)|so|which|when|where|whenever|if)\b"),
    patterns=(
        r"\b(?:unforeseen|unanticipated|unexpected|unplanned|emergent|inherent|hidden|additional"
        r"|increased|underlying|architectural)\s+(?:technical\s+)?complexit(?:y|ies)\b",
        r"\bcomplexit(?:y|ies)\s+(?:in|of|around|within)\s+the\s+(?:[a-z-]+\s+){0,3}?(?:layer|stack"
        r"|platform|architecture|system|codebase|integration|domain|landscape|ecosystem|estate)\b",
        r"\bassumptions?\s+(?:were|was|got|have\s+been|has\s+been|proved|proven|turned\s+out)\s+(?:to\s+be\s+)?"
        r"(?:invalidated|invalid|wrong|incorrect|flawed|off|optimistic|overly\s+optimistic|not\s+valid)\b",
        r"\b(?:invalidated|broke|undermined|challenged)\s+(?:our|the|some|several|a\s+number\s+of)\s+"
        r"(?:[a-z-]+\s+)?assumptions\b",
        r"\b(?:encountered|experienced|ran\s+into|hit|faced)\s+(?:some\s+|an?\s+|a\s+number\s+of\s+)?"
        r"(?:unexpected|unforeseen|unanticipated|technical|various|significant|several)\s+(?:behaviou?rs?"
        r"|issues?|challenges?|problems?|difficult(?:y|ies)|complexit(?:y|ies)|obstacles?|headwinds"
        r"|roadblocks|blockers|hurdles)\b",
        r"\b(?:technical|integration|architectural|delivery|execution)\s+(?:challenges|headwinds|hurdles"
        r"|constraints)\b",
    ),
)

# "The team owns it" names nobody, unless it is a dated hand-over ("the infra team owns the
# cluster from Monday; today it's mine").
_TEAM_OWNS = _quiet_with(
    TIME,
    patterns=(
        r"\b(?<!\bfrom\s)(?<!\bon\s)(?<!\bin\s)(?<!\bof\s)(?<!\bto\s)(?<!\bwith\s)(?<!\bat\s)"
        r"(?:the|our|that)\s+(?:[a-z]+\s+)?(?:team|squad|org|group|devs|developers|engineers|folks)\s+owns\b",
    ),
)

# A gap between owners told as something the work did by itself: "it fell between the
# chairs", "slipped through the net", "no man's land". Quiet when the author owns a part.
_FELL_BETWEEN = _quiet_with(
    _I_OWN_MY_PART,
    patterns=(
        r"\b(?:slipped|fell|falling|slipping|falls|slips|dropped)\s+(?:through|between)\s+(?:the\s+|two\s+)?"
        r"(?:cracks|chairs|stools|gaps|net|teams)\b",
        r"\bno[- ]man's[- ]land\b",
        r"\b(?:nobody's|no\s+one's|no-one's)\s+(?:baby|job|problem|responsibility)\b",
    ),
)

# Fatalism in other words: a process "is random", "a lottery"; "it happens in every
# startup"; "people burn out"; "nothing much we can do until they sort themselves out".
_FATALISM_MORE = phrases(
    r"\b(?:is|are|'s|can\s+be|feels|seems)\s+(?:so\s+|completely\s+|totally\s+|pretty\s+|just\s+|a\s+bit\s+"
    r"|kind\s+of\s+|basically\s+|essentially\s+)?(?:random|arbitrary|a\s+lottery|a\s+lotto|a\s+crapshoot"
    r"|a\s+coin[- ](?:flip|toss)|a\s+roll\s+of\s+the\s+dice|luck\s+of\s+the\s+draw|a\s+black\s+box)\b",
    r"\byou\s+(?:never|can't|cannot|just\s+can't)\s+(?:really\s+)?(?:know|tell|predict)\s+(?:what|when"
    r"|how|if|whether)\b",
    r"\bluck\s+of\s+the\s+draw\b",
    r"\b(?:sometimes|some\s+days|occasionally)\s+(?:it|they|things|stuff|these)\s+just\s+[a-z]+",
    r"\bhappens?\s+(?:in|at|to)\s+(?:every|all|any|most)\s+(?:startups?|scale-?ups?|compan(?:y|ies)"
    r"|teams?|business(?:es)?|org(?:ani[sz]ation)?s?|projects?|firms?)\b",
    r"\bhappens\s+to\s+(?:everyone|everybody|the\s+best\s+of\s+us|all\s+of\s+us|us\s+all)\b",
    r"\b(?:every|any|all)\s+(?:startup|company|team|business|scale-?up|firm)s?\s+(?:goes|go|went|has|have"
    r"|runs?\s+into|hits?)\s+(?:through\s+)?(?:this|it|these|that)\b",
    r"\b(?:people|humans|engineers|staff|folks)\s+(?:just\s+|will\s+|do\s+)?(?:burn\s+out|make\s+mistakes"
    r"|get\s+tired)\b(?!\s+(?:because|when|after|if|on|from))",
    r"\b(?:nothing|not\s+much|little|not\s+a\s+lot)\s+(?:much\s+|more\s+|else\s+)?(?:that\s+)?(?:we|i)\s+can"
    r"\s+do\s+(?:until|till|but|except|while|before|about\s+it)\b",
    r"\bout\s+of\s+our\s+hands\b",
    r"\bour\s+hands\s+are\s+tied\b",
    r"\bat\s+(?:their|its|the\s+vendor's|[a-z]+'s)\s+mercy\b",
    r"\b(?:until|till)\s+(?:they|he|she|[a-z]+)\s+(?:sort|sorts|get|gets)\s+(?:themselves|itself|their"
    r"\s+act|its\s+act)\s+(?:out|together)\b",
)

# A remedy that is a resolution to try harder: "everyone agreed to double check things more",
# "we'll be more careful", "pay more attention", or effort promised in place of an outcome
# ("best endeavours are being made"). Quiet with a check a person could audit: a
# time, a figure or a named artefact ("a checklist step", "an alert").
_TRY_HARDER = _quiet_with(
    _DIGIT,
    re.compile(
        r"\b(?:checklist|alert|test|gate|lint|runbook|script|review\s+step|sign-?off|approval)\b"
    ),
    patterns=(
        r"\b(?:double[- ]check(?:ing)?|triple[- ]check(?:ing)?)\s+(?:things|everything|stuff|our\s+work"
        r"|more|better|harder)\b",
        r"\b(?:be|being|to\s+be)\s+(?:a\s+lot\s+|much\s+|a\s+bit\s+|extra\s+)?(?:more\s+)?(?:careful|vigilant"
        r"|diligent|thorough|rigorous|mindful|attentive)\b(?!\s+(?:of|about|with|when|on)\s+\d)",
        r"\b(?:pay|paying)\s+(?:more|closer|extra)\s+attention\b",
        r"\b(?:take|taking)\s+(?:more|extra)\s+care\b",
        r"\bkeep\s+(?:a\s+)?closer\s+(?:eye|watch)\b",
        r"\b(?:tighten|tightening)\s+(?:things|everything|up)\s*(?:up|more)?\b",
        r"\b(?:agreed|promised|committed|resolved)\s+to\s+(?:try\s+(?:harder|to)|do\s+better|be\s+better)\b",
        # Effort promised in place of an outcome: "best endeavours are being made", "every
        # effort is being made", "all reasonable efforts", "no stone left unturned".
        r"\b(?:best|reasonable|all\s+reasonable|every|all\s+possible|our\s+utmost|utmost)\s+"
        r"(?:endeavou?rs?|efforts?)\b",
        r"\bevery\s+effort\b",
        r"\b(?:no\s+stone\s+(?:is\s+being\s+|will\s+be\s+)?(?:left\s+)?unturned|leaving\s+no\s+stone"
        r"\s+unturned)\b",
        r"\b(?:doing|do|will\s+do|'ll\s+do)\s+(?:everything|all)\s+(?:we|i)\s+(?:can|possibly\s+can)\b",
        r"\b(?:doing|do|will\s+do|'ll\s+do)\s+(?:everything|whatever\s+it\s+takes)\s+(?:possible|humanly"
        r"\s+possible)?\b",
    ),
)

# The news pointed at instead of told: "per the attached deck, slide 14 contains an update
# on…", "please find attached", "details in the linked doc". Quiet when the sentence gives a
# count or a time.
_POINTS_ELSEWHERE = _quiet_with(
    _DIGIT_COUNT,
    re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b"),
    patterns=(
        r"\b(?:per|as\s+per|see|in|refer\s+to|please\s+(?:see|find|refer\s+to)|pls\s+(?:see|find))\s+"
        r"(?:the\s+)?(?:attached|enclosed|linked|accompanying)\b",
        r"\b(?:slide|page|section|appendix|tab)\s+(?:\d+|[a-z])\s+(?:contains|has|shows|covers|gives|outlines"
        r"|summari[sz]es|sets\s+out)\b",
        r"\b(?:the\s+)?(?:attached|enclosed|linked)\s+(?:deck|slides?|doc(?:ument)?|report|memo|spreadsheet"
        r"|file|pdf|presentation|one-pager|summary)\s+(?:contains|has|covers|gives|outlines|sets\s+out"
        r"|summari[sz]es|shows|explains|details)\b",
        r"\b(?:please|pls)\s+find\s+(?:attached|enclosed)\b",
        r"\b(?:page|slide|section|tab|appendix)\s+(?:\d+|[a-z])\s+(?:is|has)\s+the\s+(?:relevant|key"
        r"|important|main|interesting)\b",
        r"\b(?:sharing|attaching|forwarding|circulating)\s+the\s+(?:board\s+)?(?:pack|deck|slides|doc"
        r"|document|report|memo|write-?up)\b",
        r"\b(?:report|write-?up|doc|document|deck|details)\s+(?:is|are)\s+(?:now\s+)?(?:in|on)\s+the\s+"
        r"(?:shared\s+drive|wiki|confluence|sharepoint|drive|notion)\b",
        r"\b(?:details|everything|the\s+full\s+(?:picture|story|update|details))\s+(?:is\s+|are\s+)?(?:in|on)"
        r"\s+(?:the\s+)?(?:attached|enclosed|linked|deck|slides|doc)\b",
    ),
)

# An impact told by the noise it made: "Twitter is on fire", "support is drowning",
# "customers are definitely unhappy". Quiet with a figure in the sentence.
_NOISE_IMPACT = _quiet_with(
    _DIGIT,
    patterns=(
        r"\b(?:twitter|social(?:\s+media)?|socials|reddit|linkedin|the\s+internet|the\s+forums?|our\s+inbox"
        r"|the\s+inbox|support|the\s+support\s+team|the\s+phones?|the\s+helpdesk|the\s+help\s+desk"
        r"|(?:the\s+)?(?:support\s+)?queue|the\s+call\s+cent(?:re|er))\s+(?:is|are|has\s+been|have\s+been"
        r"|'s|'re|was|were)\s+(?:absolutely\s+|completely\s+|literally\s+|just\s+)?(?:on\s+fire|blowing\s+up"
        r"|exploding|melting\s+down|drowning|swamped|flooded|overwhelmed|slammed|buried|going\s+(?:mad|crazy"
        r"|nuts|wild|off)|lit\s+up|ringing\s+off\s+the\s+hook|in\s+meltdown|chaos|mental|nuts|crazy)\b",
        r"\b(?:customers|clients|users|merchants|people|partners|buyers|shoppers)\s+(?:are|were|'re)\s+"
        r"(?:definitely\s+|really\s+|very\s+|extremely\s+|clearly\s+|understandably\s+|pretty\s+|quite\s+|so\s+)?"
        r"(?:unhappy|upset|angry|furious|livid|frustrated|annoyed|not\s+happy|fuming|up\s+in\s+arms"
        r"|in\s+uproar|outraged)\b",
        r"\b(?:massive|huge|big|major)\s+(?:backlash|outcry|uproar|storm|shitstorm|stink)\b",
    ),
)


# ---------------------------------------------------------------------------------------
# Kinds from blind batches 14 and 15 (docs/coach.md), each written from the kind and
# quiet when its sentence carries the fact the kind leaves out.
# ---------------------------------------------------------------------------------------

# A preamble before the news: background first ("let me walk you through the background,
# then we can come to the status"), or the team's effort asked to be kept in mind. Quiet
# when the sentence already carries a figure, which is news.
# Praise of the team before the news: "I want to say how proud I am of how the team rallied",
# "huge shout-out to everyone", "credit where it's due". After the news and its figure, the
# same praise is no warm-up.
_PRAISE = compile_any(
    (
        r"\b(?:how\s+)?proud\s+(?:i\s+am\s+|we\s+are\s+|i\s+was\s+)?of\s+(?:how\s+)?(?:the|my|our|this"
        r"|every|you)\b",
        r"\b(?:huge|big|massive|special)\s+(?:shout-?out|thanks|thank\s+you|kudos)\b",
        r"\b(?:shout-?out|kudos|hats\s+off)\s+to\b",
        r"\bcredit\s+where\s+(?:it's|it\s+is)\s+due\b",
    )
)


def _praise_first(norm: str, original: str) -> Iterator[Span]:
    # Where the first figure is, found once: a pasted "proud of the… proud of the…" with no
    # figure stays linear.
    first = -1
    for match in _PRAISE.finditer(norm):
        if first < 0:
            digit = _DIGIT.search(norm)
            first = digit.start() if digit else len(norm)
        _, right = _sentence_around(norm, match.start(), match.end())
        if first >= right:
            yield match.span()


_PREAMBLE = _quiet_with(
    _DIGIT,
    patterns=(
        r"\b(?:walk|take|run|talk)\s+you\s+(?:through|over)\s+(?:the\s+|some\s+|a\s+bit\s+of\s+)?"
        r"(?:background|context|history|backstory|how\s+we)\b",
        r"\b(?:first(?:ly)?|let\s+me\s+first|(?:i'd|i\s+would)\s+like\s+to\s+first"
        r"|i\s+want(?:ed)?\s+to\s+first)\s+(?:i\s+want(?:ed)?\s+to\s+)?(?:explain\s+how|set\s+the\s+scene"
        r"|give\s+(?:you\s+)?(?:some|the|a\s+bit\s+of)\s+(?:background|context|history)"
        r"|go\s+(?:through|over)\s+(?:how|the\s+(?:background|history|plan)))\b",
        r"\bset\s+the\s+scene\b",
        r"\b(?:background|context|history)\s+first\b",
        r"\b(?:keep|bear)\s+in\s+mind\s+(?:that\s+)?(?:the\s+|my\s+|our\s+)?(?:team|teams|engineers"
        r"|everyone|everybody|people|we|they|folks|guys)\b[^.;!?\n]{0,40}?\b(?:worked|working|put\s+in"
        r"|pulled|gave|spent|stayed|tried)\b",
        r"\bbefore\s+i\s+say\s+anything(?:\s+else)?\b",
        # "Heads up before you hear it from sales: we over-billed 312 advertisers…": a label is
        # a warm-up only when the news does not follow it, with its figure, in the sentence.
        r"\b(?:just|quick)\s+(?:a\s+)?(?:quick\s+)?heads[- ]?up\b",
        r"\bheads[- ]?up\b",
        # Distress in place of the news: "I don't even know where to begin", "a massive
        # stuff-up".
        r"\b(?:don't|do\s+not|dont)\s+(?:even\s+|really\s+)?know\s+where\s+to\s+(?:begin|start)\b",
        r"\bwhere\s+(?:do|to)\s+(?:i|we)\s+(?:even\s+)?(?:begin|start)\b",
        r"\b(?:massive|huge|big|total|complete|proper|real)\s+(?:stuff-?up|balls-?up|cock-?up|screw-?up"
        r"|mess|shambles|fiasco|car\s+crash|shit-?show|dumpster\s+fire|own\s+goal)\b",
    ),
)

# Minimising by segment ("only tier-3 cities", "just the legacy accounts"): quiet when the
# sentence counts them. By feeling ("the main business is not really disturbed",
# "customers did not really notice much"): quiet when a figure shows it.
_MINIMISED_BY_SEGMENT = _quiet_with(
    # A count, not the digit of a name like "tier-3".
    re.compile(r"(?<![\w-])\d"),
    patterns=(
        r"\b(?:only|just|mostly|mainly|merely)\s+(?:it\s+is\s+|it's\s+)?(?:the\s+)?(?:smaller|small"
        r"|tier[- ]?[2-4]|rural|secondary|minor|remote|outlying|low[- ]value|long[- ]tail|free[- ]tier"
        r"|legacy|older|edge|peripheral|non[- ]core)\s+(?:[a-z-]+\s+)?(?:cities|towns|markets|regions"
        r"|sites|plants|customers|accounts|users|segments|stores|merchants|sellers|clients|areas)\b",
        r"\b(?:main|core|overall|wider|bulk\s+of\s+the)\s+(?:business|revenue|operations?|platform"
        r"|customer\s+base)\s+(?:is|was|are|were|remains?|stays?)\s+(?:not\s+really|largely\s+not"
        r"|hardly|barely|not)\s+(?:disturbed|affected|impacted|touched|hurt|bothered)\b",
        r"\b(?:customers|users|clients|buyers|merchants|people|nobody|no\s+one|operators)\s+(?:did|do"
        r"|will|would)(?:n't|\s+not)\s+(?:really|even)\s+(?:notice|feel|see|care)\b",
        r"\b(?:did|do|will|would)(?:n't|\s+not)\s+(?:really\s+)?notice\s+(?:much|anything|a\s+thing"
        r"|a\s+lot)\b",
        r"\b(?:hardly|barely|scarcely)\s+(?:anyone\s+|anybody\s+)?(?:noticed|notice|felt|complained)\b",
        r"\bnot\s+really\s+(?:disturbed|affected|impacted|noticeable|felt|visible)\b",
        # The size told by what is fine: "the bulk of the network is fine", "the rest of the
        # estate is unaffected", "most stores are trading normally".
        r"\b(?:bulk|rest|majority|remainder|vast\s+majority|lion's\s+share)\s+of\s+(?:the\s+"
        r"|our\s+)?(?:[a-z-]+\s+){1,2}?(?:is|are|was|were|remains?|stays?|looks?)\s+(?:still\s+)?"
        r"(?:completely\s+|totally\s+|largely\s+|perfectly\s+|absolutely\s+)?(?:fine|ok|okay|unaffected"
        r"|untouched|unharmed|normal|healthy|working|running|trading|operating|ticking\s+along)\b",
    ),
)

# A setting changed by nobody, told by its effect: "a config was changed which led to…".
_EFFECT_ALONE = (
    r"\b(?:led\s+to|leading\s+to|caused|causing|resulted\s+in|resulting\s+in|triggered|triggering"
    r"|which\s+(?:broke|blocked|stopped|took\s+down|knocked\s+out)|so\s+the|had\s+(?:some\s+)?"
    r"(?:unintended|unexpected|unforeseen|knock-on|adverse|undesired)\s+(?:consequences|effects"
    r"|side[- ]effects|impacts?|results))\b"
)
_CHANGED_BY_NOBODY = _quiet_with(
    FIRST_PERSON,
    _WE,
    re.compile(r"\bby\s+(?!the\s+time)"),
    patterns=(
        r"\b(?:a|an|the|some|one)\s+(?:[a-z-]+\s+)?(?:config(?:uration)?s?|settings?|flags?|parameters?"
        r"|rules?|timeouts?|limits?|thresholds?|polic(?:y|ies)|properties|property|variables?)\s+"
        r"(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+(?:changed|modified|updated|altered"
        r"|switched|flipped|tweaked|adjusted|removed|deleted|edited|overwritten|reverted|toggled)\b"
        # ...told by its effect alone; "the policy was changed to public" says what changed.
        rf"[^.;!?\n]{{0,40}}?{_EFFECT_ALONE}",
        # The change itself as the subject: "a configuration change was made which had
        # unintended consequences", "an update was pushed to the firewall which resulted in…".
        r"\b(?:a|an|the|some|one)\s+(?:[a-z-]+\s+){0,2}?(?:change|changes|update|updates|patch|patches"
        r"|tweak|tweaks|modification|modifications|edit|edits|deployment|release|rollout)\s+(?:was|were|got"
        r"|had\s+been|has\s+been|have\s+been)\s+(?:made|applied|pushed|deployed|rolled\s+out|introduced"
        r"|implemented|released|done|carried\s+out|put\s+in|shipped)\b"
        rf"[^.;!?\n]{{0,60}}?{_EFFECT_ALONE}",
    ),
)

# Nobody watching, and "a known gap": the gap told as a fact of nature. Quiet when the
# author says what they did or did not do about it.
_NOBODY_WATCHING = _quiet_with(
    _I_OWN_MY_PART,
    # "nobody checked it since 2022" dates the gap.
    _DIGIT,
    # ...or names who owns it now: "…before I moved them to the calendar; Lena owns them".
    re.compile(r"\bi\s+(?:raised|flagged|own|knew|moved|assigned|added|set)\b|\bowns\b"),
    patterns=(
        r"\b(?:nobody|no\s+one|no-one|none\s+of\s+us)\s+(?:was|were|had\s+been|has\s+been|is)\s+"
        r"(?:really\s+|actively\s+)?(?:tracking|watching|monitoring|checking|looking\s+at|keeping"
        r"\s+(?:an\s+eye|track)|following\s+up|maintaining|renewing)\b",
        r"\b(?:nobody|no\s+one|no-one)\s+(?:really\s+)?(?:tracked|watched|monitored|checked|kept\s+"
        r"(?:an\s+eye|track)|maintained)\b",
        r"\b(?:it's|it\s+is|it\s+was|this\s+is|this\s+was|that's|that\s+is|that\s+was)\s+(?:a|an)\s+"
        r"(?:well[- ])?known\s+(?:gap|issue|problem|weakness|limitation|risk)\b",
    ),
)

# Someone else's sign-off as where it should have been caught: "QA had signed off, so
# ideally this should have been caught there". Quiet when I own my part.
_THEIR_SIGN_OFF = _quiet_with(
    _I_OWN_MY_PART,
    patterns=(
        r"\bshould\s+(?:ideally\s+|really\s+|normally\s+|technically\s+)?have\s+been\s+(?:caught|spotted"
        r"|found|flagged|picked\s+up|detected|stopped|blocked)\s+(?:there|by\s+(?:them|qa|the\s+[a-z]+)"
        r"|in\s+(?:their|the\s+[a-z]+'s|qa|uat))\b",
        r"\bideally\s+(?:this|it|that)\s+should\s+have\s+been\s+(?:caught|spotted|found|flagged|picked"
        r"\s+up|detected)\b",
        r"\b(?:signed\s+(?:it\s+)?off|approved|passed|cleared|green-?lit)\b[^.;!?\n]{0,60}?\bso\s+"
        r"(?:ideally\s+|really\s+|technically\s+|in\s+theory\s+)?(?:this|it|that|they|he|she)\s+should"
        # "Legal approved it, so it should go out Friday" is a plan, not blame.
        r"\s+(?:ideally\s+|really\s+)?have\b",
        r"\bwas\s+(?:on\s+them|their\s+job)\s+to\s+(?:catch|spot|find|flag|test)\b",
    ),
)

# Growth as the whole cause: "mainly due to business growth and higher traffic in
# general", and a cause only pointed at ("something to do with the recent patching"). Quiet
# when a figure measures the growth or shows the link.
_GROWTH_AS_CAUSE = _quiet_with(
    _DIGIT,
    patterns=(
        r"\b(?:mainly|mostly|largely|primarily|simply|just|purely|basically|all|entirely)\s+(?:due\s+to"
        r"|because\s+of|down\s+to|driven\s+by|from|caused\s+by|a\s+result\s+of)\s+(?:the\s+|our\s+)?"
        r"(?:general\s+|overall\s+|natural\s+|organic\s+)?(?:business\s+|traffic\s+|user\s+|customer\s+"
        r"|volume\s+|data\s+)?(?:growth|scale|scaling|expansion|higher\s+(?:traffic|volume|usage|load"
        r"|demand)|more\s+(?:traffic|usage|customers|users|load|demand))\b",
        r"\b(?:mainly|mostly|largely|simply|just)\s+because\s+(?:we|the\s+business|the\s+company"
        r"|traffic|usage|volume)\s+(?:grew|has\s+grown|is\s+growing|increased|went\s+up)\b",
        r"\b(?:traffic|usage|volume|load|demand)\s+in\s+general\b",
        r"\b(?:just|simply|basically|really)\s+(?:the\s+cost\s+of\s+)?(?:growth|growing|scale|success)\b",
        # A cause only pointed at, quiet too when a figure shows the link: "something to do
        # with the recent patching", "some kind of issue with the vendor", "can't rule
        # anything out".
        r"\bsomething\s+to\s+do\s+with\b",
        r"\bsome\s+(?:sort|kind)\s+of\s+(?:issue|problem|glitch|fault|error|conflict|interaction)\b",
        r"\b(?:can't|cannot|can\s+not|won't)\s+rule\s+(?:anything|everything|much)\s+out\b",
    ),
)

# Jargon standing in for the mechanism: "a non-optimal interaction between X and Y led to
# an unexpected state". Quiet when the sentence says what actually happened.
_JARGON_MECHANISM = _quiet_with(
    _DIGIT,
    # "…left the table in an inconsistent state, so I froze refunds": the author acts on it.
    FIRST_PERSON,
    re.compile(r"[:(]|\b(?:because|so\s+that|which\s+meant)\b"),
    patterns=(
        r"\b(?:non-?optimal|sub-?optimal|unexpected|unforeseen|unintended|unanticipated|unfortunate"
        r"|complex|subtle|unusual|undesired|problematic)\s+(?:interaction|interplay|combination|coupling"
        r"|mismatch|conflict|dependency|race|sequence)s?\s+(?:between|of|among|in)\b",
        r"\b(?:led|leading|leads|resulted|resulting|caused|causing|put|putting|left|leaving|ended\s+up)"
        r"\s+(?:to\s+|in\s+)?(?:it\s+|the\s+[a-z-]+\s+)?(?:in\s+|into\s+)?(?:an?\s+)?(?:unexpected"
        r"|inconsistent|undefined|unknown|degraded|invalid|weird|unstable|unhealthy|abnormal|undesired"
        r"|non-?deterministic)\s+(?:state|states|behaviou?r|condition|situation|outcome)\b",
    ),
)

# Progress without a count, in words: "most of the issues have been resolved", "the final
# stages of stabilisation". Quiet with a count or a time, as for "80% done".
_PROGRESS_WORDS = compile_any(
    (
        r"\b(?:most|the\s+majority|the\s+bulk|much|almost\s+all|nearly\s+all)\s+of\s+the\s+(?:issues"
        r"|problems|bugs|errors|tickets|items|defects|incidents|things)\s+(?:have\s+(?:now\s+)?been"
        r"|has\s+(?:now\s+)?been|are\s+(?:now\s+)?|is\s+(?:now\s+)?|were)\s*(?:resolved|fixed|sorted"
        r"|closed|addressed|handled|done|cleared|solved)\b",
        # Where the work is, not where a fault is: "we are in the final stages", never "the
        # error is in the last step of the import".
        r"\b(?:are|is|'re|'s|now|been|entering|moving\s+into|moved\s+into|reached)\s+(?:now\s+)?"
        r"(?:in\s+|into\s+|at\s+)?the\s+(?:final|last|closing)\s+(?:stages?|phases?|leg|lap)\b",
    )
)


def _progress_in_words(norm: str, original: str) -> Iterator[Span]:
    for match in _PROGRESS_WORDS.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        if _COUNT_OF.search(norm, left, right) or TIME.search(norm, left, right):
            continue
        yield match.span()


# Ownership placed between two teams: "it sits somewhere between SRE and the firmware
# guys", "a grey area"; or refused to any one person: "not fair to pin this on any one person
# or team", "I cannot say it was one single person". Quiet when someone is named as owning it
# or the author owns a part.
_ONE_PARTY = r"(?:any\s+|a\s+|one\s+)?(?:one|single)\s+(?:person|individual|team|engineer|group|department|name)"
_OWNED_BETWEEN = _quiet_with(
    _I_OWN_MY_PART,
    _DIGIT,
    re.compile(
        r"\b(?:i\s+own|owns|i\s+am\s+the\s+(?:accountable\s+)?owner|i'm\s+the\s+(?:accountable\s+)?owner)\b"
    ),
    patterns=(
        # "somewhere between two and three hours" is a range, not an owner.
        r"\b(?:somewhere|kind\s+of|sort\s+of|halfway)\s+(?:in\s+)?between\b(?!\s+(?:one|two|three|four"
        r"|five|six|seven|eight|nine|ten|a\s+few|a\s+couple))",
        # Ownership placed there, not a component: "the gateway that sits between the ERP and
        # the shop" is architecture.
        r"\b(?:it|this|that|ownership|responsibility|accountability|the\s+(?:fix|problem|issue|gap))\s+"
        r"(?:really\s+|kind\s+of\s+|sort\s+of\s+)?(?:sits?|sat|lies|lay|falls?|fell|lives?|lived)\s+"
        r"(?:somewhere\s+)?(?:in\s+)?between\b",
        r"\b(?:grey|gray)\s+(?:area|zone)\b",
        rf"\b(?:pin|blame|put|lay|point|attribute)\s+(?:this|it|that|the\s+[a-z]+\s+)?\s*(?:on|at|to)\s+"
        rf"(?:the\s+(?:door|feet)\s+of\s+)?{_ONE_PARTY}\b",
        rf"\b(?:was|is|were)(?:n't|\s+not|\s+never)?\s+(?:down\s+to\s+|the\s+fault\s+of\s+)?{_ONE_PARTY}\b",
        r"\bno\s+(?:one\s+|single\s+)(?:person|individual|team)\s+(?:is|was|can\s+be)\s+(?:to\s+blame"
        r"|responsible|at\s+fault|accountable)\b",
        r"\b(?:not|isn't|wasn't|aren't|weren't)\s+(?:fair|right|helpful|useful|constructive)\s+to\s+(?:pin|blame|single\s+out"
        r"|point\s+(?:the\s+)?fingers?)\b",
        r"\b(?:not|isn't|wasn't|aren't|weren't)\s+(?:about|a\s+question\s+of)\s+(?:who|blame|blaming|pointing\s+fingers)\b",
    ),
)


# ---------------------------------------------------------------------------------------
# Kinds from blind batches 16 and 17 (docs/coach.md, "Batches 16 and 17 tuned on"), each
# written from the kind and quiet when its sentence carries the fact the kind leaves out.
# ---------------------------------------------------------------------------------------

# A loss denied by a technicality: "technically no data was lost, it just isn't where it's
# supposed to be", "not an outage as such", "on paper we met the SLA", "not lost, just
# misplaced". The loss is real and the words argue it away. Quiet with a figure, which lets
# the executive weigh the technicality ("technically within SLA: 99.91% against 99.9%").
_TECHNICALITY = _quiet_with(
    _DIGIT,
    patterns=(
        r"\b(?:technically|strictly(?:\s+speaking)?|on\s+paper|in\s+theory|to\s+the\s+letter)"
        r"\s*,?\s+(?:no|nothing|none|nobody|no\s+one|not|never|we\s+(?:didn't|did\s+not|haven't|have\s+not"
        r"|never|weren't|were\s+not|met|hit|stayed|are|were)|it\s+(?:isn't|is\s+not|wasn't|was\s+not"
        r"|didn't|did\s+not)|there\s+(?:was|were|is|has\s+been)\s+no|(?:the\s+)?(?:site|service|system"
        r"|app|platform|data|sla)\s+(?:was|is|were|stayed|remained|held))\b",
        r"\b(?:was|were|is|are|has\s+been|have\s+been)(?:n't|\s+not)?\s+(?:technically|strictly\s+speaking)"
        r"\s+(?:lost|deleted|exposed|leaked|down|up|available|online|intact|compliant|within|met|breached"
        r"|missed|a\s+breach|an\s+outage|an\s+incident|in\s+breach|data\s+loss)\b",
        r"\b(?:lost|gone|deleted|down|breach(?:ed)?|outage|leak(?:ed)?|incident|data\s+loss|failure|broken"
        r"|missed|late|exposed)\s*,?\s+(?:as\s+such|per\s+se|in\s+the\s+strict\s+sense)\b",
        r"(?:\bnot|n't)\s+(?:really\s+|technically\s+)?(?:lost|gone|deleted|down|broken|missing|an?\s+(?:outage"
        r"|breach|leak|incident|failure))\s*(?:,|;|-)?\s*(?:just|merely|simply|more\s+(?:like|of))\b",
        r"(?:\bnot|n't)\s+(?:quite\s+|exactly\s+|really\s+)?where\s+(?:it|they|the\s+[a-z-]+)(?:'s|'re|\s+is"
        r"|\s+are|\s+was|\s+were)?\s+(?:supposed|meant|expected|should)\s+(?:to\s+)?be\b",
        r"\bon\s+a\s+technicality\b",
        r"\b(?:within|inside)\s+the\s+(?:letter|wording)\s+of\s+the\s+(?:sla|contract|agreement)\b",
    ),
)

# A share of nothing in particular: "around 3% of something", "a few percent of stuff",
# "a single-digit percentage", "low double digits". The base or the figure is missing.
_UNKNOWN_BASE = compile_any(
    (
        r"(?<![\d.])\d++(?:\.\d+)?\s?(?:%|percent\b|per\s+cent\b)\s+of\s+(?:something|stuff|things|whatever"
        # ...or of a base left unsaid at the end of its clause ("3% of everything.", "5% of
        # the total"), not "31% of that afternoon's parcels" or "60% of that to come back".
        r"|(?:everything|it\s+all|the\s+total|the\s+whole\s+thing|the\s+thing)(?=\s*(?:[.,;:!?]|$)))\b",
        r"\b(?:some|a\s+certain|an\s+unknown|a\s+decent|a\s+fair|a\s+good)\s+(?:percentage|proportion"
        r"|share|fraction|amount)\s+of\b",
        r"\b(?:a\s+few|several|a\s+couple\s+of)\s+(?:percent|per\s+cent|percentage\s+points)\b",
        r"\b(?:(?:low|high|mid)[- ]?)?(?:single|double|triple)[- ]digits?\b(?:\s+(?:percent|percentage|%))?",
    )
)


_WORDS_FOR_A_FIGURE = ("low", "high", "mid", "single", "double", "triple", "some", "a ")
_NAMED_BASE = re.compile(r"(?:the\s+total|everything|it\s+all|the\s+whole\s+thing|the\s+thing)$")


def _figures_in(norm: str, left: int, right: int) -> int:
    return sum(1 for _ in _DIGIT_RUN.finditer(norm, left, right))


def _unknown_base(norm: str, original: str) -> Iterator[Span]:
    for match in _UNKNOWN_BASE.finditer(norm):
        left, right = _sentence_around(norm, match.start(), match.end())
        # "Low single digits: 4 of 12,000", "4% of the total, 1,200 orders": the sentence
        # gives the figure or the base after all.
        if norm.startswith(_WORDS_FOR_A_FIGURE, match.start()):
            if _DIGIT.search(norm, left, right) is not None:
                continue
        elif _NAMED_BASE.search(match.group()) and _figures_in(norm, left, right) > 1:
            continue
        yield match.span()


# A cause given to another function: "it's more of a product problem than an engineering
# one", "less an engineering issue and more a sales one" ("to be fair" at the end is
# `_FAIRNESS_TRAILING`). Quiet when the author says what they did, gives a figure, or
# explains it; "more of a capacity problem than a bug" names no function.
_OTHER_FUNCTIONS_PROBLEM = _quiet_with(
    _I_OWN_MY_PART,
    _DIGIT,
    re.compile(r"[:]|\bbecause\b"),
    patterns=(
        r"\b(?:more|less|much\s+more|really\s+more)\s+(?:of\s+)?an?\s+(?:[a-z-]+\s+){0,1}?(?:product|engineering"
        r"|business|ops|operations|sales|finance|legal|procurement|security|compliance|hr|people|infra"
        r"|infrastructure|platform|data|vendor|supplier|management|leadership|marketing|support|design"
        r"|process|org(?:ani[sz]ational)?|resourcing|staffing|planning|commercial|customer|partner|qa)\s+"
        r"(?:problem|issue|matter|question|thing|failure|gap|concern|miss)\s+than\b",
        r"\b(?:less|not\s+so\s+much)\s+(?:of\s+)?an?\s+(?:[a-z-]+\s+)?(?:problem|issue|matter|question|thing)"
        r"\s+(?:and|but)\s+(?:more|rather)\s+(?:of\s+)?an?\s+[a-z-]+\s+(?:one|problem|issue|matter|thing)\b",
    ),
)
# "…than an engineering one, to be fair.": the fairness wrapper at the end of its clause.
_FAIRNESS_TRAILING = re.compile(
    r",\s*(?:to\s+be\s+fair|in\s+(?:all\s+)?fairness|if\s+(?:i'm|i\s+am|we're|we\s+are)\s+(?:being\s+)?fair)"
    r"(?:\s+to\s+(?:them|him|her|everyone|all))?\s*(?=[.!;]|$)"
    r"|\bif\s+(?:i'm|i\s+am|we're|we\s+are)\s+(?:being\s+)?(?:fair|totally\s+fair|completely\s+fair)\b"
)


# Trailing off, leaving the executive to supply the news: "Karim is thinking about other
# opportunities, so, you know.", "so yeah…", "read between the lines", "draw your own
# conclusions", "I'll leave it there".
_TRAILING_OFF = phrases(
    r"\b(?:so|and|but)\s*,?\s+(?:you\s+know|yeah|anyway|there\s+you\s+go|there\s+we\s+are|there\s+it\s+is"
    r"|what\s+can\s+i\s+say|make\s+of\s+that\s+what\s+you\s+will)\s*(?:\.\.\.|…)?\s*(?=[.!…]|$)",
    r"\b(?:you\s+know|you\s+see)\s*(?:\.\.\.|…)\s*$",
    r"\bif\s+you\s+(?:know|get|catch|see)\s+what\s+i\s+mean\b",
    r"\b(?:you\s+get|you\s+can\s+(?:guess|imagine))\s+(?:the\s+(?:idea|picture|gist|rest)|the\s+rest"
    r"|how\s+(?:it|that)\s+(?:went|goes))\b",
    r"\bi'm\s+sure\s+you\s+can\s+(?:imagine|guess|fill\s+in)\b",
    r"\bread\s+between\s+the\s+lines\b",
    r"\bdraw\s+your\s+own\s+conclusions?\b",
    r"\bmake\s+of\s+(?:that|it|this)\s+what\s+you\s+will\b",
    r"\b(?:i'll|i\s+will|let\s+me|let's)\s+leave\s+it\s+(?:there|at\s+that)\b",
    r"\b(?:enough\s+said|say\s+no\s+more|need\s+i\s+say\s+more|'nuff\s+said)\b",
    r"\bso\s+there's\s+that\b",
    r"\b(?:and\s+so\s+on|and\s+all\s+that|and\s+whatnot|and\s+stuff|or\s+whatever|and\s+so\s+forth)"
    r"\s*(?:\.\.\.|…)?\s*(?=[.!…]|$)",
)


# An ask that makes itself optional or apologises for asking: "I don't want to bother you
# with this, but if you have time", "no pressure", "only if you get a chance", "whenever
# suits". Quiet with a time ("no rush before Friday 12:00" still says when) and in an ask
# that names a decision, whose missing deadline is the checklist's business.
_OPTIONAL_ASK = _quiet_with(
    TIME,
    patterns=(
        r"\b(?:(?:i|we)\s+(?:don't|do\s+not|didn't|did\s+not)\s+(?:want|mean|like)\s+to|sorry\s+to|hate\s+to"
        r"|(?:i|we)\s+hate\s+to)\s+(?:bother|trouble|disturb|bug|pester|burden|load|impose\s+on)\s+you\b",
        r"\bif\s+(?:you\s+(?:have|get|find)\s+(?:(?:the|a|some|any)\s+)?(?:time|a\s+(?:minute|moment|second|chance"
        r"|sec)|a\s+few\s+minutes|bandwidth|capacity|a\s+spare\s+moment)|it's\s+not\s+too\s+much\s+(?:trouble"
        r"|to\s+ask)|(?:you're|you\s+are)\s+not\s+too\s+busy|you\s+(?:can|could)\s+spare)\b",
        r"\b(?:only\s+)?(?:when|whenever)\s+you\s+(?:have|get|find)\s+(?:a\s+)?(?:time|a\s+(?:minute|moment"
        r"|second|chance)|the\s+time|bandwidth|a\s+spare\s+moment)\b",
        r"\b(?:no\s+(?:pressure|rush|hurry|urgency)|not\s+(?:urgent|a\s+priority|pressing)|whenever\s+(?:suits"
        r"|works|is\s+convenient|you\s+can)|at\s+your\s+(?:convenience|leisure))\b",
    ),
)


def _optional_ask(norm: str, original: str) -> Iterator[Span]:
    if not _names_decision(norm):
        yield from _OPTIONAL_ASK(norm, original)


RULES: tuple[Rule, ...] = (
    Rule(
        id="soft-landing",
        sections=_in("opener"),
        severity="warning",
        message="A warm-up delays the news and makes the executive brace for it.",
        suggestion="Open with the impact and that you own it: 'Checkout failed for 18% of "
        "payments since 09:40; it was my deploy.'",
        check=_either(
            _process_opener,
            _PREAMBLE,
            _praise_first,
            phrases(
                r"\bhope\s+(?:you|you're|you've|you'd|the|your|all|everything|it's|this|that)\b",
                r"\b(?:give|giving|provide|providing)\s+you\s+(?:some\s+|early\s+|a\s+bit\s+of\s+)?(?:visibility"
                r"|a\s+heads|an?\s+(?:overview|fyi|early\s+warning))\b",
                r"\b(?:make|making)\s+you\s+aware\b",
                r"\b(?:i'll|i\s+will|let\s+me|i'm\s+going\s+to)\s+keep\s+(?:this|it)\s+(?:brief|short|quick)\b",
                r"\b(?:i|we)\s+know\s+(?:you're|you\s+are|how)\s+(?:busy|slammed|stretched|swamped)\b",
                r"\b(?:need|needed|want|wanted|have)\s+to\s+(?:flag|raise|highlight|make\s+you\s+aware\s+of"
                r"|bring\s+(?:to\s+your\s+attention|up)|escalate)\s+(?:an?|some|the|something|this)\b",
                r"\ba\s+(?:situation|matter|development|concern)\s+(?:that's\s+|that\s+is\s+)?(?:developing|emerging"
                r"|unfolding|brewing|evolving|you\s+should\s+know\s+about)\b",
                r"\bso\s+(?:you're|you\s+are|you)\s+(?:not\s+)?(?:blindsided|caught\s+off\s+guard|surprised"
                r"|hearing\s+it\s+(?:from\s+me\s+)?first)\b",
                r"\b(?:chatter|rumblings|noise|murmurs|rumou?rs)\s+(?:about|around|regarding|on)\b",
                r"\bas\s+you\s+(?:may|might)\s+(?:know|have\s+heard|be\s+aware)\b",
                r"\b(?:first(?:ly)?|before\s+anything\s+else|to\s+start(?:\s+with)?)\s*,?\s+(?:a\s+(?:big\s+)?)?"
                r"(?:thank|thanks)\b",
                r"\bthank(?:s|\s+you)\s+(?:(?:so|very)\s+much\s+)?for\s+(?:all\s+)?(?:your|the)\s+(?:support"
                r"|patience|help|understanding|trust|time|continued)\b",
                r"\bhow\s+(?:are\s+you|are\s+things|is\s+it\s+going|'s\s+it\s+going|was\s+(?:the|your))\b",
                r"\bquick\s+(?:thing|one|question|q|note|flag|favou?r|update|word|chat)\b",
                r"\bjust\s+(?:a\s+quick(?!\s+heads)|a\s+small|wanted|checking|flagging|touching"
                r"|looping|to\s+let\s+you\s+know)\b",
                r"\bsorry\s+to\s+(?:bother|interrupt|bug|disturb|pester)\b",
                r"\btouch(?:ing)?\s+base\b",
                r"\b(?:do\s+you\s+have|have\s+you\s+got|got)\s+a\s+(?:sec|second|minute|moment)\b",
                r"\b(?:wanted|want)\s+to\s+(?:loop\s+you\s+in|check\s+in|run\s+something\s+by)\b",
                r"\b(?:(?:do|did)\s+you\s+have|have\s+you\s+got|got)\s+(?:a\s+few|a\s+couple\s+of|some"
                r"|five|ten|two|\d+)\s+(?:minutes|mins|seconds|secs|moments)\b",
                r"\b(?:would|is|will)\s+(?:now|today|this\s+(?:morning|afternoon|week)|later)\s+(?:be\s+)?"
                r"a\s+(?:good|bad|ok|okay|convenient)\s+time\b",
                r"\bwhen\s+you\s+(?:get|have|find)\s+a\s+(?:chance|minute|moment|sec|second)\b",
                r"\b(?:wanted|want|like)\s+to\s+start\s+(?:by|with|off)\b",
                r"\bbefore\s+(?:we|i)\s+(?:get|dive|jump|go)\s+into\b",
                r"\b(?:a\s+(?:bit|little)\s+of|some)\s+(?:background|context|history|backstory)\b",
                r"\b(?:it's|it\s+has)\s+been\s+(?:(?:quite|such)\s+a\s+(?:(?:long|busy|crazy|rough|hard"
                r"|hectic|wild|tough)\s+)?|a\s+(?:long|busy|crazy|rough|hard|hectic|wild|tough)\s+)"
                r"(?:week|day|month|few\s+(?:days|weeks)|ride|quarter|sprint)\b",
                r"\bhow\s+hard\s+(?:everyone|the\s+team|we)\b",
                r"\b(?:busy|crazy|hectic|wild|rough)\s+(?:week|day|few\s+days|month)\b"
                r"(?!\s+(?:of|for|in|at|on\s+(?!our\s+side)))",
            ),
        ),
    ),
    Rule(
        id="unsized-impact",
        sections=_in("opener", "impact"),
        severity="warning",
        message="An impact described by a feeling ('a big blow', 'hard to quantify') cannot "
        "be weighed.",
        suggestion="Size it with what you know, and say what is still open: '3 of 5 "
        "enterprise renewals at risk; revenue exposure confirmed by Friday.'",
        check=_either(_impact_by_feeling, _NOISE_IMPACT),
    ),
    Rule(
        id="fishing-question",
        sections=_in("opener", "impact"),
        severity="warning",
        message="Asking whether they have seen it makes them discover the problem themselves.",
        suggestion="Tell them directly: state the impact and your ownership in one sentence.",
        check=phrases(
            r"\b(?:have|did|has|had)\s+you\s+(?:seen|see|looked|look|noticed|notice|had\s+a"
            r"\s+chance|heard|hear|checked|check|caught|been\s+following|read|spotted|spot)\b",
            r"\bnot\s+sure\s+if\s+you(?:'ve|\s+have)?\s+(?:seen|heard|noticed|caught)\b",
            r"\b(?:did|have|has)\s+you\s+(?:get|got|had|have)\s+a\s+(?:chance|moment|minute)\b",
            r"\bare\s+you\s+aware\b",
            r"\bdid\s+anyone\s+(?:tell|mention|flag)\b",
        ),
    ),
    Rule(
        id="opener-question",
        sections=_in("opener"),
        severity="warning",
        message="An opener phrased as a question makes the executive guess what is coming.",
        suggestion="State it: 'Checkout failed for 18% of payments since 09:40; it was my deploy.'",
        check=_opener_questions,
    ),
    Rule(
        id="good-news-first",
        sections=_in("opener", "impact", "cause", "update"),
        severity="warning",
        message="Leading with the good news buries the bad, and the executive notices.",
        suggestion="Lead with the bad news and its size; the good news can follow: 'Renewal "
        "lost (£400K ARR); the other two renewals are signed.'",
        check=_good_news_first,
    ),
    Rule(
        id="minimising",
        sections=ALL - {"ask"},
        severity="warning",
        message="Downplaying bad news reads as spin once the real size comes out.",
        suggestion="Give the size and let the number speak: '230 accounts, 1 in 12 exports "
        "failing'.",
        check=_either(
            _UNDERSTATEMENT,
            phrases(
                r"\b(?:not|isn't|wasn't|aren't)\s+(?:a|that)\s+(?:huge|big|major|massive)"
                r"\s+(?:deal|issue|problem)\b",
                r"\bno\s+(?:big|huge|major)\s+deal\b",
                r"\bnothing\s+(?:major|serious|dramatic|big|huge|crazy|to\s+worry\s+about|too\s+bad"
                r"|unusual|out\s+of\s+the\s+ordinary)\b",
                r"\b(?:small|tiny|little|minor|slight)\s+(?:thing|issue|hiccup|blip|problem|glitch"
                r"|snag|bump|wobble|situation)\b",
                r"\bnot\s+(?:great|ideal|the\s+end\s+of\s+the\s+world)\b",
                r"\b(?:blip|hiccups?|wobble)\b",
                # "a bit of a knock", "a bit of a week" (a saga is a brush-off, below).
                r"\ba\s+bit\s+of\s+an?\s+(?!saga\b)[a-z]+",
                r"\b(?:minimal|negligible)\b",
                r"\b(?:relatively|fairly|pretty|reasonably|largely|mostly|quite|very)\s+(?:contained|limited"
                r"|small|minor|low|isolated|modest|manageable)\b",
                r"\blimited\s+(?:impact|exposure|blast\s+radius)\b",
                r"\ball\s+things\s+considered\b",
                r"\b(?:mostly|only|just)\s+internal\b",
                r"\bnothing\s+to\s+(?:be\s+)?(?:alarmed|concerned|worried|panic)\b",
                # A figure given and then judged small: "only 2%, so really a small number",
                # "a tiny fraction of users", "a drop in the ocean", "not that many".
                r"\b(?:an?\s+)?(?:(?:really|very|quite|relatively|fairly|comparatively|pretty)\s+)?"
                r"(?:small|tiny|low|insignificant|minor|minuscule|vanishingly\s+small)\s+(?:number|fraction"
                r"|percentage|proportion|share|amount|subset|minority|slice|cohort|handful)\b"
                # "a small number of accounts, 14," counts them; "really a small number" judges.
                r"(?!\s+of\b)",
                r"\bdrop\s+in\s+the\s+(?:ocean|bucket)\b",
                r"\bnot\s+(?:that|too|very|all\s+that|so|terribly)\s+(?:many|much|bad|big|serious|significant"
                r"|high|large|widespread|noticeable)\b",
                r"\b(?:only|just|merely)\s+(?:an?\s+)?(?:handful|fraction|tiny|small|couple|few)\b",
                r"\b(?:really|basically|honestly|ultimately|effectively|practically)\s+(?:a\s+)?(?:non-?(?:event"
                r"|issue)|small|minor|tiny|limited|contained|negligible|nothing)\b",
                r"\bnon-?(?:event|issue)\b",
            ),
            _only_a_share,
            _MINIMISED_BY_SEGMENT,
            _TECHNICALITY,
        ),
    ),
    Rule(
        id="reassurance-not-facts",
        sections=ALL - {"ask"},
        severity="warning",
        message="Reassurance (a good tone, 'on track', 'confident') is not a fact to act on.",
        suggestion="Give what shows it: 'Nordbank agreed the fix plan on the 14:00 call; "
        "they confirm renewal by 30 May.'",
        check=_either(_MEETING_MOOD, _REASSURANCE, _STATUS_WITHOUT_METRIC),
    ),
    Rule(
        id="hedging",
        sections=ALL,
        severity="warning",
        message="Hedging makes the executive wonder whether you know.",
        suggestion="State what you know and how sure you are: '2,400 users cannot log in "
        "since 08:00 (confirmed)'.",
        check=_hedging,
    ),
    Rule(
        id="vague-quantity",
        sections=ALL,
        severity="warning",
        message="A vague amount forces the executive to guess the size of the problem.",
        suggestion="Give the number and the unit: '230 accounts', '1 in 12 exports', "
        "'€12K per hour'.",
        check=_either(
            _vague_magnitude,
            _vague_duration,
            _vague_amount,
            _unknown_base,
        ),
    ),
    Rule(
        id="vague-description",
        sections=_in("opener", "impact", "cause", "update"),
        severity="warning",
        message="A vague description suggests the diagnosis has not really been done.",
        suggestion="Name the fault and how it produced the impact: 'A timeout I set to 2 s "
        "cancelled slow card checks.'",
        check=_either(
            _trend_as_cause,
            _GROWTH_AS_CAUSE,
            _JARGON_MECHANISM,
            _CATEGORY_CAUSE,
            _JARGON_CAUSE,
            _generic_event,
            _KIND_OF_CULPRIT,
            phrases(
                r"\bsomething\s+(?:went\s+wrong|happened|broke|is\s+off|is\s+wrong|came\s+up"
                r"|is\s+going\s+on|weird|odd|strange|funny|with|changed|failed|shifted|snapped"
                r"|fell\s+over|went\s+sideways|got\s+(?:messed|mixed)\s+up|(?:is|was)n't\s+right)\b",
                r"\bthings\s+(?:stopped|started|broke|fell\s+(?:over|apart)|went\s+(?:south|sideways"
                r"|pear-shaped|haywire)|got\s+(?:out\s+of\s+hand|messy|tangled)|lined\s+up)\b",
                r"\b(?:stopped|not|wasn't|isn't)\s+working\s+as\s+(?:expected|intended|designed)\b",
                r"\bsomething(?:'s|\s+has)\s+(?:come\s+up|gone\s+wrong|happened|broken|changed)\b",
                r"\b(?:a\s+)?known\s+(?:issue|problem|bug)\s+with\b",
                r"\b(?:weird|odd|strange|funky|wonky)\b",
                r"\bglitch(?:es|y)?\b",
                r"\bhard\s+to\s+(?:explain|pin\s+down|describe)\b",
                r"\bfor\s+(?:some|whatever)\s+reason\b",
                r"\bperfect\s+storm\b",
                r"\b(?:perfect|unlucky|rare|unusual|freak|unfortunate)\s+(?:alignment|combination|confluence"
                r"|coincidence|sequence|chain)\s+of\b",
                r"\bfreak\s+(?:accident|event|occurrence|incident)\b",
                r"\bswiss\s+cheese\b",
                r"\b(?:harder|more\s+complex|more\s+complicated|longer|trickier|bigger|messier)"
                r"\s+than\s+(?:expected|anticipated|planned|we\s+thought|i\s+thought)\b",
                r"\b(?:technical|tech)\s+(?:issues?|difficult(?:y|ies)|problems?|reasons?)\b",
                r"\bunforeseen\s+(?:issues|circumstances|complications|problems)\b",
                r"\b(?:combination|mix|series)\s+of\s+(?:factors|things|issues|problems|events)\b",
                r"\bnothing\s+specific\b",
                r"\b(?:changed|broke|tweaked|altered|touched|updated|pushed|did)\s+something\b",
                r"\bmoving\s+parts\b",
                r"\b(?:some|a)\s+(?:kind|sort)\s+of\s+(?:issue|problem|error|bug)\b",
                r"\bthings\s+(?:went|got|are|were)\s+(?:wrong|sideways|messy|complicated|weird)\b",
            ),
        ),
    ),
    Rule(
        id="jargon-without-consequence",
        sections=_in("impact", "cause"),
        severity="hint",
        message="The executive cannot weigh a technical metric without its effect on the business.",
        suggestion="Say what it did to customers or revenue: 'order confirmations arrived 2 "
        "hours late for 4,000 customers'.",
        check=_jargon_without_consequence,
    ),
    Rule(
        id="passive-hides-actor",
        sections=_in("opener", "ownership"),
        severity="warning",
        message="The passive voice hides who decided, which reads as dodging.",
        suggestion="Name the actor, starting with yourself: 'I merged the change without a "
        "canary.'",
        check=_passive_hiding_actor,
    ),
    Rule(
        id="actorless-event",
        sections=_in("opener", "cause", "ownership"),
        severity="warning",
        message="A fault that 'happened' on its own has no actor, which reads as dodging.",
        suggestion="Say who did what: 'I pushed a config with the wrong timeout', not 'a "
        "misconfiguration occurred'.",
        check=_either(
            _actorless_events,
            _colloquial_actorless,
            _actorless_passive,
            _PROCESS_FAILED,
            _UNOWNED_CHANGE,
            _FELL_BETWEEN,
            _CHANGED_BY_NOBODY,
            _NOBODY_WATCHING,
        ),
    ),
    Rule(
        id="actorless-decision",
        sections=_in("opener", "cause", "ownership", "remediation", "update"),
        severity="warning",
        message="A decision that 'was made' by nobody reads as dodging who made it.",
        suggestion="Say who decided: 'I decided to pause the rollout at 10:05.'",
        check=_actorless_decision,
    ),
    Rule(
        id="diffused-ownership",
        sections=_in("opener", "ownership"),
        severity="error",
        message="When everyone owns it, the executive hears that no one does.",
        suggestion="Say what you decided or missed, in the first person: 'I approved the "
        "release without a load test.'",
        check=_either(
            _nobody_owns,
            _TEAM_OWNS,
            _OWNED_BETWEEN,
            phrases(
                r"\bwe(?:'re|\s+are|'ve|\s+have|'ll|\s+will|\s+were|'d|\s+would)?\s+all\b",
                r"\ball\s+of\s+us\b",
                r"\b(?:pull|pulling|come|coming|band|banding|rally|rallying)\s+together\b",
                r"\b(?:a\s+|it's\s+a\s+|it\s+was\s+a\s+)(?:real\s+)?(?:team|collective|group|joint)\s+effort\b",
                r"\b(?:everyone|everybody)\s+(?:needs?|has|will\s+need|will\s+have)\s+to\s+(?:pitch|step|chip"
                r"|muck|play\s+(?:their|a)\s+part|do\s+their\s+bit)\b",
                r"\b(?:everyone|everybody)\s+(?:missed|forgot|assumed|thought|dropped|owns|is\s+to)\b",
                # ...as the subject: "Priya from the payments team is" names Priya.
                r"\b(?<!\bfrom\s)(?<!\bon\s)(?<!\bin\s)(?<!\bof\s)(?<!\bto\s)(?<!\bwith\s)(?<!\bat\s)"
                r"(?:the|our|that)\s+(?:[a-z]+\s+)?(?:team|squad|org|group|devs|developers"
                r"|engineers|folks)\s+(?:missed|forgot|didn't|did\s+not|failed|should|dropped"
                r"|overlooked|decided|chose|shipped|broke|was|were|is|are|let)\b",
                r"\b(?:the|both|our)\s+(?:[a-z]+\s+)?(?:and\s+[a-z]+\s+)?teams\s+(?:are|were|have|will"
                r"|both|share|own)\b",
                r"\b(?:org|company|organi[sz]ation|industry|team|cross-team)[- ]wide\s+(?:issue|problem"
                r"|failure|thing)\b",
                r"\b(?:systemic|cultural|process)\s+(?:issue|problem|failure)\b",
                r"\b(?:everyone|everybody)(?:\s+[a-z]+){0,3}?\s+(?:has|have|had)\s+a\s+(?:part|role|hand)\b",
                r"\bcollective(?:ly)?\b",
                r"\b(?:shared|joint|mutual|group)\s+(?:responsibility|blame|failure|ownership"
                r"|accountability|miss)\b",
                r"\bshar(?:e|es|ed|ing)\s+(?:the\s+|some\s+of\s+the\s+|equal\s+)?(?:responsibility"
                r"|blame|ownership|accountability)\b",
                r"\ball\s+of\s+(?:engineering|product|ops|leadership|the\s+(?:[a-z-]+\s+)?(?:team|teams"
                r"|org|department|company))\b",
                r"\b(?:the\s+whole|the\s+entire|both|all\s+the)\s+(?:team|teams|org|company|department)"
                r"\s+(?:shares?|owns?|bears?|is|are|was|were|had|contributed|played)\b",
                r"\b(?:everyone|everybody)\s+(?:shares?|bears?|is\s+responsible|was\s+responsible"
                r"|(?:is|was)\s+to\s+blame|(?:is|was)\s+at\s+fault|had\s+a\s+(?:part|hand|role)"
                r"|contributed|played\s+a\s+(?:part|role))\b",
                r"\bon\s+(?:all\s+of\s+us|us\s+all|everyone|everybody|the\s+whole\s+team|each\s+of\s+us)\b",
                r"\b(?:it's|it\s+is|this\s+is|that's|that\s+is|this\s+one's)\s+on\s+(?:us|the\s+team)\b",
                r"\bno\s+single\s+(?:person|team|owner)\b",
                r"\b(?:responsibility|accountability|ownership|blame)\s+(?:here\s+)?(?:is|was|sits|sat"
                r"|lies|lay|rests|rested)\s+(?:shared|spread|split|distributed|with\s+(?:the\s+whole"
                r"|the\s+entire|all|every|both|several|many|multiple))\b",
                r"\b(?:shared|spread|split)\s+(?:across|between|among)\s+(?:[a-z]+\s+)?(?:teams|people"
                r"|groups|us|everyone|departments)\b",
                r"\bmany\s+hands\b",
                r"\b(?:accountability|ownership|responsibility)\s+(?:here\s+)?(?:is|was|gets|feels|remains)\s+"
                r"(?:a\s+(?:bit|little)\s+)?(?:complicated|complex|murky|blurred|unclear|grey|gray|messy|tricky"
                r"|fuzzy|nuanced|shared|spread)\b",
                r"\b(?:blame|fault|responsibility)\s+to\s+go\s+(?:a)?round\b",
                r"\bmatrix\s+(?:structure|organi[sz]ation|org|setup|management)\b",
                r"\b(?:jointly|between\s+them|in\s+tandem|co-own(?:ed|ing|s)?)\b",
                r"\b(?:hard|difficult|unfair)\s+to\s+(?:single\s+(?:anyone|anybody|one\s+person)\s+out|pin\s+it\s+on)\b",
                r"\b(?:slipped|fell|falling|slipping|falls|slips)\s+(?:through|between)\s+(?:the\s+|two\s+)?"
                r"(?:cracks|chairs|stools|gaps|net|teams)\b",
                r"\bno[- ]man's[- ]land\b",
                r"\b(?:nobody's|no\s+one's|no-one's)\s+(?:baby|job|problem|responsibility)\b",
            ),
        ),
    ),
    Rule(
        id="awareness-not-ownership",
        sections=_in("opener", "ownership", "update"),
        severity="warning",
        message="Saying who knows or where it was routed is not saying who owns it.",
        suggestion="Name the owner and the next step: 'I own the response; legal and I send "
        "the customer our answer by Thursday 12:00.'",
        check=_awareness_not_ownership,
    ),
    Rule(
        id="deferred-ownership",
        sections=_in("opener", "cause", "ownership", "remediation", "update"),
        severity="warning",
        message="Ownership left to a meeting, a group or 'assigned' to nobody named is not owned.",
        suggestion="Own it now and name who does what: 'I own the follow-up; Omar leads the "
        "fix, the retro on Friday reviews it.'",
        check=_deferred_ownership,
    ),
    Rule(
        id="blame",
        sections=_in("opener", "cause", "ownership", "update"),
        severity="error",
        message="Naming someone else as the cause makes you look like you are defending yourself.",
        suggestion="Own your part and correct others in private: 'I should have escalated to "
        "you when legal stalled.'",
        check=_outermost(
            _accuses_another,
            _blames_communication,
            _nobody_told_us,
            _THEIR_SIGN_OFF,
            phrases(
                r"\bnever\s+(?:replied|responded|answered|got\s+back|delivered|sent|followed\s+up"
                r"|told\s+us|showed\s+up)\b",
                r"\b(?<!\bi\s)(?:didn't|did\s+not|failed\s+to|refused\s+to)\s+"
                r"(?:reply|respond|answer|get\s+back|deliver|send|follow\s+up|tell\s+us|sign)\b",
                r"\b(?<!\bi\s)dropped\s+the\s+ball\b",
                r"\b(?:their|his|her|the\s+vendor's|the\s+[a-z]+\s+team's)\s+(?:fault|mistake|doing)\b",
                r"\b(?:caused\s+by|because\s+of|due\s+to|thanks\s+to|blame\s+(?:on|goes\s+to))\s+"
                r"(?:the\s+|their\s+|our\s+)?(?:[a-z]+\s+)?(?:team|team's|squad|department|vendor"
                r"|contractor|contractors|folks|guys)\b",
                r"\bthrown\s+under\s+the\s+bus\b",
            ),
        ),
    ),
    Rule(
        id="waiting-on-others",
        sections=_in("opener", "cause", "ownership"),
        severity="error",
        message="Pointing at someone else's silence or slowness reads as an excuse.",
        suggestion="Say when you should have escalated and what you need now: 'I should have "
        "come to you in week one; I need procurement to sign by Friday.'",
        check=_waiting_on_others,
    ),
    Rule(
        id="brush-off",
        sections=ALL - {"ask", "remediation"},
        severity="warning",
        message="Declining to explain tells the executive there is something to hide.",
        suggestion="Give the one-sentence version: 'A config change I merged set the timeout "
        "to 2 s, so slow card checks were cancelled.'",
        check=_either(
            _TRAILING_OFF,
            phrases(
                r"\blong\s+(?:(?:and|,)\s*)?(?:[a-z-]+\s+){0,3}?(?:story|saga)\b",
                r"\b(?:a\s+bit\s+of\s+a|quite\s+a|a\s+whole|a\s+real)\s+saga\b",
                r"\b(?:complicated|complex|technical|boring|messy)\s+story\b",
                r"\bit's\s+(?:all\s+)?(?:(?:a\s+bit|quite|rather|really|pretty|very|super|fairly"
                r"|kind\s+of|sort\s+of)\s+)?(?:complicated|complex|involved|nuanced)\b"
                r"(?!\s*(?::|-|because\b|since\b|by\b))",
                r"\b(?:rather|prefer\s+to|like\s+to|want\s+to)\s+not\s+(?:get|go|dig|dive)\s+into\b",
                r"\b(?:won't|will\s+not|don't\s+want\s+to|not\s+going\s+to|no\s+need\s+to)\s+"
                r"(?:bore\s+you|go\s+into|get\s+into|dig\s+into|dive\s+into)\b",
                r"\bnot\s+worth\s+(?:going|getting|digging|diving)\s+into\b",
                r"\b(?:too|very|pretty|fairly|quite)\s+(?:technical|complicated|complex|involved)\s+to\s+"
                r"(?:explain|get\s+into|go\s+into|describe|summari[sz]e)\b",
                r"\b(?:into|in)\s+the\s+weeds\b",
                r"\bwithout\s+going\s+into\s+(?:the\s+)?(?:details?|specifics|it)\b",
                r"\bit\s+is\s+what\s+it\s+is\b",
                r"\bsuffice\s+(?:it\s+)?to\s+say\b",
                r"\b(?:the\s+)?details\s+(?:don't|do\s+not)\s+matter\b",
                r"\bspare\s+you\s+the\s+details\b",
                r"\b(?:can|could)\s+explain\s+(?:later|in\s+person|offline|when\s+we\s+(?:meet|talk))\b",
                r"\bbest\s+(?:explained|discussed)\s+(?:in\s+person|offline|live|on\s+a\s+call)\b",
                r"\btake\s+(?:it|this)\s+offline\b",
            ),
        ),
    ),
    Rule(
        id="blocked-framing",
        sections=_in("opener", "cause", "ownership", "remediation", "update"),
        severity="warning",
        message="'Blocked' framing shifts the problem away from you and asks for sympathy.",
        suggestion="Say what you did or will do about it: 'I should have escalated when "
        "legal stalled; I need you to unblock it by Friday.'",
        check=_either(
            _blocked_by_someone,
            phrases(
                r"\b(?:out\s+of\s+(?:our|my)\s+(?:hands|control)|(?:our|my)\s+hands\s+are\s+tied)\b",
                r"\b(?:outside|beyond|not\s+(?:in|within))\s+(?:our|the\s+team's)\s+(?:control|hands"
                r"|gift|power)\b",
                r"\bat\s+the\s+mercy\s+of\b",
                r"\b(?:in|down\s+to)\s+(?:their|the\s+vendor's|the\s+supplier's|the\s+provider's)\s+hands\b",
                r"\ball\s+(?:we|i)\s+can\s+(?:really\s+)?do\s+(?:now\s+)?is\s+(?:wait|hope|sit\s+tight"
                r"|watch)\b",
                r"\bnothing\s+(?:to\s+do|(?:we|i)\s+can\s+do)\s+(?:but|except)\s+wait\b",
                r"\b(?:it's|it\s+is|this\s+is)\s+(?:really\s+|now\s+|entirely\s+)?(?:down\s+to|up\s+to"
                r"|on)\s+(?:them|the\s+vendor|the\s+supplier|the\s+provider)\s+(?:now|to\s+fix)\b",
                r"\b(?:nothing|little)\s+(?:more\s+)?(?:that\s+)?(?:we|i)\s+(?:can|could)"
                r"(?:\s+have)?\s+(?:do|done)\b",
                r"(?:\bnot|n't)\s+(?:much|a\s+lot|anything)\s+(?:more\s+)?(?:that\s+)?(?:we|i)\s+"
                r"(?:can|could)(?:\s+have)?\s+(?:do|done)\b",
            ),
        ),
    ),
    Rule(
        id="empty-update",
        sections=_in("update"),
        severity="warning",
        message="An update that promises nothing reads as silence with extra words.",
        suggestion="Say what changed (or that nothing did) and when the next update comes: "
        "'No change since 14:00; next update 15:00.'",
        check=_either(
            phrases(
                r"\bcircl(?:e|ing)\s+back\b",
                r"\bmore\s+(?:soon|to\s+follow|to\s+come|later)\b",
                r"\b(?:share|update|let\s+you\s+know|report|send|get\s+back)\s+(?:to\s+you\s+)?"
                r"(?:when|once|if)\b",
                r"\bkeep\s+you\s+(?:posted|updated|in\s+the\s+loop|informed)\b",
                r"\bstay\s+tuned\b",
                r"\bwhen\s+(?:we|i)\s+(?:know|hear|have|learn)\s+more\b",
                r"\bthings\s+are\s+(?:looking|getting|going)\b",
                r"\bmaking\s+(?:good\s+|some\s+|steady\s+)?progress\b",
                r"\bwatch\s+this\s+space\b",
                r"\b(?:updates?|more|details?|news)\s+(?:will|to)\s+follow\b",
                r"\bas\s+(?:the\s+picture|things|the\s+situation|it)\s+(?:becomes?|gets?)\s+clearer\b",
                r"\b(?:as\s+and\s+when|once|if)\s+(?:we|i)\s+(?:know|hear|learn|find\s+out)\s+"
                r"(?:more|anything)\b",
                r"\b(?:ping|call|message|email|tell)\s+me\s+if\s+you\b",
                r"\b(?:let\s+me\s+know|shout|holler|reach\s+out)\s+if\s+(?:you\s+(?:need|have|want)"
                r"|anything|there's\s+anything|questions)\b",
                r"\blet's\s+see\s+how\s+it\s+goes\b",
            ),
            _empty_progress,
        ),
    ),
    Rule(
        id="no-commitment",
        sections=ALL,
        severity="warning",
        message="A plan without a date gives the executive nothing to hold you to.",
        suggestion="Commit to who does what by when: 'Sam deploys the patch by 16:00; I verify "
        "by 17:00.'",
        check=_either(
            _untimed_promises,
            _deferred_later,
            _ON_IT,
            _TRY_HARDER,
            phrases(_CONDITIONAL_COMMITMENT.pattern),
            phrases(
                r"\blooking\s+into\s+(?:it|this|that|things|the\s+issue|the\s+problem)\b",
                r"\b(?:take|taking|have|having)\s+a\s+look\b",
                r"\bworking\s+(?:on|through)\s+(?:it|this|that|a\s+fix|a\s+solution|something)\b",
                # ("too soon to say" declines to say; `waiting-to-be-perfect` reads it.)
                r"\bsoon\b(?<!\bas\ssoon)(?<!\btoo\ssoon)(?!\s+as\b)",
                r"\bsoonish\b",
                r"\bbefore\s+(?:too\s+)?long\b",
                r"\bin\s+(?:a\s+bit|a\s+while|good\s+time)\b",
                r"\basap\b",
                r"\bas\s+soon\s+as\s+(?:possible|we\s+can|i\s+can)\b",
                r"\bhopefully\b",
                r"\bfingers\s+crossed\b",
                r"\b(?:we're|we\s+are|i'm|i\s+am|they're|they\s+are)\s+hoping\b",
                r"\b(?:we|i)\s+hope\s+to\b",
                r"\bif\s+(?:testing|all|everything|things|the\s+tests?)\s+(?:goes|go|pass(?:es)?)\s*(?:well|ok"
                r"|to\s+plan|smoothly|cleanly)?\b",
                r"\bin\s+the\s+(?:coming|next\s+few|near)\s+(?:days|weeks|months|future)\b",
                r"\bin\s+due\s+course\b",
                r"\bat\s+some\s+(?:point|stage)\b",
                r"\beventually\b",
                r"\bshortly\b",
                r"\bdown\s+the\s+(?:line|road)\b",
                r"\bwhen\s+(?:we|i)\s+(?:can|get\s+a\s+chance|get\s+to\s+it|have\s+time)\b",
                r"\b(?:we'll|i'll|will|going\s+to)\s+try\b",
                r"\bexploring\s+(?:options|alternatives|solutions)\b",
                r"\btbd\b",
                r"\b(?:when|as\s+soon\s+as|once)\s+(?:bandwidth|capacity|time|resources?|things)"
                r"\s+(?:allows?|permits?|frees?\s+up|calm\s+down)\b",
                r"\b(?:over|during)\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months)\b",
                # A commitment that depends on nothing going wrong commits to nothing.
                r"\b(?:resources?|resourcing|bandwidth|capacity|time|budget|priorities|workload"
                r"|staffing|headcount)\s+(?:permitting|allowing)\b",
                r"\b(?:if|assuming|provided|providing)\s+(?:that\s+)?(?:we\s+(?:have|get|can\s+find)\s+"
                r"(?:the\s+)?)?(?:resources?|bandwidth|capacity|time|budget|headcount)\s+(?:allows?"
                r"|permits?|is\s+available|are\s+available|frees?\s+up)\b",
                r"\bsubject\s+to\s+(?:resourcing|resources|capacity|availability|bandwidth"
                r"|prioriti[sz]ation|competing\s+priorities)\b",
                r"\bsome\s?time\s+(?:next|this|in|during|around|later)\b",
                r"\blessons\s+(?:are\s+|will\s+be\s+|have\s+been\s+)?(?:being\s+)?(?:learned|learnt"
                r"|captured|taken)\b",
                r"\bmake\s+sure\s+lessons\b",
                r"\bdoubl(?:e|ing)\s+down\b",
                r"\b(?:thorough|full|proper|comprehensive|deep)\s+review\s+of\s+(?:everything|all)\b",
                r"\bfuture\s+planning\b",
            ),
        ),
    ),
    Rule(
        id="waiting-without-date",
        sections=_in("opener", "ownership", "remediation", "update"),
        severity="warning",
        message="Waiting on someone else with no date puts your plan in their hands.",
        suggestion="Give the date you will act by, answer or not: 'Twilio owes us an answer "
        "by 15:00; if not, I switch SMS to the backup at 16:00.'",
        check=_WAIT_WITHOUT_DATE,
    ),
    Rule(
        id="refuses-to-estimate",
        sections=ALL - {"ask"},
        severity="warning",
        message="Declining to estimate leaves the executive nothing to plan around.",
        suggestion="Give a range and when it firms up: '3-5 days; I'll narrow it by Thursday "
        "12:00.'",
        check=_NO_ESTIMATE,
    ),
    Rule(
        id="borrowed-assurance",
        sections=_in("opener", "impact", "cause", "remediation", "update"),
        severity="warning",
        message="Someone else's assurance, with no date or check of yours, is not a plan.",
        suggestion="Say what you checked and what date they committed to: 'Cloudflare "
        "confirmed the DNS fault at 10:20 and commits to a fix by 14:00; I check at 14:15.'",
        check=_BORROWED,
    ),
    Rule(
        id="plan-without-owner",
        sections=_in("remediation"),
        severity="warning",
        message="'Someone will' or 'will be done' leaves the action without an owner.",
        suggestion="Name who does it: 'Priya adds the alert by Thursday', 'we re-run the job "
        "at 18:00'.",
        check=_PLAN_WITHOUT_OWNER,
    ),
    Rule(
        id="ask-without-decision",
        sections=_in("ask"),
        severity="warning",
        message="An open question hands the executive your homework instead of a decision.",
        suggestion="Ask for one decision with options and a cost: 'Approve two contractors "
        "($14K) by Wednesday.'",
        check=_either(
            phrases(
                r"\bthoughts\s*\?",
                r"\bany\s+(?:thoughts|ideas|advice|guidance|help|suggestions|input|concerns)\b",
                r"\b(?:let\s+(?:me|us)\s+know|lmk)\s+(?:what\s+you\s+think|your\s+thoughts|if)\b",
                r"\bwhat\s+do\s+you\s+think\b",
                r"\b(?:'d|would)\s+(?:be|appreciate)\s+(?:great|nice|helpful|good|awesome|appreciated)\b",
                r"\bopen\s+to\s+(?:ideas|suggestions|thoughts|options)\b",
                r"\bcould\s+use\s+(?:some\s+|a\s+bit\s+of\s+|more\s+|your\s+)?(?:help|support|input"
                r"|advice|guidance)\b",
                r"\bhappy\s+to\s+(?:discuss|chat|talk)\b",
                r"\b(?:worth|should|could)\s+(?:discussing|discuss|talking|talk|chatting|chat)\b",
                r"\bneed\s+more\s+(?:people|budget|headcount|resources|help|time|engineers|support)\b",
            ),
            _unless_decision(*_SOFT_ASK),
            _backing_in_general,
            _hands_decision_back,
            _open_question_ask,
        ),
    ),
    Rule(
        id="ask-asks-nothing",
        sections=_in("ask"),
        severity="warning",
        message="An ask that asks for nothing tells the executive this was only a forward.",
        suggestion="Ask for the one thing you need from them, or say there is no ask and why: "
        "'Approve the refund budget by 17:00.'",
        check=_either(
            _optional_ask,
            _unless_decision(
                r"\b(?:just\s+)?(?:keeping|keep)\s+you\s+(?:in\s+the\s+loop|posted|informed|updated"
                r"|aware|in\s+the\s+picture)\b",
                r"\b(?:just\s+)?(?:looping|loop)\s+you\s+in\b",
                r"\b(?:just\s+)?(?:so\s+you(?:'re|\s+are)?\s+(?:know|aware)|letting\s+you\s+know)\b",
                r"\bno\s+(?:action|decision|response|reply|input)\s+(?:is\s+)?(?:needed|required"
                r"|necessary)\b",
                r"\bnothing\s+(?:is\s+)?(?:needed|required|to\s+do)\s+(?:from|by|for)\s+you\b",
                r"\bnothing\s+(?:for\s+you\s+to|you\s+need\s+to)\s+(?:do|decide|approve)\b",
                r"\bnot\s+asking\s+(?:for\s+)?(?:anything|you\s+(?:for|to)\s+anything)\b",
                r"\bjust\s+(?:flagging|a\s+heads)\b",
            ),
        ),
    ),
    Rule(
        id="fyi-forward",
        sections=ALL,
        severity="warning",
        message="A forward makes the executive do the summarising on a phone.",
        suggestion="Summarise in two lines: impact, who owns it, and the next step with a time.",
        check=_either(
            _POINTS_ELSEWHERE,
            _unless_information_only(
                r"\bfor\s+(?:your\s+)?(?:information|info|awareness|reference|visibility)\b"
            ),
            phrases(
                r"\bfyi\b",
                r"\bfwd?:",
                r"\bforwarding\b",
                r"\b(?:see|read|check)\s+(?:the\s+)?(?:thread|below|attached|email|link|ticket"
                r"|slack|doc)\b",
            ),
        ),
    ),
    Rule(
        id="waiting-to-be-perfect",
        sections=ALL,
        severity="warning",
        message="Holding bad news until it is solved is the surprise executives trust least.",
        suggestion="Escalate early with what is known and say what is still open: 'Cause "
        "preliminary; confirmed by 15:00.'",
        check=_either(
            _no_preliminary_cause,
            phrases(
                rf"\b(?:did|do|was|were|would){NOT}\s+(?:want\s+to\s+|wanna\s+)?(?:raise|flag"
                r"|escalate|mention|tell|bring|bother|share|worry|alarm|ping)\b[^.!?\n]{0,60}?"
                r"\b(?:until|till|before)\b",
                # "Please hold off the announcement until Wednesday" asks the reader to wait.
                r"\b(?<!\bplease\s)(?<!\byou\s)(?:held|hold|holding)\s+off\b",
                r"\bwait(?:ed|ing)?\s+(?:until|till|for)\s+(?:we|i)\b",
                r"\bwanted\s+to\s+(?:be\s+sure|be\s+certain|wait|have\s+a\s+fix|have\s+the\s+full"
                r"|have\s+all\s+the|get\s+it\s+right|have\s+answers|fix\s+it\s+first)\b",
            ),
        ),
    ),
    Rule(
        id="wrapped-blame",
        sections=_in("opener", "cause", "ownership", "update"),
        severity="error",
        message="Blame wrapped in fairness or politeness is still blame, and reads as a dodge.",
        suggestion="Say what you decided or missed: 'I accepted a date without the scope "
        "signed off; I should have pushed back in week one.'",
        check=_either(_wrapped_blame, _assumed_from_others, _DEFLECTED_CAUSE),
    ),
    Rule(
        id="distancing",
        sections=_in("opener", "cause", "ownership", "update"),
        severity="warning",
        message="Explaining why it is not yours tells the executive nobody owns it.",
        suggestion="Say what is yours to own: 'It is my service; I approved the change "
        "without a rollback plan.'",
        check=_either(
            _DISTANCING,
            phrases(_COORDINATION_ONLY.pattern),
            _INHERITED,
            _AWAY,
            _HANDED_OFF,
            _FILED_ELSEWHERE,
            _OTHER_FUNCTIONS_PROBLEM,
        ),
    ),
    Rule(
        id="fatalism",
        sections=ALL - {"ask"},
        severity="warning",
        message="'These things happen' tells the executive it will happen again.",
        suggestion="Name what let it happen and what stops it next time: 'No canary on "
        "config changes; Omar adds one by Friday.'",
        check=_either(_FATALISM, _industry_fatalism, _BAD_TIMING, _FATALISM_MORE),
    ),
    Rule(
        id="apology-instead-of-facts",
        sections=_in("opener", "impact", "cause", "ownership", "update"),
        severity="warning",
        message="An apology without the facts leaves the executive to ask what happened.",
        suggestion="Lead with the facts; one line of apology can follow: 'Exports failed for "
        "230 accounts since 08:00; it was my change.'",
        check=_apology_without_facts,
    ),
    Rule(
        id="unnamed-owner",
        sections=_in("opener", "ownership", "remediation", "ask", "update"),
        severity="warning",
        message="Ownership handed to someone unnamed or to later means nobody owns it now.",
        suggestion="Name the owner today: 'Priya from the data team owns the restore; I own "
        "the outcome.'",
        check=_unnamed_owner,
    ),
    Rule(
        id="number-without-scope",
        sections=_in("opener", "impact"),
        severity="warning",
        message="A number without its baseline or its effect on people or money cannot be weighed.",
        suggestion="Say from what, and for whom: 'sign-ups fell from 1,200 to 840 a day', "
        "'checkout took 14 s for 1 in 5 buyers'.",
        check=_number_without_scope,
    ),
    Rule(
        id="untimed-plan",
        sections=_in("remediation", "update"),
        severity="warning",
        message="A plan without a time gives the executive nothing to check on.",
        suggestion="Put a time on it: 'Priya adds the alert by Thursday 12:00; I review the "
        "runbook on Friday.'",
        check=_untimed_plan,
    ),
    Rule(
        id="activity-not-outcome",
        sections=_in("opener", "impact", "ownership", "remediation", "update"),
        severity="warning",
        message="Counting effort (tickets, PRs, hours) says nothing about what changed for customers.",
        suggestion="Report the outcome: 'Exports work again for 212 of 230 accounts; the rest by "
        "17:00.'",
        check=_either(_ACTIVITY, _EFFORT),
    ),
    Rule(
        id="progress-without-measure",
        sections=_in("opener", "impact", "remediation", "update"),
        severity="warning",
        message="'80% done' or 'nearly there' cannot be checked without what is left and when.",
        suggestion="Count what is left and when it ends: '9 of 12 services moved; the last 3 "
        "by Thursday 18:00.'",
        check=_either(_progress_without_measure, _progress_in_words),
    ),
    Rule(
        id="opener-needs-impact",
        item="a number that sizes the impact",
        sections=_in("opener"),
        severity="warning",
        message="The first sentence carries no number, so the executive cannot size it.",
        suggestion="Lead with the impact: '3,100 customers could not log in for 47 minutes "
        "this morning.'",
        check=requires(NUMBER),
    ),
    Rule(
        id="opener-needs-owner",
        item="that you own it (I, my)",
        sections=_in("opener"),
        severity="hint",
        message="The opener does not say that you own it.",
        suggestion="Add your part in the same sentence: '…and it was my change that caused it.'",
        check=requires(FIRST_PERSON),
    ),
    Rule(
        id="impact-needs-number",
        item="a number, amount, time or date",
        sections=_in("impact"),
        severity="error",
        message="Impact without a number or date cannot be weighed or forwarded.",
        suggestion="Quantify: customers or accounts affected, revenue per hour, share of "
        "requests failing, or days of delay.",
        check=requires(NUMBER),
    ),
    Rule(
        id="ownership-needs-first-person",
        item="what I decided or missed, in the first person",
        sections=_in("ownership"),
        severity="error",
        message="Ownership not written as 'I' reads as ownership by nobody.",
        suggestion="Say what you decided, approved, skipped or failed to escalate: 'I approved "
        "the change without a canary.'",
        check=requires(FIRST_PERSON),
    ),
    Rule(
        id="remediation-needs-owner",
        item="an owner for each action",
        sections=_in("remediation"),
        severity="error",
        message="An action without a named owner tends not to happen.",
        suggestion="Put a name on each action: 'Priya ships the fix by 16:00' or 'I verify "
        "by 17:00'.",
        check=_remediation_without_owner,
    ),
    Rule(
        id="remediation-needs-date",
        item="a due time for each action",
        sections=_in("remediation"),
        severity="error",
        message="An action without a time gives the executive nothing to check on.",
        suggestion="Add a due time to each action: 'by 16:00 today', 'by Thursday', "
        "'on 3 December'.",
        check=_remediation_without_time,
    ),
    Rule(
        id="ask-needs-decision",
        item="a decision the executive can make",
        sections=_in("ask"),
        severity="error",
        message="The ask does not name a decision the executive can make.",
        suggestion="Use a decision verb and options: 'Approve $14K for two contractors', "
        "'Choose A or B'.",
        check=requires(DECISION),
    ),
    Rule(
        id="ask-needs-deadline",
        item="a decide-by time",
        sections=_in("ask"),
        severity="error",
        message="Without a decide-by time the ask waits behind everything else.",
        suggestion="Add when you need it: 'by Wednesday 12:00', 'by EOD today'.",
        check=requires(TIME),
    ),
    Rule(
        id="detail-dump",
        sections=_in("impact", "cause", "ownership", "remediation", "update"),
        severity="warning",
        message="Mostly detail an executive will not read: the point is lost in it.",
        suggestion="Keep the one sentence that matters and the two or three numbers that "
        "size it; no stack traces, no 60-word sentences, no wall of figures. Link the logs.",
        check=_detail_dump,
    ),
    Rule(
        id="update-needs-next-time",
        item="when the next update comes",
        sections=_in("update"),
        severity="error",
        message="The update does not say when the next one comes, so silence will follow.",
        suggestion="End with the next update time: 'Next update at 15:00 UTC.'",
        check=_update_without_next_time,
    ),
    Rule(
        id="nothing-checkable",
        sections=ALL - {"cause"},
        severity="warning",
        message="Nothing here can be checked: no figure, time, named owner or 'I'.",
        suggestion="Anchor it in one fact the executive can check: who, how many, by when: "
        "'I re-run the 230 failed exports by 16:00.'",
        check=_nothing_checkable,
    ),
    Rule(
        id="cause-without-mechanism",
        sections=_in("cause"),
        # A hint: it reads an absence, so any more specific finding on the words wins.
        severity="hint",
        message="This names what went wrong but not how, nor who, nor anything to check.",
        suggestion="Give the mechanism and its owner: 'A config change I approved at 14:02 set "
        "the pool to 2, so checkout requests queued.'",
        check=_cause_without_mechanism,
    ),
    # --- positive checks: what each section must carry -------------------------------
)
