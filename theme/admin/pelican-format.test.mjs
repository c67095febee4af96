// Unit tests of the "pelican" format (node --test theme/admin/; pytest runs
// them through tests/test_web_editor_format.py).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { LAYOUT, pelicanFormat, slugOf } from "./pelican-format.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// The content model as the generated admin page declares it (a subset).
const MODEL = {
  keys: { source_url: "Source_URL", image_alt: "Image_Alt", title: "Title" },
  repeated: ["correction"],
  lists: ["authors"],
};
const STORY_ORDER = [
  "title", "date", "modified", "correction", "category", "tags", "authors",
  "summary", "source", "source_url", "dateline", "image", "image_alt",
  "image_caption", "image_credit", "image_focus", "status", "comments",
  "related", "slug", "body",
];
const { fromFile, toFile } = pelicanFormat(MODEL);

function markdownFiles(folder) {
  const found = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...markdownFiles(path));
    else if (name.endsWith(".md")) found.push(path);
  }
  return found;
}

// Every Markdown file of the sample site and of the tests' fixtures that is
// text (one fixture is deliberately not UTF-8).
const SAMPLES = [...markdownFiles(join(ROOT, "content")), ...markdownFiles(join(ROOT, "tests"))]
  .map((path) => ({ path: relative(ROOT, path), bytes: readFileSync(path) }))
  .filter(({ bytes }) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  });

test("there are samples to round-trip", () => {
  assert.ok(SAMPLES.filter(({ path }) => path.startsWith("content/")).length >= 20);
  assert.ok(SAMPLES.filter(({ path }) => path.startsWith("tests/")).length >= 20);
});

for (const { path, bytes } of SAMPLES) {
  test(`round trip keeps ${path} byte for byte`, () => {
    const text = bytes.toString("utf-8");
    assert.equal(toFile(fromFile(text), STORY_ORDER), text);
  });
}

for (const { path, bytes } of SAMPLES.filter(({ path }) => /^content\/(?!pages|authors|events|comments)/.test(path))) {
  test(`a new headline changes only the Title line of ${path} (and pins its address)`, () => {
    const text = bytes.toString("utf-8");
    const data = fromFile(text);
    const changed = toFile({ ...data, title: "A Brand New Headline" }, STORY_ORDER);
    const lines = (t) => t.slice(0, t.length - data.body.length).split("\n");
    const before = lines(text);
    const after = lines(changed);
    assert.ok(changed.endsWith(data.body));
    assert.equal(after.filter((line) => !before.includes(line)).join("\n"), [
      "Title: A Brand New Headline",
      ...("slug" in data ? [] : [`Slug: ${slugOf(data.title)}`]),
    ].join("\n"));
    assert.deepEqual(before.filter((line) => !after.includes(line)), [`Title: ${data.title}`]);
  });
}

const STORY = `Title: Maitland Shul Marks 100 Years
Date: 2026-11-20 09:30
Correction: 2026-11-21 10:00 — The shul was founded in 1926,
    not 1927.
Correction: 2026-11-22 08:00 — Its rabbi is Ruth Adler.
Category: Local
Tags: synagogues, history
Authors: Sarah Lev,Aaron Weiss
source_url: https://example.org/a
X-Desk: metro
Status: published

The first paragraph.

## A subhead
`;

test("reads keys in lower case, lists, repeated keys and continuation lines", () => {
  const data = fromFile(STORY);
  assert.equal(data.title, "Maitland Shul Marks 100 Years");
  assert.equal(data.date, "2026-11-20 09:30");
  assert.deepEqual(data.correction, [
    "2026-11-21 10:00 — The shul was founded in 1926, not 1927.",
    "2026-11-22 08:00 — Its rabbi is Ruth Adler.",
  ]);
  assert.equal(data.tags, "synagogues, history");
  assert.deepEqual(data.authors, ["Sarah Lev", "Aaron Weiss"]);
  assert.equal(data.source_url, "https://example.org/a");
  assert.equal(data["x-desk"], "metro");
  assert.equal(data.body, "The first paragraph.\n\n## A subhead\n");
});

test("a changed field is rewritten in place, the rest untouched", () => {
  const data = fromFile(STORY);
  const out = toFile({ ...data, tags: "synagogues,  history, maitland", status: "draft" }, STORY_ORDER);
  assert.equal(
    out,
    STORY.replace("Tags: synagogues, history", "Tags: synagogues, history, maitland").replace(
      "Status: published",
      "Status: draft",
    ),
  );
});

