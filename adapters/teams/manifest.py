"""The Teams app package: manifest.json (Swedish), its English localization
and the two icons, zipped, ready to upload in the Teams admin center.

Only what the door answers is declared: the bot in personal chats, teams and
group chats, its commands (members' and moderators', a list per scope), and
the two message actions ("Spara som
mötesanteckning", "Spara som beslut": adapters/teams/actions.py). The icons
are drawn here (a disc on Samverka's green, and its white outline) so the
package needs no image files.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from typing import Any
from urllib.parse import urlsplit

from services.i18n import N_, translator

MANIFEST_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
)
MANIFEST_VERSION = "1.17"
ACCENT = (0x1F, 0x6F, 0x50)  # Samverka's green
# (Swedish word, English word, what it does): the door reads both
# (services/chat_commands.py).
COMMANDS = (
    ("status", "status", N_("Your initiatives and their health")),
    ("incheckning", "checkin", N_("Answer your open check-in")),
    ("beslut", "decision", N_("Record a decision in a meeting")),
    ("anteckning", "note", N_("Write a meeting note")),
    ("dagordning", "agenda", N_("Add an item to the next meeting")),
    ("möten", "meetings", N_("Your coming meetings")),
    ("språk", "language", N_("Change language: en or sv")),
    ("hjälp", "help", N_("What you can write to Samverka")),
)
# What a moderator or secretary writes (adapters/teams/moderator.py).
MODERATOR_COMMANDS = (
    ("möte ny", "meeting new", N_("Schedule a new meeting series")),
    ("möte bjud in", "meeting invite", N_("Invite people to a series")),
    ("möte flytta", "meeting move", N_("Move one meeting")),
    ("möte ställ in", "meeting cancel", N_("Cancel one meeting")),
    ("möte avsluta", "meeting end", N_("End a series")),
    ("närvaro", "attendance", N_("Record who is at today's meeting")),
    ("stäng mötet", "close meeting", N_("Close the meeting and send the minutes")),
    ("utvärdering", "evaluate", N_("Answer a series' evaluation")),
)
SCOPES = ["personal", "team", "groupChat"]
# Teams suggests at most ten commands per scope (one list each): the
# members' in personal and group chats; in a team's channels, where a
# series' meetings are held, the moderators', with `möten` and `hjälp`.
# Every command is answered in every scope; `hjälp` lists them all.
COMMAND_LISTS = (
    ("personal", COMMANDS),
    ("team", (*MODERATOR_COMMANDS, COMMANDS[5], COMMANDS[7])),
    ("groupChat", COMMANDS),
)
# (command id the door reads, title, what it does): message actions.
MESSAGE_ACTIONS = (
    ("saveNote", N_("Save as meeting note"), N_("Save this message in the meeting's minutes")),
    ("saveDecision", N_("Save as decision"), N_("Save this message as a decision of the meeting")),
)


def _png(
    size: int, background: tuple[int, int, int, int], disc: tuple[int, int, int, int]
) -> bytes:
    """A square RGBA PNG: `disc` on `background`."""
    centre, radius = (size - 1) / 2, size * 0.36
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter: none
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre) ** 2 <= radius**2
            row += bytes(disc if inside else background)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def icons() -> dict[str, bytes]:
    white, clear = (255, 255, 255, 255), (0, 0, 0, 0)
    return {
        "color.png": _png(192, (*ACCENT, 255), white),
        "outline.png": _png(32, clear, white),
    }


def _commands(lang: str, commands: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
    tr = translator(lang)
    return [
        {"title": sv if lang == "sv" else en, "description": tr.gettext(text)}
        for sv, en, text in commands
    ]


def _command_lists(lang: str) -> list[dict[str, Any]]:
    return [
        {"scopes": [scope], "commands": _commands(lang, commands)}
        for scope, commands in COMMAND_LISTS
    ]


def _message_actions(lang: str) -> list[dict[str, Any]]:
    tr = translator(lang)
    return [
        {
            "id": command,
            "type": "action",
            "context": ["message"],
            "title": tr.gettext(title),
            "description": tr.gettext(text),
            "fetchTask": True,
        }
        for command, title, text in MESSAGE_ACTIONS
    ]


def manifest(app_id: str, url: str, version: str) -> dict[str, Any]:
    base = url.rstrip("/")
    host = urlsplit(base).hostname or base
    sv = translator("sv")
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "localizationInfo": {
            "defaultLanguageTag": "sv-se",
            "additionalLanguages": [{"languageTag": "en-us", "file": "en-us.json"}],
        },
        "developer": {
            "name": "Samverka",
            "websiteUrl": base,
            "privacyUrl": f"{base}/",
            "termsOfUseUrl": f"{base}/",
        },
        "name": {"short": "Samverka", "full": "Samverka"},
        "description": {
            "short": sv.gettext(DESCRIPTION_SHORT),
            "full": sv.gettext(DESCRIPTION_FULL),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": app_id,
                "scopes": SCOPES,
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": _command_lists("sv"),
            }
        ],
        "composeExtensions": [{"botId": app_id, "commands": _message_actions("sv")}],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


DESCRIPTION_SHORT = N_("Check-ins, meetings and decisions of your collaboration")
DESCRIPTION_FULL = N_(
    "Samverka keeps the shared plan of a collaboration: answer check-ins, see your "
    "initiatives and your coming meetings, in Swedish or English."
)


def localization(lang: str) -> dict[str, Any]:
    """The manifest's texts in another language (Teams' localization file)."""
    tr = translator(lang)
    found: dict[str, Any] = {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.Localization.schema.json",
        "name.short": "Samverka",
        "name.full": "Samverka",
        "description.short": tr.gettext(DESCRIPTION_SHORT),
        "description.full": tr.gettext(DESCRIPTION_FULL),
    }
    for index, listed in enumerate(_command_lists(lang)):
        for number, command in enumerate(listed["commands"]):
            at = f"bots[0].commandLists[{index}].commands[{number}]"
            found[f"{at}.title"] = command["title"]
            found[f"{at}.description"] = command["description"]
    for number, action in enumerate(_message_actions(lang)):
        found[f"composeExtensions[0].commands[{number}].title"] = action["title"]
        found[f"composeExtensions[0].commands[{number}].description"] = action["description"]
    return found


def package(app_id: str, url: str, version: str = "1.0.0") -> bytes:
    """The zip to upload: manifest.json, en-us.json and the icons at its root."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(manifest(app_id, url, version), indent=2, ensure_ascii=False),
        )
        archive.writestr("en-us.json", json.dumps(localization("en"), indent=2, ensure_ascii=False))
        for name, data in icons().items():
            archive.writestr(name, data)
    return out.getvalue()
