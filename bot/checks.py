"""Who may do what: the admin check and the per-user question cooldown."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.client import LayoffsBot


class NotAdmin(app_commands.CheckFailure):
    """Raised for a member who is not an admin of layoffs-bot on this server."""


def is_admin(member: discord.abc.User, admin_role_ids: list[int]) -> bool:
    """An admin has Manage Server, or one of the roles in ADMIN_ROLE_IDS."""
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    return any(role.id in admin_role_ids for role in member.roles)


async def require_admin(interaction: discord.Interaction[LayoffsBot]) -> bool:
    if is_admin(interaction.user, interaction.client.settings.admin_role_ids):
        return True
    raise NotAdmin("This command is for the server's admins (Manage Server, or a role listed "
                   "in ADMIN_ROLE_IDS).")


# An app-command check, enforced in code whatever the server's permission settings say.
admin_only = app_commands.check(require_admin)
