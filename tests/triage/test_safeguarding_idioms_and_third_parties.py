"""Safeguarding concerns (child or adult at risk, domestic abuse, grooming of a child, neglect)
against the everyday phrases that share their words."""

import pytest

from sociable.triage import triage

CONCERNS = [
    "I think a man online is grooming my 13 year old daughter",
    "my son is being groomed by someone he met on a game",
    "my partner hits me when he's drunk and I'm scared to go home",
    "the carer at mum's home pushed her and shouted at her",
    "our neighbour leaves her toddler home alone all day",
    "my nan hasn't been given any water all day on the ward",
    "I'm worried about my friend, her boyfriend controls her money and won't let her see anyone",
    "my dad's new carer keeps taking his bank card",
    "my neighbour's little boy is always outside on his own late at night with no coat",
    "my elderly dad's carer hasn't turned up for three days and he can't get out of bed",
    "the man next door screams at his wife every night and I heard her crying for help",
    "my daughter's coach keeps messaging her and told her to keep it a secret",
    "my brother's girlfriend has bruises on her face again and says she walked into a door",
    "a 12 year old in my street is being given drugs to sell by older lads",
    "my mum's new partner hit my little brother",
    "we think a carer is stealing from my gran",
]
NOT_CONCERNS = [
    "booked the dog in for grooming on Tuesday",
    "beard grooming kit recommendations anyone?",
    "Grooming appointment for the cat went well",
    "hit him up when you're free, he'll sort your parking",
    "hit me up with any questions about the open day",
    "these beats are killing me",
    "we beat them 3-0 on saturday, get in",
    "beat her personal best at the hospital 10k",
    "pushing her to apply for the nursing course",
    "pushed him round the park in his wheelchair, lovely day",
    "Our safeguarding team ran a training day on grooming and exploitation",
    "dog grooming parlour opening on the high street",
    "groomed the horses this morning, lovely day",
    "my son beat his dad at chess again",
    "she pushed her way to the front of the queue",
    "her boyfriend beat her record at the parkrun",
    "hit me up for the rota",
]


@pytest.mark.parametrize("text", CONCERNS)
def test_real_safeguarding_concern_is_safeguarding_or_crisis(text):
    verdict = triage(text)
    assert verdict.route in ("safeguarding", "crisis"), verdict.reasons
    assert verdict.flags["safeguarding"] or verdict.flags["crisis"]


@pytest.mark.parametrize("text", NOT_CONCERNS)
def test_pet_beard_idioms_sport_and_training_are_not_safeguarding(text):
    verdict = triage(text)
    assert not verdict.flags["safeguarding"], verdict.reasons
