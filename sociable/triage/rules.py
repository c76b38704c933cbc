"""Phrase rules for clinical questions, non-clinical queries, spam, abuse, praise, complaints
and misinformation. Each rule returns the phrase that fired, for the verdict's reasons."""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------- clinical

_MEDICAL = re.compile(
    r"\b(?:pain|pains|painful|ache|aching|sore|rash|rashes|itch\w*|fever|temperature|temp"
    r"|cough\w*|cold|flu|headache|migraine|dizzy|dizziness|faint\w*|bleed\w*|blood|lump"
    r"|lumps|swell\w*|swollen|vomit\w*|being\s+sick|nause\w*|diarrh\w*|constipat\w*|infect\w*"
    r"|uti|thrush|blood\s+pressure|bp|cholesterol|diabet\w*|insulin|asthma|inhaler|eczema"
    r"|psoriasis|acne|mole|wart|cyst|tumou?r|cancer|chemo\w*|symptom\w*|side[\s\-]?effects?"
    r"|dose|doses|dosage|mg|ml|tablets?|pills?|medicine\w*|medication\w*|meds|antibiotic\w*"
    r"|paracetamol|ibuprofen|aspirin|codeine|co-?codamol|amoxicillin|penicillin|sertraline"
    r"|citalopram|fluoxetine|omeprazole|statins?|metformin|warfarin|contracepti\w*|pill\s+"
    r"|hrt|vaccin\w*|jab|jabs|booster|allerg\w*|hay\s*fever|antihistamine\w*|pregnan\w*"
    r"|period|periods|bleeding|discharge\s+from|breast\w*|nipple|testic\w*|prostate|bowel"
    r"|stool|poo|wee|urine|kidney|liver|heart|palpitation\w*|chest|breath\w*|wheez\w*"
    r"|lungs?|throat|tonsil\w*|ear|ears|eye|eyes|vision|teeth|tooth|gum|gums|skin|bruise\w*"
    r"|sprain\w*|fracture\w*|broken|bone|joint|knee|hip|back\s+pain|neck|stomach|tummy|belly"
    r"|bloat\w*|anxiety|depress\w*|panic\s+attacks?|insomnia|sleep\w*|tired|fatigue|weight"
    r"|diagnos\w*|test\s+results?|blood\s+test|results|scan|x-?ray|mri|ct\s+scan|biopsy|smear"
    r"|psa|hba1c|levels?|readings?|count|thyroid|anaemi\w*|iron|vitamin\w*|supplement\w*"
    r"|covid|long\s+covid|chickenpox|measles|mumps|shingles|strep|scarlet\s+fever|meningitis"
    r"|hand\s+foot|conjunctivitis|tonsillitis|bronchitis|pneumonia|sinus\w*|gout|arthritis"
    r"|stitches|wound|scar|burn|bite|sting|injur\w*|concuss\w*|numb\w*|tingl\w*|cramp\w*"
    r"|treatment|treat|cure|remedy|surgery|operation|recovery|recover|heal\w*|physio|sick"
    r"|feeds?|feeding|gallbladder|appendix|appendicitis|hernia|stent|pacemaker|catheter|stoma"
    r"|heart\s+rate|pulse|oxygen|sats|inr|bmi|poen|peswch|haint|gwrthfiotig\w*|meddyginiaeth"
    r"|tabledi|tymheredd|brech)\b"
)
_ADVICE = re.compile(
    r"\b(?:should\s+i|should\s+(?:he|she|we|they|my)|shall\s+i|do\s+i\s+need|does\s+(?:he|she"
    r"|my\s+\w+)\s+need|is\s+it\s+(?:normal|safe|ok|okay|alright|serious|bad|dangerous|"
    r"contagious|infectious|worth)|is\s+(?:this|that)\s+(?:normal|serious|safe|ok|okay|a\s+sign"
    r"|something)|can\s+i\s+(?:take|have|drink|eat|mix|give|use|still|go|exercise|drive|fly"
    r"|stop|double)|can\s+(?:you|my\s+\w+|he|she|they|kids|children|babies)\s+(?:take|have|mix"
    r"|give|drink|eat|use)|how\s+(?:much|many|often|long)\s+(?:\w+\s+){0,4}(?:take|give|"
    r"last|wait|contagious|infectious|should)|what\s+(?:should|can|do)\s+i\s+(?:do|take|give"
    r"|use)|what\s+(?:does|do)\s+(?:it|this|that|my|these)\s+(?:\w+\s+)?mean|what\s+(?:is|are)"
    r"\s+(?:the\s+)?(?:best|normal|usual|safe|right)|could\s+(?:[\w']+\s+){1,4}be|might\s+"
    r"(?:it|this)\s+be|any\s+(?:advice|tips|ideas|suggestions)|advice\s+(?:on|about|please)"
    r"|worried\s+(?:about|that|it)|concerned\s+(?:about|that)|wondering\s+(?:if|whether)"
    r"|why\s+(?:do|does|am|is|are|have)\s+(?:i|my|he|she|it)|how\s+do\s+i\s+(?:treat|get\s+rid"
    r"|stop|know|tell|cure|ease|relieve|manage)|how\s+(?:to|can\s+i)\s+(?:treat|get\s+rid|cure"
    r"|ease|relieve|manage)|are\s+(?:my|these)\s+(?:results|levels|readings)|mean\s+i\s+"
    r"(?:have|need)|what\s+are\s+the\s+(?:side\s+effects|symptoms|signs|risks)|how\s+do\s+"
    r"(?:you|i)\s+(?:know|recogni[sz]e|spot)|signs\s+of|symptoms\s+of|side\s+effects?\s+of"
    r"|interact\w*\s+with|safe\s+to|ok\s+to\s+(?:take|mix|drink|give)|normal\s+(?:to|for|range"
    r"|after)|been\s+(?:having|getting|feeling)|i've\s+(?:had|got)|i\s+have\s+(?:had|a|got)"
    r"|my\s+\w+\s+has\s+(?:had|a|got)|keep\s+(?:getting|having)"
    r"|what'?s\s+the\s+best|what\s+is\s+the\s+best|(?:does|do)\s+(?:a|an|my|it|this|the)?\s*\w*"
    r"\s*need\s+(?:antibiotics|treatment|stitches|a\s+scan|surgery|to\s+be\s+seen)|(?:is|are)\s+"
    r"(?:a\s+|an\s+|my\s+)?(?:[\w'.]+\s+){0,5}(?:contagious|infectious|catching|dangerous|normal|bad"
    r"|serious|too\s+high|too\s+low|high|low)|oes\s+angen|a\s+ddylwn|ddylwn\s+i"
    r"|ydy\s+hi'n\s+ddiogel)\b"
)
_CLINICAL_STRONG = re.compile(
    r"\b(?:can\s+i\s+take\s+\w+\s+(?:and|with)|what\s+dose|how\s+much\s+(?:paracetamol|"
    r"ibuprofen|calpol|medicine|calpol)|(?:is|are)\s+(?:my|these)\s+(?:blood\s+)?(?:test\s+)?"
    r"(?:results|levels|readings)\s+(?:normal|ok|bad|high|low)|what\s+do\s+my\s+(?:\w+\s+)?"
    r"results\s+mean|side\s+effects?|missed\s+(?:a|my)\s+(?:dose|pill)|double\s+(?:the\s+)?dose"
    r"|should\s+i\s+(?:be\s+worried|see\s+a\s+(?:doctor|gp)|go\s+to\s+a\s*&\s*e|stop\s+taking"
    r"|keep\s+taking)|do\s+i\s+need\s+(?:antibiotics|to\s+see\s+a\s+(?:doctor|gp)|a\s+scan"
    r"|stitches|an?\s+x-?ray)|is\s+(?:it|this)\s+(?:contagious|infectious|cancer|serious)"
    r"|could\s+(?:it|this)\s+be\s+(?:\w+\s+){0,2}(?:cancer|infection|covid|allergy|serious)"
    r"|(?:been\s+)?feeling\s+(?:really\s+|so\s+|very\s+|quite\s+)?(?:low|depressed|hopeless"
    r"|anxious|down)\s+(?:for|since|all|every)|don'?t\s+know\s+who\s+to\s+(?:talk|turn)\s+to)\b"
)
# Appointment/admin/service words that make a question non-clinical.
_ADMIN = re.compile(
    r"\b(?:park\w*|car\s+park|visiting|visit\s+times|visitors?|opening\s+(?:hours|times)"
    r"|open\s+(?:on|at|until|today|tomorrow)|closed|appointment\s+(?:letter|time|date|booking)"
    r"|rebook|reschedul\w*|cancel\w*|book(?:ing)?\s+(?:an?\s+)?(?:appointment|slot|jab)"
    r"|referral\s+(?:letter|status)|waiting\s+list|job|jobs|vacanc\w*|recruit\w*|apply"
    r"|application|interview|career\w*|foi|freedom\s+of\s+information|complain\w*|pals"
    r"|address|directions|where\s+is|how\s+do\s+i\s+get\s+to|bus|train|taxi|wifi|wi-fi|cafe"
    r"|canteen|shop|cash\s+machine|phone\s+number|email|contact|switchboard|volunteer\w*"
    r"|donat\w*|fundrais\w*|charity|discharge\s+lounge|lost\s+property|letter|portal|app"
    r"|nhs\s+app|login|password|records\s+request|subject\s+access|interpreter|wheelchair"
    r"|accessib\w*|blue\s+badge|fees?|charges?|cost|price|prescription\s+(?:ready|collection"
    r"|collect)|collect\s+(?:my|a)\s+prescription|repeat\s+prescription|walk-?in|drop-?in"
    r"|register|registration|gp\s+surgery\s+(?:open|phone)|hours|ticket|event|open\s+day"
    r"|meeting|board|tender|supplier|invoice|press|media)\b"
)


