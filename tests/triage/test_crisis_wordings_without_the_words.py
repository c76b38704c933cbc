"""Ordinary wordings of suicidal intent, plan, means and timescale (with or without the words
suicide or self-harm), third parties, and the everyday phrases that must not raise an alarm.

Each wording quoted in the report that went to chat or complaint is here first; the rest are
realistic variants written for the rules (development cases, not an independent measure)."""

import pytest

from sociable.triage import triage

ONCE_MISSED = [
    "i dont wanna be here anymore",
    "so tired of living",
    "please just let me die",
    "sleep forever and never wake up",
    "everyone would be better off if i was gone",
    "took my whole months prescription an hour ago",
    "stockpiling my tablets",
    "going to drive into the river tonight",
]

PASSIVE_IDEATION = [
    "honestly i just dont want to wake up tomorrow",
    "I'm so tired of being alive",
    "sick of living like this, whats the point",
    "i wish i could go to sleep and not wake up",
    "wish i could just disappear and never come back",
    "I'm done with life",
    "id rather not exist",
    "i don't see the point in living any more",
    "everybody would be better off without me around",
    "my family would be better off if I wasn't here",
    "life isn't worth living anymore",
    "I can't go on",
    "I'm not going to lie, I want to die",
    "not gonna lie i want to die",
    "i'm not ok i want to die",
    "im not being funny but i want to end it all",
    "I can't see a way out, I just want it all to stop",
    "i just want to go to sleep and never wake up",
    "whats the point in living anymore",
    "honestly id be better off dead",
    "i dont want to exist anymore",
    "the world would be better off without me",
    "nobody would miss me if i was gone",
    "I'm not suicidal but I keep thinking everyone would be better off without me",
    "started cutting again last night",
    "i have lost the will to live",
    "theres no reason for me to live",
    "i almost killed myself last night",
    "i tried to jump off my balcony last night",
    "nobody is answering, i feel like i might just leap off today",
    "guess i gotta go attempt again",
    "goodnight everyone, its a goodnight for me forever. bye world",
    "i am going through with it, no guilt about the people i will leave behind",
]

MEANS_AND_PLAN = [
    "i've been saving up my pills for a while now",
    "been hoarding my meds for weeks",
    "I've taken all my tablets at once",
    "just took a whole box of paracetamol",
    "took every tablet in the house 20 minutes ago",
    "swallowed my mum's sleeping tablets",
    "I'm going to jump off the multi storey car park tonight",
    "gonna walk into the sea tonight",
    "i'm going to step in front of a train tomorrow morning",
    "i've bought a rope",
    "i know how i'm going to do it and it's going to be tonight",
    "tonight's the night, I've made up my mind",
    "i'm going to drive my car into a wall",
    "I've got enough tablets saved to do it",
    "cant do this anymore, going to take all my pills tonight",
    "going to end it tonight, I've had enough",
]

GOODBYES = [
    "this is goodbye. thank you for trying",
    "by the time anyone reads this i'll be gone",
    "i won't be here tomorrow. please look after my cat",
    "sorry for everything, tell my mum i love her. goodbye",
    "I've given away all my things and written letters to my kids",
]

THIRD_PARTY = [
    "my son says he wants to end it",
    "my daughter keeps saying she doesn't want to be here anymore",
    "my partner has been stockpiling his tablets",
    "my friend just texted me saying goodbye and now she won't answer",
    "my husband said he's going to drive into the river",
    "my mum took all her pills an hour ago",
    "my teenage son told me he wants to die",
    "my best mate says everyone would be better off without him",
    "my son has taken a load of his dad's tablets",
    "my sister keeps talking about not wanting to be alive",
    "my mate's on the bridge and says he's going to jump",
    "my girlfriend sent me a message saying sorry for everything and goodbye",
]


@pytest.mark.parametrize("text", ONCE_MISSED + PASSIVE_IDEATION + MEANS_AND_PLAN + GOODBYES)
def test_wording_of_intent_plan_means_or_goodbye_is_crisis(text):
    verdict = triage(text)
    assert verdict.route == "crisis", verdict.reasons
    assert verdict.kind == "mental_health", verdict.kind
    assert any(s["name"] == "Samaritans" for s in verdict.signposting)


@pytest.mark.parametrize("text", THIRD_PARTY)
def test_third_party_concern_is_crisis_and_its_reason_says_so(text):
    verdict = triage(text)
    assert verdict.route == "crisis", verdict.reasons
    assert any("someone else" in r for r in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "i want to end it all tonight",
        "I told my mum I want to die and she laughed",
        "my partner left and I'm going to kill myself",
    ],
)
def test_first_person_concern_is_not_worded_as_third_party(text):
    verdict = triage(text)
    assert verdict.route == "crisis"
    assert not any("someone else" in r for r in verdict.reasons), verdict.reasons


NOT_CRISIS = [
    # negation and reported denial
    "I'm not going to commit suicide",
    "I didn't hurt myself, I tripped over the dog",
    "I would never hurt myself",
    "I'd never take my own life, don't worry",
    "I don't want to die, I want to get better",
    "I haven't self harmed in years and I'm proud of it",
    "i'm not suicidal, just fed up with the waiting list",
    # reports, news and awareness
    "the report on suicide rates was published today",
    "national suicide prevention day is on 10 September",
    "New figures show suicidal thoughts among students have risen, survey finds",
    "Our nurses completed suicide prevention training this week",
    "BBC article on how the river rescue team saves lives",
    "honestly suicidal lol that meeting",
    "this traffic is killing me lol",
    # idioms and sport
    "these beats are killing me",
    "I'm dying to see the new baby unit",
    "the physio team are absolutely killing it",
    "just killed it at parkrun this morning",
    "my feet are killing me after that shift",
    "dead tired after nights, going to sleep forever this weekend haha",
    "I could sleep for a week",
    "we beat them 3-0 on saturday",
    "I'm so done with this weather",
    "end of an era, saying goodbye to our retiring matron",
    "Took my prescription to the pharmacy an hour ago, still not ready",
    "I'm going to drive to the hospital tonight, where do I park?",
    "Thinking of jumping on the train to see my nan tonight",
    "I used to want to die every day but therapy really helped, 5 years well now",
    "I'm not going to hurt myself, I promise, I just need to talk to someone",
    "My son didn't take an overdose, he took the right dose, is that ok?",
    "No way I'd ever do anything to myself, just need a GP appointment",
    "This heatwave is going to be the death of me",
    "Ready to end it with my gym membership lol",
    "My phone is about to die, will call back",
    "I'm dead tired after a night shift",
    "Tried to kill the spider in the bathroom",
    "Saving up my pennies for a holiday",
    "Stockpiling nappies before the baby arrives",
    "I would die for a cup of tea right now",
    "Going through with it! Booked my bunion op for March",
    "Jumping off the bus at the hospital stop, see you soon",
    "Said goodbye to the world of night shifts today",
]


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_negation_news_idioms_and_sport_are_not_crisis(text):
    verdict = triage(text)
    assert verdict.route != "crisis", verdict.reasons
    assert verdict.kind == ""


def test_ill_is_read_as_unwell_not_as_a_contraction():
    verdict = triage("my son is ill and his lips are turning blue")
    assert (verdict.route, verdict.kind) == ("crisis", "medical_emergency"), verdict.reasons
    assert triage("feeling ill today, can I still come to my appointment?").route != "crisis"
