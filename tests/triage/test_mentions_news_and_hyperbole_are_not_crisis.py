"""Posts that only mention suicide, overdoses or emergencies (news, inquests, awareness,
fiction, education, politics, hyperbole about a show or a match) are not crisis; the same
words from a person at risk, or about someone they know, still are.

The wordings are the project's own (written for these tests, not taken from any corpus)."""

import pytest

from sociable.triage import crisis, triage
from sociable.triage.textutil import normalise

NOT_CRISIS = [
    # news and reports
    "Inquest hears dad, 41, had been suicidal for months before he died",
    "Coroner says the teenager was suicidal after years of online bullying",
    "A man who was suicidal was talked down from the bridge by police last night, the force said",
    "He told the court he had felt suicidal after losing his job, and was sentenced to six months",
    "The report says one in five young people has felt suicidal at some point",
    # awareness, services and education
    "Our new leaflet explains what to do when someone tells you they feel suicidal",
    "Our crisis team supports people who feel suicidal, 24 hours a day",
    "Suicidal thoughts can be a side effect of some medicines, says the leaflet",
    "Is it true that antidepressants make teenagers suicidal?",
    "Talking about suicide does not make people suicidal. Let's talk",
    "How do you support someone who says they don't want to live any more? Asking as a coach",
    # fiction, media and public figures
    "reading a crime novel about a suicidal detective, can't put it down",
    "The senator should hang himself after that vote",
    "Can imagine the manager may want to kill himself after that result",
    # politics and objects
    "Cutting mental health budgets would be suicidal for this government",
    "Leaving without a deal would be economically suicidal",
    "my phone battery is suicidal today, dead by lunch every time",
    "Nobody is suicidal over a parking ticket, calm down",
    # denial and hyperbole
    "I was never suicidal but the waiting list did grind me down",
    "If they cancel Bake Off I'm going to kill myself",
    "if the band don't play my favourite song on Saturday I'll throw myself off the balcony",
    "college at 8am tomorrow kms",
    "I'm going to be dead tomorrow after that gig but so worth it",
    "gonna die of excitement when the tickets drop",
    "my mate jokes he's suicidal every time Spurs lose",
    # grief and remembrance, awareness
    "Ten years since my brother's suicide. Still think about him every day, love you bro",
    "We lost our son to suicide in 2018 and now run a support group for parents",
    "Feeling suicidal is not a weakness. Talk to your GP or call 111",
    "Being a Leeds fan is basically a slow suicide at this point",
    "my diet is suicidal, three pizzas this week",
    # media, statistics, remembrance, teaching and volunteering
    "The comedian's new show is about the year he was suicidal, it's brilliant",
    "The stats on suicidal thoughts in nurses are shocking, we need better support at work",
    "I've volunteered on a crisis line for years; most callers aren't suicidal, just lonely",
    "Suicidal thoughts are common after a bereavement, the counsellor explained at the group",
    "The vicar spoke at the funeral about how suicidal thoughts can hide behind a smile",
    "Is suicidal ideation the same as wanting to die? Asking for my psychology essay",
    "Honestly this job would make anyone suicidal, but I love my patients",
    "My therapist asked if I was suicidal and I said no, which is true",
    "Talking openly about suicidal feelings saved my friend's life",
    "If you ever feel suicidal the A&E at the hospital has a mental health team",
    "Is it normal to think about suicide as a teenager? Just curious, for a debate",
    # emergencies that are idioms or history
    "The company keeps bleeding heavily after the merger",
    "The striker collapsed and died on the pitch in 1989, a sad anniversary today",
    "The takeover bid for the club dramatically collapsed on Monday night",
    "Rangers are choking badly in the second half",
]

STILL_CRISIS = [
    "I'm suicidal and I don't know who to call",
    "feeling suicidal again tonight",
    "my son is suicidal and won't talk to me",
    "I keep having suicidal thoughts and they are getting stronger",
    "If he leaves me tonight I'm going to kill myself",
    "if I don't get help soon I'm going to end it",
    "The crisis line never answers and I'm going to kill myself tonight",
    "my husband says he's going to hang himself, please help",
    "Please help, she's taken all her tablets and won't wake up",
    "My dad has collapsed and isn't breathing",
    "I'm going to be dead by tomorrow, I've made up my mind",
    "I lost my son to suicide and I want to join him tonight",
    "my brother's suicide attempt was last night and he's still in hospital, i'm scared",
    "My therapist asked if I was suicidal and I said yes",
    "the crisis team saved my life last year but I'm suicidal again tonight",
]


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_a_mention_is_not_routed_to_crisis(text):
    assert triage(text).route != "crisis", text


@pytest.mark.parametrize("text", STILL_CRISIS)
def test_the_same_words_from_a_person_at_risk_are_still_crisis(text):
    assert triage(text).route == "crisis", text


def test_the_rules_say_why_a_report_is_not_a_disclosure():
    result = crisis.assess(normalise("Coroner says the teenager was suicidal after bullying"))
    assert not result.crisis
    assert any(s.startswith("reported") for s in result.suppressed)