_ADMIN_TIMING = re.compile(
    r"\bhow\s+long\s+(?:\w+\s+){0,5}(?:results?|letter|appointment|referral)\b"
    r"|\bwhen\s+(?:will|do|should)\s+i\s+(?:get|hear|receive)\b"
)


def clinical_rule(norm: str) -> str | None:
    """The phrase showing a request for personal clinical advice, or None."""
    m = _CLINICAL_STRONG.search(norm)
    if m:
        return m.group(0)
    adv = _ADVICE.search(norm)
    if not adv or _ADMIN_TIMING.search(norm):
        return None
    med = _MEDICAL.search(norm)
    if med:
        return f"{adv.group(0)} … {med.group(0)}"
    return None


def admin_rule(norm: str) -> str | None:
    m = _ADMIN.search(norm)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- questions

_QUESTION = re.compile(
    r"\?|^(?:who|what|when|where|why|how|which|is|are|can|could|would|will|do|does|did|has"
    r"|have|should|shall|may|any(?:one|body)|pryd|ble|sut|beth|pam|oes|ydy|ydi|a\s+oes)\b"
    r"(?!\s+an?\s)|\b(?:i'?d\s+like|i\s+would\s+like|please\s+(?:send|could|can)|could\s+(?:i|you"
    r"|we)|can\s+(?:i|you|we)\s+(?:get|have|book|send|chase))\b"
    r"|\b(?:can|could|would)\s+(?:you|someone|anyone)\s+(?:please\s+)?(?:tell|let|help|advise"
    r"|confirm|explain|check)|\b(?:does|do)\s+any(?:one|body)\s+know|\bi\s+(?:was\s+)?"
    r"wonder(?:ing)?\s+(?:if|whether|when|what|how)|\bplease\s+(?:advise|let\s+me\s+know"
    r"|confirm|tell\s+me)|\blooking\s+for\s+(?:info|information|details)"
)


