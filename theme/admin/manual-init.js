// Loaded before Decap CMS: our script (editor.mjs) starts it once our format
// and preview are registered, so no entry is ever read without them.
window.CMS_MANUAL_INIT = true;
