// Client-side search over the calls of every ABI. The index (window.HCGEN_SEARCH) comes from
// search-index.js, loaded by a <script> tag rather than fetched, so the site also works from file://.
// Results are built with textContent only: index text is never parsed as HTML.
(function () {
  "use strict";
  var index = window.HCGEN_SEARCH || [];
  var input = document.getElementById("hcgen-search");
  var list = document.getElementById("hcgen-results");
  if (!input || !list) return;
  var hay = index.map(function (e) { return [e.n, e.a, e.g, e.s, e.d].join(" ").toLowerCase(); });
  var MAX = 50;

  function render(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) { list.hidden = true; return; }
    var shown = 0;
    for (var i = 0; i < index.length && shown < MAX; i++) {
      var ok = words.every(function (w) { return hay[i].indexOf(w) >= 0; });
      if (!ok) continue;
      var e = index[i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.h;
      a.textContent = e.n;
      var info = document.createElement("span");
      info.textContent = e.a + (e.s ? " — " + e.s : "");
      li.appendChild(a);
      li.appendChild(info);
      list.appendChild(li);
      shown++;
    }
    if (shown === 0) {
      var none = document.createElement("li");
      none.textContent = "No call matches.";
      list.appendChild(none);
    }
    list.hidden = false;
  }

  input.addEventListener("input", function () { render(input.value); });
  if (input.value) render(input.value);
})();
