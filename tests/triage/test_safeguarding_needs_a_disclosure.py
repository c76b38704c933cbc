"""Broad safeguarding wordings ("hurt him", "beat her", "abuse" near "children") count only when
someone is telling the trust about a person they know, not in sport, games, news, politics or
a child's tantrum; the disclosures next to them stay caught."""

import pytest

from sociable.triage import triage

DISCLOSURES = [
    "my dad hits my mum when he drinks",
    "my stepdad hurts me",
    "he said he'd hurt the kids if I leave",
    "my brother's wife slaps him and he's frightened of her",
    "our neighbour's boyfriend beats her, we hear it through the wall",
    "my ex threatens me every time I pick the kids up",
    "I'm being hit at home and I don't know who to tell",
    "the staff on the ward were rough with my grandad",
    "I'm worried my sister is being abused by her husband",
    "my mum's partner kicks the dog and then the kids, I'm scared",
    "saw a woman slapping a little boy in the waiting room",
    "I think a vulnerable man on our road is being exploited for his flat",
    "my nan is never fed on the ward unless I go in",
    "mum was never turned all night and now has a sore",
]
NOT_DISCLOSURES = [
    "if he doesn't hurt them on the break we lose this match",
    "she'll beat her sister in the final, better serve tonight",
    "he was hitting as well as anyone in the league before the injury",
    "my toddler bites his sister when he's tired, any tips?",
    "the senator was accused of abusing children in a report out today",
    "news: man charged after domestic violence incident in the town centre",
    "they threaten to leave every season and never do",
    "jump on the hype train before the album drops",
    "I'd never hurt her, she's my best mate",
    "the new patch lets you kick them off the server",
    "burn her with the tea she made, the show was savage",
    "the singer never changed his name, whatever the papers say",
    "please don't hit on her at the party, she's my cousin",
    "someone hit my sister's car in the car park and drove off",
    "when strangers hit on me I shake them off",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_a_disclosure_about_someone_the_writer_knows_is_safeguarding_or_crisis(text):
    verdict = triage(text)
    assert verdict.route in ("safeguarding", "crisis"), verdict.reasons


@pytest.mark.parametrize("text", NOT_DISCLOSURES)
def test_sport_games_news_and_childrens_behaviour_are_not_safeguarding(text):
    verdict = triage(text)
    assert verdict.route not in ("safeguarding", "crisis"), verdict.reasons
