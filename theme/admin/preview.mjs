// The story preview of the web editor: headline, dek, byline, dateline, lead
// photo, body and the wire credit, in the markup of the story page
// (theme/templates/article.html and its partials), styled by the site's CSS.
// Text is given to React as text, never as HTML.

// "A", "A and B", "A, B and C", as the byline partial writes them.
export function joinNames(names) {
  if (names.length < 2) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

// The byline of partials/byline.html: "By Jane Roe / JNS", "By JNS Staff".
export function bylineText(authors, source) {
  if (authors.length) return `By ${joinNames(authors)}${source ? ` / ${source.short}` : ""}`;
  return source ? `By ${source.byline}` : "";
}

// The dateline the build puts before the first paragraph
// (plugins/source_attribution/dateline.py): "JERUSALEM (JNS) —", "ORLANDO —".
export function datelineText(place, source) {
  const parts = [String(place || "").trim().replace(/'/g, "\u2019"), source ? `(${source.short})` : ""];
  const shown = parts.filter(Boolean).join(" ");
  return shown ? `${shown} \u2014` : "";
}

function asList(value) {
  if (!value) return [];
  if (typeof value === "string") return value.split(",").map((v) => v.trim()).filter(Boolean);
  return (value.toJS ? value.toJS() : Array.from(value)).map(String);
}

// A preview component for Decap's registerPreviewTemplate; `h` is React's
// createElement (window.h in Decap's bundle).
export function storyPreview(h, model) {
  return function StoryPreview({ entry, widgetFor, getAsset }) {
    const get = (name) => entry.getIn(["data", name]);
    const source = model.sources[get("source")] || null;
    const authors = asList(get("authors"));
    const byline = bylineText(authors, source);
    const dateline = datelineText(get("dateline"), source);
    const image = get("image");
    const caption = get("image_caption");
    const credit = get("image_credit");
    const imageUrl = image && getAsset(image);
    return h(
      "article",
      { className: "story" },
      h(
        "header",
        { className: "story-header" },
        get("category") && h("p", { className: "section-label" }, get("category")),
        h("h1", null, get("title") || ""),
        get("summary") && h("p", { className: "dek" }, get("summary")),
        h(
          "p",
          { className: "story-meta" },
          byline && h("span", { className: "byline" }, byline),
          " ",
          get("date") && h("time", null, get("date")),
        ),
      ),
      image &&
        h(
          "figure",
          { className: "story-image" },
          h("img", { src: imageUrl ? imageUrl.toString() : "", alt: get("image_alt") || caption || "" }),
          (caption || credit) &&
            h(
              "figcaption",
              null,
              caption && h("span", { className: "caption" }, caption),
              " ",
              credit && h("span", { className: "credit" }, credit),
            ),
        ),
      h(
        "div",
        { className: "story-body" },
        dateline && h("p", { className: "preview-dateline" }, h("span", { className: "dateline" }, dateline)),
        widgetFor("body"),
      ),
      source && h("p", { className: "credit-line" }, source.credit),
    );
  };
}
