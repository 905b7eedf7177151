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
for the two habits that break trust outright: blame and diffused ownership. `warning` is
language that erodes trust. `hint` is worth a second look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .engine import SECTIONS, Rule, Span, compile_any, phrases, requires, sentences, whole

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

# A time or date an executive can put in a calendar.
TIME_PATTERNS = (
    r"\b\d{1,2}:\d{2}\b",
    r"\b\d{1,2}h\d{2}\b",
    r"\b\d{1,2}\s?(?:am|pm)\b",
    r"\b(?:noon|midday|midnight|today|tonight|tomorrow|eod|eow|cob|eom)\b",
    r"\bend\s+of\s+(?:the\s+)?(?:day|week|month|business)\b",
    r"\bclose\s+of\s+business\b",
    r"\bthis\s+(?:morning|afternoon|evening)\b",
    rf"\b{_WEEKDAY}s?\b",
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri)\b\.?",
    # A bare month counts ("by March"), except "may", which is far more often a hedge.
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b",
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
    r"\b(?:within|in)\s+(?:the\s+next\s+)?(?:\d+|an?|one|two|three|four|five|six|twelve)"
    r"\s+(?:min|mins|minutes?|hours?|hrs?|h|days?|business\s+days?)\b",
    r"\b(?:q[1-4]|h[12])\b",
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
    r"|employees?|teams?|regions?)"
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

# First person singular: the only voice in which ownership is credible.
FIRST_PERSON = re.compile(r"\b(?:i(?!\.e\.)|i'm|i'll|i've|i'd|me|my|mine|myself)\b")

