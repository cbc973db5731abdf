"""The Slack surface. Import ``bot.surfaces.slack.adapter`` for ``SlackSurface`` (it loads slack-bolt);
this package itself only exposes the settings, so reading config stays fast."""

from bot.surfaces.slack.settings import SlackConfigError, SlackSettings

__all__ = ["SlackConfigError", "SlackSettings"]
