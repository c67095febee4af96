// The "pelican" custom format of the web editor (Decap CMS): our story files,
// `Key: value` lines, a blank line, then the Markdown body, read and written
// both ways (CMS.registerCustomFormat takes synchronous fromFile and toFile).
//
// A file is read the way our reader reads it (Python-Markdown's meta
// extension): a key line is `Key: value` with at most three spaces before it,
// a line indented four spaces or more continues the value above, and the
// header ends at the first blank line or the first line that is neither.
//
// Writing keeps the file as it was wherever the editor changed nothing: the
// header as read is carried in the entry's data (LAYOUT, a field the forms do
// not show), and a key whose value did not change is written back exactly as
// it stood (spelling, spacing, continuation lines, position). A changed key
// is rewritten in place; a new key goes where the content model orders it;
// unknown keys stay. The body is written back untouched.

// The entry field that carries the header as read (never a metadata key:
// keys are letters, digits, "_" and "-" and never start with "_" here).
export const LAYOUT = "_pelican_layout";

const KEY_LINE = /^ {0,3}([A-Za-z0-9_-]+):([^\n]*)$/;
const MORE_LINE = /^ {4,}([^\n]*)$/;
const SLUG_MAX = 100;

// The header entries of `text`: [{name, key, raw, value}] in file order, and
// where the header ends (the index of the first character after it).
function readHeader(text) {
  const entries = [];
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf("\n", at);
    const end = newline === -1 ? text.length : newline + 1;
    const line = text.slice(at, newline === -1 ? text.length : newline);
    if (line.trim() === "") break;
    const key = KEY_LINE.exec(line);
    const more = MORE_LINE.exec(line);
    if (key) {
      entries.push({
        name: key[1].toLowerCase(),
        key: key[1],
        raw: text.slice(at, end),
        value: key[2].trim(),
      });
    } else if (more && entries.length) {
      const last = entries[entries.length - 1];
      last.raw += text.slice(at, end);
      last.value = `${last.value} ${more[1].trim()}`.trim();
    } else {
      break;
    }
    at = end;
  }
  return { entries, end: at };
}

function splitList(value) {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item);
}

// One line of text: what our writer does to a value (story_file_text).
function oneLine(value) {
  return String(value).split(/\s+/).filter(Boolean).join(" ");
}

// The slug our build makes of a title (plugins/core/slugs.py): letters
// without their accents, lower case, other characters as hyphens, cut at a
// word to SLUG_MAX characters. Titles in other scripts give "" (the build then
// uses the file name).
export function slugOf(title) {
  let slug = String(title)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_-]+/g, "-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length > SLUG_MAX) {
    const cut = slug.lastIndexOf("-", SLUG_MAX);
    slug = slug.slice(0, cut > 0 ? cut : SLUG_MAX).replace(/-+$/, "");
  }
  return slug;
}

// The format for a content model: `model.keys` maps a field name (a key in
// lower case) to the key as the README writes it ("source_url" ->
// "Source_URL"); `model.repeated` are keys given once per line, read as a
// list (Correction); `model.lists` are comma-separated keys read as a list
// (Authors, for the relation widget).
export function pelicanFormat(model = {}) {
  const spelled = model.keys || {};
  const repeated = new Set(model.repeated || []);
  const lists = new Set(model.lists || []);

  function keyOf(name) {
    if (spelled[name]) return spelled[name];
    return name.replace(/(^|_)([a-z])/g, (_, bar, letter) => bar + letter.toUpperCase());
  }

  function fromFile(content) {
    const bom = content.startsWith("\ufeff");
    const text = bom ? content.slice(1) : content;
    const { entries, end } = readHeader(text);
    let rest = text.slice(end);
    let separator = "";
    const blank = /^[ \t\r]*(\n|$)/.exec(rest);
    if (entries.length && blank && rest.length) {
      separator = blank[0];
      rest = rest.slice(separator.length);
    }
    const data = {};
    for (const entry of entries) {
      if (repeated.has(entry.name)) {
        (data[entry.name] ||= []).push(entry.value);
      } else if (!(entry.name in data)) {
        data[entry.name] = lists.has(entry.name) ? splitList(entry.value) : entry.value;
      }
    }
    data.body = rest;
    data[LAYOUT] = { header: text.slice(0, end), separator, bom };
    return data;
  }

  // The value of `name` as the lines it is written on ([] when empty).
  function linesOf(name, value) {
    if (value === undefined || value === null) return [];
    const key = keyOf(name);
    if (repeated.has(name)) {
      const items = Array.isArray(value) ? value : [value];
      return items.map(oneLine).filter(Boolean).map((item) => `${key}: ${item}\n`);
    }
    const text = Array.isArray(value) ? value.map(oneLine).filter(Boolean).join(", ") : oneLine(value);
    return text ? [`${key}: ${text}\n`] : [];
  }

  // True when the editor left `name` as the file had it.
  function unchanged(name, before, value) {
    if (repeated.has(name)) {
      const items = value === undefined || value === null ? [] : [].concat(value);
      return JSON.stringify(items.map(oneLine)) === JSON.stringify(before.map(oneLine));
    }
    const was = lists.has(name) ? splitList(before[0]).join(", ") : oneLine(before[0]);
    const now = Array.isArray(value) ? value.map(oneLine).filter(Boolean).join(", ") : oneLine(value ?? "");
    return was === now;
  }

  function toFile(data, sortedKeys = []) {
    const layout = data[LAYOUT] || { header: "", separator: "\n", bom: false };
    const { entries } = readHeader(layout.header);
    const values = { ...data };
    delete values[LAYOUT];
    const body = values.body ?? "";
    delete values.body;

    // A story keeps the address it was first published at: a slug is written
    // at creation, and a headline edit of a file without one writes the slug
    // the old headline gave.
    const had = new Set(entries.map((entry) => entry.name));
    if (sortedKeys.includes("slug") && !values.slug && !had.has("slug")) {
      const title = entries.find((entry) => entry.name === "title");
      const newTitle = oneLine(values.title ?? "");
      if (!title || oneLine(title.value) !== newTitle) {
        const slug = slugOf(title ? title.value : newTitle);
        if (slug) values.slug = slug;
      }
    }

    const before = {};
    for (const entry of entries) (before[entry.name] ||= []).push(entry.value);
    const written = new Set();
    const out = [];
    for (const entry of entries) {
      const { name } = entry;
      if (!(name in values) || unchanged(name, before[name], values[name])) {
        out.push({ name, text: entry.raw });
      } else if (!written.has(name)) {
        const lines = linesOf(name, values[name]);
        // The key as this file spells it ("source_url:" stays so).
        out.push({ name, text: lines.map((line) => line.replace(/^[^:]+/, entry.key)).join("") });
      }
      written.add(name);
    }
    const order = (name) => {
      const index = sortedKeys.indexOf(name);
      return index === -1 ? sortedKeys.length : index;
    };
    for (const name of Object.keys(values)) {
      if (written.has(name)) continue;
      const text = linesOf(name, values[name]).join("");
      if (!text) continue;
      let at = out.findIndex((item) => sortedKeys.includes(item.name) && order(item.name) > order(name));
      if (at === -1) at = out.length;
      out.splice(at, 0, { name, text });
    }
    const header = out.map((item) => item.text).join("");
    // A header written into a file that had none needs its blank line.
    const separator = header && !layout.header && !layout.separator ? "\n" : layout.separator;
    return (layout.bom ? "\ufeff" : "") + header + separator + body;
  }

  return { fromFile, toFile };
}
