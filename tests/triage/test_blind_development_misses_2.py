"""A second pass over the blind development half's misses (the holdout half is never read):
the families behind them, each beside everyday wordings that share their words and stay quiet.

Families: a date the writer will not be there for, said as the whole of the message ("i wont be
here on the 28th"); knowing what dose would "do it"; blades bought for tonight; a place and
"make sure it works this time"; a place or time and "please look after the kids". False alarms
fixed: a song lyric quoted in a post about the song, a game "so hard I want to jump off a
cliff", a post about how a TV series handled suicide, a parent asking about self-harm reading
for a school assignment. Errands and plans around the same words (running late, a child or a
pet minded for an hour, a prescription not ready, other people jumping off a pier for fun)
make the learned models use their strict bar, unless the message says the writer will not be
back."""

import pytest

from sociable.triage import triage

CRISIS = [
    # from the blind development half
    "@hillview_gp ur receptionist said no appointments till the 28th. i wont be here on the 28th",
    "I'm a nurse and I know exactly what dose of what would do it. That's the problem. I've got "
    "access at work and I'm on shift tomorrow.",
    "bought a new blade pack. clean slate tonight 🩸",
    "which is the tallest building in town. need to be sure it works this time",
    "I'm not asking for help, I'm telling someone so it's not a surprise. Sunday morning, the "
    "reservoir. Please look after the kids.",
    # the same families in the project's own words
    "don't bother booking me in for next month. I won't be here by then",
    "i know how many of my tablets would do it",
    "got fresh blades for tonight",
    "the multi storey car park by the station. making sure it works this time",
    "tonight at the bridge. please look after my dog",
    # an errand's words with a finality that makes it no errand
    "can you look after my dog for a while, i won't be coming back",
    "sorry i'm late replying, i've sorted my affairs and said my goodbyes",
]

EVERYDAY = [
    "'i want to die in your arms tonight' - why is this song stuck in my head in the physio gym 😂",
    "that new sonic game is so hard I want to jump off a cliff like sonic",
    "just watched 13 reasons why and honestly it handled suicide so badly, i hope schools "
    "arent showing it",
    "Hi, my teenager has been reading about self-harm online for a school PSHE assignment and "
    "I'm not sure it's appropriate. Is there a parent guide?",
    # the families' words in ordinary messages
    "I won't be here on the 28th as I'm on holiday, can I move my appointment?",
    "won't be here for the 3pm slot, stuck in traffic, sorry!",
    "what dose of vitamin D would do it for a toddler in winter?",
    "new razor blades for tonight's shave before the wedding",
    "the new blood test machine was broken last week, hope it works this time",
    "off to the river for a walk, please look after the kids for an hour",
    # errands and plans that only make the learned models use their strict bar
    "sorry mum, I'll be late for tea tonight, love you",
    "Took my prescription to the pharmacy an hour ago, still not ready",
    "kids were jumping off the pier all afternoon in the sunshine",
]


@pytest.mark.parametrize("text", CRISIS)
def test_a_crisis_wording_from_the_blind_development_half_goes_to_crisis(text):
    assert triage(text).route == "crisis", text


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_message_with_the_same_words_stays_quiet(text):
    assert triage(text).route not in ("crisis", "safeguarding"), text