def question_rule(norm: str) -> str | None:
    m = _QUESTION.search(norm)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- spam

_SPAM = re.compile(
    r"\b(?:crypto\w*|bitcoin|btc|forex|nft|airdrop|investment\s+opportunit\w*|earn\s+(?:\$|£)"
    r"|make\s+(?:\$|£)\s*\d+|passive\s+income|work\s+from\s+home\s+and|dm\s+(?:me\s+)?for"
    r"\s+(?:promo|promotion|collab|details|more)|promo\s+code|discount\s+code|follow\s+back"
    r"|follow\s+for\s+follow|f4f|free\s+followers|buy\s+followers|grow\s+your\s+(?:account"
    r"|followers)|check\s+out\s+my\s+(?:page|profile|channel|onlyfans|bio)|onlyfans|link\s+in"
    r"\s+(?:my\s+)?bio|click\s+(?:here|the\s+link|my\s+link)|giveaway|win\s+a\s+free|claim\s+"
    r"your|limited\s+offer|cheap\s+(?:viagra|meds|pills)|weight\s+loss\s+(?:pills|secret)"
    r"|casino|betting\s+tips|loan\s+offer|sugar\s+daddy|hot\s+singles|seo\s+services|web\s+design"
    r"\s+services|recover\s+your\s+(?:account|funds)|hacked\s+account\s+recovery|whatsapp\s+"
    r"\+?\d|telegram\s+@|promote\s+your|guest\s+post)\b"
)


def spam_rule(norm: str) -> str | None:
    m = _SPAM.search(norm)
    if m:
        return m.group(0)
    if norm.count("httpurl") + norm.count("http") >= 3 and len(norm) < 200:
        return "several links"
    return None