test("the body is written back untouched, whatever it holds", () => {
  const body = "  Indented first line\n\nTitle: not a key here\n\n\n   \ttrailing spaces   \n";
  const text = `Title: T\nDate: 2026-01-01 10:00\nCategory: News\nSlug: t\n\n${body}`;
  const data = fromFile(text);
  assert.equal(data.body, body);
  assert.equal(toFile({ ...data, title: "U" }, STORY_ORDER), text.replace("Title: T", "Title: U"));
});

test("a new key goes where the content model puts it; a cleared key goes away", () => {
  const text = "Title: T\nDate: 2026-01-01 10:00\nCategory: News\nStatus: published\n\nBody.\n";
  const data = fromFile(text);
  const out = toFile({ ...data, summary: "A dek\nover two lines.", image_alt: "x", status: "" }, STORY_ORDER);
  assert.equal(
    out,
    "Title: T\nDate: 2026-01-01 10:00\nCategory: News\nSummary: A dek over two lines.\nImage_Alt: x\n\nBody.\n",
  );
});

test("a correction added to a list is written as one more line, the others kept", () => {
  const data = fromFile(STORY);
  const out = toFile({ ...data, correction: [...data.correction, "2026-11-23 09:00 — A third."] }, STORY_ORDER);
  assert.match(out, /Correction: 2026-11-21 10:00 — The shul was founded in 1926, not 1927.\nCorrection: 2026-11-22 08:00 — Its rabbi is Ruth Adler.\nCorrection: 2026-11-23 09:00 — A third.\nCategory: Local/);
});

test("authors chosen in the form are written as a comma list", () => {
  const data = fromFile(STORY);
  const out = toFile({ ...data, authors: ["Sarah Lev"] }, STORY_ORDER);
  assert.match(out, /\nAuthors: Sarah Lev\n/);
});

test("a new story is written in model order, with its slug from the headline", () => {
  const out = toFile(
    {
      body: "Text.\n",
      status: "published",
      title: "Café Owner’s 100-Year Menu: “Latkes & More”",
      date: "2026-12-01 09:00",
      category: "Local",
      authors: ["Sarah Lev", "Aaron Weiss"],
      image: "images/cafe.jpg",
      image_alt: "The café's counter.",
      correction: [],
    },
    STORY_ORDER,
  );
  assert.equal(
    out,
    "Title: Café Owner’s 100-Year Menu: “Latkes & More”\nDate: 2026-12-01 09:00\nCategory: Local\n" +
      "Authors: Sarah Lev, Aaron Weiss\nImage: images/cafe.jpg\nImage_Alt: The café's counter.\n" +
      "Status: published\nSlug: cafe-owners-100-year-menu-latkes-more\n\nText.\n",
  );
});

test("a headline edit of a story without a Slug keeps the old address", () => {
  const text = "Title: Old Headline\nDate: 2026-01-01 10:00\nCategory: News\n\nBody.\n";
  const out = toFile({ ...fromFile(text), title: "New Headline" }, STORY_ORDER);
  assert.equal(out, "Title: New Headline\nDate: 2026-01-01 10:00\nCategory: News\nSlug: old-headline\n\nBody.\n");
});

test("a collection without slugs (events, profiles) never gets one", () => {
  const text = "Name: Sarah Lev\nRole: Reporter\n\nBio.\n";
  const out = toFile({ ...fromFile(text), role: "Editor" }, ["name", "role", "body"]);
  assert.equal(out, "Name: Sarah Lev\nRole: Editor\n\nBio.\n");
});

test("slugs follow the site's rules", () => {
  assert.equal(slugOf("Maitland Shul Marks 100 Years"), "maitland-shul-marks-100-years");
  assert.equal(slugOf("Kol Ha'Emek -- a “new” era"), "kol-haemek-a-new-era");
  assert.equal(slugOf("שלום"), "");
  const long = slugOf("word ".repeat(40));
  assert.ok(long.length <= 100 && !long.endsWith("-"));
});

test("a byte-order mark and CRLF line ends survive", () => {
  const text = "\ufeffTitle: T\r\nDate: 2026-01-01 10:00\r\n\r\nBody.\r\n";
  const data = fromFile(text);
  assert.equal(data.title, "T");
  assert.equal(toFile(data, STORY_ORDER), text);
  assert.ok(LAYOUT in data);
});
