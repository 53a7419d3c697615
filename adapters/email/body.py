"""The new text of a reply: the text part (or HTML as text) without quoted
history, signatures and disclaimers.

mail-parser-reply splits a body at reply headers; it is given Swedish and
English, which covers Outlook's "Från:/Skickat:/Till:/Ämne:", Gmail's "Den mån
30 nov. 2026 kl 12:00 skrev …:", Apple Mail's "30 nov. 2026 kl. 12:00 skrev
…:", their English forms, and signatures such as "-- " or "Med vänliga
hälsningar". Bulleted lines ("- på spår") would read as a signature to it, so
bullets are turned into "* " first.
"""

from __future__ import annotations

import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser

from mailparser_reply import EmailReplyParser

LANGUAGES = ["sv", "en"]
_PARSER = EmailReplyParser(languages=LANGUAGES)
_DASH_BULLET = re.compile(r"^([ \t]*)- (?=\S)", re.MULTILINE)
_BLANKS = re.compile(r"\n{3,}")
MAX_CHARS = 100_000


class _Text(HTMLParser):
    """HTML -> plain text: blocks become lines, quotes get "> ", scripts vanish."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "hr"})
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.quote = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "blockquote":
            self.quote += 1
            self.out.append("\n")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.out.append("\n")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.quote:
            data = "\n".join("> " * self.quote + line for line in data.split("\n"))
        self.out.append(data)

    def text(self) -> str:
        joined = "".join(self.out).replace("\xa0", " ")
        lines = [line.strip() for line in joined.split("\n")]
        return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html[:MAX_CHARS])
    parser.close()
    return parser.text()


def _part_text(part: Message) -> str:
    try:
        content = part.get_content() if isinstance(part, EmailMessage) else None
    except (LookupError, ValueError, AssertionError):
        content = None
    if not isinstance(content, str):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        content = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    return content[:MAX_CHARS]


def body_text(message: EmailMessage) -> str:
    """The message's text: text/plain preferred, else its HTML as text."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return _part_text(plain)
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return html_to_text(_part_text(html))
    return ""


def strip_reply(text: str) -> str:
    """The newest part of a reply, without quotes, signatures and disclaimers."""
    text = _DASH_BULLET.sub(r"\1* ", text.replace("\r\n", "\n")[:MAX_CHARS])
    replies = _PARSER.read(text).replies
    if not replies:
        return ""
    newest = replies[0].body
    kept = [line for line in newest.split("\n") if not line.lstrip().startswith(">")]
    return "\n".join(kept).strip()


def reply_text(message: EmailMessage) -> str:
    return strip_reply(body_text(message))