# ----------------------------------------------------------------------------- abuse

_ABUSE = re.compile(
    r"\b(?:you(?:'re|\s+are|\s+r|\s+lot\s+are|\s+people\s+are)?\s+(?:\w+\s+)?(?:useless|"
    r"incompetent|idiots?|morons?|pathetic|scum|disgrace|clowns|liars|parasites|a\s+joke|"
    r"fucking\s+\w+|fuckin\s+\w+|cunts?|twats?|pricks?|wankers?|bastards?|dickheads?|arseholes?"
    r"|assholes?)|(?:hope|wish)\s+(?:you|they|the\s+\w+)\s+(?:all\s+)?(?:die|rot|burn|get\s+"
    r"(?:cancer|sacked|what\s+you\s+deserve))|i'?ll\s+(?:find|get|hurt|kill|batter|smash|come"
    r"\s+for)\s+(?:you|him|her|them|that\s+\w+)|(?:burn|bomb|blow\s+up)\s+(?:the|your|this)"
    r"\s+(?:hospital|building|place)|watch\s+your\s+back|you'll\s+(?:regret|pay\s+for)\s+this"
    r"|know\s+where\s+(?:you|she|he)\s+lives?|go\s+(?:back\s+to\s+your\s+own|home\s+to\s+your)"
    r"\s+country|fuck\s+(?:off|you|the\s+nhs)|cunt|cunts|twat|paki|n[i1]gg\w*|f[a@]gg?[o0]t\w*"
    r"|retard\w*|tranny|(?:run\s+by|bunch\s+of|load\s+of|pack\s+of)\s+(?:\w+\s+)?(?:clowns"
    r"|idiots|morons|liars|muppets|scum|incompetents?|parasites)|overpaid\s+and\s+lazy"
    r"|lazy\s+and\s+overpaid|so-?called\s+professionals)\b"
)
_THREAT = re.compile(
    r"\b(?:i'?ll|i\s+will|gonna|going\s+to)\s+(?:find|hurt|kill|batter|smash|stab|punch)\s+"
    r"(?:you|him|her|them|that\s+\w+|the\s+\w+)|know\s+where\s+(?:you|she|he)\s+lives?"
    r"|watch\s+your\s+back|(?:burn|bomb|blow\s+up)\s+(?:the|your|this)\s+(?:hospital|building)"
)


def abuse_rule(norm: str) -> str | None:
    m = _ABUSE.search(norm)
    return m.group(0) if m else None


def threat_rule(norm: str) -> str | None:
    m = _THREAT.search(norm)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- praise

_PRAISE = re.compile(
    r"\b(?:thank\s*(?:you|u|s)|thanks|thankyou|thx|grateful|gratitude|amazing|brilliant"
    r"|fantastic|wonderful|excellent|outstanding|superb|incredible|exceptional|marvellous"
    r"|lovely|kind|kindness|caring|compassion\w*|above\s+and\s+beyond|couldn't\s+(?:fault"
    r"|have\s+asked\s+for)|can't\s+fault|credit\s+to|angels?|heroes|hero|shout\s*-?\s*out"
    r"|kudos|well\s+done|a\s+big\s+thank|so\s+impressed|first\s+class|top\s+notch|5\s+stars?"
    r"|five\s+stars?|saved\s+my\s+life|saved\s+(?:his|her|their|my\s+\w+'s)\s+life|looked\s+"
    r"after\s+(?:me|us|him|her)\s+(?:so\s+)?well|proud|diolch|gwych|arbennig|ffantastig"
    r"|hyfryd|caredig|legends?|stars?|treasure|gem|praise|appreciat\w*|the\s+best|welcom\w*"
    r"|gorgeous|loved?|seamless|great|congratulations|congrats|nice|reassuring|helpful|made\s+me"
    r"\s+feel|well\s+looked\s+after|looked\s+after\s+so\s+well|good\s+job|great\s+job)\b"
    r"|[❤💙🙏👏💐😍🥰]"
)
_NOT_PRAISE = re.compile(
    r"\b(?:thanks\s+for\s+nothing|no\s+thanks\s+to|thanks\s+a\s+lot\s+for\s+(?:nothing|making)"
    r"|not\s+(?:very\s+)?(?:kind|caring|helpful|amazing)|yeah\s+right|great,\s+(?:another|just)"
    r"|brilliant,\s+(?:another|just)|cheers\s+for\s+nothing)\b"
)


def praise_rule(norm: str) -> str | None:
    if _NOT_PRAISE.search(norm):
        return None
    m = _PRAISE.search(norm)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- complaint

