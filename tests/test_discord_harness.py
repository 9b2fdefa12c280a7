"""The Discord harness, proven on a toy bot: real discord.py objects end to end."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator, Iterator

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.discord_harness import (
    APP_ID,
    CHANNEL_ID,
    GUILD_ID,
    MOD_ROLE_ID,
    THREAD_ID,
    DiscordHarness,
    DiscordWouldReject,
    NetworkBlocked,
    UnhandledBotError,
    UserSpec,
    block_network,
)

COMPANIES = ["Google", "Meta", "Microsoft", "Amazon", "Salesforce"]
REPORT_BUTTON = "toy:report"
REPORT_MODAL = "toy:report-modal"


# --------------------------------------------------------------------------- the toy bot


class ReportModal(discord.ui.Modal, title="Report a wrong answer"):
    reason: discord.ui.TextInput[ReportModal] = discord.ui.TextInput(
        label="What is wrong?", custom_id="toy:reason", max_length=200
    )
    source: discord.ui.Label[ReportModal] = discord.ui.Label(
        text="Source URL",
        component=discord.ui.TextInput(custom_id="toy:source", required=False),
    )

    def __init__(self) -> None:
        super().__init__(custom_id=REPORT_MODAL)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        source = self.source.component
        assert isinstance(source, discord.ui.TextInput)
        await interaction.response.send_message(
            f"Thanks, noted: {self.reason.value} ({source.value or 'no source'})", ephemeral=True
        )


class ReportView(discord.ui.View):
    """Persistent: timeout=None and a stable custom_id, registered in setup_hook."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Report", style=discord.ButtonStyle.danger, custom_id=REPORT_BUTTON)
    async def report(
        self, interaction: discord.Interaction, button: discord.ui.Button[ReportView]
    ) -> None:
        await interaction.response.send_modal(ReportModal())


