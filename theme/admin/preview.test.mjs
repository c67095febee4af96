// Unit tests of the story preview's text (node --test theme/admin/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { bylineText, datelineText, joinNames } from "./preview.mjs";

const JNS = { short: "JNS", byline: "JNS Staff" };

test("names are joined as the byline partial joins them", () => {
  assert.equal(joinNames(["A"]), "A");
  assert.equal(joinNames(["A", "B"]), "A and B");
  assert.equal(joinNames(["A", "B", "C"]), "A, B and C");
});

test("bylines follow the story page", () => {
  assert.equal(bylineText(["Jane Roe"], null), "By Jane Roe");
  assert.equal(bylineText(["Jane Roe", "John Doe"], JNS), "By Jane Roe and John Doe / JNS");
  assert.equal(bylineText([], JNS), "By JNS Staff");
  assert.equal(bylineText([], null), "");
});

test("datelines follow the build's", () => {
  assert.equal(datelineText("JERUSALEM", JNS), "JERUSALEM (JNS) \u2014");
  assert.equal(datelineText("", JNS), "(JNS) \u2014");
  assert.equal(datelineText("ORLANDO", null), "ORLANDO \u2014");
  assert.equal(datelineText("", null), "");
});
