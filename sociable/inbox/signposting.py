"""The desk's signposting texts: the one place their wording lives."""

CRISIS = (
    "If you are in danger or someone's life is at risk, call 999 now. For urgent help call "
    "NHS 111 (choose the mental health option), or talk to Samaritans free, day or night, on "
    "116 123. You can also text SHOUT to 85258."
)
URGENT = (
    "If you need urgent medical help, call NHS 111 or go to 111.nhs.uk. In an emergency, call "
    "999. If you are struggling to cope, Samaritans are there day and night on 116 123."
)
CLINICAL = (
    "We can't give medical advice on social media. Please contact NHS 111 (111.nhs.uk), your "
    "GP or a pharmacist, who can help with your question."
)
ESSENTIALS = ("999", "111", "116 123")


def ensure_urgent(text: str) -> str:
    """Every out-of-hours reply carries 999, NHS 111 and Samaritans, whatever it was edited to."""
    if all(number in text for number in ESSENTIALS):
        return text
    return f"{text.rstrip()} {URGENT}".strip()