class VoteView(discord.ui.View):
    """Not persistent: a 60 s timeout (its timer task must not block the harness)."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.votes = 0

    @discord.ui.button(label="Useful", custom_id="toy:vote")
    async def vote(
        self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]
    ) -> None:
        self.votes += 1
        button.label = f"Useful ({self.votes})"
        await interaction.response.edit_message(view=self)


def manages_guild(interaction: discord.Interaction) -> bool:
    if not interaction.permissions.manage_guild:
        raise app_commands.CheckFailure("manage_guild required")
    return True


class ToyCog(commands.Cog):
    def __init__(self, bot: ToyBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask about layoffs")
    @app_commands.describe(question="Your question", detailed="Longer answer", limit="Sources")
    async def ask(
        self,
        interaction: discord.Interaction,
        question: str,
        detailed: bool = False,
        limit: app_commands.Range[int, 1, 10] = 3,
    ) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.01)  # "retrieval"
        embed = discord.Embed(title="Answer", description=f"{question} | {detailed} | {limit}")
        embed.add_field(name="Sources", value="[1] https://example.com/a")
        embed.set_footer(text=f"locale={interaction.locale.value}")
        await interaction.followup.send(
            embed=embed, allowed_mentions=discord.AllowedMentions.none()
        )

    @app_commands.command(name="private", description="Only you can see this")
    async def private(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("just for you", ephemeral=True)

    @app_commands.command(name="leaky", description="Defers publicly, then tries to hide")
    async def leaky(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("meant to be private", ephemeral=True)

    @app_commands.command(name="company", description="Layoffs at one company")
    @app_commands.describe(name="Company name")
    async def company(self, interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Layoffs at {name}")

    @company.autocomplete("name")
    async def company_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=c, value=c) for c in COMPANIES if current.lower() in c.lower()
        ][:25]

    @app_commands.command(name="period", description="Choose a period")
    @app_commands.choices(
        span=[
            app_commands.Choice(name="Week", value="week"),
            app_commands.Choice(name="Month", value="month"),
        ]
    )
    async def period(
        self, interaction: discord.Interaction, span: app_commands.Choice[str]
    ) -> None:
        await interaction.response.send_message(f"span={span.value}")

    @app_commands.command(name="report", description="Post the report button")
    async def report(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Spotted a mistake?", view=ReportView())

    @app_commands.command(name="vote", description="Was this useful?")
    async def vote(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Rate the answer", view=VoteView())

    @app_commands.command(name="progress", description="Edits its answer as it goes")
    async def progress(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="Searching...")
        await interaction.edit_original_response(content="Found 3 sources")
        original = await interaction.original_response()
        await interaction.followup.send(f"done editing {original.id}")

    @app_commands.command(name="edit", description="Defers, then edits @original badly")
    @app_commands.describe(how="huge: an embed over Discord's limit; empty: nothing left")
    async def edit(self, interaction: discord.Interaction, how: str) -> None:
        await interaction.response.defer(thinking=True)
        if how == "huge":
            await interaction.edit_original_response(
                embed=discord.Embed(description="x" * 4097))
        else:
            await interaction.edit_original_response(content="")

    @app_commands.command(name="reindex", description="Rebuild the index")
    @app_commands.check(manages_guild)
    async def reindex(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Reindexing...", ephemeral=True)

    @app_commands.command(name="purge", description="Admins only")
    @app_commands.default_permissions(manage_guild=True)
    async def purge(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("purged", ephemeral=True)

    @app_commands.command(name="slow", description="Forgets to defer")
    async def slow(self, interaction: discord.Interaction) -> None:
        await asyncio.sleep(0.2)
        await interaction.response.send_message("too late")

    @app_commands.command(name="upload", description="Sends a file")
    async def upload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        data = io.BytesIO(b"company,count\nMeta,10000\n")
        await interaction.followup.send("here", file=discord.File(data, filename="layoffs.csv"))

    @app_commands.command(name="huge", description="Too long for Discord")
    async def huge(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    @app_commands.command(name="whois", description="Resolve a member")
    async def whois(self, interaction: discord.Interaction, member: discord.Member) -> None:
        await interaction.response.send_message(f"{member.display_name} roles={len(member.roles)}")

    admin = app_commands.Group(name="admin", description="Admin tools")

    @admin.command(name="stats", description="Index statistics")
    async def admin_stats(self, interaction: discord.Interaction, verbose: bool = False) -> None:
        await interaction.response.send_message(f"stats verbose={verbose}", ephemeral=True)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        assert self.bot.user is not None
        if message.author.bot:
            return
        if message.content.endswith("crash"):
            raise RuntimeError("listener exploded")
        if self.bot.user in message.mentions:
            if isinstance(message.channel, discord.Thread):
                await message.channel.send("Answer in this thread")
                return
            thread = await message.create_thread(name="Answer")
            await thread.send(
                f"Answer for {message.author.mention}",
                allowed_mentions=discord.AllowedMentions.none(),
            )


class ToyTree(app_commands.CommandTree["ToyBot"]):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CheckFailure):
            text = "You need the Manage Server permission."
        else:
            text = f"Something went wrong ({type(error).__name__})."
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


class ToyBot(commands.Bot):
    def __init__(self, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        # Not commands.when_mentioned: every mention would then be parsed as a prefix command
        # and discord.py logs CommandNotFound at ERROR level (the harness reports that).
        super().__init__(command_prefix="!toy ", intents=intents, tree_cls=ToyTree)
        self.setup_calls = 0
        self.ready_seen = asyncio.Event()

    async def setup_hook(self) -> None:
        self.setup_calls += 1
        await self.add_cog(ToyCog(self))
        self.add_view(ReportView())

    async def on_ready(self) -> None:
        self.ready_seen.set()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    with block_network() as attempts:
        yield attempts
    assert attempts == [], f"something tried to reach the network: {attempts}"


@pytest.fixture
async def harness(no_network: list[str]) -> AsyncIterator[DiscordHarness]:
    async with DiscordHarness(ToyBot()) as h:
        yield h


# --------------------------------------------------------------------------- tests


async def test_start_logs_in_runs_setup_hook_once_and_caches_the_guild(
    harness: DiscordHarness,
) -> None:
    bot = harness.bot
    assert isinstance(bot, ToyBot)
    assert bot.setup_calls == 1
    assert bot.ready_seen.is_set() and bot.is_ready()
    assert bot.user is not None and bot.user.id == APP_ID
    assert bot.application_id == APP_ID
    guild = harness.guild
    assert guild.id == GUILD_ID and guild.me is not None
    assert guild.get_channel(CHANNEL_ID) is not None and guild.get_thread(THREAD_ID) is not None
    assert [c.path for c in harness.recorder.calls] == ["/users/@me", "/oauth2/applications/@me"]
    assert len(bot.persistent_views) == 1


async def test_slash_defers_then_sends_followup_embed(harness: DiscordHarness) -> None:
    inter = await harness.slash("ask", {"question": "Who cut jobs?", "limit": 5}, locale="fr")
    assert isinstance(inter, discord.Interaction)
    assert inter.command is not None and inter.command.name == "ask"
    assert inter.locale is discord.Locale.french and inter.guild_id == GUILD_ID
    rec = harness.recorder
    callback = rec.callback(inter)
    assert callback.json == {"type": 5}
    assert callback.params == {"with_response": "1"}
    assert rec.callbacks(inter) == [callback]  # the one acknowledgement (the delay is not timed)
    [followup] = rec.followups(inter)
    assert followup.path == f"/webhooks/{APP_ID}/{inter.token}"
    assert followup.json["embeds"] == [
        {
            "title": "Answer",
            "description": "Who cut jobs? | False | 5",
            "type": "rich",
            "fields": [{"name": "Sources", "value": "[1] https://example.com/a", "inline": True}],
            "footer": {"text": "locale=fr"},
            "flags": 0,
        }
    ]
    assert followup.json["allowed_mentions"] == {"parse": []}
    # The first follow-up after a thinking defer replaces the loading message.
    assert followup.response["id"] == callback.response["interaction"]["response_message_id"]
    assert followup.response["flags"] == 0
    assert followup.at >= callback.at


async def test_ephemeral_defer_has_flags_64(harness: DiscordHarness) -> None:
    inter = await harness.slash("private")
    assert harness.recorder.callback(inter).json == {"type": 5, "data": {"flags": 64}}
    [followup] = harness.recorder.followups(inter)
    assert followup.json["content"] == "just for you" and followup.json["flags"] == 64
    assert followup.response["flags"] == 64


async def test_followup_after_public_defer_is_public_whatever_it_asks(
    harness: DiscordHarness,
) -> None:
    inter = await harness.slash("leaky")
    [followup] = harness.recorder.followups(inter)
    assert followup.json["flags"] == 64  # what the bot asked for...
    assert followup.response["flags"] == 0  # ...what Discord did: the defer decided


async def test_autocomplete_returns_choices(harness: DiscordHarness) -> None:
    choices = await harness.autocomplete("company", "name", "s")
    assert choices == [
        {"name": "Microsoft", "value": "Microsoft"},
        {"name": "Salesforce", "value": "Salesforce"},
    ]
    [callback] = harness.recorder.of("/callback")
    assert callback.type == 8


async def test_options_are_validated_like_discord(harness: DiscordHarness) -> None:
    with pytest.raises(DiscordWouldReject, match="required"):
        await harness.slash("ask", {})
    with pytest.raises(DiscordWouldReject, match="unknown option"):
        await harness.slash("ask", {"question": "q", "nope": 1})
    with pytest.raises(DiscordWouldReject, match=r"not in \[1, 10\]"):
        await harness.slash("ask", {"question": "q", "limit": 11})
    with pytest.raises(DiscordWouldReject, match="choices"):
        await harness.slash("period", {"span": "year"})
    inter = await harness.slash("period", {"span": "month"})
    assert harness.recorder.callback(inter).data["content"] == "span=month"
    assert harness.recorder.calls[-1].json["type"] == 4


async def test_subcommand_in_group(harness: DiscordHarness) -> None:
    inter = await harness.slash("admin", {"verbose": True}, subcommand="stats")
    callback = harness.recorder.callback(inter)
    assert callback.json == {
        "type": 4,
        "data": {"tts": False, "content": "stats verbose=True", "flags": 64},
    }
    again = await harness.slash("admin stats")
    assert harness.recorder.callback(again).data["content"] == "stats verbose=False"
    with pytest.raises(DiscordWouldReject, match="needs a subcommand"):
        await harness.slash("admin")


async def test_member_option_is_resolved(harness: DiscordHarness) -> None:
    inter = await harness.slash("whois", {"member": harness.moderator})
    assert harness.recorder.callback(inter).data["content"] == "Mod roles=2"


async def test_check_failure_goes_to_tree_on_error(harness: DiscordHarness) -> None:
    denied = await harness.slash("reindex")
    assert denied.command_failed
    assert harness.recorder.callback(denied).json == {
        "type": 4,
        "data": {"tts": False, "content": "You need the Manage Server permission.", "flags": 64},
    }
    allowed = await harness.slash("reindex", user=harness.moderator)
    assert harness.recorder.callback(allowed).data["content"] == "Reindexing..."
    custom = UserSpec(424242, "carol", permissions=discord.Permissions(manage_guild=True))
    assert (await harness.slash("reindex", user=custom)).permissions.manage_guild
    as_dict = await harness.slash("reindex", user={"id": 434343, "roles": [MOD_ROLE_ID]})
    assert not as_dict.command_failed


async def test_default_permissions_hide_the_command(harness: DiscordHarness) -> None:
    with pytest.raises(DiscordWouldReject, match="hidden"):
        await harness.slash("purge")
    inter = await harness.slash("purge", user=harness.owner)
    assert harness.recorder.callback(inter).data["content"] == "purged"


async def test_persistent_button_opens_modal_and_modal_submits(harness: DiscordHarness) -> None:
    inter = await harness.slash("report")
    posted = harness.recorder.callback(inter)
    assert posted.data["components"] == [
        {
            "type": 1,
            "components": [
                {
                    "type": 2,
                    "style": 4,
                    "label": "Report",
                    "disabled": False,
                    "custom_id": REPORT_BUTTON,
                }
            ],
        }
    ]
    message = posted.response["resource"]["message"]
    click = await harness.click(REPORT_BUTTON, message, user=harness.moderator)
    assert click.message is not None and click.message.id == int(message["id"])
    modal = harness.recorder.callback(click)
    assert modal.type == 9 and modal.data["custom_id"] == REPORT_MODAL
    assert modal.data["title"] == "Report a wrong answer"
    submit = await harness.submit_modal(
        REPORT_MODAL,
        {"toy:reason": "wrong count", "toy:source": "https://x.test"},
        user=harness.moderator,
    )
    assert harness.recorder.callback(submit).json == {
        "type": 4,
        "data": {
            "tts": False,
            "content": "Thanks, noted: wrong count (https://x.test)",
            "flags": 64,
        },
    }
    with pytest.raises(DiscordWouldReject, match="required"):
        await harness.submit_modal(REPORT_MODAL, {"toy:source": "x"})


async def test_persistent_view_survives_a_restart(no_network: list[str]) -> None:
    async with DiscordHarness(ToyBot()) as first:
        inter = await first.slash("report")
        message = first.recorder.callback(inter).response["resource"]["message"]
    async with DiscordHarness(ToyBot()) as second:  # a new process: only add_view() remembers
        click = await second.click(REPORT_BUTTON, message)
        assert second.recorder.callback(click).data["custom_id"] == REPORT_MODAL
        assert second.recorder.calls[-1].path == f"/interactions/{click.id}/{click.token}/callback"


async def test_mention_replies_in_a_new_thread(harness: DiscordHarness) -> None:
    msg = await harness.message("who laid off people?", mentions_bot=True)
    assert msg is not None and msg.content == f"<@{APP_ID}> who laid off people?"
    [thread_call] = harness.recorder.threads()
    assert thread_call.path == f"/channels/{CHANNEL_ID}/messages/{msg.id}/threads"
    assert thread_call.json == {
        "name": "Answer",
        "auto_archive_duration": 1440,
        "rate_limit_per_user": None,
    }
    [reply] = harness.recorder.messages(channel_id=msg.id)  # thread id == starter message id
    assert reply.json["content"] == f"Answer for <@{harness.user.id}>"
    assert reply.json["allowed_mentions"] == {"parse": []}
    assert harness.guild.get_thread(msg.id) is not None  # THREAD_CREATE was dispatched
    await harness.message("and in 2024?", mentions_bot=True, channel_id=msg.id)
    assert (
        harness.recorder.messages(channel_id=msg.id)[-1].json["content"] == "Answer in this thread"
    )
    await harness.message("no mention here")
    await harness.message("from a bot", author=harness.other_bot, mentions_bot=True)
    assert len(harness.recorder.threads()) == 1


async def test_message_in_existing_thread(harness: DiscordHarness) -> None:
    msg = await harness.message("hello", mentions_bot=True, thread=True)
    assert msg is not None and isinstance(msg.channel, discord.Thread)
    assert (
        harness.recorder.messages(channel_id=THREAD_ID)[-1].json["content"]
        == "Answer in this thread"
    )


async def test_without_message_content_intent_content_is_empty_unless_mentioned(
    no_network: list[str],
) -> None:
    async with DiscordHarness(ToyBot(message_content=False)) as h:
        plain = await h.message("secret text")
        assert plain is not None and plain.content == ""
        mentioned = await h.message("hi", mentions_bot=True)
        assert mentioned is not None and mentioned.content.endswith("hi")


async def test_unhandled_listener_error_is_raised(harness: DiscordHarness) -> None:
    with pytest.raises(UnhandledBotError, match="listener exploded"):
        await harness.message("please crash")


async def test_slow_response_gets_unknown_interaction(no_network: list[str]) -> None:
    async with DiscordHarness(ToyBot(), response_deadline=0.1) as h:
        # The command missed the deadline; its on_error answers with the same dead token,
        # raises again, and discord.py only logs that: the harness turns it into a failure.
        with pytest.raises(UnhandledBotError, match="10062"):
            await h.slash("slow")
        [failed, handled] = h.recorder.callbacks()
        assert isinstance(failed.error, discord.NotFound) and failed.error.code == 10062
        assert handled.data["content"] == "Something went wrong (CommandInvokeError)."
        assert isinstance(handled.error, discord.NotFound)


async def test_discord_limits_raise_http_errors(harness: DiscordHarness) -> None:
    inter = await harness.slash("huge")
    [too_long, handled] = harness.recorder.callbacks(inter)
    assert too_long.error is not None and too_long.error.code == 50035
    assert handled.data["content"].startswith("Something went wrong")


@pytest.mark.parametrize(("how", "code"), [("huge", 50035), ("empty", 50006)])
async def test_an_edit_of_original_is_held_to_discords_limits(
    harness: DiscordHarness, how: str, code: int
) -> None:
    inter = await harness.slash("edit", {"how": how})
    [edit] = harness.recorder.edits(inter)
    assert edit.error is not None and edit.error.code == code, edit
    [handled] = harness.recorder.followups(inter)  # the tree's error handler
    assert handled.json["content"].startswith("Something went wrong")
    assert harness.recorder.answers(inter) == [edit, handled]
    # The refused edit changed nothing: the follow-up took over the loading message.
    original = harness.recorder.callback(inter).response["interaction"]["response_message_id"]
    assert handled.response["id"] == original and handled.response["embeds"] == []


async def test_injected_failures(harness: DiscordHarness) -> None:
    harness.recorder.fail("POST", "/threads", status=403, code=50013)
    with pytest.raises(UnhandledBotError, match="Missing Permissions"):
        await harness.message("hi", mentions_bot=True)
    assert harness.recorder.threads()[-1].error is not None


async def test_files_are_recorded(harness: DiscordHarness) -> None:
    inter = await harness.slash("upload")
    [followup] = harness.recorder.followups(inter)
    assert followup.json["content"] == "here"
    assert followup.json["attachments"] == [{"id": 0, "filename": "layoffs.csv"}]
    assert [(f.filename, f.data) for f in followup.files] == [
        ("layoffs.csv", b"company,count\nMeta,10000\n")
    ]
    assert followup.response["attachments"][0]["size"] == 25


async def test_command_sync_is_recorded(harness: DiscordHarness) -> None:
    bot = harness.bot
    assert isinstance(bot, ToyBot)
    synced = await bot.tree.sync()
    [put] = harness.recorder.syncs()
    assert put.method == "PUT" and put.path == f"/applications/{APP_ID}/commands"
    names = sorted(c["name"] for c in put.json)
    assert "ask" in names and "admin" in names
    ask = next(c for c in put.json if c["name"] == "ask")
    assert [(o["name"], o["type"], o["required"]) for o in ask["options"]] == [
        ("question", 3, True),
        ("detailed", 5, False),
        ("limit", 4, False),
    ]
    assert {c.name for c in synced} == set(names)
    guild_sync = await bot.tree.sync(guild=discord.Object(GUILD_ID))
    assert guild_sync == [] and harness.recorder.syncs()[-1].path.endswith(
        f"/guilds/{GUILD_ID}/commands"
    )


async def test_dm_slash_command(harness: DiscordHarness) -> None:
    inter = await harness.slash("company", {"name": "Meta"}, guild=False)
    assert inter.guild_id is None and isinstance(inter.channel, discord.DMChannel)
    assert harness.recorder.callback(inter).data["content"] == "Layoffs at Meta"


async def test_harness_is_offline(no_network: list[str]) -> None:
    # Offline (the no_network fixture checks); how fast is not asserted: the machine may be busy.
    async with DiscordHarness(ToyBot()) as h:
        inter = await h.slash("private")
        assert h.recorder.callbacks(inter)


async def test_non_persistent_view_click_updates_the_message(harness: DiscordHarness) -> None:
    inter = await harness.slash("vote")
    assert harness.recorder.callback(inter).type == 4
    click = await harness.click("toy:vote")  # finds the latest message carrying the button
    update = harness.recorder.callback(click)
    assert update.type == 7
    assert update.data["components"][0]["components"][0]["label"] == "Useful (1)"
    again = await harness.click("toy:vote", update.response["resource"]["message"])
    label = harness.recorder.callback(again).data["components"][0]["components"][0]["label"]
    assert label == "Useful (2)"
    with pytest.raises(DiscordWouldReject, match="no component"):
        await harness.click("toy:nope", update.response["resource"]["message"])


async def test_edit_original_and_fetch_it(harness: DiscordHarness) -> None:
    inter = await harness.slash("progress")
    calls = harness.recorder.for_interaction(inter)
    assert [(c.method, c.route.rsplit("/", 1)[-1]) for c in calls] == [
        ("POST", "callback"),
        ("PATCH", "@original"),
        ("PATCH", "@original"),
        ("GET", "@original"),
        ("POST", "{webhook_token}"),
    ]
    assert [e.json["content"] for e in harness.recorder.edits(inter)] == [
        "Searching...",
        "Found 3 sources",
    ]
    original_id = calls[0].response["interaction"]["response_message_id"]
    # answers(): the @original edits and the follow-up, in order (not the GET).
    assert harness.recorder.answers(inter) == [calls[1], calls[2], calls[4]]
    [followup] = harness.recorder.followups(inter)
    # The loading message was already edited, so this follow-up is a new message.
    assert followup.response["id"] != original_id
    assert followup.json["content"] == f"done editing {original_id}"
    assert harness.recorder.bodies(inter)[-1]["content"] == f"done editing {original_id}"


async def test_direct_message(harness: DiscordHarness) -> None:
    msg = await harness.message("hello bot", guild=False)
    assert msg is not None and msg.guild is None and isinstance(msg.channel, discord.DMChannel)
    assert msg.content == "hello bot"
    assert harness.recorder.calls[2:] == []


async def test_settle_after_wait_false(harness: DiscordHarness) -> None:
    inter = await harness.slash("ask", {"question": "q"}, wait=False)
    await harness.settle()
    assert len(harness.recorder.followups(inter)) == 1


async def test_network_guard_blocks_sockets_and_the_bot_session() -> None:
    with block_network() as attempts:
        async with DiscordHarness(ToyBot()) as h:
            with pytest.raises(NetworkBlocked):
                await h.bot.http.get_from_cdn("https://cdn.discordapp.com/avatars/1/a.png")
            with pytest.raises(NetworkBlocked):
                socket.create_connection(("discord.com", 443))
    assert attempts == ["socket.create_connection ('discord.com', 443)"]