_COMPLAINT = re.compile(
    r"\b(?:complain\w*|complaint|disgust\w*|disgrace\w*|appalling|appalled|shocking|shambles"
    r"|unacceptable|ridiculous|rubbish|terrible|awful|horrendous|atrocious|worst|poor|rude"
    r"|unprofessional|incompetent|useless|not\s+good\s+enough|let\s+down|fed\s+up|furious"
    r"|angry|livid|upset|frustrat\w*|annoyed|disappointed|nobody\s+(?:has\s+)?(?:called|rang"
    r"|answered|told|got\s+back|explained)|no\s+one\s+(?:has\s+)?(?:called|rang|answered|told"
    r"|explained)|still\s+(?:waiting|no|not|haven't)|waited\s+(?:\w+\s+){0,2}(?:hours|weeks"
    r"|months)|waiting\s+(?:\w+\s+){0,2}(?:hours|weeks|months)|been\s+waiting|cancelled\s+"
    r"(?:again|twice|three|3|\w+\s+times)|cancelled\s+my|lost\s+(?:my|his|her|our)|ignored"
    r"|no\s+response|never\s+(?:got|had|called|rang|replied|answered)|can't\s+get\s+through"
    r"|on\s+hold|hold\s+for|(?:not|never)\s+(?:acceptable|good\s+enough)|sort\s+it\s+out"
    r"|thanks\s+for\s+nothing|cheers\s+for\s+nothing|charged|overcharg\w*|dirty|filthy"
    r"|cold\s+food|misdiagnos\w*|lied|fobbed\s+off|treated\s+like|shameful|can't\s+believe"
    r"|(?:are|is)\s+(?:all\s+)?(?:empty|broken)|not\s+working|out\s+of\s+order|(?:doesn't|don't"
    r"|didn't)\s+care|another\s+cancell?ed|warthus|gwarthus|siomedig|ofnadwy|annerbyniol"
    r"|aros\s+am\s+\d+\s+awr|how\s+is\s+(?:this|that)"
    r"\s+(?:acceptable|ok|fair)|why\s+(?:is|are|does|do|has|have)\s+(?:it|there|no\s+one"
    r"|nobody|you|the)\b.{0,40}(?:so|still|always|never|no)\b)"
)


_COMPLAINT_EMOJI = re.compile(r"[🙄🤬😡😤👎]")


def complaint_rule(norm: str) -> str | None:
    m = _COMPLAINT.search(norm) or _COMPLAINT_EMOJI.search(norm)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- misinformation

_MISINFO = re.compile(
    r"\b(?:vaccines?\s+(?:cause|causes|caused|causing|contain|contains|are\s+poison|kill|"
    r"killed|alter|change|shed\w*)|(?:jab|jabs|vaccine)\s+(?:is|are)\s+(?:poison|killing|"
    r"a\s+bioweapon|experimental\s+gene)|microchip\w*|5g\s+(?:causes|spreads|masts?)|plandemic"
    r"|scamdemic|hoax|depopulation|bill\s+gates|big\s+pharma|do\s+your\s+(?:own\s+)?research"
    r"|wake\s+up\s+(?:people|sheeple)|sheeple|they\s+don't\s+want\s+you\s+to\s+know|mainstream"
    r"\s+media\s+(?:won't|lies)|turbo\s+cancer|died\s+suddenly|ivermectin|hydroxychloroquine"
    r"|mms|miracle\s+mineral|drink(?:ing)?\s+bleach|(?:covid|virus|cancer|autism|diabetes)\s+"
    r"(?:is\s+(?:fake|a\s+lie|a\s+hoax|made\s+up|cured\s+by)|cured?\s+by|can\s+be\s+cured\s+"
    r"(?:by|with))|cures?\s+(?:cancer|covid|autism|diabetes)|mrna\s+(?:changes|alters"
    r"|rewrites)\s+(?:your\s+)?dna|graphene|fluoride\s+(?:is\s+)?(?:poison|mind\s+control)"
    r"|nhs\s+(?:is\s+)?(?:hiding|covering\s+up|lying\s+about)|fake\s+(?:pandemic|virus)"
    r"|natural\s+immunity\s+is\s+better|masks?\s+(?:cause|causes|don't\s+work|are\s+useless)"
    r"|chemtrails?|gene\s+therapy\s+jab)\b"
)


def misinformation_rule(norm: str) -> str | None:
    m = _MISINFO.search(norm)
    return m.group(0) if m else None
