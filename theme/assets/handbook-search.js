/* Handbook search: Material's search box and result list, answered by Pagefind.
   Material runs search in a worker and talks to it in four messages (setup, ready, query,
   result); this is such a worker. Pagefind fetches only the index chunks for the words typed
   and the fragments of the results shown, so the first search costs the same on a hub of 50
   pages or 5,000. Ranking: an exact title match first, then titles holding every word typed,
   then Pagefind's relevance times the page's `search.boost` (current campaigns and stages up,
   ended and retired material down). */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
var SHOWN = 10; // results whose fragments are fetched and ranked
var SECTIONS = 5; // headings listed under a result
var LABEL = /\s*\([^()]*\)\s*$/; // a status label such as "(Ended)" at the end of a title

var engine = null;
var latest = 0;

function pagefind() {
  if (!engine) {
    var base = new URL("../pagefind/", self.location.href).href;
    engine = import(base + "pagefind.js").then(async function (found) {
      await found.options({ basePath: base, excerptLength: 24 });
      await found.init();
      return found;
    });
  }
  return engine;
}

function words(text) {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* 0: the title is what was typed (its status label aside); 1: the title holds every word
   typed, the last one perhaps half typed; 2: the rest. */
function tier(title, typed) {
  var whole = typed.join(" ");
  if (words(title).join(" ") === whole || words(title.replace(LABEL, "")).join(" ") === whole) {
    return 0;
  }
  var held = words(title);
  var all = typed.every(function (word) {
    return held.some(function (w) { return w.indexOf(word) === 0; });
  });
  return all ? 1 : 2;
}

function rank(typed, found) {
  return found
    .map(function (result) {
      var boost = parseFloat(result.data.meta.boost);
      return {
        data: result.data,
        tier: tier(result.data.meta.title || "", typed),
        score: result.score * (boost > 0 ? boost : 1),
      };
    })
    .sort(function (a, b) { return a.tier - b.tier || b.score - a.score; });
}

function relative(url) {
  return url.replace(/^\//, ""); // Material resolves locations against the site's root
}

/* One of Material's result groups: the page, then its headings that match. */
function item(data, score, terms) {
  var page = {
    location: relative(data.url), title: escape(data.meta.title || data.url),
    text: data.excerpt, score: score, terms: terms,
  };
  var sections = (data.sub_results || [])
    .filter(function (sub) { return sub.url.indexOf("#") > 0 && sub.title !== data.meta.title; })
    .slice(0, SECTIONS)
    .map(function (sub) {
      return { location: relative(sub.url), title: escape(sub.title), text: sub.excerpt,
               score: score / 2, terms: terms };
    });
  return [page].concat(sections);
}

async function answer(query, asked) {
  var typed = words(query);
  if (!typed.length) return [];
  var found = await (await pagefind()).search(query);
  if (asked !== latest || !found || !found.results) return null;
  var loaded = await Promise.all(found.results.slice(0, SHOWN).map(async function (result) {
    return { score: result.score, data: await result.data() };
  }));
  if (asked !== latest) return null;
  var terms = {};
  typed.forEach(function (word) { terms[word] = true; });
  var ranked = rank(typed, loaded);
  return ranked.map(function (result, n) { return item(result.data, ranked.length - n, terms); });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    pagefind(); // start fetching the library and the index's map while the page loads
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var asked = ++latest;
    answer(message.data, asked).then(function (items) {
      if (items) self.postMessage({ type: RESULT, data: { items: items } });
    }, function (error) {
      console.error("Handbook search:", error); // the box stays usable; the list stays empty
      self.postMessage({ type: RESULT, data: { items: [] } });
    });
  }
});
