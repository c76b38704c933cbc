"""What a report covers: a period, and optionally one account, team, campaign or objective."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from sociable.reports.periods import Period


def campaign_names(campaign: str) -> list[str]:
    """The spellings a campaign is matched by: "#NursesDay" also matches "NursesDay"."""
    bare = campaign.strip().lstrip("#")
    return [bare, f"#{bare}"] if bare else []


@dataclass(frozen=True)
class Scope:
    organisation: object
    period: Period
    channel: object | None = None  # a Channel
    team: object | None = None  # a Team
    campaign: str = ""
    objective: object | None = None  # a strategy Objective
    notes: tuple[str, ...] = field(default=())

    @property
    def campaigns(self) -> list[str]:
        campaign = self.campaign or (self.objective.campaign if self.objective else "")
        return campaign_names(campaign)

    @property
    def channel_ids(self) -> list[int] | None:
        """The accounts in scope, or None for all of them."""
        if self.channel is not None:
            return [self.channel.pk]
        if self.objective is not None:
            ids = list(self.objective.channels.values_list("id", flat=True))
            return ids or None
        return None

    def describe(self) -> list[str]:
        parts = [f"Period: {self.period.label}"]
        if self.channel is not None:
            parts.append(f"Account: {self.channel}")
        if self.team is not None:
            parts.append(f"Team: {self.team.name}")
        if self.campaign:
            parts.append(f"Campaign: {self.campaign}")
        if self.objective is not None:
            parts.append(f"Objective: {self.objective.title}")
        return parts

    @property
    def limits_posts_only(self) -> bool:
        """A campaign narrows posts and outcomes; inbox figures cannot be tied to a campaign."""
        return bool(self.campaigns)

    # Query helpers -------------------------------------------------------------------------

    def targets_q(self) -> Q:
        q = Q(post__organisation=self.organisation, channel__organisation=self.organisation)
        q &= Q(published_at__gte=self.period.starts_at, published_at__lt=self.period.ends_before)
        if self.channel_ids is not None:
            q &= Q(channel_id__in=self.channel_ids)
        if self.team is not None:
            q &= Q(post__team=self.team) | Q(post__team__isnull=True, channel__team=self.team)
        if self.campaigns:
            names = Q()
            for name in self.campaigns:
                names |= Q(post__campaign__iexact=name)
            q &= names
        return q

    def messages_q(self) -> Q:
        """Messages on the organisation's accounts in scope (campaigns do not apply)."""
        q = Q(channel__organisation=self.organisation)
        if self.channel_ids is not None:
            q &= Q(channel_id__in=self.channel_ids)
        if self.team is not None:
            q &= Q(channel__team=self.team)
        return q

    def outcomes_q(self) -> Q:
        q = Q(
            organisation=self.organisation, date__gte=self.period.start, date__lte=self.period.end
        )
        if self.campaigns:
            names = Q()
            for name in self.campaigns:
                names |= Q(campaign__iexact=name) | Q(post__campaign__iexact=name)
            q &= names
        if self.channel_ids is not None:
            q &= Q(post__targets__channel_id__in=self.channel_ids)
        if self.team is not None:
            q &= Q(post__team=self.team) | Q(
                post__team__isnull=True, post__targets__channel__team=self.team
            )
        return q

    def kudos_q(self) -> Q:
        q = Q(
            organisation=self.organisation,
            at__gte=self.period.starts_at,
            at__lt=self.period.ends_before,
        )
        if self.channel_ids is not None:
            q &= Q(message__channel_id__in=self.channel_ids)
        if self.team is not None:
            q &= Q(team=self.team)
        return q
