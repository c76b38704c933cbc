"""High-recall rules for risk to life (crisis) and for safeguarding concerns.

Design: curated phrase patterns in four families (suicidal intent, self-harm, overdose,
medical emergency happening now), plus safeguarding patterns (abuse or neglect of a child or a
vulnerable adult). Before matching, figurative idioms ("this wait is killing me", "dying to
know", "I could kill for a coffee") are blanked out. "Topic" mentions (the word suicide, a
stroke, sepsis) only count with a personal referent and no awareness-campaign markers; explicit
statements of intent or acts ("I want to end my life", "my friend has taken an overdose") count
regardless, unless negated just before ("I'm not suicidal") or clearly in the past.

Every rule that fires is reported with the phrase that fired it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import re2

# ------------------------------------------------------------------------------- vocabulary

_PEOPLE = (
    r"(?:my|our|his|her|their|a|the)\s+(?:\w+\s+)?(?:friend|mate|partner|boyfriend|girlfriend"
    r"|husband|wife|son|daughter|child|kid|baby|toddler|mum|mam|mom|mother|dad|father|nan|nana"
    r"|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|brother|sister|sibling"
    r"|neighbour|colleague|flatmate|housemate|uncle|aunt|auntie|cousin|niece|nephew|relative"
    r"|patient|man|woman|lady|guy|person|boy|girl|teenager|student|fiance|fiancee|carer)"
)
_SUBJ = rf"(?:i|i'm|im|i've|ive|i'll|he|she|they|he's|she's|they're|{_PEOPLE}|someone|somebody)"

# Figurative idioms: removed before the crisis patterns run.
_FIGURATIVE = re.compile(
    r"(?:\b(?:this|the|that|it|these|those|queue|wait|waiting|traffic|heat|weather|suspense"
    r"|parking|hold music|work|job|shift|commute|boss|kids|exam|exams|revision|hangover|shoes"
    r"|feet|back|diet|deadline|day|week|monday|mondays|bill|bills|price|prices|cost|costs"
    r"|it's|is|are|was|literally)\s+(?:\w+\s+){0,3}?(?:is|are|was|were|'s)?\s*"
    r"(?:killing|murdering)\s+(?:me|us|my\s+\w+)\b"
    r"|\bdying\s+(?:to|for)\s+(?:know|see|hear|try|go|get|meet|a|an|some|my|the|one|this)\b"
    r"|\bdying\s+of\s+(?:laughter|embarrassment|boredom|thirst|hunger|curiosity)\b"
    r"|\b(?:could|would|i'd)\s+(?:literally\s+)?kill\s+for\b"
    r"|\bkill\s+for\s+(?:a|an|some)\b"
    r"|\b(?:to\s+die\s+for|die\s+of\s+(?:embarrassment|shame|laughter)|died\s+laughing"
    r"|nearly\s+died\s+laughing|i'm\s+dead\s*(?:😂|🤣|lol|lmao|haha)|dead\s+funny|killed\s+it"
    r"|killing\s+it|kill\s+time|killing\s+time|bored\s+to\s+death|scared\s+to\s+death"
    r"|sick\s+to\s+death|worried\s+to\s+death|suicide\s+squad|suicide\s+mission"
    r"|overdosed?\s+on\s+(?:the\s+)?(?:free\s+)?(?:chocolate|sugar|caffeine|coffee|netflix|tv"
    r"|cake|sweets|love|biscuits?|crisps|pizza|cheese|tea|carbs|food|snacks|chips|doughnuts"
    r"|donuts|mince\s+pies|christmas)"
    # cutlery at the table; leaving a job or a way of life behind
    r"|\bknife\s+and\s+fork\b|\bgoodbye\s+to\s+the\s+world\s+of\b"
    r"|(?:gave|give|giving|nearly\s+had|almost\s+had|have)\s+(?:me|us|him|her)?\s*a\s+heart\s+attack"
    r"|heart\s+attack\s+on\s+a\s+plate|giv\w*\s+(?:me|us)\s+(?:my|a|another)\s+(?:\w+\s+)?heart"
    r"\s+attack|(?:asset|assets|property|drugs?|cash|police|customs|record)\s+seizures?"
    r"|\bjump\w*\s+off\s+(?:\w+\s+){0,5}with\s+(?:a|my|the)\s+(?:hang\s*glider|parachute|bungee"
    r"|wingsuit)|my\s+heart\s+(?:stopped|skipped)\s+(?:a\s+beat\s+)?when"
    r"|(?:want|wanted)\s+(?:the\s+ground\s+)?to\s+(?:die|disappear)\s+(?:of|from)\s+"
    r"(?:embarrassment|shame)"
    r"|can't\s+breathe\s+(?:for|from)\s+laughing|laughing\s+so\s+(?:hard|much)\s+(?:that\s+)?"
    r"(?:i\s+)?(?:can't|couldn't|cannot)\s+breathe|laughing\s+so\s+hard|so\s+funny)\b"
    r"|(?:killing\s+me|i'm\s+dying|im\s+dying|i\s+can't\s+breathe|dead)\s*(?:😂|🤣|😆|lol|lmao"
    r"|haha\w*)"
    # idioms: "shooting myself in the foot", "cut myself off", "economic suicide", "suicide
    # bomber", "a stroke of genius", "unconscious bias", a deal that "collapsed", "20 kms"
    r"|\b(?:shoot|shooting|shot)\s+(?:my|him|her|your|them)sel(?:f|ves)\s+in\s+the\s+foot"
    r"|\bcut(?:ting)?\s+(?:my|him|her|your|them)sel(?:f|ves)\s+off\b"
    r"|\b(?:economic|political|career|commercial|electoral|social|financial)\s+suicide\b"
    r"|\bsuicide\s+(?:bomb\w*|attack\w*|vest|doors?|pact\s+with\s+the\s+voters)\b"
    r"|\bstroke\s+of\s+(?:genius|brilliance|luck|midnight|a\s+pen)\b"
    r"|\bunconscious\s+(?:bias|biases|mind|self|desire)\b|\bcollective\s+unconscious\b"
    r"|\bcollapsed\s+(?:transfer|deal|move|talks|bid|takeover|merger|government|coalition"
    r"|economy|market|roof|bridge|building|wall|tent)\b"
    r"|\b(?:move|return|switch|loan|signing|transfer|bid|deal)\s+(?:\w+\s+){0,5}"
    r"(?:dramatically\s+|finally\s+|has\s+|had\s+)?collapsed\b"
    r"|\b(?:deal|transfer|move|talks|negotiations|bid|merger|takeover|government|coalition"
    r"|market|economy|price|prices|shares|stock)\s+(?:\w+\s+){0,3}collapsed\b"
    r"|\d\s*kms\b"
    # "die my hair pink"; getting on or off a bus or into a pool is not a jump
    r"|\bdie\s+(?:my|her|his|their|your|the|it)\s+(?:\w+\s+)?(?:hair|beard|roots|fringe|tips"
    r"|eyebrows|pink|blue|red|green|purple|black|blonde)\b"
    r"|\b(?:jump|jumping|hop|hopping)\s+(?:in|into)\s+the\s+(?:pool|shower|bath|car|queue|sea"
    r"\s+for\s+charity|conversation|thread|chat)\b"
    r"|\b(?:jump|jumping|hop|hopping)\s+on\s+(?:the|a|board|it|this|that)\b"
    r"|\b(?:jump|jumping|hop|hopping)\s+(?:off|on)\s+(?:the|a)\s+(?:bus|train|tube|tram)\s+"
    r"(?:at|to|and)\b"
    r"|\bjump\s+(?:at|up|ahead|ship|the\s+queue|the\s+gun|for\s+joy|start)\b"
    # excitement: "I'm gonna die of excitement"
    r"|\b(?:die|dying|dead)\s+(?:of|from|because\s+of|with)\s+(?:excitement|happiness|joy"
    r"|cuteness|jealousy|anticipation)\b"
    # objects, pets and plants are not suicidal; companies and teams "bleed" and "choke"
    r"|\b(?:phone|battery|laptop|computer|pc|printer|wifi|router|car|cat|dog|kitten|puppy"
    r"|hamster|goldfish|plants?|squirrel|pigeon|sheep|telly|tv|boiler|kettle)\s+(?:\w+\s+){0,2}"
    r"(?:is|was|looks|seems|must\s+be|'s|are)\s+(?:\w+\s+)?suicidal\b"
    r"|\b(?:company|firm|club|business|economy|shares|stock|sales|the\s+party|brand"
    r"|franchise|network|subscribers|viewers|customers)\s+(?:\w+\s+){0,3}bleeding\b"
    r"|\bchok(?:e|es|ed|ing)\s+(?:badly\s+)?(?:again\s+)?(?:in\s+the\s+(?:final|semi\w*|second"
    r"|first|last|play\s*-?offs?)|under\s+pressure|at\s+the\s+(?:end|line|death)|on\s+the\s+big"
    r"\s+stage)\b|\bis\s+choking\s+(?:badly|again)\b"
    r"|\b(?:for\s+)?not\s+responding\s+to\s+(?:\w+\s+){0,2}(?:texts?|messages?|calls?|emails?"
    r"|dms?|tweets?|comments?|them|him|her|me|you|us)\b(?:\s+(?:in\s+time|fast\s+enough|quickly))?"
    # a reply awaited, a contest or an argument ended, a fright remembered
    r"|\bwhy\s+(?:is|isn't|are|aren't|was|wasn't)\s+(?:he|she|they|it|you)\s+(?:still\s+)?not\s+"
    r"respond\w*"
    r"|\blet(?:'s|s|\s+us)\s+(?:just\s+)?end\s+(?:it|this)\b(?!\s+(?:together|tonight|now))"
    r"|\b(?:i\s+)?(?:\w+\s+)?(?:thought|though|thot)\s+i\s+was\s+(?:going\s+to|gonna)\s+die\b"
    r"(?!\s+(?:and|but)\s+(?:now|tonight|today)\b)"
    r"|\b(?:omg|lmao|lol|haha\w*)\s+(?:i\s+)?(?:literally\s+)?(?:can't|cannot)\s+breathe\b"
    # "would be suicidal for the government", "economically suicidal"
    r"|\b(?:would\s+be|will\s+be|is|be|it's|was|be\s+a)\s+(?:\w+\s+)?suicidal\s+(?:for|to)\s+"
    r"(?:the|this|that|any|a|our|their|his|her|labour|tories|us)\b"
    r"|\b(?:people|those|patients|men|women|young\s+people|children|kids|teenagers|teens"
    r"|students|veterans|others|staff)\s+who\s+(?:\w+\s+)?(?:feel|felt|are|were|have\s+felt"
    r"|become)\s+suicidal\b"
    r"|\b(?:makes?|made|making|would\s+make|wants?)\s+(?:\w+\s+)?(?:people|teenagers|teens|kids"
    r"|children|young\s+people|patients|men|women|you|them|anyone|everyone|us)\s+(?:all\s+)?"
    r"(?:more\s+)?suicidal\b"
    r"|\basked\s+(?:me\s+)?(?:if|whether)\s+i\s+(?:was|am|felt|feel|was\s+feeling)\s+suicidal\s+"
    r"and\s+i\s+(?:said|told\s+(?:her|him|them))\s+no\b|\b(?:nobody|no\s+one|no-one)\s+is\s+suicidal\b"
    r"|\bjok(?:es|ed|ing)\s+(?:that\s+|about\s+being\s+)?(?:he's|she's|they're|i'm|being)?\s*"
    r"suicidal\b"
    r"|\bslow\s+suicide\b|\b(?:diet|plan|idea|move|decision|tackle|pass|driving|schedule|rota"
    r"|tactics?|strategy|policy|formation|defending|defence|haircut|outfit)\s+(?:is|was|looks"
    r"|seems|'s)\s+(?:\w+\s+)?suicidal\b"
    r"|\b(?:about|follows|following|featuring|plays?|playing|starring|story\s+of)\s+(?:a|an|the)"
    r"\s+suicidal\s+\w+"
    r"|\b(?:cause|causes|causing|side\s+effects?(?:\s+(?:of|like|such\s+as|include))?|risk\s+of"
    r"|increased?)\s+(?:\w+\s+){0,2}suicidal\s+(?:thoughts|feelings|ideation|behaviour)\b"
    r"|\b(?:economically|politically|electorally|commercially|financially|tactically)\s+"
    r"suicidal\b)",
)

# Every idiom above contains one of these substrings (checked by a test).
_FIGURATIVE_GATE = re.compile(
    "kill|murder|dy|die|dead|death|suicid|overdos|heart|breath|laugh|funny|disappear|shoot|shot"
    "|cut|stroke|unconscious|collapsed|kms|jump|hop|bleed|chok|respond|end|knife|goodbye"
)

# Awareness, campaign, education and support posts.
_AWARENESS = re.compile(
    r"\b(?:awareness|prevention|world\s+suicide|suicide\s+prevention|wspd|#\w*(?:suicide|"
    r"mentalhealth|selfharm|stroke|sepsis)\w*|mental\s+health\s+(?:day|week|month)|campaign"
    r"|webinar|training|course|conference|research|study|statistics|rates?\s+of|figures"
    r"|know\s+the\s+signs|learn\s+the\s+signs|spot\s+the\s+signs|signs\s+(?:of|to\s+look)"
    r"|symptoms\s+of|act\s+fast|if\s+you(?:'re|\s+are)\s+(?:struggling|feeling)|reach\s+out"
    r"|you(?:'re|\s+are)\s+not\s+alone|it's\s+ok\s+not\s+to\s+be\s+ok|talk\s+to\s+someone"
    r"|support\s+(?:is\s+)?available|helpline|text\s+shout|in\s+memory|fundrais\w*|charity"
    r"|sponsored\s+walk|memorial\s+walk|charity\s+walk|documentary|podcast|article|book|film|episode|save\s+a\s+life|first\s+aid"
    r"|cpr\s+(?:class|course|training)|survivor|lived\s+experience|stigma|talk\s+about"
    r"|samaritans\s+on|116\s*123|peer\s+support|if\s+you(?:'re|\s+are)\s+(?:worried|concerned)"
    r"|ask\s+(?:them|someone|people)\s+(?:directly|about)|how\s+(?:do|can|should|to)\s+(?:you|i|we)?"
    r"\s*(?:help|support|talk\s+to)\s+(?:someone|a\s+\w+|people|anyone|them)\b"
    r"|asking\s+(?:as|for)\s+a\s+\w+|for\s+a\s+(?:school\s+)?project|(?:for|in)\s+(?:my|a|our)\s+"
    r"(?:\w+\s+){0,2}(?:essay|assignment|dissertation|homework|coursework|lecture|seminar|debate)"
    r"|if\s+you\s+(?:ever\s+)?(?:feel|start\s+to\s+feel|are\s+feeling|find\s+yourself\s+feeling)|talk\s+to\s+(?:your|a)\s+(?:gp"
    r"|doctor|friend|nurse|pharmacist)|call\s+111|(?:is|isn't|is\s+not)\s+(?:not\s+)?a\s+weakness"
    r"|nothing\s+to\s+be\s+ashamed\s+of)\b"
    r"|\b(?:feeling|are\s+you|you)\s+suicidal\s*\?",
)

# Negation or distance just before an intent phrase.
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|\bnever|\bno\s+longer|\bdon't|\bdo\s+not|\bisn't|\bwasn't|\bain't|\baren't"
    r"|\bweren't|\bno"
    r"|\bnothing\s+like|\bwithout|\bstopped|\bused\s+to|\bwhen\s+i\s+was|\byears?\s+ago"
    r"|\bthought\s+about\s+whether|\bwouldn't|\bwon't|\bdidn't|\bdid\s+not|\bhaven't"
    r"|\bhave\s+not|\bhasn't|\bhas\s+not|\bdoesn't|\bdoes\s+not|\bnor)\s+((?:[\w']+\s+){0,3})$"
)
# A new subject between the negation and the phrase starts a new clause: "I'm not sure I
# want to live" is not a denial of "want to live"... nor is "I wasn't sure, I want to die".
_NEW_SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|he|she|they|we|he's|she's|they're)\b")
# Phrases with "not" that negate nothing: the words after them are meant.
_NOT_NEGATION = re.compile(
    r"\b(?:(?:i'm\s+|i\s+am\s+)?not\s+(?:going\s+to|gonna)\s+lie|no\s+lie|not\s+lying"
    r"|(?:i'm\s+|i\s+am\s+)?not\s+being\s+funny(?:\s+but)?|not\s+(?:joking|kidding)"
    r"|(?:i'm|i\s+am|im)\s+not\s+(?:ok|okay|alright|all\s+right|fine|coping|well|safe)"
    r"|not\s+(?:ok|okay|coping))\b"
)
# Spoken contractions written without the apostrophe, and "wanna"/"gonna".
_CONTRACTIONS = {
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "im": "i'm",
    "ive": "i've", "id": "i'd", "isnt": "isn't", "wasnt": "wasn't", "doesnt": "doesn't",
    "havent": "haven't", "hasnt": "hasn't", "wouldnt": "wouldn't", "couldnt": "couldn't",
    "shouldnt": "shouldn't", "arent": "aren't", "theyre": "they're", "youre": "you're",
    "hes": "he's", "shes": "she's", "wanna": "want to", "gonna": "going to",
    "tryna": "trying to", "gotta": "got to", "whats": "what's",
    "thats": "that's", "theres": "there's",
}  # fmt: skip
_CONTRACTION_RX = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b")


# Apostrophes stripped to a space ("didn t", "i m"), as in some copied or transcribed text.
_SPLIT_CONTRACTION = re.compile(
    r"\b(don|didn|can|won|isn|wasn|doesn|haven|hasn|wouldn|couldn|shouldn|aren|ain) t\b"
    r"|\b(i) (m|ve|ll|d)\b"
)


def _expand(text: str) -> str:
    """'i dont wanna' -> "i don't want to" (rules are written with apostrophes)."""
    if "n t" in text or "i " in text:  # every split contraction has one of these
        text = _SPLIT_CONTRACTION.sub(
            lambda m: f"{m.group(1)}'t" if m.group(1) else f"i'{m.group(3)}", text
        )
    return _CONTRACTION_RX.sub(lambda m: _CONTRACTIONS[m.group(0)], text)


# A negation inside the phrase, between its subject and its verb: "I'm not going to kill
# myself", "I would never want to die".
_INNER_NEGATION = re.compile(
    r"[\w']+(?:\s+(?:am|really|honestly|just|was|will|would|do|'m))?\s+(?:not|never|don't"
    r"|do\s+not|won't|wouldn't|didn't)\s+(?:\w+\s+)?(?:suicidal|want|wanna|going|gonna|planning|plan"
    r"|ready|about|need|wish|thinking|decided|tempted|kill|hang|end)\b"
)
# Laughter straight after the phrase marks a joke ("if they play that song again I'm going to
# kill myself 😂"); the learned model treats these as mentions too.
_LAUGHTER_AFTER = re.compile(
    r"[^.!?\n]{0,40}?(?:😂|🤣|😆|😅|💀|\blol\b|\blmao\b|\blmfao\b|\bhaha\w*|\bjk\b"
    r"|#(?:funny|joke|jokes|joking|humou?r|lol|sarcasm|banter|jk)\b)"
)


# Hyperbole: something "makes me want to die" in a short post with no distress around it is a
# reaction ("that advert makes me want to kill myself"), not a wish. With distress words
# ("my ocd is making me want to die", "... every single day") it stays a crisis.
_REACTION = re.compile(
    r"\b(?:makes?|made|making)\s+me\s+(?:\w+\s+)?(?:want\s+to\s+(?:die|kill\s+myself|kms)"
    r"|suicidal)\b"
    r"|\bkms\s+(?:because\s+of|over|cause\s+of|bc\s+of|cuz\s+of)\b"
    r"|\b(?:i'd|i\s+would|id|would)\s+(?:\w+\s+)?rather\s+die\s+than\b"
)
_DISTRESS = re.compile(
    r"\b(?:depress\w*|anxi\w*|ocd|ptsd|sad|alone|lonely|hate\s+myself|every\s+(?:single\s+)?day"
    r"|all\s+the\s+time|can't\s+(?:cope|go\s+on|do\s+(?:it|this))|hospital|therap\w*|hopeless"
    r"|worthless|empty|crying|cry|deserve|life|living|existing|myself\s+more|still\s+alive"
    r"|bipolar|relaps\w*|struggl\w*|mental\s+health|breakdown)\b"
)
SHORT_POST = 280


# A short post whose only "reason" is a show, a band, a match or a school morning: "if they
# cancel Bake Off I'm going to kill myself", "college at 8 tomorrow kms", "gonna be dead
# tomorrow after that gig". Without distress words around it, hyperbole.
_TRIVIAL_CAUSE = re.compile(
    r"\bif\b[^.!?\n]{0,80}\b(?:album|concert|gig|tour|tickets?|song|band|show|episode|series"
    r"|season|final|game|match|team|lose|loses|lost|win|wins|cancel\w*|releas\w*|red\s+carpet"
    r"|plays?|perform\w*|vmas?|bake\s+off|trailer|sequel|unite|visit\s+me|reply|follows?\s+me"
    r"|notices?\s+me|sold\s+out|sells\s+out)\b"
    r"|\b(?:album|concert|gig|tour|tickets?|song|band|episode|season|match|red\s+carpet|bake"
    r"\s+off|trailer)\b[^.!?\n]{0,60}\b(?:if|unless)\b"
    r"|\b(?:game|level|boss|puzzle|crossword|quiz|wordle|homework)\b[^.!?\n]{0,40}\bso\s+"
    r"(?:hard|difficult|boring|annoying|bad)\b"
)
_TRIVIAL_KMS = re.compile(
    r"\b(?:school|college|class|classes|lecture|homework|revision|exam\s+tomorrow|work\s+at"
    r"|early|alarm|monday|mondays|tomorrow|traffic|queue|wifi|pancakes?|busy|fantasy|points"
    r"|bench|benched|lineup|line-up|draft|league|game|match|score|scored)\b"
)
_TIRED_DEAD = re.compile(
    r"\b(?:going\s+to|gonna|will|i'll|i'm\s+going\s+to)\s+be\s+(?:so\s+)?dead\s+(?:tomorrow"
    r"|in\s+the\s+morning|on\s+\w+day|at\s+work)\b"
)
_TIRING = re.compile(
    r"\b(?:gig|concert|festival|party|night\s+out|shift|training|gym|5k|10k|marathon|run"
    r"|running|hangover|worth\s+it|no\s+sleep|up\s+all\s+night|late\s+night)\b"
)


def _reaction(text: str, start: int, end: int) -> bool:
    if _DISTRESS.search(text):
        return False
    phrase = text[start:end]
    if _TRIVIAL_CAUSE.search(text):
        return True
    if re.fullmatch(r"kms", phrase.strip()) and _TRIVIAL_KMS.search(text):
        return True
    if _TIRED_DEAD.search(text[max(0, start - 12) : end + 40]) and _TIRING.search(text):
        return True
    return any(r.start() <= end and start <= r.end() for r in _REACTION.finditer(text))


def _negated(before: str) -> bool:
    m = _NEGATED_BEFORE.search(before)
    return m is not None and not _NEW_SUBJECT.search(m.group(1))


_PAST_OR_RECOVERED = re.compile(
    r"\b(?:years?\s+ago|used\s+to|in\s+the\s+past|back\s+in\s+\d{4}|in\s+the\s+\d0s|when\s+i\s+was\s+\d+"
    r"|recovered|recovery|clean\s+for|\d+\s+(?:years?|months?)\s+(?:clean|free|since)"
    r"|saved\s+(?:my|his|her|their)\s+(?:\w+'s\s+)?life|got\s+me\s+through|helped\s+me\s+through|survived"
    r"|(?:i|i'd)\s+(?:was|had\s+been)\s+suicidal\s+(?:in|when|as|for|at|during|after)"
    r"|glad\s+i'm\s+still\s+here)\b"
)


# Who the message is from and about: the writer (I, me, my) or someone the writer knows ("my
# son", "our mum"). Awareness, news and reported wordings only count as a disclosure with one.
_OWN = re.compile(
    r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine)\b|\b(?:our|we're|we|us)\s+(?:\w+\s+)?"
    r"(?:friend|mate|partner|son|daughter|child|kid|kids|baby|mum|mam|mom|mother|dad|father"
    r"|brother|sister|nan|gran|grandad|grandma|husband|wife|boy|girl|teenager|need\s+help"
    r"|don't\s+know\s+what\s+to\s+do)\b"
)
# News, reports, education and media: someone else's story told to the public.
_REPORTED = re.compile(
    r"\b(?:inquest|coroner|court|talked\s+down|(?:the\s+)?(?:force|spokes\w+|council|trust"
    r"|ambulance\s+service)\s+said|said\s+(?:police|a\s+spokes\w+)|jury|trial|hears|heard\s+how|told\s+the|reported|reports?"
    r"|figures|statistics|study|survey|research|according\s+to|police\s+(?:say|said)|headline"
    r"|breaking|news|newspapers?|papers|documentary|film|movie|novel|book|episode|series"
    r"|character|trailer|album|lyrics|song|actor|actress|singer|rapper|celebrity|wrestler"
    r"|footballer|president|minister|senator|mp|government|politicians?|leaflet|side\s+effects?"
    r"|(?:can|may|might)\s+cause|tabloids?|biography|obituary|tribute|rip|play|theatre|drama"
    r"|musical|radio|podcast|story|storyline|soap|comedian|comedy|stand-up|(?:new|tv|comedy)\s+show"
    r"|stats|funeral|vicar|sermon|spoke\s+(?:at|about)|counsell?or\s+(?:said|explained|told)"
    r"|explained\s+(?:at|to|in)|netflix|handled|portray\w*)\b"
)
# Death wished on someone else: an insult or a threat, not someone at risk ("he should go
# and hang himself", "they can kill themselves for all I care").
_WISH_ON_OTHERS = re.compile(
    r"\b(?:should|shud|ought\s+to|needs?\s+to|deserves?\s+to|may\s+as\s+well|might\s+as\s+well"
    r"|can\s+(?:all\s+)?(?:go\s+)?|may\s+(?:all\s+)?|go\s+and|go|just|please|inspires?\s+"
    r"(?:people|fans|kids|everyone)\s+to)\s+(?:\w+\s+)?(?:kill|hang|shoot|drown|off)"
    r"\s+(?:him|her|them|your)sel(?:f|ves)\b"
    r"|\b(?:go|just|should|why\s+don't\s+you|you\s+should|please)\s+(?:\w+\s+)?(?:jump\s+off"
    r"|kill\s+your\s*self|hang\s+your\s*self|drink\s+bleach)\b"
)


# Someone else's act told in the past ("he overdosed", "she killed herself") with no one the
# writer knows, no urgency and no request for help: gossip or news, not a call for help.
_THIRD_PARTY_PAST = re.compile(
    r"\b(?:he|she|they|who)\s+(?:\w+\s+)?(?:overdosed|od'd|killed\s+(?:him|her|them)sel(?:f|ves)"
    r"|hanged\s+(?:him|her|them)sel(?:f|ves)|took\s+(?:his|her|their)\s+own\s+life)\b"
)
_HELP_ASKED = re.compile(
    r"\b(?:help|please|worried|scared|frightened|ambulance|a&e|hospital|999|111|what\s+(?:do|should)"
    r"\s+(?:i|we)\s+do)\b"
)
# Guessing at a stranger's or a public figure's feelings: "can imagine he wants to kill himself".
_SPECULATION = re.compile(
    r"\b(?:(?:can|could)\s+(?:just\s+)?imagine|i\s+bet|bet\s+(?:he|she|they))\b"
)
_RELATION_OWNED = re.compile(
    rf"\b(?:my|our)\s+(?:[\w'-]+\s+)?{_PEOPLE[_PEOPLE.index('(?:friend') :]}"
)


def _not_a_disclosure(text: str, start: int, end: int) -> str | None:
    """Why a mental-health phrase is someone else's story rather than a disclosure: news,
    media or education with no writer or person the writer knows, death wished on someone,
    or a guess at a stranger's feelings. None when it may be a disclosure."""
    phrase = text[start:end]
    if _NOW_STRONG.search(text) or _HELP_ASKED.search(text):
        return None
    wished = _WISH_ON_OTHERS.search(text[max(0, start - 40) : end + 5])
    someone_else = not _FIRST_PERSON.search(phrase) and not _RELATION_OWNED.search(text)
    if someone_else:
        if wished:
            return "wished on someone else"
        if _SPECULATION.search(text):
            return "speculation about someone else"
        if _REPORTED.search(text) or _THIRD_PARTY_PAST.search(phrase):
            return "reported"
    if _OWN.search(text):
        return None
    if wished:
        return "wished on someone else"
    if _REPORTED.search(text):
        return "reported"
    return None