# ---------------------------------------------------------------------------------------
# Owners in remediation: "I", or a person's name (spotted by capitalisation)
# ---------------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w@])[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?\b")
_HANDLE = re.compile(r"(?<!\w)@[a-z0-9][\w.-]{0,38}")
_VERB_AFTER_NAME = re.compile(
    r"(?:'ll|'s|\s+(?:will|to|is|has|owns|can|must|shall|and|[a-z]{2,}[^s\W]s))\b"
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
    """Positions in the text where an owner is named ("I", "Priya", "@sam")."""
    positions = [m.start() for m in FIRST_PERSON.finditer(norm)]
    positions += [m.start() for m in _HANDLE.finditer(norm)]
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
# (DOMAIN.md); those lines are context, not actions that need an owner and a due time.
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
    )
)
CONSEQUENCE = compile_any(
    (
        rf"\b{_AFFECTED}\b",
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


def _jargon_without_consequence(norm: str, original: str) -> Iterator[Span]:
    if CONSEQUENCE.search(norm) is not None:
        return
    for match in JARGON.finditer(norm):
        yield match.span()


# ---------------------------------------------------------------------------------------
# Positive checks that need more than one pattern
# ---------------------------------------------------------------------------------------

_NEXT_UPDATE = re.compile(
    r"\bnext\s+(?:update|one|report|check-?in|status|post)\b"
    r"|\bupdates?\s+(?:again|every|hourly|daily)\b"
    r"|\b(?:update|report|post)\s+(?:you\s+)?again\b"
    r"|\bevery\s+(?:\d+\s+)?(?:hour|hours|minutes|morning|day|evening|afternoon)\b"
    r"|\b(?:hourly|daily|twice-daily)\b"
    r"|\b(?:i|we)(?:'ll|\s+will)?\s+(?:post|send|share|report|update|confirm|follow\s+up"
    r"|check\s+in)\b"
    r"|\b(?:the|my|our)\s+\d{1,2}:\d{2}(?:\s+utc)?\s+(?:update|check-?in|report)\b"
)


def _update_without_next_time(norm: str, original: str) -> Iterator[Span]:
    """An update needs one sentence that both promises a next update and says when."""
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


DECISION = re.compile(
    r"\b(?:approv(?:e|al|ed)|decid(?:e|ed)|decision|choose|choice|pick|sign(?:\s+|-)?off"
    r"|unblock|authori[sz](?:e|ation)|agree|green[- ]?light|go/no-go|go-no-go|veto|accept"
    r"|fund|allocate|release\s+(?:the\s+)?budget|ok|okay|go-ahead|go\s+ahead|blessing"
    r"|yes\s+or\s+no|your\s+call)\b"
)

# ---------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        id="soft-landing",
        sections=_in("opener"),
        severity="warning",
        message="A warm-up delays the news and makes the executive brace for it.",
        suggestion="Open with the impact and that you own it: 'Checkout failed for 18% of "
        "payments since 09:40; it was my deploy.'",
        check=phrases(
            r"\bhope\s+(?:you|you're|you've|you'd|the|your|all|everything|it's|this|that)\b",
            r"\bhow\s+(?:are\s+you|are\s+things|is\s+it\s+going|'s\s+it\s+going|was\s+(?:the|your))\b",
            r"\bquick\s+(?:thing|one|question|q|note|flag|favou?r|heads[- ]?up|update|word|chat)\b",
            r"\bjust\s+(?:a\s+quick|a\s+small|a\s+heads[- ]?up|wanted|checking|flagging|touching"
            r"|looping|to\s+let\s+you\s+know)\b",
            r"\bheads[- ]?up\b",
            r"\bsorry\s+to\s+(?:bother|interrupt|bug|disturb|pester)\b",
            r"\btouch(?:ing)?\s+base\b",
            r"\b(?:do\s+you\s+have|have\s+you\s+got|got)\s+a\s+(?:sec|second|minute|moment)\b",
            r"\b(?:wanted|want)\s+to\s+(?:loop\s+you\s+in|check\s+in|run\s+something\s+by)\b",
        ),
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
            r"\bare\s+you\s+aware\b",
            r"\bdid\s+anyone\s+(?:tell|mention|flag)\b",
        ),
    ),
    Rule(
        id="minimising",
        sections=ALL - {"ask"},
        severity="warning",
        message="Downplaying bad news reads as spin once the real size comes out.",
        suggestion="Give the size and let the number speak: '230 accounts, 1 in 12 exports "
        "failing'.",
        check=phrases(
            r"\b(?:not|isn't|wasn't|aren't)\s+(?:a|that)\s+(?:huge|big|major|massive)"
            r"\s+(?:deal|issue|problem)\b",
            r"\bno\s+(?:big|huge|major)\s+deal\b",
            r"\bnothing\s+(?:major|serious|dramatic|big|huge|crazy|to\s+worry\s+about|too\s+bad"
            r"|unusual|out\s+of\s+the\s+ordinary)\b",
            r"\b(?:small|tiny|little|minor|slight)\s+(?:thing|issue|hiccup|blip|problem|glitch"
            r"|snag|bump|wobble|situation)\b",
            r"\bnot\s+(?:great|ideal|the\s+end\s+of\s+the\s+world)\b",
            r"\b(?:blip|hiccups?|wobble)\b",
            r"\ba\s+bit\s+of\s+an?\s+(?:situation|issue|problem|mess|impact)\b",
        ),
    ),
    Rule(
        id="hedging",
        sections=ALL,
        severity="warning",
        message="Hedging makes the executive wonder whether you know.",
        suggestion="State what you know and how sure you are: '2,400 users cannot log in "
        "since 08:00 (confirmed)'.",
        check=phrases(
            r"\b(?:might|maybe|perhaps|possibly|possible\s+that|probably|potentially"
            r"|presumably|apparently|supposedly|somewhat|kinda|sorta|unsure|unclear)\b",
            r"\bseem(?:s|ed|ingly)?\b",
            r"\bappears?\s+to\b",
            r"\bit\s+appears\b",
            r"\blooks?\s+like\b",
            r"\b(?:i|we)\s+(?:think|believe|guess|suppose|reckon|assume|feel\s+like)\b",
            r"\b(?:kind|sort)\s+of\b",
            r"\bmore\s+or\s+less\b",
            r"\bnot\s+(?:entirely\s+|totally\s+|completely\s+|100%\s+|quite\s+|yet\s+)?"
            r"(?:sure|certain|clear)\b",
            r"\bhard\s+to\s+(?:say|tell|know)\b",
            r"\bmay\s+(?:well\s+|also\s+|not\s+|already\s+)?(?:be|have|need|take|slip|affect"
            r"|impact|cause|see|hit|require|lose|break|fail|miss|get|want|lead|mean|run|end)\b",
            r"\bcould\s+(?:well\s+|also\s+|potentially\s+)?(?:be|have\s+been|affect|impact"
            r"|cause|slip|take|hit|mean|lead|get|end|break)\b",
            r"\bshould\s+be\s+(?:fine|ok|okay|good|alright)\b",
        ),
    ),
    Rule(
        id="vague-quantity",
        sections=ALL,
        severity="warning",
        message="A vague amount forces the executive to guess the size of the problem.",
        suggestion="Give the number and the unit: '230 accounts', '1 in 12 exports', "
        "'€12K per hour'.",
        check=phrases(
            # ...unless a figure follows at once ("some 2,000 users", "several of the 230").
            r"\b(?:some(?!\s+(?:reason|point|time|day|way|kind|sort|extent|of\s+it)\b)"
            r"|a\s+few|a\s+bit|a\s+little|several|lots\s+of|a\s+lot\s+of|loads\s+of|tons\s+of"
            r"|a\s+bunch\s+of|(?<!how\s)(?<!as\s)many|a\s+number\s+of|a\s+handful\s+of"
            r"|a\s+couple\s+of|a\s+couple|various|numerous|multiple|countless"
            r"|significant(?:ly)?|substantial(?:ly)?|considerabl[ey]|certain(?=\s+[a-z]+s\b))\b"
            r"(?!\s+(?:of\s+)?(?:the\s+|our\s+|those\s+)?(?:about\s+|around\s+|roughly\s+)?"
            r"[$€£]?\d)",
        ),
    ),
    Rule(
        id="vague-description",
        sections=_in("opener", "impact", "cause", "update"),
        severity="warning",
        message="A vague description suggests the diagnosis has not really been done.",
        suggestion="Name the fault and how it produced the impact: 'A timeout I set to 2 s "
        "cancelled slow card checks.'",
        check=phrases(
            r"\bsomething\s+(?:went\s+wrong|happened|broke|is\s+off|is\s+wrong|came\s+up"
            r"|is\s+going\s+on|weird|odd|strange|funny|with)\b",
            r"\bsomething(?:'s|\s+has)\s+(?:come\s+up|gone\s+wrong|happened|broken|changed)\b",
            r"\b(?:a\s+)?known\s+(?:issue|problem|bug)\s+with\b",
            r"\b(?:weird|odd|strange|funky|wonky)\b",
            r"\bglitch(?:es|y)?\b",
            r"\bhard\s+to\s+(?:explain|pin\s+down|describe)\b",
            r"\bfor\s+(?:some|whatever)\s+reason\b",
            r"\bperfect\s+storm\b",
            r"\b(?:harder|more\s+complex|more\s+complicated|longer|trickier|bigger|messier)"
            r"\s+than\s+(?:expected|anticipated|planned|we\s+thought|i\s+thought)\b",
            r"\b(?:technical|tech)\s+(?:issues?|difficult(?:y|ies)|problems?|reasons?)\b",
            r"\bunforeseen\s+(?:issues|circumstances|complications|problems)\b",
            r"\b(?:combination|mix|series)\s+of\s+(?:factors|things|issues|problems|events)\b",
            r"\bnothing\s+specific\b",
            r"\bmoving\s+parts\b",
            r"\b(?:some|a)\s+(?:kind|sort)\s+of\s+(?:issue|problem|error|bug)\b",
            r"\bthings\s+(?:went|got|are|were)\s+(?:wrong|sideways|messy|complicated|weird)\b",
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
        sections=_in("opener", "cause", "ownership"),
        severity="warning",
        message="The passive voice hides who decided, which reads as dodging.",
        suggestion="Name the actor, starting with yourself: 'I merged the change without a "
        "canary.'",
        check=phrases(
            rf"\b(?:was|were|been|being|is|are|got|get|gets|getting)(?:{NOT})?\s+(?:never\s+)?"
            r"(?:introduced|made|missed|overlooked|dropped|deployed|pushed|merged|shipped"
            r"|released|skipped|forgotten|ignored|misconfigured|approved|caught|noticed"
            r"|flagged|escalated|tested|reviewed|done|decided|let\s+slip)\b(?!\s+by\b)",
            r"\bmistakes\s+(?:have\s+been|had\s+been|were)\s+made\b",
        ),
    ),
    Rule(
        id="diffused-ownership",
        sections=_in("opener", "ownership"),
        severity="error",
        message="When everyone owns it, the executive hears that no one does.",
        suggestion="Say what you decided or missed, in the first person: 'I approved the "
        "release without a load test.'",
        check=phrases(
            r"\bwe\s+all\b",
            r"\ball\s+of\s+us\b",
            r"\b(?:nobody|no\s+one|no-one)\b",
            r"\b(?:everyone|everybody)\s+(?:missed|forgot|assumed|thought|dropped|owns|is\s+to)\b",
            r"\b(?:the|our|that)\s+(?:[a-z]+\s+)?(?:team|squad|org|group|devs|developers"
            r"|engineers|folks)\s+(?:missed|forgot|didn't|did\s+not|failed|should|dropped"
            r"|overlooked|decided|chose|shipped|broke|owns|was|were|is|are|let)\b",
            r"\bcollective(?:ly)?\s+(?:miss|failure|responsibility|mistake|own|owned)\b",
            r"\bshared\s+(?:responsibility|blame|failure)\b",
            r"\b(?:slipped|fell|falling|slipping)\s+through\s+the\s+cracks\b",
            r"\bthese\s+things\s+happen\b",
            r"\bit\s+happens\b",
        ),
    ),
    Rule(
        id="blame",
        sections=_in("opener", "ownership", "update"),
        severity="error",
        message="Naming someone else as the cause makes you look like you are defending yourself.",
        suggestion="Own your part and correct others in private: 'I should have escalated to "
        "you when legal stalled.'",
        check=phrases(
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
    Rule(
        id="blocked-framing",
        sections=_in("opener", "ownership", "remediation", "update"),
        severity="warning",
        message="'Blocked' framing shifts the problem away from you and asks for sympathy.",
        suggestion="Say what you did or will do about it: 'I should have escalated when "
        "legal stalled; I need you to unblock it by Friday.'",
        check=phrases(
            r"\b(?:blocked|stuck|held\s+up|held\s+back|stalled)\s+(?:by|on)\b",
            r"\b(?:out\s+of\s+(?:our|my)\s+(?:hands|control)|(?:our|my)\s+hands\s+are\s+tied)\b",
            r"\bnothing\s+(?:we|i)\s+(?:can|could)(?:\s+have)?\s+(?:do|done)\b",
            r"\bnot\s+(?:much|a\s+lot|anything)\s+(?:we|i)\s+(?:can|could)(?:\s+have)?\s+(?:do|done)\b",
        ),
    ),
    Rule(
        id="no-commitment",
        sections=ALL,
        severity="warning",
        message="A plan without a date gives the executive nothing to hold you to.",
        suggestion="Commit to who does what by when: 'Sam deploys the patch by 16:00; I verify "
        "by 17:00.'",
        check=phrases(
            r"\blooking\s+into\s+(?:it|this|that|things|the\s+issue|the\s+problem)\b",
            r"\b(?:take|taking|have|having)\s+a\s+look\b",
            r"\b(?:'re|'m|'s|are|am|is)\s+on\s+it\b",
            r"\bworking\s+on\s+(?:it|this|that|a\s+fix|a\s+solution|something)\b",
            r"\bsoon\b(?<!\bas\ssoon)(?!\s+as\b)",
            r"\bsoonish\b",
            r"\basap\b",
            r"\bas\s+soon\s+as\s+(?:possible|we\s+can|i\s+can)\b",
            r"\bhopefully\b",
            r"\bfingers\s+crossed\b",
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
            r"\blater\b(?!\s+(?:today|tonight|this|than|on\s+\w+day))",
        ),
    ),
    Rule(
        id="ask-without-decision",
        sections=_in("ask"),
        severity="warning",
        message="An open question hands the executive your homework instead of a decision.",
        suggestion="Ask for one decision with options and a cost: 'Approve two contractors "
        "($14K) by Wednesday.'",
        check=phrases(
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
    ),
    Rule(
        id="empty-update",
        sections=_in("update"),
        severity="warning",
        message="An update that promises nothing reads as silence with extra words.",
        suggestion="Say what changed (or that nothing did) and when the next update comes: "
        "'No change since 14:00; next update 15:00.'",
        check=phrases(
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
        ),
    ),
    Rule(
        id="fyi-forward",
        sections=ALL,
        severity="warning",
        message="A forward makes the executive do the summarising on a phone.",
        suggestion="Summarise in two lines: impact, who owns it, and the next step with a time.",
        check=phrases(
            r"\bfyi\b",
            r"\bfwd?:",
            r"\bforwarding\b",
            r"\b(?:see|read|check)\s+(?:the\s+)?(?:thread|below|attached|email|link|ticket"
            r"|slack|doc)\b",
        ),
    ),
    Rule(
        id="waiting-to-be-perfect",
        sections=ALL,
        severity="warning",
        message="Holding bad news until it is solved is the surprise executives trust least.",
        suggestion="Escalate early with what is known and say what is still open: 'Cause "
        "preliminary; confirmed by 15:00.'",
        check=phrases(
            rf"\b(?:did|do|was|were|would){NOT}\s+(?:want\s+to\s+|wanna\s+)?(?:raise|flag"
            r"|escalate|mention|tell|bring|bother|share|worry|alarm|ping)\b[^.!?\n]{0,60}?"
            r"\b(?:until|till|before)\b",
            r"\b(?:held|hold|holding)\s+off\b",
            r"\bwait(?:ed|ing)?\s+(?:until|till|for)\s+(?:we|i)\b",
            r"\bwanted\s+to\s+(?:be\s+sure|be\s+certain|wait|have\s+a\s+fix|have\s+the\s+full"
            r"|have\s+all\s+the|get\s+it\s+right|have\s+answers|fix\s+it\s+first)\b",
        ),
    ),
    # --- positive checks: what each section must carry -------------------------------
    Rule(
        id="opener-needs-impact",
        sections=_in("opener"),
        severity="warning",
        message="The first sentence carries no number, so the executive cannot size it.",
        suggestion="Lead with the impact: '3,100 customers could not log in for 47 minutes "
        "this morning.'",
        check=requires(NUMBER),
    ),
    Rule(
        id="opener-needs-owner",
        sections=_in("opener"),
        severity="hint",
        message="The opener does not say that you own it.",
        suggestion="Add your part in the same sentence: '…and it was my change that caused it.'",
        check=requires(FIRST_PERSON),
    ),
    Rule(
        id="impact-needs-number",
        sections=_in("impact"),
        severity="error",
        message="Impact without a number or date cannot be weighed or forwarded.",
        suggestion="Quantify: customers or accounts affected, revenue per hour, share of "
        "requests failing, or days of delay.",
        check=requires(NUMBER),
    ),
    Rule(
        id="ownership-needs-first-person",
        sections=_in("ownership"),
        severity="error",
        message="Ownership not written as 'I' reads as ownership by nobody.",
        suggestion="Say what you decided, approved, skipped or failed to escalate: 'I approved "
        "the change without a canary.'",
        check=requires(FIRST_PERSON),
    ),
    Rule(
        id="remediation-needs-owner",
        sections=_in("remediation"),
        severity="error",
        message="An action without a named owner tends not to happen.",
        suggestion="Put a name on each action: 'Priya ships the fix by 16:00' or 'I verify "
        "by 17:00'.",
        check=_remediation_without_owner,
    ),
    Rule(
        id="remediation-needs-date",
        sections=_in("remediation"),
        severity="error",
        message="An action without a time gives the executive nothing to check on.",
        suggestion="Add a due time to each action: 'by 16:00 today', 'by Thursday', "
        "'on 3 December'.",
        check=_remediation_without_time,
    ),
    Rule(
        id="ask-needs-decision",
        sections=_in("ask"),
        severity="error",
        message="The ask does not name a decision the executive can make.",
        suggestion="Use a decision verb and options: 'Approve $14K for two contractors', "
        "'Choose A or B'.",
        check=requires(DECISION),
    ),
    Rule(
        id="ask-needs-deadline",
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
        sections=_in("update"),
        severity="error",
        message="The update does not say when the next one comes, so silence will follow.",
        suggestion="End with the next update time: 'Next update at 15:00 UTC.'",
        check=_update_without_next_time,
    ),
)
