/* The search page (plugins/site_search): Pagefind's Default UI shows the
   results; our own labelled input (the page's plain form) drives it, and the
   query in ?q= runs on load, so a search from the masthead box lands here. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var results = document.getElementById("search-results");
  if (!form || !input || !results) {
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    // The bundle did not load: say so instead of failing silently.
    document.getElementById("search-unavailable").hidden = false;
    return;
  }

  var bundlePath = results.dataset.bundlePath;
  var baseUrl = results.dataset.baseUrl;

  // The index comes in parts (one per year, or run of months): the primary
  // in bundlePath, the others listed in parts.json and merged in the browser.
  function start(merge) {
    var ui = new window.PagefindUI({
      element: results,
      bundlePath: bundlePath,
      baseUrl: baseUrl,
      mergeIndex: merge.map(function (part) {
        return { bundlePath: bundlePath + part, baseUrl: baseUrl };
      }),
      pageSize: Number(results.dataset.pageSize) || 10,
      showImages: false,
      showSubResults: false,
      autofocus: false
    });
    results.classList.add("search-results--ready");

    // The Default UI's own box is hidden by search.css; label it anyway so it
    // is never an unlabelled field if the style sheet fails to load.
    var own = results.querySelector(".pagefind-ui__search-input");
    if (own) {
      own.setAttribute("aria-label", "Search stories");
      own.tabIndex = -1;
    }

    function search(query, updateAddress) {
      if (query.trim()) {
        ui.triggerSearch(query);
      } else if (own) {
        // triggerSearch ignores an empty query: clear the results through the
        // Default UI's own box instead.
        own.value = "";
        own.dispatchEvent(new Event("input", { bubbles: true }));
      }
      if (updateAddress && window.history.replaceState) {
        var address = query.trim() ? "?q=" + encodeURIComponent(query) : "";
        window.history.replaceState(null, "", window.location.pathname + address);
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(input.value, true);
    });
    input.addEventListener("input", function () {
      search(input.value, true);
    });

    // The query in the address, or what was typed while parts.json loaded.
    var query = new URLSearchParams(window.location.search).get("q") || "";
    if (query) {
      input.value = query;
    }
    if (input.value.trim()) {
      search(input.value, !query);
    }
  }

  fetch(bundlePath + "parts.json")
    .then(function (response) {
      return response.ok ? response.json() : { merge: [] };
    })
    .then(function (parts) {
      start(Array.isArray(parts.merge) ? parts.merge : []);
    }, function () {
      start([]);
    });
})();
