/* Handbook search: Material's search box and result list, answered by Pagefind.
   Material runs search in a worker and talks to it in four messages (setup, ready, query,
   result); this is such a worker. Pagefind fetches only the index chunks for the words typed
   and the fragments of the results shown, so the first search costs the same on a hub of 50
   pages or 5,000. Ranking: an exact title match first, then titles holding every word typed,
   then Pagefind's relevance times the page's `search.boost` (current campaigns and stages up,
   ended and retired material down). A result's page is read here (see `pageOf`), not by
   Pagefind's `result.data()`, which splits the whole page's text again for every heading that
   matches: 80 ms for one long page on a phone. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
var SHOWN = 10; // results whose fragments are fetched and ranked
var SECTIONS = 5; // headings listed under a result
var LABEL = /\s*\([^()]*\)\s*$/; // a status label such as "(Ended)" at the end of a title

var EXCERPT = 24; // words in an excerpt
var SIGNATURE = "pagefind_dcd"; // what a Pagefind fragment starts with, once decompressed

var engine = null;
var latest = 0; // the newest query Material asked
var searching = null; // the search Pagefind runs now: one at a time (see answer)
var searches = 0; // how many searches ran (tests read it)
var base = new URL("../pagefind/", self.location.href).href;

function pagefind() {
  if (!engine) {
    engine = import(base + "pagefind.js").then(async function (found) {
      await found.options({ basePath: base, excerptLength: EXCERPT });
      await found.init();
      return found;
    });
  }
  return engine;
}

function words(text) {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/* What Material marks on the page a result opens (the link's `?h=`): the words typed, split at
   white space only, their leading and trailing punctuation aside. Split as `words` splits them,
   "don't", "GSA's" and "M&IE" would mark every "t", "s" and "m" of that page: Material's
   highlighter matches a term inside words too. It never matches a straight apostrophe (it
   looks for the term in the page's escaped HTML, where one is "&#39;"), so a word with an
   apostrophe is given curly, as most pages and phones write it, then up to its apostrophe. */
function highlighted(query) {
  var terms = {};
  query.toLowerCase().split(/\s+/).forEach(function (word) {
    word = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (/['\u2019]/.test(word)) {
      terms[word.replace(/'/g, "\u2019")] = true; // first: Material tries the terms in order
      word = word.split(/['\u2019]/)[0];
    }
    if (word) terms[word] = true;
  });
  return terms;
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

/* A result's page as `result.data()` gives it (url, meta, excerpt, sub_results), its text
   split into words once. Pagefind's fragment format is its own: anything unexpected (or a
   browser without DecompressionStream) falls back to `result.data()`. */
async function pageOf(result) {
  try {
    if (typeof DecompressionStream === "undefined") throw new Error("no DecompressionStream");
    var response = await fetch(base + "fragment/" + encodeURIComponent(result.id) + ".pf_fragment");
    if (!response.ok) throw new Error("fragment " + response.status);
    var bytes = new Uint8Array(await response.arrayBuffer());
    if (!signed(bytes)) {
      var inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
    }
    if (!signed(bytes)) throw new Error("not a Pagefind fragment");
    return excerpts(JSON.parse(new TextDecoder().decode(bytes.subarray(SIGNATURE.length))), result.words);
  } catch (error) {
    return result.data();
  }
}

function signed(bytes) {
  for (var i = 0; i < SIGNATURE.length; i++) {
    if (bytes[i] !== SIGNATURE.charCodeAt(i)) return false;
  }
  return true;
}

/* The page's excerpt, and one for each heading with a match under it: the densest window of
   matches within that heading's part of the page, matches marked. Pagefind's words are split at
   zero-width spaces where it segmented the text (CJK), at white space elsewhere. */
function excerpts(fragment, locations) {
  var text = String(fragment.content || "");
  var spaced = text.indexOf("\u200B") < 0;
  var all = spaced ? text.split(/[\r\n\s]+/g) : text.split("\u200B");
  var marked = {};
  locations.forEach(function (at) { marked[at] = true; });
  function cut(from, to, found) {
    var start = densest(found, from, to);
    var shown = [];
    for (var i = start; i < Math.min(start + EXCERPT, to); i++) {
      shown.push(marked[i] ? "<mark>" + escape(all[i]) + "</mark>" : escape(all[i]));
    }
    return shown.join(spaced ? " " : "").trim();
  }
  // under the site's root, as Pagefind gives it: appended to it, a folder named like an
  // address ("javascript:x", "//elsewhere") stays a path of this site
  var path = String((fragment.meta && fragment.meta.url) || fragment.url).replace(/^\/+/, "");
  var url = new URL(new URL("../", base).href + path).href;
  var headings = (Array.isArray(fragment.anchors) ? fragment.anchors : [])
    .filter(function (a) { return /h\d/i.test(a.element) && /\S/.test(a.text || ""); })
    .sort(function (a, b) { return a.location - b.location; });
  var sorted = locations.slice().sort(function (a, b) { return a - b; });
  var subs = [];
  headings.forEach(function (heading, n) {
    var end = n + 1 < headings.length ? headings[n + 1].location : all.length;
    var found = sorted.filter(function (at) { return at >= heading.location && at < end; });
    if (found.length) {
      subs.push({ title: heading.text, url: url.split("#")[0] + "#" + heading.id,
                  excerpt: cut(heading.location, end, found) });
    }
  });
  return { url: url, meta: fragment.meta || {}, excerpt: cut(0, all.length, sorted), sub_results: subs };
}

/* Where an excerpt of `from`..`to` starts: the window holding most of the matches `found`. */
function densest(found, from, to) {
  var best = from, end = from, most = 0, first = 0;
  for (var last = 0; last < found.length; last++) {
    while (found[last] - found[first] >= EXCERPT) first++;
    if (last - first + 1 > most) {
      most = last - first + 1;
      best = found[first];
      end = found[last];
    }
  }
  // a few words before the first match, as long as the last one still shows
  var lead = Math.min(Math.floor(EXCERPT / 4), EXCERPT - 1 - (end - best));
  return Math.max(from, Math.min(best - lead, to - EXCERPT));
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

/* Material asks once a key while a reader types. A query waits for the search under way, and
   is dropped if a newer one came meanwhile: a phone searches the words typed last, not every
   prefix of them in turn (a half-typed word matches many more). */
async function answer(query, asked) {
  var typed = words(query);
  if (!typed.length) return [];
  var found = await pagefind();
  while (searching) await searching.catch(function () {});
  if (asked !== latest) return null;
  searches++;
  searching = found.search(query).finally(function () { searching = null; });
  found = await searching;
  if (asked !== latest || !found || !found.results) return null;
  var loaded = await Promise.all(found.results.slice(0, SHOWN).map(async function (result) {
    return { score: result.score, data: await pageOf(result) };
  }));
  if (asked !== latest) return null;
  var terms = highlighted(query);
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
