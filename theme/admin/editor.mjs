// The web editor's page script: registers our "pelican" format, the site's
// look for the preview and the story preview template, then starts Decap CMS
// (manual-init.js held it back). The content model comes from the page
// (written by plugins/web_editor from the build's settings).
import { pelicanFormat } from "./pelican-format.mjs";
import { storyPreview } from "./preview.mjs";

const model = JSON.parse(document.getElementById("content-model").textContent);
const CMS = window.CMS;

CMS.registerCustomFormat("pelican", "md", pelicanFormat(model));
// The site's own style sheet, so the preview looks like the story page.
for (const style of model.styles) CMS.registerPreviewStyle(style);
const template = storyPreview(window.h, model);
for (const collection of model.story_collections) {
  CMS.registerPreviewTemplate(collection, template);
}
CMS.init();
