// Search over search.json: every word typed must begin a word of a fact's title, names or text.
// The page works without this script; it only unhides the form and fills the results list.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var input = form.querySelector("input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var LIMIT = 20;
  var WEIGHTS = [4, 2, 1]; // title, names (aliases, tags, id), text
  var EXACT = 100; // the query is the title or one of the names: what the bot itself would answer
  var loading = null;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[’']/g, "");
  }
  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (entries) {
          return entries.map(function (e) {
            var names = e.names.map(function (n) { return words(n).join(" "); });
            names.push(words(e.title).join(" "));
            return { entry: e, names: names, fields: [words(e.title), words(e.names.join(" ")), words(e.text)] };
          });
        });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  function score(item, query) {
    var total = item.names.indexOf(query.join(" ")) >= 0 ? EXACT : 0;
    for (var i = 0; i < query.length; i++) {
      var best = 0;
      for (var f = 0; f < item.fields.length && !best; f++) {
        if (item.fields[f].some(function (w) { return w.indexOf(query[i]) === 0; })) best = WEIGHTS[f];
      }
      if (!best) return 0;
      total += best;
    }
    return total;
  }
  function show(text) {
    var query = words(text);
    results.textContent = "";
    if (!query.length) { status.textContent = ""; return; }
    load().then(function (items) {
      if (fold(input.value).trim() !== fold(text).trim()) return; // a later keystroke won
      var found = items
        .map(function (item) { return { item: item, score: score(item, query) }; })
        .filter(function (hit) { return hit.score > 0; })
        .sort(function (a, b) { return b.score - a.score || a.item.entry.title.localeCompare(b.item.entry.title); });
      found.slice(0, LIMIT).forEach(function (hit) {
        var e = hit.item.entry;
        var li = document.createElement("li");
        li.className = e.kind;
        var a = document.createElement("a");
        a.href = e.path;
        a.textContent = e.title;
        var shows = document.createElement("span");
        shows.className = "shows";
        shows.textContent = e.kind === "figure" ? e.shows + ", " + e.when : e.shows;
        li.append(a, " ", shows);
        results.append(li);
      });
      var n = found.length;
      status.textContent = n === 0 ? "Nothing matches “" + text.trim() + "”."
        : n + (n === 1 ? " match" : " matches") + (n > LIMIT ? ", the first " + LIMIT + " shown." : ".");
    }, function () {
      status.textContent = "Search could not load its index; browse the topics below.";
    });
  }

  form.hidden = false;
  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    show(input.value);
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; show(asked); }
})();
