"""What a touch is called in a preview: one table from each provider's channel or step type
(as its files and reads spell it) to the words a reader uses, and, for a touch that sends
no words, what it does.

One table, not one per provider: a reviewer reads the same "Phone call" whichever tool
places it, and a channel two providers spell alike means the same thing in both. A test
(tests/render/test_channel_labels.py) fails when a provider gains a channel this table
does not name.
"""

from __future__ import annotations

from typing import NamedTuple


class Channel(NamedTuple):
    label: str
    action: str | None = None  # what happens, for a touch with no words to show


CHANNELS: dict[str, Channel] = {
    # Email, whoever sends it.
    "email": Channel("Email"),
    "auto_email": Channel("Email"),
    "manual_email": Channel("Email (sent by hand)"),
    # LinkedIn.
    "linkedin_connection_request": Channel("LinkedIn connection request"),
    "linkedinInvite": Channel("LinkedIn connection request"),
    "linkedin_message": Channel("LinkedIn message"),
    "linkedin_send_message": Channel("LinkedIn message"),
    "linkedinSend": Channel("LinkedIn message"),
    "linkedin_inmail": Channel("LinkedIn InMail"),
    "linkedinVoiceNote": Channel("LinkedIn voice note", "Sends them a recorded voice note"),
    "linkedin_view_profile": Channel("LinkedIn profile visit", "Views their LinkedIn profile"),
    "linkedinVisit": Channel("LinkedIn profile visit", "Views their LinkedIn profile"),
    "linkedin_post_interaction": Channel(
        "LinkedIn post interaction", "Interacts with their latest LinkedIn post"
    ),
    "linkedinLikeLastPost": Channel("LinkedIn post like", "Likes their latest LinkedIn post"),
    "linkedinCommentLastPost": Channel(
        "LinkedIn comment", "Comments on their latest LinkedIn post"
    ),
    "linkedinFollow": Channel("LinkedIn follow", "Follows them on LinkedIn"),
    "linkedinEndorse": Channel("LinkedIn endorsement", "Endorses a skill on their profile"),
    "linkedinWithdrawInvitation": Channel(
        "LinkedIn request withdrawn", "Withdraws the pending connection request"
    ),
    # Phone.
    "call": Channel("Phone call"),
    "phone": Channel("Phone call"),
    "call_introduction": Channel("Phone call: introduction"),
    "call_demo": Channel("Phone call: demo"),
    "call_follow_up": Channel("Phone call: follow-up"),
    "call_reminder": Channel("Phone call: reminder"),
    "call_other": Channel("Phone call"),
    "sms": Channel("SMS"),
    # WhatsApp.
    "whatsapp_message": Channel("WhatsApp"),
    "whatsappMessage": Channel("WhatsApp"),
    "whatsapp_voice_message": Channel("WhatsApp voice message", "Sends them a voice message"),
    "whatsapp_voice_call": Channel("WhatsApp call", "Calls them on WhatsApp"),
    # X.
    "x_dm": Channel("X DM"),
    "like_tweet": Channel("Like a tweet", "Likes their latest tweet (no message is sent)"),
    # Work for the team, and steps the prospect never sees.
    "task": Channel("Manual task"),
    "manual": Channel("Manual task"),
    "api": Channel("API call", "Calls an API (nothing reaches the prospect)"),
    "sendToAnotherCampaign": Channel(
        "Move to another campaign", "Moves them to another campaign (nothing is sent)"
    ),
}


def label(channel: str) -> str:
    """The reader's name for ``channel``; one the table lacks (a live step of a type no
    file can write, say) is spelt out from its own name rather than shown raw."""
    known = CHANNELS.get(channel)
    return known.label if known is not None else _spelt_out(channel)


def action(channel: str) -> str | None:
    """What a touch on ``channel`` does when it has no words to show, if it is known."""
    known = CHANNELS.get(channel)
    return known.action if known is not None else None


def _spelt_out(channel: str) -> str:
    """``call_other`` as "Call other", ``linkedinSend`` as "Linkedin send"."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in channel).replace("_", " ")
    words = " ".join(words.split())
    return words[:1].upper() + words[1:] if words else "Step"