@dataclass
class RuleHit:
    family: str
    phrase: str
    strength: str  # "strong" or "weak"
    third_party: bool = False  # written about someone else (a friend, partner, child)


@dataclass
class RiskResult:
    crisis: bool = False
    safeguarding: bool = False
    emergency: bool = False  # a medical emergency or danger now (999)
    mental_health: bool = False  # suicidal intent, self-harm, overdose
    hits: list[RuleHit] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)


def _rx(parts: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _drop_lookarounds(pattern: str) -> str:
    """The pattern without its lookahead and lookbehind groups, which only narrow a match:
    what it matches is a superset of what the pattern matches."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?!", "(?=", "(?<!", "(?<="), i):
            depth, j, in_class = 0, i, False
            while j < len(pattern):
                c = pattern[j]
                if c == "\\":
                    j += 2
                    continue
                if in_class:
                    in_class = c != "]"
                elif c == "[":
                    in_class = True
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _gate(parts: list[str]):
    """An RE2 pattern (linear time, a few microseconds) that matches wherever one of ``parts``
    can: a text it does not match is spared the backtracking search of the family's own
    alternation, which is the slowest step of triage. Used only on ASCII text with plain
    spaces, where RE2 and Python agree on \\b, \\w and \\s."""
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 64 << 20
    return re2.compile("|".join(f"(?:{_drop_lookarounds(p)})" for p in parts), options)


# Whitespace other than a plain space, where Python's \s and RE2's differ.
_ODD_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f]")


# --------------------------------------------------------------------------- crisis patterns

_SUICIDE_STRONG = [
    r"\b(?:i|i'm|im|i\s+am|i've|ive|i\s+have|i\s+just|i\s+really|i\s+honestly|i\s+still)\s+"
    r"(?:\w+\s+){0,3}(?:want|wanna|going|gonna|planning|plan|ready|about|need|wish|thinking"
    r"|decided|tempted)\s+(?:to\s+)?(?:\w+\s+){0,2}(?:die|end\s+(?:it|my\s+life|things|"
    r"everything)|kill\s+myself|take\s+my\s+(?:own\s+)?life|not\s+(?:be\s+)?(?:here|alive|"
    r"wake\s+up)|disappear\s+forever|be\s+dead|jump|hang\s+myself)\b",
    r"\b(?:kill|killing|hang|hanging|drown|drowning|shoot|shooting|poison|poisoning)\s+"
    r"myself\b",
    r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b",
    r"\bend\s+it\s+all\b",
    r"\b(?:i'm|im|i\s+am|feeling|feel|been|i\s+feel\s+so|so|really)\s+suicidal\b",
    r"\bsuicidal\s+(?:thoughts|feelings|again|tonight|right\s+now)\b",
    r"\bkms\b",
    r"\b(?:don't|dont|do\s+not|doesn't|does\s+not)\s+want\s+to\s+(?:be\s+(?:here|alive|around)"
    r"|live|exist|"
    r"wake\s+up|go\s+on|carry\s+on)\b",
    r"\b(?:nothing\s+to|no\s+reason\s+to|no\s+point\s+(?:in\s+)?)\s*(?:live|living|"
    r"going\s+on|carrying\s+on)\s+(?:for|anymore|any\s+more)?",
    r"\bno\s+(?:live|living|going\s+on|carrying\s+on)\s+(?:for|anymore|any\s+more)\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|being\s+alive|going\s+on|"
    r"carrying\s+on|waking\s+up)\b",
    r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
    r"\b(?:better\s+off\s+(?:dead|without\s+me)|wish\s+i\s+(?:was|were)\s+(?:dead|never\s+born)"
    r"|wish\s+i\s+(?:wasn't|weren't)\s+(?:here|alive)|rather\s+be\s+dead)\b",
    r"\bcan't\s+(?:go\s+on(?!\s+(?:anything|twitter|facebook|instagram|tiktok|social|holiday"
    r"|the\s+(?:ride|rides|trip|internet|app)))|do\s+this\s+any\s*more|take\s+(?:it|this)\s+any\s*more|cope\s+any"
    r"\s*more|keep\s+going)\b",
    r"\b(?:this\s+is\s+)?(?:my\s+)?(?:goodbye|final\s+goodbye|last\s+(?:post|message|tweet))"
    r"\s+(?:to\s+)?(?:everyone|all|world|x+)\b",
    r"\bsaying\s+goodbye\s+to\s+(?:everyone|you\s+all|the\s+world)\b",
    r"\b(?:i\s+have|i've\s+got|i\s+got|got)\s+a\s+plan\s+and\s+a\s+(?:date|time|place)\b",
    r"\b(?:my|it's\s+my|is\s+my)\s+last\s+(?:day|night)\s+on\s+(?:this\s+)?earth\b"
    r"|\blast\s+(?:day|night)\s+on\s+(?:this\s+)?earth\s+(?:hopefully|finally|thank\s+god)\b",
    r"\b(?:written|wrote|writing|left)\s+(?:a|my)\s+(?:suicide\s+)?note\b",
    r"\b(?:on|at|standing\s+on|stood\s+on|sat\s+on|sitting\s+on|going\s+to)\s+(?:the|a)\s+"
    r"(?:edge\s+of\s+the\s+)?(?:bridge|cliff|roof|railway|train\s+tracks?|tracks|pier|ledge"
    r"|balcony|viaduct|quarry|multi-?storey)\b.{0,40}\b(?:jump|end|die|goodbye)",
    r"\b(?:jump|jumping)\s+(?:off|in\s+front\s+of)\s+(?:a|the)\s+(?:bridge|train|building|"
    r"roof|cliff|car)\b",
    r"\b(?:tried|trying|attempted|attempting)\s+to\s+(?:kill|hang)\s+(?:myself|himself|herself|"
    r"themselves)\b",
    rf"\b{_SUBJ}\s+(?:\w+\s+){{0,3}}(?:is|are|has\s+been|have\s+been|'s\s+been|keeps?|keeps"
    r"|was|said|says|saying|talking|talks|threatening|threatened|texted|messaged)\s+(?:\w+\s+)"
    r"{0,3}(?:suicidal|about\s+(?:killing|ending)\s+(?:him|her|them)sel(?:f|ves)|to\s+"
    r"(?:kill|end)\s+(?:him|her|them)sel(?:f|ves)|(?:he|she|they)\s+wants?\s+to\s+die"
    r"|(?:end|take|ending|taking)\s+(?:his|her|their)\s+(?:own\s+)?life|suicide)\b",
    r"\b(?:kill|killing|end|ending|hang|hanging)\s+(?:him|her|them)sel(?:f|ves)\b",
    r"\b(?:going|gonna|wants?|want)\s+to\s+(?:end|take)\s+(?:his|her|their)\s+(?:own\s+)?life\b",
    r"\bsuicide\s+(?:attempt|plan|note)\b",
    r"\b(?:plan|planned|planning)\s+(?:to|how\s+to)\s+(?:die|end\s+it|kill)",
    r"\bwant\s+(?:it\s+all\s+)?to\s+(?:end|stop|be\s+over)\s+(?:for\s+good|forever|permanently)",
    r"\bwants?\s+to\s+die\b",
    r"\b(?:texted|messaged|sent|left|posted)\s+(?:me|us|her|him)?\s*(?:\w+\s+){0,3}"
    r"(?:saying\s+)?(?:goodbye|good\s+bye|a\s+goodbye)\b",
    r"\bstanding\s+on\s+(?:the|a)\s+(?:edge|bridge|roof|ledge|cliff|platform\s+edge)\b",
    r"\b(?:nobody|no\s+one|no-one)\s+would\s+(?:even\s+)?(?:notice|care|miss\s+me)\s+if\s+i",
    r"\bdisappear(?:ed)?\s+(?:forever|for\s+good)\b",
    r"\b(?:thinking|thoughts|think)\s+(?:about|of)\s+(?:ending\s+(?:it|my\s+life|things)"
    r"|suicide|killing\s+myself|taking\s+my\s+(?:own\s+)?life|not\s+being\s+here)",
    r"\bwanna\s+die\b",
    r"\bready\s+to\s+die\b",
    # passive ideation
    r"\b(?:tired|sick|weary|exhausted)\s+of\s+(?:living|life|being\s+alive|existing"
    r"|being\s+here)\b",
    r"\b(?:i'm|i\s+am|i've\s+been|so|just)\s+(?:\w+\s+)?(?:done|finished)\s+with\s+(?:life"
    r"|living|it\s+all|being\s+alive)\b",
    r"\blet\s+(?:me|him|her)\s+die\b",
    r"\b(?:sleep|go\s+to\s+sleep)\s+(?:\w+\s+){0,2}(?:and\s+)?(?:never|not)\s+wake\s+up\b",
    r"\b(?:want|wanted|wish|wishing)\s+(?:\w+\s+){0,3}(?:to\s+)?sleep\s+forever\b",
    r"\bbetter\s+off\s+without\s+me\b|\bbetter\s+off\s+(?:\w+\s+){0,2}(?:if|when)\s+i\s+"
    r"(?:was|were|wasn't|weren't|am|'m|died|disappeared|wasn't)\b",
    r"\b(?:everyone|everybody|the\s+world|people|(?:my|his|her|their)\s+(?:family|kids"
    r"|children|parents)|they)\s+(?:would|'d)\s+(?:all\s+)?be\s+better\s+off\s+(?:without"
    r"\s+(?:me|him|her|them)|if\s+(?:i|he|she|they)\s+(?:was|were|wasn't|weren't)\b)",
    r"\b(?:don't|do\s+not|can't|cannot|doesn't)\s+see\s+(?:the|any)\s+point\s+(?:in|of)\s+"
    r"(?:living|being\s+alive|going\s+on|carrying\s+on|life|waking\s+up)\b",
    r"\bsee\s+no\s+(?:point|reason)\s+(?:in|to)\s+(?:living|live|being\s+alive|going\s+on)\b",
    r"\b(?:life|it)\s+(?:isn't|is\s+not|ain't|is\s+no\s+longer)\s+worth\s+living\b",
    r"\b(?:i'd|i\s+would)\s+rather\s+(?:not\s+(?:exist|be\s+(?:here|alive)|wake\s+up|live)"
    r"|die|be\s+dead)\b",
    r"\bdisappear\s+and\s+never\s+come\s+back\b",
    r"\bwhat's\s+the\s+point\s+(?:in|of)\s+(?:living|life|being\s+alive|going\s+on|carrying\s+on"
    r"|waking\s+up)\b",
    r"\bnot\s+wanting\s+to\s+(?:be\s+(?:alive|here|around)|live|exist|wake\s+up|go\s+on)\b",
    r"\blost\s+(?:the|all|my)\s+(?:will|reason|wish)\s+to\s+live\b",
    r"\bno\s+reason\s+for\s+(?:me|him|her)\s+to\s+(?:live|be\s+alive|stay|go\s+on)\b",
    r"\b(?:almost|nearly|tried\s+to|going\s+to)\s+(?:kill|killed|hang|hanged)\s+myself\b",
    r"\btried\s+to\s+(?:jump|throw\s+myself)\s+(?:off|from|in\s+front)\b",
    r"\b(?:i\s+might|i'm\s+going\s+to|i\s+will|i'll|about\s+to)\s+(?:just\s+)?(?:leap|jump)\s+"
    r"(?:off|from)\b",
    r"\b(?:go|going\s+to|will|might|gonna|have\s+to|got\s+to)\s+(?:\w+\s+)?attempt\s+again\b",
    r"\bwish\s+i\s+had\s+a\s+gun\b",
    r"\b(?:bye|goodbye)\s+(?:cruel\s+)?world\b|\bgood\s?night\s+(?:\w+\s+){0,4}forever\b",
    r"\bgoing\s+through\s+with\s+it\b.{0,80}\b(?:leave\s+behind|it's\s+time|its\s+time|goodbye"
    r"|won't\s+be\s+here)",
    r"\bwant\s+(?:it\s+all|everything)\s+to\s+(?:stop|end|be\s+over)\b",
    r"\bcan't\s+see\s+(?:a|any)\s+way\s+out\b",
    r"\b(?:want|wants|wanted|going|planning|ready|about)\s+to\s+end\s+it\b(?!\s+(?:with|between"
    r"|for\s+(?:him|her|them)))",
    r"\b(?:going\s+to|want\s+to|wants\s+to|will|planning\s+to|about\s+to|thinking\s+of"
    r"|considering|tempted\s+to)\s+(?:\w+\s+)?commit(?:ting)?\s+suicide\b",
    # plan and timescale
    r"\b(?:know|decided|worked\s+out|planned)\s+(?:exactly\s+)?how\s+(?:i'm|i\s+am|i'll|i\s+will"
    r"|to|he's|she's)\s+(?:going\s+to\s+)?(?:do\s+it|end\s+it|kill)",
    r"\b(?:tonight's|tonight\s+is|today's|today\s+is)\s+the\s+(?:night|day)\b.{0,60}\b(?:made"
    r"\s+up\s+my\s+mind|decided|goodbye|no\s+going\s+back|it\s+ends)",
    r"\b(?:i've|i\s+have|i)\s+(?:just\s+)?(?:bought|got)\s+(?:a|the)\s+rope\b(?!\s+(?:for|ladder))"
    r"|\b(?:tied|made|tying)\s+(?:a|the)\s+noose\b",
    r"\b(?:going\s+to|will|planning\s+to|want\s+to|wants\s+to|about\s+to|i'll|he'll|she'll)"
    r"\s+(?:\w+\s+)?(?:drive|crash|steer)\s+(?:(?:my|his|her|the)\s+car\s+)?(?:into|off)\s+"
    r"(?:a|the)\s+(?:\w+\s+)?(?:river|sea|lake|canal|wall|tree|bridge|cliff|lorry|quarry"
    r"|reservoir|oncoming\s+traffic|motorway)\b",
    r"\b(?:walk|swim|wade|walking|swimming)\s+(?:out\s+)?into\s+the\s+(?:sea|river|lake|water"
    r"|canal)\b(?!\s+(?:for\s+a\s+swim|with))",
    r"\b(?:step|stepping|throw\s+myself|throw\s+(?:him|her)self|jump|jumping|walk|walking|lie"
    r"|lying)\s+(?:down\s+)?in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|lorry|car|traffic)\b",
    r"\b(?:jump|jumping)\s+(?:off|from)\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:bridge|car\s+park"
    r"|building|roof|cliff|tower|block|flats)\b",
    # means in hand, a ligature, a promise to do it "properly" next time
    r"\b(?:sat|sitting|been\s+sat|been\s+sitting|stood|standing)\s+(?:\w+\s+){0,4}with\s+(?:a|the"
    r"|my|his|her)\s+(?:\w+\s+)?(?:blade|razor|rope|noose|ligature|knife(?!\s+and\s+fork))\b",
    r"\b(?:tied|tying|made|making|put|putting|used)\s+(?:a|the|my)\s+ligature\b"
    r"|\b(?:belt|rope|cord|cable|scarf|noose|ligature|flex)\s+(?:tied\s+)?(?:a)?round\s+my\s+neck\b",
    r"\b(?:ligature|noose|rope|overdose|found\s+me|cut\s+me\s+down)\b.{0,120}\b(?:do|get)\s+it"
    r"\s+(?:right|properly)\b",
    # a place to die and an apology as the last word ("on the platform … sorry")
    r"\b(?:on|at|standing\s+on|stood\s+on)\s+(?:the|a)\s+(?:edge\s+of\s+the\s+)?(?:bridge|cliff"
    r"|roof|railway|train\s+tracks?|tracks|platform|ledge)\b.{0,80}[.,!\s]\s*(?:i'm\s+|i\s+am\s+"
    r"|so\s+)?sorry(?:\s+(?:for\s+everything|everyone|all|mum|mam|mom|dad))?\W*$",
    # a date the writer will not be there for, as the last words of the message ("i wont be
    # here on the 28th"); knowing what dose would "do it"; a place and "make sure it works this
    # time"; a place or a time, then the children or a pet entrusted as the last words
    r"\bi\s+(?:won't|will\s+not)\s+be\s+(?:here|around|alive)\s+(?:on|for|by|at|in|come)\s+"
    r"(?:the\s+)?[\w']+(?:\s+[\w']+)?\W*$",
    r"\b(?:dose|doses|dosage|how\s+many|how\s+much)\b[^.?!]{0,40}\bwould\s+(?:do\s+it(?!\s+for)"
    r"|do\s+the\s+job|finish\s+me)\b",
    r"\b(?:tallest|highest|top\s+floor|multi[\s-]?storey|car\s+park|bridge|building|cliff|roof"
    r"|tablets|pills|rope|tracks|railway)\b[^!]{0,100}\b(?:make|be|making|being)\s+sure\s+it"
    r"\s+works\s+this\s+time\b",
    r"\b(?:reservoir|river|bridge|cliff|sea|lake|canal|tracks|railway|viaduct|quarry|woods"
    r"|tonight|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b[^?]{0,80}\bplease"
    r"\s+look\s+after\s+(?:the|my)\s+(?:kids|children|boys|girls|dog|cat|son|daughter|babies)"
    r"\W*$",
    # goodbye messages
    r"\bthis\s+is\s+(?:my\s+)?goodbye\b",
    # a whole message that is only an apology and a last "love you" to family
    r"^\W*(?:i'm\s+|im\s+|so\s+)?sorry\s+(?:mum|mam|mom|mummy|dad|daddy|everyone|all)\W+"
    r"(?:i\s+)?love\s+(?:you|u)(?:\s+(?:all|so\s+much))?\W*$",
    r"\bby\s+the\s+time\s+(?:anyone|you|someone|somebody|they)\s+(?:\w+\s+)?reads?\s+this\b",
    r"\bwon't\s+be\s+(?:here|around)\s+(?:tomorrow|much\s+longer|for\s+much\s+longer|by\s+"
    r"(?:morning|tomorrow))\b.{0,80}\b(?:look\s+after|goodbye|bye|tell\s+(?:my|them|her|him)"
    r"|love\s+you|sorry)",
    r"\bsorry\s+for\s+everything\b.{0,80}\b(?:goodbye|bye|love\s+(?:you|her|him|them))"
    r"|\bgoodbye\b.{0,60}\bsorry\s+for\s+everything\b",
    r"\b(?:given|giving|gave)\s+away\s+(?:all\s+)?(?:of\s+)?(?:my|his|her)\s+(?:things|stuff"
    r"|belongings|possessions)\b",
    # Welsh: eisiau marw (want to die), lladd fy hun (kill myself), hunanladdiad (suicide),
    # ddim eisiau byw (don't want to live)
    r"\b(?:eisiau|isio|moyn)\s+marw\b",
    r"\bladd\s+fy\s+hun\b|\blladd\s+fy\s+hun\b",
    r"\b(?:ddim|dim)\s+(?:eisiau|isio)\s+byw\b",
    r"\bhunanladd\w*",
]
_SUICIDE_WEAK = [r"\bsuicid\w*", r"\bend\s+it\b", r"\bnot\s+be\s+around\b"]

_SELF_HARM_STRONG = [
    r"\b(?:cut|cutting|cuts|burn|burning|burnt|hurt|hurting|harm|harming|scratch|scratching"
    r"|starve|starving|punish|punishing|hit|hitting)\s+myself\b",
    r"\b(?:i|i've|i'm|i\s+have|i\s+am|been|started|keep|still)\s+"
    r"(?:(?!(?:reading|learning|talking|asking|writing|researching|studying|watching|hearing)\b)"
    r"\w+\s+){0,2}self[\s\-]?harm\w*",
    r"\bself[\s\-]?harm\w*\s+(?:again|tonight|right\s+now|badly)\b",
    rf"\b{_SUBJ}\s+(?:\w+\s+){{0,3}}(?:is|are|has\s+been|'s\s+been|keeps?|was|started)\s+"
    r"(?:(?!(?:reading|learning|talking|asking|writing|researching|studying|watching|hearing)\b)"
    r"\w+\s+){0,2}(?:self[\s\-]?harm\w*|cutting\s+(?:him|her|them)sel(?:f|ves))",
    r"\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming)\s+(?:him|her|them)sel(?:f|ves)\b",
    r"\b(?:urge|urges)\s+to\s+(?:cut|self[\s\-]?harm|hurt\s+myself)\b",
    r"\b(?:started|been|keep|keeps|kept|was|is)\s+cutting\s+(?:again|myself|her\s+arms|his\s+arms"
    r"|her\s+wrists|his\s+wrists|my\s+arms|my\s+wrists)\b|\bcutting\s+again\b",
    r"\brelapsed\b.{0,30}\b(?:cut|harm)",
    # blades bought or got ready for tonight (not for a shave)
    r"\b(?:new|fresh|more|bought|got|buying|sharpened)\s+(?:\w+\s+){0,2}blades?(?:\s+pack)?\b"
    r"(?![^.!?]{0,60}\bshav)[^!?]{0,40}(?:\btonight\b|🩸)",
    r"\b(?:slit|slitting|slash|slashing|slice|slicing|cut|cutting)\s+(?:open\s+)?my\s+(?:own\s+)?"
    r"(?:wrists?|throat)\b",
    r"\b(?:urge|urges|tempted|want|wanting)\s+to\s+(?:\w+\s+){0,4}(?:stab|shove|stick|plunge|slit"
    r"|cut|drive)\s+(?:\w+\s+){0,3}(?:in|into|through|across)\s+my\s+(?:neck|throat|wrists?|chest"
    r"|heart|arms?|legs?)\b",
    r"\bhunan[\s\-]?niweid\w*",
]
_SELF_HARM_WEAK = [r"\bself[\s\-]?harm\w*"]

_OVERDOSE_STRONG = [
    r"\b(?:taken|took|take|taking|swallowed|swallow|had|necked|downed)\s+(?:\w+\s+){0,3}"
    r"(?:overdose|od)\b",
    r"\b(?:overdosed|overdosing|od'd|od-ed|oded)\b",
    r"\b(?:taken|took|swallowed|necked|downed|had)\s+(?:all\s+(?:of\s+)?|a\s+(?:load|bunch|"
    r"handful|whole\s+(?:box|packet|bottle))\s+of\s+|loads\s+of\s+|the\s+whole\s+|\d+\s+|"
    r"twenty\s+|thirty\s+|fifty\s+|a\s+lot\s+of\s+|too\s+many\s+|lots\s+of\s+)"
    r"(?:[\w']+\s+){0,2}(?:pills|tablets|paracetamol|ibuprofen|co-?codamol|codeine|sleeping"
    r"\s+pills|meds|medication|antidepressants|insulin|painkillers|sertraline|citalopram"
    r"|diazepam|tramadol|morphine)\b",
    r"\b(?:swallowed|drank|drunk|drinking)\s+(?:\w+\s+){0,2}(?:bleach|antifreeze|poison"
    r"|weedkiller|a\s+bottle\s+of\s+(?:pills|tablets))\b",
    r"\b(?:took|taken|swallowed|necked|downed|had)\s+(?:my|her|his|their)?\s*(?:whole|entire|full"
    r"|all\s+(?:of\s+)?(?:my|her|his|their|the)?)\s*(?:[\w']+\s+){0,2}(?:prescription|supply"
    r"|meds|medication|tablets|pills|painkillers)\b",
    r"\b(?:took|taken|swallowed)\s+every\s+(?:tablet|pill)\b",
    r"\b(?:enough|all\s+(?:my|the|his|her))\s+(?:tablets|pills|meds|medication|painkillers)\s+"
    r"(?:saved|stored|stashed|hidden|to\s+do\s+it)\b",
    r"\bswallowed\s+(?:[\w']+\s+){0,3}(?:tablets|pills|meds|painkillers)\b",
    r"\b(?:stockpil\w*|hoard\w*|saving\s+up|stashing|storing\s+up|stored\s+up|been\s+saving)"
    r"\s+(?:[\w']+\s+){0,2}(?:pills|tablets|meds|medication|paracetamol|painkillers|insulin)\b",
    # intent to take a whole supply; asking for a lethal amount with the means at hand
    r"\b(?:thinking\s+(?:of|about)|going\s+to|about\s+to|want\s+to|tempted\s+to|planning\s+"
    r"(?:to|on)|ready\s+to|considering)\s+(?:just\s+)?(?:taking|take|swallowing|swallow|necking"
    r"|neck)\s+(?:all\s+(?:of\s+)?|the\s+(?:whole|entire)\s+|every\s+|a\s+whole\s+(?:box|packet"
    r"|bottle)\s+of\s+)(?:[\w']+\s+){0,4}(?:pills|tablets|paracetamol|ibuprofen|co-?codamol|codeine"
    r"|meds|medication|antidepressants|insulin|painkillers|sertraline|citalopram|diazepam"
    r"|tramadol|morphine|prescription|supply)\b",
    r"\b(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity)\b.{0,80}\b(?:i\s+have|i've\s+got"
    r"|i\s+got|kill\s+me|enough)\b|\b(?:i\s+have|i've\s+got)\b.{0,60}\b(?:lethal|fatal)\s+"
    r"(?:dose|amount)\b",
    r"\bhow\s+(?:much|many)\b.{0,60}\b(?:would|will|does|do)\s+it\s+take\s+to\s+(?:kill\s+me"
    r"|die|od|overdose)\b|\bhow\s+(?:much|many)\b.{0,60}\benough\s+to\s+kill\s+me\b",
    r"\bhow\s+many\s+(?:of\s+)?(?:my|these|his|her)\s+(?:[\w']+\s+){0,2}(?:pills|tablets|meds"
    r"|medication|paracetamol|painkillers|insulin|sertraline|citalopram|fluoxetine|mirtazapine"
    r"|amitriptyline|lithium|quetiapine|propranolol|zopiclone|pregabalin|gabapentin|diazepam"
    r"|tramadol|codeine)\s+(?:would|will|does|do)\s+it\s+take\b(?!\s+to\s+(?:get|work|kick"
    r"|start|feel|help|see|notice|clear|settle|build))",
    # the whole lot swallowed, or asked about taking all of a medicine or a count of tens
    r"\b(?:swallowed|necked|downed)\s+the\s+(?:whole\s+)?lot\b",
    r"\btook\s+the\s+(?:whole\s+)?lot\b.{0,40}\b(?:with|and)\s+(?:vodka|wine|alcohol|whisky|gin"
    r"|drink|booze)\b",
    r"\b(?:can|should|could|what\s+if)\s+i\s+(?:just\s+)?take\s+(?:all\s+(?:of\s+)?(?:my|the|them|these)"
    r"|the\s+whole\s+(?:box|packet|pack|bottle|lot)|every\s+(?:tablet|pill)|them\s+all"
    r"|\d{2,}(?!\s*(?:mg|ml|mcg|g|minutes|mins|hours|days|seconds)\b))",
    r"\bgorddos\w*",
]
_OVERDOSE_WEAK = [r"\boverdose\b"]

_EMERGENCY_STRONG = [
    # stroke (FAST)
    r"\b(?:face|mouth|smile)\s+(?:\w+\s+){0,2}(?:dropped|drooping|droopy|dropping"
    r"|fallen|gone\s+(?:funny|lopsided|numb))\b",
    r"\bcan't\s+(?:lift|raise|move|feel)\s+(?:his|her|their|my|one|either)\s+(?:\w+\s+)?"
    r"(?:arm|arms|leg|side)\b",
    r"\b(?:speech|talking|words|voice)\s+(?:\w+\s+){0,2}(?:slurred|slurring|garbled|jumbled)\b",
    r"\b(?:slurring|slurred)\s+(?:his|her|their|my)?\s*(?:words|speech)\b",
    r"\b(?:having|had|think\s+\w+\s+(?:is\s+)?having|having\s+a)\s+(?:a\s+)?stroke\b",
    r"\b(?:having|is\s+having|think\s+(?:i'm|im|he's|she's|i\s+am)\s+having)\s+a\s+heart"
    r"\s+attack\b",
    # heart attack / cardiac arrest
    r"\bchest\s+(?:pain|pains|tightness|is\s+tight|feels\s+(?:tight|crushed|heavy))\b.{0,60}"
    r"\b(?:arm|jaw|sweat\w*|clammy|sick|breath\w*|collapsed|pale|now|right\s+now|an\s+hour"
    r"|for\s+\d+|won't\s+go)\b",
    r"\b(?:crushing|severe|really\s+bad|bad)\s+chest\s+pain",
    r"\b(?:collapsed|unconscious|unresponsive|passed\s+out\s+and\s+(?:won't|can't|not))\b",
    r"\b(?:isn't|is\s+not|not|stopped|has\s+stopped|isnt|can't|cannot|can\s+not|struggling\s+to"
    r"|fighting\s+to)\s+breath(?:e|ing)\b",
    r"\bcan't\s+(?:catch\s+(?:my|his|her)\s+breath|get\s+(?:my|his|her|any)\s+breath)\b",
    r"\b(?:lips|face|skin|baby|he|she|they)\s+(?:is\s+|are\s+|'s\s+|has\s+)?(?:turning|turned"
    r"|gone|going)\s+(?:blue|grey|gray)\b",
    r"\bno\s+pulse\b|\bcardiac\s+arrest\b|\bdoing\s+cpr\b|\bstarted\s+cpr\b",
    # baby / child emergencies
    r"\b(?:baby|child|toddler|son|daughter|newborn|he|she|kid)\s+(?:\w+\s+){0,2}(?:won't|"
    r"will\s+not|wont|can't|isn't|is\s+not)\s+(?:wake|waking|be\s+woken|respond|responding)\b",
    r"\b(?:floppy|limp)\s+(?:and\s+)?(?:\w+\s+){0,2}(?:baby|child|toddler|won't|not)\b",
    r"\b(?:baby|toddler|child|son|daughter)\s+(?:is\s+|'s\s+)?(?:floppy|limp|blue|fitting)\b",
    r"\brash\s+(?:that\s+)?(?:doesn't|does\s+not|won't|didn't)\s+(?:fade|go\s+away)\s+"
    r"(?:under|with|when)\s+(?:a\s+)?glass\b",
    r"\bglass\s+test\b",
    r"\brash\b.{0,50}\b(?:won't|doesn't|does\s+not|didn't|not)\s+(?:fade|go\s+away|disappear)"
    r".{0,30}\bglass\b",
    r"\b(?:swallowed|ate|eaten|swallow)\s+(?:\w+\s+){0,2}(?:button\s+batter\w+|batter(?:y|ies)"
    r"|magnets?|bleach|dishwasher\s+tablet|washing\s+(?:tablet|pod|capsule)|liquitab)",
    # anaphylaxis
    r"\b(?:throat|tongue|lips|face|mouth)\s+(?:is|are|has|have|'s|feels|feel|keeps|started"
    r"|starting|went|going)\s+(?:[\w']+\s+){0,3}(?:swelling|swollen|closing|swelled|swell)\b",
    r"\b(?:throat|tongue|lips)\s+(?:swelling|swelled|closing)\b",
    r"\banaphyla\w+",
    r"\b(?:allergic\s+reaction)\b.{0,50}\b(?:breath\w*|swell\w*|throat|wheez\w*|epipen)",
    r"\b(?:used|using|need)\s+(?:an?|his|her|my)\s+epi-?pen\b",
    # sepsis
    r"\b(?:think|worried|scared|could|might|may)\s+(?:\w+\s+){0,3}(?:have|has|got|be)\s+"
    r"(?:\w+\s+)?sepsis\b",
    r"\bsepsis\b.{0,40}\b(?:now|getting\s+worse|won't|shivering|mottled|confused)",
    r"\b(?:mottled|blotchy)\s+skin\b",
    # seizures, bleeding, choking, other danger now
    r"\b(?:fitting|seizures?|(?:a|another|having|had)\s+fit)\b.{0,40}\b(?:won't\s+stop|for\s+(?:\d+|five|ten)\s+min"
    r"\w*|not\s+stopping|still|again\s+and\s+again)",
    r"\b(?:bleeding|blood)\s+(?:\w+\s+){0,2}(?:won't|will\s+not|not)\s+stop\w*",
    r"\b(?:bleeding\s+(?:heavily|badly|everywhere|a\s+lot)|losing\s+a\s+lot\s+of\s+blood"
    r"|coughing\s+up\s+(?:a\s+lot\s+of\s+)?blood|vomiting\s+blood)\b",
    r"\b(?:is|he's|she's|baby's|baby\s+is|child\s+is)\s+choking\b",
    r"\bpregnan\w*\b.{0,80}\b(?:sudden|heavy|heavily|lots\s+of|so\s+much)\s+(?:\w+\s+)?"
    r"(?:bleed\w*|blood)\b|\b(?:sudden|heavy)\s+(?:\w+\s+)?bleeding\b.{0,80}\bpregnan\w*",
    r"\b(?:hit|banged|bashed|smacked)\s+(?:his|her|my|their)\s+head\b.{0,60}\b(?:vomit\w*"
    r"|being\s+sick|drowsy|confused|unconscious|won't\s+wake|knocked\s+out|fitting)",
    r"\b(?:not|isn't|is\s+not|won't|stopped|hasn't\s+been)\s+responding\b",
    r"\bbreathing\s+(?:\w+\s+){0,2}(?:weird|strange|funny|odd|noisy|gasping|shallow|rattly)\b",
    r"\bhead\s+injury\b.{0,40}\b(?:vomit\w*|drowsy|confused|unconscious|won't\s+wake)",
    rf"\b{_SUBJ}\s+(?:\w+\s+){{0,2}}(?:has|have|'s|is|are)\s+(?:been\s+)?"
    r"(?:stabbed|shot|hit\s+by\s+a\s+car|run\s+over)\b",
    r"\b(?:he's|he\s+is|she's|she\s+is|they're|someone's|someone\s+is)\s+(?:going\s+to|gonna"
    r"|trying\s+to|threatening\s+to)\s+(?:kill|hurt|stab)\s+(?:me|us|my|the)\b",
    r"\b(?:has|with)\s+a\s+knife\b.{0,40}\b(?:threaten\w*|kill|hurt|stab)",
    r"\bcall(?:ed|ing)?\s+(?:an?\s+)?(?:999|ambulance)\b.{0,60}\b(?:not\s+(?:here|come|arrived)"
    r"|still\s+waiting|hours|where\s+is|hasn't|has\s+not|no\s+sign)",
    r"\b(?:ambulance)\s+(?:\w+\s+){0,3}(?:not|hasn't|has\s+not|still\s+not|never)\s+"
    r"(?:come|arrived|turned\s+up|here)\b",
    r"\b(?:waiting\s+for\s+(?:an?|the)\s+ambulance)\b.{0,60}\b(?:hours?|collapsed|breath\w*"
    r"|unconscious|chest|stroke|fall|fallen|floor)",
    r"\bmethu\s+anadlu\b|\bdim\s+yn\s+anadlu\b|\btrawiad\s+(?:ar\s+y\s+galon|strôc|stroc)\b",
]
_EMERGENCY_WEAK = [r"\bstroke\b", r"\bheart\s+attack\b", r"\bsepsis\b", r"\bseizure\b"]

_PERSONAL = re.compile(
    rf"\b(?:i|i'm|im|me|my|i've|i'd|we|we're|us|our|he|she|he's|she's|him|his|her|they|"
    rf"they're|them|{_PEOPLE})\b"
)
_NOW = re.compile(
    r"\b(?:now|right\s+now|tonight|today|this\s+(?:morning|evening|afternoon)|just|currently"
    r"|at\s+the\s+moment|again|help|please|urgent|emergency|what\s+do\s+i\s+do|scared|think)\b"
)
_NOW_STRONG = re.compile(
    r"\b(?:right\s+now|tonight|today|again|at\s+the\s+moment|currently|still(?!\s+here)|this\s+(?:morning"
    r"|evening|afternoon)|(?<!podcast\s)(?<!episode\s)(?<!show\s)(?<!blog\s)(?<!column\s)"
    r"this\s+week(?!'s)|just\s+(?:took|taken|did|done|cut)|help\s+me|please\s+help)\b"
)
# Someone lost to suicide: grief, remembrance and support groups, not a person at risk now
# (the strong wordings of intent still count; only the bare word "suicide" is set aside).
_BEREAVED = re.compile(
    r"\b(?:lost|losing|lose)\s+(?:\w+\s+){0,3}to\s+suicide|\b[\w]+'s\s+suicide\b"
    r"|\b(?:since|after|before)\s+(?:his|her|their|the)\s+suicide\b|\b(?:died|death|deaths)"
    r"\s+(?:by|from|through)\s+suicide|\bbereaved\s+(?:by|through)\s+suicide"
    r"|\bsuicide\s+(?:bereavement|loss|survivors?)\b"
    r"|\bgriev\w*\s+(?:over\s+|for\s+)?(?:a|the|his|her|their|my|our)?\s*(?:\w+'s\s+)?suicide\b"
)
_HISTORY = re.compile(
    r"\b(?:on\s+this\s+(?:day|date)|(?:in|since|of)\s+(?:19|20)\d\d|\d{1,2}\s+\w+\s+(?:19|20)\d\d"
    r"|years?\s+ago|anniversary|in\s+memory|rest\s+in\s+peace|obituary)\b"
)
_QUESTION_ABOUT = re.compile(
    r"\b(?:what\s+(?:are|is)|how\s+(?:do|can|would)\s+(?:you|i|we)\s+(?:know|tell|spot|"
    r"recogni[sz]e)|signs\s+of|symptoms\s+of|risk\s+of|after\s+(?:a|his|her|my)\s+stroke"
    r"|had\s+a\s+(?:stroke|heart\s+attack)\s+(?:\w+\s+){0,3}(?:years?|months?|weeks?|last)"
    r"|recover\w*|rehab\w*|survivor|physio\w*|anniversary)\b"
)

_FAMILIES = {
    "suicidal intent": (_rx(_SUICIDE_STRONG), _rx(_SUICIDE_WEAK)),
    "self-harm": (_rx(_SELF_HARM_STRONG), _rx(_SELF_HARM_WEAK)),
    "overdose or poisoning": (_rx(_OVERDOSE_STRONG), _rx(_OVERDOSE_WEAK)),
    "medical emergency": (_rx(_EMERGENCY_STRONG), _rx(_EMERGENCY_WEAK)),
}
_GATES = {
    "suicidal intent": _gate(_SUICIDE_STRONG),
    "self-harm": _gate(_SELF_HARM_STRONG),
    "overdose or poisoning": _gate(_OVERDOSE_STRONG),
    "medical emergency": _gate(_EMERGENCY_STRONG),
}
_MENTAL = {"suicidal intent", "self-harm", "overdose or poisoning"}

# ----------------------------------------------------------------------- safeguarding patterns

_VULNERABLE = (
    r"(?:child|children|kid|kids|baby|babies|toddler|son|daughter|boy|girl|teen|teenager"
    r"|grandson|granddaughter|niece|nephew|pupil|mum|mam|mom|mother|dad|father|nan|nana|gran"
    r"|granny|grandma|grandad|grandpa|grandmother|grandfather|elderly|old\s+(?:lady|man|woman)"
    r"|resident|residents|patient|patients|relative|aunt|auntie|uncle|brother|sister|wife"
    r"|\d+\s*(?:year|yr)s?\s*old"
    r"|husband|partner|neighbour|vulnerable\s+\w+|disabled\s+\w+|he|she|him|her|they|them)"
)
_SAFEGUARDING = [
    r"\b(?:left|lying|laying|sat|sitting|found)\s+(?:\w+\s+){0,3}in\s+(?:\w+\s+){0,2}"
    r"(?:soiled|wet|dirty|urine|faeces|poo|own\s+(?:urine|mess|faeces))",
    r"\b(?:soiled|dirty|wet)\s+(?:sheets|pads?|bed|clothes|nappy|nappies)\b.{0,40}\b(?:hours"
    r"|all\s+day|all\s+night|overnight|days|nobody|no\s+one|left)",
    r"\b(?:not\s+been|hasn't\s+been|haven't\s+been|wasn't|isn't\s+being|not\s+being"
    r"|(?:is|was|are|were|been|gets?|'s)\s+never)"
    r"\s+(?:fed|given\s+(?:any\s+)?(?:food|water|a\s+drink|drinks|fluids|meds|medication)"
    r"|washed|changed|turned|helped\s+to\s+eat)\b",
    r"\bnever\s+(?:fed|given\s+(?:any\s+)?(?:food|water|a\s+drink|drinks|fluids))\b",
    r"\b(?:no|without)\s+(?:food|water|food\s+or\s+water|drinks?)\s+for\s+(?:hours|days|"
    r"\d+\s+(?:hours|days))",
    r"\bwater\s+(?:jug\s+)?(?:left\s+)?out\s+of\s+reach\b",
    r"\b(?:unexplained\s+)?bruis\w*\s+(?:on|all\s+over|around)\s+(?:\w+\s+){0,2}"
    r"(?:arms?|legs?|face|body|neck|back|wrists?)\b",
    r"\bunexplained\s+(?:bruis\w*|injur\w*|marks|burns)\b",
    r"\b(?:care\s+home|carer|carers|care\s+worker|staff|nurse|nurses|hca|porter)\s+(?:\w+\s+)"
    r"{0,3}(?:hit|hits|slapped|pushed|shoved|rough|shouted\s+at|swore\s+at|pinched|dragged"
    r"|abused|mocked|threatened|restrained|locked)\b",
    r"\b(?:scared|afraid|frightened|too\s+scared)\s+to\s+go\s+home\b",
    r"\b(?:controls|controlling|takes|keeps)\s+(?:all\s+)?(?:her|his|their|my)\s+(?:money|phone"
    r"|finances|bank\s+card|passport)\b",
    r"\b(?:little|young)\s+(?:boy|girl|kids?|children|lad|one)\b.{0,40}\b(?:on\s+(?:his|her|their)"
    r"\s+own|alone)\b.{0,40}\b(?:late|night|no\s+coat|hungry|cold|dark)",
    r"\bcarers?\s+(?:hasn't|haven't|has\s+not|didn't|did\s+not|never)\s+(?:turned\s+up|come|been"
    r"|visited|shown\s+up)\b.{0,40}\b(?:days|can't|cannot|bed|food|meds|medication)",
    r"\bscreams?\s+at\s+(?:his|her|their)\s+(?:wife|husband|partner|girlfriend|boyfriend|kids"
    r"|children|son|daughter|mum|mother|dad|father)\b|\b(?:crying|screaming|shouting)\s+for\s+help\b",
    r"\b(?:told|tells|telling|asked|asks)\s+(?:her|him|them|my\s+\w+)\s+to\s+keep\s+(?:it|this|them"
    r"|their\s+chats?|the\s+messages)\s+(?:a\s+)?secret\b",
    r"\b(?:given|giving|made|forced|getting)\s+(?:\w+\s+)?(?:drugs|packages|parcels)\s+to\s+(?:sell"
    r"|carry|deliver|run)\b|\b(?:drugs?\s+runner|running\s+drugs\s+for)\b",
    rf"\b(?:stealing|steals|stole|taking\s+money|takes\s+money)\s+from\s+(?:the|my|his|her|their|an?)"
    rf"\s+(?:\w+\s+)?{_VULNERABLE}\b",
    r"\bwon't\s+let\s+(?:her|him|me|them)\s+(?:see|go\s+out|leave|have|talk\s+to)\s+(?:anyone"
    r"|friends|family|the\s+house|her\s+\w+|his\s+\w+|my\s+\w+)",
    r"\b(?:left|leaving|leaves)\s+(?:\w+\s+){0,2}(?:kids|children|baby|toddler|child)\s+"
    r"(?:home\s+)?alone\b",
    r"\b(?:kids|children|baby|toddler|child)\s+(?:\w+\s+){0,4}(?:left\s+alone|home\s+alone"
    r"|left\s+home\s+alone"
    r"|always\s+hungry|dirty\s+and\s+hungry|not\s+in\s+school|crying\s+for\s+hours)",
    r"\bpressure\s+sores?\b.{0,60}\b(?:nobody|no\s+one|not\s+turned|neglect|left|ignored)",
    r"\b(?:nobody|no\s+one)\s+(?:has\s+)?(?:\w+\s+){0,2}(?:changed|fed|washed|turned|checked"
    r"\s+on)\s+(?:her|him|them|my\s+\w+)\b",
    r"\b(?:nobody|no\s+one|no-one)\s+(?:has\s+)?(?:been\s+(?:in\s+|round\s+)?to\s+)?(?:change|feed"
    r"|wash|turn|check\s+on)\s+(?:her|him|them|my\s+[\w']+)",
    r"\b(?:taking|stealing|took|stole|steals|takes|helping\s+(?:him|her)self\s+to)\s+(?:\w+\s+)"
    r"{0,3}(?:her|his|their|my\s+[\w']+)\s+(?:money|purse|wallet|pension|bank\s+card|benefits"
    r"|savings|cards?)\b",
    r"\bcam-?drin\w*|\bh?esgeulus\w*",
    r"\bbeing\s+groomed\b|\bforced\s+to\s+marry\b",
    r"\b(?:stepdad|step-dad|stepfather|step-father|uncle|dad|father|man|teacher|coach|he|his"
    r"\s+\w+|her\s+\w+)\s+(?:\w+\s+)?(?:touches|touched|touching|interferes\s+with"
    r"|interfered\s+with)\s+(?:her|him|them|me)\b",
    r"\b(?:aren't|are\s+not|weren't|isn't|is\s+not)\s+(?:being\s+)?(?:fed|washed|changed|looked"
    r"\s+after)\b",
]
_SAFEGUARDING_RX = _rx(_SAFEGUARDING)
# Broad wordings (a verb of harm next to a person or a pronoun, an abuse word near a relation,
# topic words such as "domestic violence") that also fill sport, games, news and hyperbole:
# "hurt him", "beat her sister" (tennis), "threaten to leave your girl", headlines about abuse.
# They count only inside a disclosure frame (someone telling the trust about a person they
# know: a "my/our" relation, a carer or care home, the writer as the one harmed, a threat, a
# worried reporter) and, in a sport, game, news or politics post, only with a risk cue.
_SAFEGUARDING_FRAMED = [
    rf"\b(?:hit|hits|hitting|slap\w*|punch\w*|kick\w*|shak(?:e|es|ing)|beat\w*|hurt\w*"
    rf"|abus\w*|neglect\w*|starv\w*|lock\w*\s+(?:up|in)|tie\w*\s+up|strangl\w*|burn\w*"
    rf"|groom\w*|touch\w*\s+inappropriately|interfer\w*\s+with|exploit\w*|rough\s+with"
    rf"|shout\w*\s+at|screaming\s+at|threaten\w*|mistreat\w*|pinch\w*|push\w*)"
    rf"\s+(?:\w+\s+){{0,2}}(?:the|a|my|his|her|their|our|those|these|that|your)?\s*"
    rf"(?:\w+\s+)?{_VULNERABLE}\b",
    rf"\b{_VULNERABLE}\s+(?:\w+\s+){{0,3}}(?:is|are|was|were|being|been|getting|gets)\s+"
    r"(?:\w+\s+){0,2}(?:hurt|hit|abused|neglected|beaten|hurted|mistreated|starved|groomed"
    r"|exploited|locked\s+in|left\s+alone|ignored\s+for\s+hours|taken\s+advantage\s+of"
    r"|assaulted|raped|touched|shaken|slapped|punched|kicked)\b",
    r"\b(?:abuse|abusing|abused|neglect|neglected|neglecting|cruelty|assault\w*|rape\w*)\b"
    r".{0,60}\b(?:child|children|kids?|baby|son|daughter|nan|gran|mum|mam|dad|elderly|"
    r"resident|patient|care\s+home|ward|carer|vulnerable|disabled|dementia)\b",
    r"\b(?:domestic\s+(?:abuse|violence)|coercive\s+control|financial\s+abuse|taking\s+(?:her|"
    r"his|their|my\s+\w+'s)\s+(?:money|pension|bank\s+card)|modern\s+slavery|trafficked"
    r"|fgm|female\s+genital|forced\s+marriage|county\s+lines|online\s+grooming|child\s+grooming"
    r"|sexual\s+grooming|grooming\s+(?:of\s+)?(?:a\s+|my\s+|our\s+|the\s+)?(?:child|children|kids?"
    r"|girls?|boys?|young|teen\w*|minors?|son|daughter)|groomed\s+(?:by|online))\b",
    r"\b(?:he|she|they|my\s+\w+)\s+(?:hits|beats|hurts|chokes|strangles|kicks|punches)\s+"
    r"(?:me|us|the\s+kids|my\s+kids)\b",
]
_SAFEGUARDING_FRAMED_RX = _rx(_SAFEGUARDING_FRAMED)
_RELATION = (
    r"(?:friend|mate|partner|boyfriend|girlfriend|husband|wife|ex|son|daughter|child|children"
    r"|kid|kids|baby|toddler|mum|mam|mom|mother|dad|father|stepdad|step-dad|stepmum|stepfather"
    r"|stepmother|nan|nana|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|grandson"
    r"|granddaughter|brother|sister|sibling|neighbour|neighbours|uncle|aunt|auntie|cousin|niece"
    r"|nephew|relative|family|carer|carers|teacher|coach|fiance|fiancee|flatmate|housemate"
    r"|pupil|resident|patient|boy|girl|\d+\s*(?:year|yr)s?\s*old)"
)
_DISCLOSURE = re.compile(
    rf"\b(?:my|our)\s+(?:[\w'-]+\s+){{0,2}}?{_RELATION}\b"
    r"|\b(?:mum|mam|mom|dad|nan|gran|grandad|grandma|brother|sister|son|daughter|friend)'s\b"
    r"|\bnext\s+door\b|\b(?:carer|carers|care\s+worker|care\s+home|nursing\s+home|ward|staff)\b"
    r"|\b(?:hits?|hitting|hurts?|hurting|beats?|beating|kicks?|punch(?:es)?|slaps?|chokes?"
    r"|strangles?|threatens?|threatening|abuses?|abusing|pushe[sd]|shoves?)\s+(?:\w+\s+)?(?:me|us)\b"
    r"|\b(?:i'm|i\s+am|i\s+was|i've\s+been|we're|we\s+are)\s+(?:being\s+)?(?:hit|hurt|abused"
    r"|beaten|threatened|assaulted|raped|groomed|trafficked|controlled)\b"
    r"|\b(?:said|says|threaten\w*)\s+(?:he'd|she'd|they'd|he\s+would|she\s+would|he\s+will"
    r"|she\s+will|he'll|she'll|to)\b.{0,60}\bif\s+(?:i|we)\b"
    r"|\b(?:i'm|i\s+am|we're|we\s+are|really|so)\s+(?:worried|concerned|scared|frightened"
    r"|afraid)\b|\b(?:i|we)\s+(?:saw|heard|noticed|suspect|found\s+out)\b"
    r"|\b(?:saw|seen|witnessed)\s+(?:a|an|the|this|some)\b|\bvulnerable\b"
    r"|\b(?:little|young|crying|small)\s+(?:boy|girl|child|kid|baby|lad|one)\b"
    r"|\b(?:a|an|the)\s+(?:man|woman|lady|guy|bloke|lad|adult)\s+(?:in|at|on|from|online)\b"
    r"|\bsomeone\s+(?:is|has\s+been|at|in|on|online)\b|\b(?:on|in)\s+(?:my|our)\s+street\b"
)
_NOT_A_DISCLOSURE = re.compile(
    r"\b(?:game|games|match|season|league|cup|final|finals|playoffs?|team|teams|score|scored"
    r"|goal|goals|points|tennis|football|baseball|basketball|soccer|rugby|cricket|golf|nfl|nba"
    r"|mlb|nhl|ufc|wwe|wrestl\w*|smackdown|heel\s+turn|royal\s+rumble|title\s+match|champ"
    r"|fifa|fantasy|boxing|fight\s+night|round|innings|inning|pitcher|xbox"
    r"|playstation|ps4|fortnite|minecraft|level|boss\s+fight|hype\s+train|movie|film|show"
    r"|episode|series|song|album|lyrics|book|novel|character|news|breaking|headline|reported"
    r"|reports|report|charged|arrested|sentenced|jailed|convicted|court|trial|accused|alleged"
    r"|allegations?|police\s+(?:say|said)|president|minister|government|senator|congress"
    r"|parliament|election|vote|voted|voters|politician\w*|trump|obama|clinton|hillary"
    r"|democrats?|republicans?|liberals?|tories|labour|brexit|migrants?|refugees?|immigra\w*"
    r"|illegals|islam\w*|muslims?|feminis\w*)\b|#\w+"
)
_RISK_CUE = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|bruis\w*|drunk|drinks|drinking|worried|concerned"
    r"|help\s+(?:me|us|her|him)|not\s+safe|keeps?\s+(?:hitting|hurting)|every\s+(?:night|day)"
    r"|when\s+(?:he|she|they)|if\s+(?:i|we)\s+(?:leave|go|tell))\b"
)
# Every phrase of _SAFEGUARDING_IDIOMS contains one of these substrings (checked by a test).
_SAFEGUARDING_IDIOMS_GATE = re.compile("groom|hit|shak|kick|beat|push|bit|pinch|scratch")
# Everyday phrases that share safeguarding words: pet and beard grooming, "hit him up",
# music "beats", sport ("beat them 3-0"), encouragement ("pushing her to apply").
_SAFEGUARDING_IDIOMS = re.compile(
    r"\b(?:dog|dogs|dog's|pet|pets|cat|cats|puppy|horse|pony|beard|hair|self|mobile)\s+groom\w*"
    r"|\bgroom\w*\s+(?:\w+\s+){0,2}(?:dog|dogs|pet|pets|cat|puppy|horse|pony|beard|hair|parlour"
    r"|salon|kit|appointment|brush|table|session)\b"
    r"|\b(?:booked|book|take|took|taking)\s+(?:\w+\s+){0,3}(?:in\s+)?for\s+(?:a\s+)?groom\w*"
    r"|\bgroom\w*\s+(?:appointment|went|was)\b|\bgrooming\s+for\s+the\s+cat\b"
    r"|\bhit\s+(?:him|her|them|me|us)\s+up\b|\bhit\w*\s+on\s+(?:him|her|them|me|us|you)\b"
    r"|\bshak\w*\s+(?:him|her|them|it)\s+off\b"
    r"|\b(?:hit|hits|hitting|kick\w*|beat\w*)\s+(?:\w+\s+){0,2}\w+'s\s+(?:car|van|bike|door"
    r"|window|phone|fence)\b"
    r"|\bbeat\w*\s+(?:them|him|her|us|the\s+\w+)\s+(?:\d|at\b|in\b|on\b|by\b|to\b)"
    r"|\bbeat\w*\s+(?:her|his|their|my)\s+(?:own\s+)?(?:personal\s+best|pb|record|time|score)"
    r"|\bpush\w*\s+(?:him|her|them)\s+(?:to\s+\w+|round|around|in\s+(?:his|her|their|the)"
    r"\s+(?:wheelchair|pram|buggy|chair))"
    r"|\b(?:these|those|the|sick|fire|dope|his|her|new)\s+beats\b"
    r"|\bbeat\w*\s+(?:his|her|my|their|your)\s+\w+\s+(?:at|in)\b"
    r"|\bpush\w*\s+(?:her|his|their|my)\s+way\b"
    # a small child's behaviour ("my toddler hits his brother when he's tired")
    r"|\b(?:toddler|baby|little\s+one|twins?|(?:[1-5]|one|two|three|four|five)\s*(?:year|yr)"
    r"\s*old)\s+(?:keeps\s+|always\s+|still\s+)?(?:hits|hitting|bites|biting|kicks|kicking"
    r"|pushes|pinches|scratches)\b"
)
_SAFEGUARDING_AWARENESS = re.compile(
    r"\b(?:safeguarding\s+(?:training|week|team|lead|policy|adults\s+week|board)|awareness"
    r"|campaign|webinar|course|conference|research|report\s+(?:it|abuse|concerns)|if\s+you"
    r"(?:'re|\s+are)?\s+worried|if\s+you\s+(?:think|suspect)|call\s+the\s+nspcc|helpline"
    r"|champions?|ask\s+for\s+ani|#\w+)\b"
)
_SAFEGUARDING_PERSONAL = re.compile(
    r"\b(?:my|i|i'm|i've|we|me|his|her|their|next\s+door|neighbour|think|worried"
    r"|concerned|saw|seen|noticed|hear|heard)\b"
)


def _blank(text: str, rx: re.Pattern) -> tuple[str, list[str]]:
    found = []

    def repl(m: re.Match) -> str:
        found.append(m.group(0))
        return " " * len(m.group(0))

    return rx.sub(repl, text), found


class _Context:
    """Context markers of a text, computed only when a rule needs them."""

    def __init__(self, text: str):
        self.text = text

    @functools.cached_property
    def awareness(self) -> re.Match | None:
        return _AWARENESS.search(self.text)

    @functools.cached_property
    def personal(self) -> re.Match | None:
        return _PERSONAL.search(self.text)

    @functools.cached_property
    def past(self) -> re.Match | None:
        found = _PAST_OR_RECOVERED.search(self.text)
        if found is None and len(self.text) <= SHORT_POST:
            found = _MILESTONE.search(self.text)
        return found


# A recovery milestone ("seven years self-harm free today") marks a short post as the past; in
# a long post it may be the history before a relapse ("I was a year self-harm free and now …").
_MILESTONE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:years?|months?|weeks?)"
    r"\s+(?:[\w-]+\s+){0,2}(?:free|clean)\b"
)


_THIRD_PARTY = re.compile(
    rf"{_PEOPLE}|\b(?:he|she|he's|she's|him|himself|herself|themselves|his)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|myself)\b")


def _about_someone_else(text: str, start: int, end: int) -> bool:
    """The phrase is about a third party: a person named by relation before or in the phrase
    ("my son says he wants to end it"), or a he/she subject without "I" in the phrase."""
    phrase = text[start:end]
    if re.search(_PEOPLE, phrase):
        return True
    if _FIRST_PERSON.search(phrase):  # "I told my mum I want to die" is about the writer
        return False
    return bool(_THIRD_PARTY.search(phrase) or re.search(_PEOPLE, text[max(0, start - 60) : end]))


# A question about taking a medicine as prescribed (a missed dose, how long it takes to work,
# what to take it with). No rule is set aside by it; with no rule raised, the learned models
# use their strict bar, since "tablets" alone lowers it.
_DOSING_QUESTION = re.compile(
    r"\b(?:miss(?:ed)?\s+(?:a|my|one|the)\s+(?:\w+\s+)?dose"
    r"|(?:should|can)\s+i\s+take\s+(?!(?:\w+\s+)?(?:all|the\s+whole|every|them\s+all|the\s+lot"
    r"|a\s+whole|loads|lots|\d{2,}))"
    r"|(?:take|takes|taking)\s+to\s+(?:work|kick\s+in)|kick\s+in|take\s+effect"
    r"|side[\s-]effects?|with\s+(?:food|milk|a\s+meal)|repeat\s+prescription"
    r"|before\s+or\s+after\s+(?:food|meals?|eating))"
)


# Everyday plans and errands around words a person at risk also uses: running late, a child or
# a pet minded for a while, a prescription not ready yet, other people jumping in for fun. Like
# the medicine question, they only make the learned models use their strict bar.
_EVERYDAY_CONTEXT = re.compile(
    r"\b(?:(?:running|be|i'll\s+be|i'm|i\s+am)\s+late\s+(?:for|to)\b"
    r"|sorry\s+(?:i'm|i\s+am|i'll\s+be)\s+late\b"
    r"|look\s+after\s+(?:the|my|our)\s+\w+\s+(?:for\s+(?:an?\s+)?(?:hour|bit|while|few\s+hours"
    r"|afternoon|morning|evening|day)|while\s+i(?:'m|\s+am)?)\b"
    r"|(?:prescription|medication|meds|tablets)\b[^.!?]{0,50}\bnot\s+ready\b"
    r"|(?:kids|children|lads|teenagers|people|everyone)\s+(?:were|was|are|keep|kept)\s+(?:\w+\s+)?"
    r"jumping\s+(?:off|in|into)\b)"
)

# ... unless the message also says the writer will not be back: then it is no errand.
_FINALITY = re.compile(
    r"\b(?:(?:won't|will\s+not|not)\s+(?:be\s+)?(?:coming\s+back|need\s+(?:it|them)|be\s+(?:here"
    r"|around))|goodbye|forever|for\s+good|last\s+time)\b"
)


# A short post that quotes a song, a film or a book and says so: the quoted words are not the
# writer's ("'i want to die in your arms tonight' - why is this song stuck in my head").
_QUOTED_SPAN = re.compile(r"(?:^|(?<=[\s(]))['\"]([^'\"\n]{3,160})['\"](?=[\s.,!?;:)-]|$)")
_QUOTED_MEDIA = re.compile(
    r"\b(?:song|songs|lyrics?|stuck\s+in\s+my\s+head|singing|sang|film|movie|episode|book|poem"
    r"|sound\s+on\s+tiktok|tiktok\s+sound)\b"
)


def assess(norm: str) -> RiskResult:
    """Crisis and safeguarding assessment of a normalised (lower-cased) text."""
    result = RiskResult()
    if not norm:
        return result
    norm = _expand(norm)
    if "no" in norm:  # every phrase of _NOT_NEGATION has "no" in it
        norm = _NOT_NEGATION.sub(" , ", norm)
    if len(norm) <= SHORT_POST and _QUOTED_SPAN.search(norm):
        outside = _QUOTED_SPAN.sub(" ", norm)
        if _QUOTED_MEDIA.search(outside):
            result.suppressed += [f"quoted: '{q}'" for q in _QUOTED_SPAN.findall(norm)]
            norm = outside
    if _FIGURATIVE_GATE.search(norm):
        text, figurative = _blank(norm, _FIGURATIVE)
    else:  # none of the idioms' key words is present, so no idiom can match
        text, figurative = norm, []
    if figurative:
        result.suppressed += [f"figurative: '{f.strip()}'" for f in figurative]
    ctx = _Context(text)
    dosing = _DOSING_QUESTION.search(text)
    if dosing:
        result.suppressed.append(f"medicine question: '{dosing.group(0).strip()}'")
    everyday = _EVERYDAY_CONTEXT.search(text)
    if everyday and not _FINALITY.search(text):
        result.suppressed.append(f"everyday context: '{everyday.group(0).strip()}'")
    m: re.Match[str] | None
    plain = text.isascii() and not _ODD_SPACE.search(text)
    for family, (strong, weak) in _FAMILIES.items():
        found = () if plain and not _GATES[family].search(text) else strong.finditer(text)
        for m in found:
            before = text[max(0, m.start() - 40) : m.start()]
            if _negated(before) or _INNER_NEGATION.match(m.group(0)):
                result.suppressed.append(f"negated: '{m.group(0).strip()}'")
                continue
            if (
                family in _MENTAL
                and len(text) <= SHORT_POST
                and (_LAUGHTER_AFTER.match(text, m.end()) or _reaction(text, m.start(), m.end()))
            ):
                result.suppressed.append(f"joke or reaction: '{m.group(0).strip()}'")
                continue
            awareness, personal, past = ctx.awareness, ctx.personal, ctx.past
            if (
                family == "medical emergency"
                and _QUESTION_ABOUT.search(text)
                and not (_NOW.search(text) and personal)
            ):
                result.suppressed.append(f"education/question: '{m.group(0).strip()}'")
                continue
            if (
                family == "medical emergency"
                and _HISTORY.search(text)
                and not _NOW_STRONG.search(text)
            ):
                result.suppressed.append(f"history: '{m.group(0).strip()}'")
                continue
            if past and family in _MENTAL and not _NOW_STRONG.search(text):
                result.suppressed.append(f"in the past: '{m.group(0).strip()}'")
                continue
            if awareness and not (personal and (_OWN.search(text) or _NOW_STRONG.search(text))):
                result.suppressed.append(f"awareness: '{m.group(0).strip()}'")
                continue
            if (
                family in _MENTAL
                and m.group(0).rstrip().endswith("suicide")
                and _BEREAVED.search(text)
            ):
                result.suppressed.append(f"bereavement: '{m.group(0).strip()}'")
                continue
            why = _not_a_disclosure(text, m.start(), m.end()) if family in _MENTAL else None
            if why:
                result.suppressed.append(f"{why}: '{m.group(0).strip()}'")
                continue
            result.hits.append(
                RuleHit(
                    family,
                    m.group(0).strip(),
                    "strong",
                    _about_someone_else(text, m.start(), m.end()),
                )
            )
            break
        else:
            m = weak.search(text)
            if m is None:
                continue
            before = text[max(0, m.start() - 40) : m.start()]
            awareness, personal, past = ctx.awareness, ctx.personal, ctx.past
            joke = (
                family in _MENTAL
                and len(text) <= SHORT_POST
                and (_LAUGHTER_AFTER.match(text, m.end()) or _reaction(text, m.start(), m.end()))
            )
            why = _not_a_disclosure(text, m.start(), m.end()) if family in _MENTAL else None
            if awareness or past or joke or why or _negated(before):
                result.suppressed.append(f"mention without risk: '{m.group(0).strip()}'")
                continue
            if _QUESTION_ABOUT.search(text):
                continue
            if family in _MENTAL and _BEREAVED.search(text):
                result.suppressed.append(f"bereavement: '{m.group(0).strip()}'")
                continue
            if personal and _NOW.search(text):
                result.hits.append(
                    RuleHit(
                        family,
                        m.group(0).strip(),
                        "weak",
                        _about_someone_else(text, m.start(), m.end()),
                    )
                )
    if result.hits:
        result.crisis = True
        result.mental_health = any(h.family in _MENTAL for h in result.hits)
        result.emergency = any(h.family == "medical emergency" for h in result.hits)
    if _SAFEGUARDING_IDIOMS_GATE.search(text):
        text, idioms = _blank(text, _SAFEGUARDING_IDIOMS)
        result.suppressed += [f"everyday phrase: '{f.strip()}'" for f in idioms]
    # The broad wordings count only inside a disclosure frame; the frame is looked for only
    # when one of them is there.
    framed: Iterator[re.Match[str]] = _SAFEGUARDING_FRAMED_RX.finditer(text)
    first = next(framed, None)
    if first is None:
        framed = iter(())
    elif not _DISCLOSURE.search(text) or (
        _NOT_A_DISCLOSURE.search(text) and not _RISK_CUE.search(text)
    ):
        result.suppressed.append(f"no disclosure: '{first.group(0).strip()}'")
        framed = iter(())
    else:
        framed = itertools.chain((first,), framed)
    for m in itertools.chain(_SAFEGUARDING_RX.finditer(text), framed):
        if _SAFEGUARDING_AWARENESS.search(text) and not _SAFEGUARDING_PERSONAL.search(text):
            result.suppressed.append(f"safeguarding awareness: '{m.group(0).strip()}'")
            break
        before = text[max(0, m.start() - 25) : m.start()]
        if re.search(r"\b(?:not|never|no)\s+(?:\w+\s+)?$", before):
            result.suppressed.append(f"negated: '{m.group(0).strip()}'")
            continue
        result.safeguarding = True
        result.hits.append(
            RuleHit(
                "safeguarding",
                m.group(0).strip(),
                "strong",
                _about_someone_else(text, m.start(), m.end()),
            )
        )
        break
    return result
