"""Story bodies an attacker would try, one per class of issue 18's finding 1.

Each is rendered body HTML (what Markdown passes through). ``EVIL`` is a host
no test ever reaches (the browser test aborts every request to another host
and records it). The policy must reject every one; the browser test shows
which of them run script or contact another host in Chromium when published
raw, and that bodies the policy accepts never do.
"""

from __future__ import annotations

EVIL = "evil.test"
FIRE = "alert(1)"

# (class of vector, body)
VECTORS: list[tuple[str, str]] = [
    ("abrupt comment", f"<!--><img src=x onerror={FIRE}>-->"),
    ("abrupt comment, three dashes", f"<!---><img src=x onerror={FIRE}>-->"),
    ("comment closed by --!>", f"<!-- a --!><img src=x onerror={FIRE}>-->"),
    ("CDATA outside foreign content", f"<![CDATA[><img src=x onerror={FIRE}>]]>"),
    ("processing instruction", f"<?x ><img src=x onerror={FIRE}>?>"),
    ("style in math", f"<math><style><img src=x onerror={FIRE}></style></math>"),
    ("style in svg", f"<svg><style><img src=x onerror={FIRE}></style></svg>"),
    (
        "math mglyph mutation",
        f"<math><mtext><table><mglyph><style><img src=x onerror={FIRE}>",
    ),
    (
        "duplicate attribute, first wins",
        f'<a href="javascript:{FIRE}" href="/ok">x</a>',
    ),
    ("duplicate attribute, last wins", f'<a href="/ok" href="javascript:{FIRE}">x</a>'),
    (
        "srcdoc on an allowed iframe",
        '<iframe src="https://www.youtube-nocookie.com/embed/x" title="v" '
        f'srcdoc="&lt;img src=x onerror={FIRE}&gt;"></iframe>',
    ),
    (
        "svg set rewrites href",
        f'<svg><a><set attributeName="href" to="javascript:{FIRE}"/>'
        '<text x="10" y="20">click</text></a></svg>',
    ),
    (
        "svg animate rewrites href",
        f'<svg><a><animate attributeName="href" values="javascript:{FIRE}"/>'
        '<text x="10" y="20">click</text></a></svg>',
    ),
    (
        "noscript mutation",
        f'<noscript><p title="</noscript><img src=x onerror={FIRE}>"></noscript>',
    ),
    ("xmp mutation", f'<xmp><p title="</xmp><img src=x onerror={FIRE}>"></xmp>'),
    (
        "noembed mutation",
        f'<noembed><p title="</noembed><img src=x onerror={FIRE}>"></noembed>',
    ),
    (
        "textarea mutation",
        f'<textarea><p title="</textarea><img src=x onerror={FIRE}>"></textarea>',
    ),
    (
        "iframe raw text mutation",
        f'<iframe><p title="</iframe><img src=x onerror={FIRE}>"></iframe>',
    ),
    ("title in body", f'<title><p title="</title><img src=x onerror={FIRE}>"></title>'),
    ("meta refresh", f'<meta http-equiv="refresh" content="0;url=http://{EVIL}/">'),
    (
        "base href",
        f'<base href="http://{EVIL}/"><img src="images/x.png" alt="">',
    ),
    ("style attribute url()", f'<p style="background:url(http://{EVIL}/a.png)">x</p>'),
    ("style element @import", f"<style>@import url(http://{EVIL}/a.css);</style>"),
    ("style element url()", f"<style>p{{background:url(//{EVIL}/b.png)}}</style>"),
    ("srcset", f'<img src="/images/x.png" srcset="http://{EVIL}/x.png" alt="">'),
    (
        "picture source srcset",
        f'<picture><source srcset="//{EVIL}/a.png"><img src="/a.png" alt=""></picture>',
    ),
    ("svg image", f'<svg><image href="http://{EVIL}/x.png"/></svg>'),
    ("html image element", f'<image src="http://{EVIL}/x.png">'),
    ("video poster", f'<video poster="//{EVIL}/p.png"></video>'),
    ("form action", f'<form action="http://{EVIL}/"><button>Go</button></form>'),
    ("button formaction", f'<button formaction="http://{EVIL}/">Go</button>'),
    (
        "iframe host after a backslash",
        f'<iframe src="https://{EVIL}\\@www.youtube-nocookie.com/" title="v"></iframe>',
    ),
    (
        "iframe userinfo",
        f'<iframe src="https://www.youtube-nocookie.com@{EVIL}/" title="v"></iframe>',
    ),
    ("iframe backslashes", f'<iframe src="https:\\\\{EVIL}/" title="v"></iframe>'),
    (
        "iframe lookalike host",
        f'<iframe src="https://player.vimeo.com.{EVIL}/" title="v"></iframe>',
    ),
    ("/\\host path", f'<img src="/\\{EVIL}/x.png" alt="">'),
    ("\\\\host path", f'<img src="\\\\{EVIL}/x.png" alt="">'),
    ("scheme-relative picture", f'<img src="//{EVIL}/x.png" alt="">'),
    ("link stylesheet", f'<link rel="stylesheet" href="//{EVIL}/x.css">'),
    ("object", f'<object data="https://{EVIL}/x"></object>'),
    ("embed", f'<embed src="https://{EVIL}/x">'),
    (
        "details ontoggle",
        f"<details open ontoggle={FIRE}><summary>x</summary></details>",
    ),
    ("javascript link", f'<a href="javascript:{FIRE}">x</a>'),
    (
        "data link",
        f'<a href="data:text/html,&lt;script&gt;{FIRE}&lt;/script&gt;">x</a>',
    ),
    ("attribute with > inside", f'<p title="a>b"><img src=x onerror={FIRE}></p>'),
    ("slash between attributes", f"<img/src=x/onerror={FIRE}>"),
]

# Bodies the policy accepts: ordinary news copy, and near misses of the above.
ACCEPTED: list[str] = [
    "<p>A scripture reading; a manuscript; the onset = late.</p>",
    "<p>&#8220;Quoted,&#8221; she said &#8212; then left.</p>",
    '<p><a href="https://example.org/a?b=1&amp;c=2">link</a></p>',
    '<p><a href="mailto:editor@example.org">mail</a> <a href="tel:+1407">call</a></p>',
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
    '<p><img src="/images/stem-wing.svg" alt="A wing"></p>',
    '<p><img src="/images/a.svg" srcset="/images/a.svg 1x, /b.svg 2x" alt=""></p>',
    '<iframe src="https://www.youtube-nocookie.com/embed/x" title="v"></iframe>',
    '<iframe src="https://player.vimeo.com/video/1" title="v"></iframe>',
    '<iframe src="HTTPS://PLAYER.VIMEO.COM./video/1" title="v"></iframe>',
    '<p><span class="caps">JNS</span> reports.</p>',
    "<p>1 &lt; 2 and 3 > 2; a < b.</p>",
    '<table><tr><th style="text-align: center;">A</th></tr></table>',
    '<figure><img src="/images/a.svg" alt="A"><figcaption>A</figcaption></figure>',
    '<p><a href="/\\example.org/">another site, by a link (not loaded)</a></p>',
    '<video src="/images/clip.mp4" poster="/images/p.png" controls></video>',
]
