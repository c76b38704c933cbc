"""Means at hand, a ligature, intent to take a whole supply, a lethal amount asked for with
the means at hand, and an apology as the last word at a place to die are crisis, with or
without the word suicide; hyperbole about a game, a joke hashtag, grief, a programme "this
week" and a quotation are not.

The wordings are the project's own (written for these tests, not taken from any corpus)."""

import pytest

from sociable.triage import crisis, risk, triage
from sociable.triage.textutil import normalise

CRISIS = [
    "been sitting in my car with a knife for two hours",
    "sat on the bathroom floor with a razor, can't stop shaking",
    "I tied a ligature last night and my flatmate cut me down",
    "I've got a cord round my neck right now",
    "the rope snapped last time but next time I'll do it properly",
    "thinking about taking all of my dad's insulin tonight",
    "going to take the whole box of my sleeping tablets",
    "what's the lethal dose of amitriptyline, I've got two boxes",
    "how many of my sertraline would it take to kill me",
    "I'm going to slit my wrists tonight",
    "keep getting the urge to stab the scissors into my neck",
    "standing on the platform at the station. sorry for everything",
    "on the bridge now. I'm sorry mum",
]

NOT_CRISIS = [
    "gonna kms, benched my best player in fantasy and he scored 30 points",
    "that quiz tonight had me ready to kill myself #funny",
    "ways to support a colleague who is grieving a suicide?",
    "Podcast this week: a mum talks about helping her suicidal daughter through recovery",
    "all this revision is making me suicidal honestly",
    "sat at the table with a knife and fork waiting for tea",
    "on the platform, train cancelled again, sorry I'm late",
    "my first go at sourdough failed, next time I'll do it properly",
    "the lethal dose of caffeine is about 10g according to a study",
]


@pytest.mark.parametrize("text", CRISIS)
def test_means_at_hand_and_intent_wordings_are_crisis_by_the_rules(text):
    assert crisis.assess(normalise(text)).crisis
    assert triage(text).route == "crisis"


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_game_hyperbole_jokes_grief_and_programmes_are_not_crisis(text):
    assert not crisis.assess(normalise(text)).crisis
    assert triage(text).route != "crisis"


@pytest.mark.parametrize(
    "text",
    [
        '@someone "I can\'t walk past that bridge without shaking now."',
        "what a night to go and stand on the pier -- @someone",
        '"what a night to go and stand on the pier" - Jo Bloggs',
    ],
)
def test_a_tweet_that_quotes_someone_needs_the_mention_threshold(text):
    assert risk.mention_like(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this any more - I have the pills here",
        "i took all my pills - sorry",
        "sorry everyone - Goodbye Everyone",
        '"I can\'t do this anymore" - me, every day',
        # A message to the desk signed with the writer's name is their own words.
        "I can't see a way out of this any more - Sarah Jones",
        "please can someone ring me back I am not safe on my own tonight — Tom Price",
    ],
)
def test_a_dash_or_quotation_marks_of_ones_own_are_not_a_quotation(text):
    assert not risk.mention_like(text)


def test_a_quotation_is_not_an_excuse_when_the_rules_see_intent():
    assert triage('"I want to kill myself tonight"').route == "crisis"
