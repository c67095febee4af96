"""A WordPress post body -> clean Markdown in our content model.

WordPress stores bodies half-made: classic posts as text whose blank lines
are paragraphs (``wpautop`` adds the ``<p>`` when showing them), with
shortcodes (``[caption]``, ``[gallery]``, ``[embed]``), bare video
addresses on a line of their own (oEmbed), ``<!--more-->`` and
``<!--nextpage-->``; block-editor posts as HTML between ``<!-- wp:… -->``
comments. ``WordPressBody.convert`` does what WordPress does when it shows a
post, then hands the HTML to the cleaning wire import uses
(plugins/core/html_markdown.py).

Pictures and embeds must come through that cleaning, which drops both, so
they are first replaced by a placeholder word (``WPMIGRATEPIC3X``) and put
back in our own forms afterwards: ``![alt](images/…)`` for a picture copied
from the uploads, an ``<iframe>`` for a video on a ``SAFE_EMBED_HOSTS`` host,
a plain link for any other embed. Everything else left out is a note.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from plugins.core.html_markdown import clean_html, plain_text, to_markdown

from .wxr import WxrSite

# --- wpautop ------------------------------------------------------------------

_ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset"
    r"|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption"
    r"|details|menu|summary|iframe)"
)


def wpautop(text: str) -> str:
    """Paragraphs from blank lines and <br> from single newlines, as WordPress's
    ``wpautop`` makes them (its main rules; ``<pre>`` kept as it is)."""
    if not text.strip():
        return ""
    pres: list[str] = []

    def keep_pre(match: re.Match[str]) -> str:
        pres.append(match.group(0))
        return f"<pre>WPMIGRATEPRE{len(pres) - 1}X</pre>"

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text, flags=re.S | re.I)
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(rf"(<{_ALL_BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</{_ALL_BLOCKS}>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", text)
    text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)",
        r"\1",
        text,
        flags=re.I,
    )
    return re.sub(r"<pre>WPMIGRATEPRE(\d+)X</pre>", lambda m: pres[int(m[1])], text)


# --- Shortcodes -----------------------------------------------------------------

_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# [name attrs]…[/name] or [name attrs] (self-closing, WordPress's rule for a
# shortcode without a closing tag).
_SHORTCODE = re.compile(
    r"\[(\[?)([a-zA-Z][\w-]*)(\s[^\]]*)?\](?:(.*?)\[/\2\])?(\]?)", re.S
)
# Shortcodes WordPress and its common plugins register: without attributes
# or a closing tag, anything else in brackets ("[sic]", "[1]") is text.
_KNOWN = frozenset(
    {
        "audio",
        "video",
        "playlist",
        "caption",
        "wp_caption",
        "gallery",
        "embed",
        "contact-form",
        "contact-form-7",
        "gravityform",
        "wpforms",
        "jetpack_subscription_form",
        "instagram",
        "tweet",
        "youtube",
        "vimeo",
        "soundcloud",
        "googlemaps",
    }
)


def shortcode_attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTRIBUTE.finditer(text or "")
    }


# --- Embeds ---------------------------------------------------------------------

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)


def embed_address(url: str) -> tuple[str, str] | None:
    """The player address and a title for a YouTube or Vimeo video, else None."""
    parts = urlsplit(html.unescape(url.strip()))
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|v)/([^/?#]+)", parts.path)
            video = match.group(1) if match else ""
        if _YOUTUBE_ID.match(video):
            return (
                f"https://www.youtube-nocookie.com/embed/{video}",
                "Video from YouTube",
            )
    elif host == "youtu.be":
        video = parts.path.strip("/")
        if _YOUTUBE_ID.match(video):
            return (
                f"https://www.youtube-nocookie.com/embed/{video}",
                "Video from YouTube",
            )
    elif host in ("vimeo.com", "player.vimeo.com"):
        match = re.search(r"/(\d+)(?:/|$)", parts.path)
        if match:
            return (
                f"https://player.vimeo.com/video/{match.group(1)}",
                "Video from Vimeo",
            )
    return None


def embed_html(src: str, title: str) -> str:
    """Our embed form: a plain <iframe> on a safe host, with a title."""
    return (
        f'<iframe src="{src}" title="{title}" loading="lazy" allowfullscreen></iframe>'
    )


# The tags migration writes besides to_markdown's, each in the one form it
# writes them (as rendered by our Markdown reader): for DraftCheck.
def allowed_tags(embed_hosts: Iterable[str]) -> re.Pattern[str]:
    hosts = "|".join(re.escape(h.lower()) for h in embed_hosts) or "(?!)"
    return re.compile(
        r'<img alt="[^"<>]*" src="images/[A-Za-z0-9/._-]+"\s*/?>'
        rf'|<iframe src="https://(?:{hosts})/[A-Za-z0-9/_-]+" title="[A-Za-z ]+" '
        r'loading="lazy" allowfullscreen>'
        r"|</iframe>"
    )


# --- Pictures ---------------------------------------------------------------------


@dataclass(frozen=True)
class BodyPicture:
    url: str
    alt: str
    caption: str


# The place of a picture in the copy as it is found: where it can be had
# ("images/…" or "" and the reason it cannot).
PictureFinder = Callable[[str], tuple[str, str]]


@dataclass
class Converted:
    markdown: str
    # One line per thing left out or changed, for the report.
    notes: list[str] = field(default_factory=list)
    # Pictures in the body, as (source address, images/… path).
    pictures: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 1


_TOKEN = re.compile(r"WPMIGRATE(PIC|EMBED)(\d+)X")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*/?-->(.*?)"
    r"(?:<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->|$)",
    re.S,
)


class WordPressBody:
    """Converts the bodies of one export (its attachments, our embed hosts)."""

    def __init__(
        self,
        site: WxrSite,
        embed_hosts: Iterable[str],
        find: PictureFinder,
        classic: bool = True,
    ) -> None:
        # classic: bodies without blocks are WordPress's half-made text
        # (wpautop, bare video addresses); False for finished HTML (Ghost).
        self.classic = classic
        self.site = site
        self.hosts = frozenset(h.lower() for h in embed_hosts)
        self.find = find

    def convert(self, text: str, post_id: str, base_url: str, title: str) -> Converted:
        result = Converted("")
        pictures: list[BodyPicture] = []
        embeds: list[str] = []
        pages = re.split(r"<!--\s*nextpage\s*-->", text)
        result.pages = len(pages)
        if len(pages) > 1:
            result.notes.append(f"{len(pages)} pages (<!--nextpage-->) joined into one")
        text = "\n\n".join(pages)
        text = re.sub(r"<!--\s*more\b.*?-->", "\n\n", text, flags=re.S)

        def embed_token(url: str) -> str:
            embeds.append(url)
            return f"\n\nWPMIGRATEEMBED{len(embeds) - 1}X\n\n"

        blocks = "<!-- wp:" in text
        if blocks:
            text = _EMBED_BLOCK.sub(
                lambda m: embed_token(_block_url(m.group(1), m.group(2))), text
            )
            text = _BLOCK_COMMENT.sub("", text)
        text = self._shortcodes(text, post_id, result.notes, embed_token)
        if not blocks and self.classic:
            text = _BARE_URL_LINE.sub(lambda m: embed_token(m.group(1)), text)
            text = wpautop(text)
        soup = BeautifulSoup(text, "html.parser")
        # Players first: a figure around an <iframe> (an embed card) must not
        # take the player with it.
        self._take_iframes(soup, embed_token, result.notes)
        self._take_pictures(soup, pictures, result.notes)
        body = to_markdown(clean_html(str(soup), base_url, title))
        result.markdown = self._put_back(body, pictures, embeds, result)
        return result

    # Shortcodes -> HTML (figures), tokens (embeds) or their inner text.
    def _shortcodes(
        self,
        text: str,
        post_id: str,
        notes: list[str],
        embed_token: Callable[[str], str],
    ) -> str:
        def replace(match: re.Match[str]) -> str:
            if match.group(1) and match.group(5):  # [[escaped]] shortcode
                return match.group(0)[1:-1]
            name = match.group(2).lower()
            attributes = shortcode_attributes(match.group(3) or "")
            inner = match.group(4)
            if name not in _KNOWN and inner is None and not attributes:
                return match.group(0)  # "[sic]": text, not a shortcode
            if name in ("caption", "wp_caption"):
                inner = inner or ""
                caption = attributes.get("caption", "")
                if not caption:
                    caption = re.sub(
                        r"^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", "", inner
                    )
                    inner = inner[: len(inner) - len(caption)]
                caption = f"<figcaption>{caption.strip()}</figcaption>"
                return f"<figure>{inner}{caption}</figure>"
            if name == "gallery":
                ids = [
                    i.strip() for i in attributes.get("ids", "").split(",") if i.strip()
                ]
                if not ids:
                    ids = self.site.children.get(post_id, [])
                figures = []
                for number in ids:
                    attachment = self.site.attachments.get(number)
                    if attachment is None:
                        notes.append(
                            f"[gallery]: attachment {number} is not in the export"
                        )
                        continue
                    figures.append(
                        f'<figure><img src="{html.escape(attachment.url)}" '
                        f'alt="{html.escape(attachment.alt)}">'
                        f"<figcaption>{html.escape(attachment.caption)}</figcaption></figure>"
                    )
                return "\n\n" + "\n\n".join(figures) + "\n\n"
            if name == "embed":
                return embed_token(plain_text(inner or attributes.get("src", "")))
            if name in ("youtube", "vimeo") and (inner or attributes.get("url")):
                return embed_token(plain_text(inner or attributes.get("url", "")))
            notes.append(f"shortcode [{name}] left out (its text kept)")
            return self._shortcodes(inner or "", post_id, notes, embed_token)

        return _SHORTCODE.sub(replace, text)

    def _take_pictures(
        self, soup: BeautifulSoup, pictures: list[BodyPicture], notes: list[str]
    ) -> None:
        """Each figure or picture becomes a placeholder paragraph (+ caption)."""

        def token(img: Tag, caption: str) -> list[Tag | str]:
            src = img.get("src") or ""
            pictures.append(
                BodyPicture(
                    str(src), " ".join(str(img.get("alt") or "").split()), caption
                )
            )
            paragraph = soup.new_tag("p")
            paragraph.string = f"WPMIGRATEPIC{len(pictures) - 1}X"
            parts: list[Tag | str] = [paragraph]
            if caption:
                caption_p = soup.new_tag("p")
                emphasis = soup.new_tag("em")
                emphasis.string = caption
                caption_p.append(emphasis)
                parts.append(caption_p)
            return parts

        for figure in soup.find_all("figure"):
            images = figure.find_all("img")
            if not images:
                # An embed card (its player already a placeholder), a quote:
                # what it holds stays.
                figure.unwrap()
                continue
            caption_tag = figure.find("figcaption")
            caption = plain_text(str(caption_tag)) if caption_tag else ""
            parts: list[Tag | str] = []
            for number, img in enumerate(images):
                parts += token(img, caption if number == len(images) - 1 else "")
            for part in reversed(parts):
                figure.insert_after(part)
            figure.decompose()
        for img in soup.find_all("img"):
            holder: Tag = img
            # A picture linked to its own full-size file: the link goes too.
            if (
                img.parent is not None
                and img.parent.name == "a"
                and not img.parent.get_text(strip=True)
            ):
                holder = img.parent
            parts = token(img, "")
            for part in reversed(parts):
                holder.insert_after(part)
            holder.decompose()

    def _take_iframes(
        self,
        soup: BeautifulSoup,
        embed_token: Callable[[str], str],
        notes: list[str],
    ) -> None:
        """Pasted <iframe> players become embeds like [embed]."""
        for frame in soup.find_all("iframe"):
            src = str(frame.get("src") or "")
            if src.startswith("//"):
                src = "https:" + src
            frame.replace_with(embed_token(src) if src else "")

    def _put_back(
        self,
        body: str,
        pictures: list[BodyPicture],
        embeds: list[str],
        result: Converted,
    ) -> str:
        def replace(match: re.Match[str]) -> str:
            number = int(match.group(2))
            if match.group(1) == "EMBED":
                return self._embed(embeds[number], result.notes)
            return self._picture(pictures[number], result)

        body = _TOKEN.sub(replace, body)
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        return body + "\n" if body else ""

    def _embed(self, url: str, notes: list[str]) -> str:
        found = embed_address(url)
        if found and urlsplit(found[0]).hostname in self.hosts:
            return "\n\n" + embed_html(*found) + "\n\n"
        link = url if urlsplit(url).scheme in ("http", "https") else ""
        if not link:
            notes.append(f"embed {url!r} left out (not a web address)")
            return ""
        notes.append(f"embed {url} kept as a link (not on SAFE_EMBED_HOSTS)")
        markdown = to_markdown(
            clean_html(f'<p><a href="{html.escape(link)}">{html.escape(link)}</a></p>')
        )
        return "\n\n" + markdown.strip() + "\n\n"

    def _picture(self, picture: BodyPicture, result: Converted) -> str:
        path, problem = self.find(picture.url)
        alt = picture.alt or picture.caption
        if not path:
            result.notes.append(f"picture not brought: {picture.url} ({problem})")
            return ""
        if not alt:
            result.notes.append(
                f"picture left out: {picture.url} (no alt text or caption)"
            )
            return ""
        result.pictures.append((picture.url, path))
        return f"\n\n![{_alt_text(alt)}]({path})\n\n"


def _alt_text(text: str) -> str:
    """Alt text that cannot end the Markdown image early."""
    text = " ".join(text.split()).replace("\\", "\\\\")
    return re.sub(
        r"([\[\]`*_<>&])",
        lambda m: (
            "\\" + m.group(1)
            if m.group(1) not in "<>&"
            else {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[m.group(1)]
        ),
        text,
    )


def _block_url(attributes: str, inner: str) -> str:
    try:
        url = json.loads(attributes).get("url", "")
    except (ValueError, AttributeError):
        url = ""
    if not url:
        match = re.search(r"https?://[^\s<>\"]+", inner)
        url = match.group(0) if match else ""
    return str(url)
