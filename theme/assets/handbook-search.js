/* Handbook search: Material's search box and result list, answered by Handbook's own index.
   Material runs search in a worker and talks to it in four messages (setup, ready, query,
   result); this is such a worker. The index (written by generator/handbook/site/search.py) is
   cut into chunks by word, each holding every page's score for its words: a search fetches
   the index's map, the chunks for the words typed and the fragments of the ten results shown,
   so the first search costs the same on a hub of 50 pages or 5,000, and ranks by adding
   numbers. Every word typed must be on the page (the last one perhaps half typed). Ranking: an
   exact title match first, then titles holding every word typed, then the score, in which the
   page's `search.boost` (current campaigns and stages up, ended and retired material down) is
   already counted. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
var SHOWN = 10; // results whose fragments are fetched and ranked
var SECTIONS = 5; // headings listed under a result
var LABEL = /\s*\([^()]*\)\s*$/; // a status label such as "(Ended)" at the end of a title
var MARKED = 3; // shorter words are not marked on the page a result opens (see highlighted)
var SPREAD = 3; // at most this many chunks are read for the words one prefix begins

var EXCERPT = 24; // words in an excerpt

var index = null; // the index's map, once fetched
var opening = null; // its fetch, while under way or done
var latest = 0; // the newest query Material asked
var searching = null; // the search under way: one at a time (see answer)
var searches = 0; // how many searches ran (tests read it)
var loaded = {}; // chunks and fragments fetched, by name
var root = new URL("../", self.location.href).href; // the site's, as the worker is in assets/
var base = root + "search/handbook/";

/* The words search matches, cut as generator/handbook/site/search_words.py cuts them: any
   change there is made here too. */
var ASCII = /^[\x00-\x7f]*$/;
var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

function fold(text) {
  return String(text).toLowerCase().replace(/\p{S}/gu, " ").normalize("NFKD").replace(/\p{M}/gu, "")
    .normalize("NFC");
}

function words(text) {
  var folded = fold(text);
  var found = folded.match(/[\p{L}\p{N}]+/gu) || [];
  if (!UNSPACED.test(folded)) return found;
  var split = [];
  found.forEach(function (word) {
    var run = "";
    for (var char of word) {
      if (UNSPACED.test(char)) {
        if (run) split.push(run);
        run = "";
        split.push(char);
      } else {
        run += char;
      }
    }
    if (run) split.push(run);
  });
  return split;
}

function stem(word) {
  if (word.length < 4 || !ASCII.test(word)) return word;
  if (/ies$/.test(word) && word.length > 4) return word.slice(0, -3) + "y";
  if (/s$/.test(word) && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function fetched(name) {
  if (!loaded[name]) {
    loaded[name] = fetch(base + index.version + "/" + name).then(async function (response) {
      if (!response.ok) throw new Error(name + ": " + response.status);
      var bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) { // not already unpacked by the host
        var inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
      }
      return JSON.parse(new TextDecoder().decode(bytes));
    });
    loaded[name].catch(function () { delete loaded[name]; }); // tried again next time
  }
  return loaded[name];
}

function opened() {
  if (!opening) {
    opening = fetch(base + "entry.json", { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("entry.json: " + response.status);
      return response.json();
    }).then(function (entry) {
      index = entry;
      return entry;
    }, function (error) {
      opening = null; // tried again next time
      throw error;
    });
  }
  return opening;
}

/* The chunk a term is in: the last whose first term is not after it. */
function chunkOf(term) {
  var chunks = index.chunks, low = 0, high = chunks.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (chunks[middle] <= term) low = middle; else high = middle - 1;
  }
  return low;
}

/* What one word typed asks for: its term, and, if it is the last, the terms it begins, as
   typed or on its way to a plural's singular ("polici" and "policie" begin "policy"). A last
   word of one letter begins others only when typed on its own ("parental l"), not when it is
   the end of "don't". */
function wanted(typed, whole) {
  return typed.map(function (word, n) {
    var prefixes = [];
    if (n === typed.length - 1 && (word.length > 1 || whole)) {
      prefixes.push(word);
      var singular = word.replace(/ie?$/, "y");
      if (singular !== word && ASCII.test(word)) prefixes.push(singular);
    }
    return { term: stem(word), prefixes: prefixes, length: word.length };
  });
}

function matches(want, term) {
  if (term === want.term) return 1;
  for (var i = 0; i < want.prefixes.length; i++) {
    if (term.indexOf(want.prefixes[i]) === 0) return want.length / Math.max(term.length, want.length);
  }
  return 0;
}

/* Each page holding the word, with its score: a page's best match among the terms it can be. */
async function scored(want) {
  var numbers = [chunkOf(want.term)];
  want.prefixes.forEach(function (prefix) {
    var first = chunkOf(prefix), last = chunkOf(prefix + "\uffff");
    for (var n = first; n <= last && n < first + SPREAD; n++) {
      if (numbers.indexOf(n) < 0) numbers.push(n);
    }
  });
  var chunks = await Promise.all(numbers.map(function (n) { return fetched("c" + n + ".gz"); }));
  var pages = new Map();
  chunks.forEach(function (chunk) {
    Object.keys(chunk).forEach(function (term) {
      var weight = matches(want, term);
      if (!weight) return;
      var list = chunk[term], page = 0, held = list.length / 2;
      weight *= Math.log(1 + (index.pages - held + 0.5) / (held + 0.5)); // BM25's rarity
      for (var i = 0; i < list.length; i += 2) {
        page += list[i];
        var score = list[i + 1] * weight, had = pages.get(page);
        if (had === undefined || score > had) pages.set(page, score);
      }
    });
  });
  return pages;
}

/* The pages holding every word typed, best first. */
async function find(typed, query) {
  await opened();
  var last = String(query === undefined ? typed.join(" ") : query).trim().split(/\s+/).pop();
  var wants = wanted(typed, words(last).length === 1);
  if (!index.chunks.length) return { wants: wants, results: [] }; // a hub with no words
  var each = await Promise.all(wants.map(scored));
  each.sort(function (a, b) { return a.size - b.size; });
  var found = [];
  each[0].forEach(function (score, page) {
    for (var i = 1; i < each.length; i++) {
      var more = each[i].get(page);
      if (more === undefined) return;
      score += more;
    }
    found.push({ page: page, score: score });
  });
  found.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  return { wants: wants, results: found };
}

/* Where a page's text holds the words typed: the places of its white-space-separated words.
   The text is folded once, and only pieces holding the first two letters of a term typed are
   cut (a stem keeps them; a long page has thousands of pieces, and a phone's time is short). */
function located(text, wants, spelled) {
  var pieces = text.split(/\s+/);
  var folded = fold(text).split(/\s+/);
  if (folded.length !== pieces.length) folded = pieces.map(fold); // a space came of folding
  var starts = new RegExp(wants.map(function (want) {
    return want.term.slice(0, 2).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("|"));
  var places = [];
  folded.forEach(function (piece, place) {
    if (!starts.test(piece)) return;
    var hit = false;
    words(piece).forEach(function (word) {
      var term = stem(word);
      wants.forEach(function (want) {
        if (term === want.term) {
          hit = true;
          if (spelled) spelled.push(pieces[place]); // "Solórzano" for "solorzano"
        } else if (matches(want, word) || matches(want, term)) {
          hit = true;
        }
      });
    });
    if (hit) places.push(place);
  });
  return places;
}

/* What Material marks on the page a result opens (the link's `?h=`): the words typed, split at
   white space only, their leading and trailing punctuation aside. Split as `words` splits them,
   "don't", "GSA's" and "M&IE" would mark every "t", "s" and "m" of that page: Material's
   highlighter matches a term inside words too. It never matches a straight apostrophe (it
   looks for the term in the page's escaped HTML, where one is "&#39;"), so a word with an
   apostrophe is given curly, as most pages and phones write it, then up to its apostrophe.
   Words shorter than MARKED are left out, as they are inside most words ("a", "gs"); the
   page's own spellings of the words matched are added (`spelled`): Material's highlighter
   would not find "Solórzano" for "solorzano", or "policies" for "policy". */
function highlighted(query, spelled) {
  var terms = {};
  query.toLowerCase().split(/\s+/).concat(spelled || []).forEach(function (word) {
    word = word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (/['\u2019]/.test(word)) {
      terms[word.replace(/'/g, "\u2019")] = true; // first: Material tries the terms in order
      word = word.split(/['\u2019]/)[0];
    }
    if (word.length >= MARKED) terms[word] = true;
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
      return { data: result.data, tier: tier(result.data.meta.title || "", typed), score: result.score };
    })
    .sort(function (a, b) { return a.tier - b.tier || b.score - a.score; });
}

/* A result's page as Material lists it (url, meta, excerpt, sub_results), from its fragment. */
async function pageOf(result, wants) {
  var fragment = await fetched("f" + result.page + ".gz");
  var spelled = [];
  var page = excerpts(fragment, located(String(fragment.content || ""), wants, spelled));
  page.spelled = spelled;
  return page;
}

/* The page's excerpt, and one for each heading with a match under it: the densest window of
   matches within that heading's part of the page, matches marked. `locations` are places of the
   page's words, split at white space. */
function excerpts(fragment, locations) {
  var all = String(fragment.content || "").split(/\s+/);
  var marked = {};
  locations.forEach(function (at) { marked[at] = true; });
  function cut(from, to, found) {
    var start = densest(found, from, to);
    var shown = [];
    for (var i = start; i < Math.min(start + EXCERPT, to); i++) {
      shown.push(marked[i] ? "<mark>" + escape(all[i]) + "</mark>" : escape(all[i]));
    }
    // "…" where the text goes on, before or after what is shown
    return (start > from ? "\u2026 " : "") + shown.join(" ").trim() + (start + EXCERPT < to ? " \u2026" : "");
  }
  // under the site's root: appended to it, a folder named like an address ("javascript:x",
  // "//elsewhere") stays a path of this site
  var path = String(fragment.url).replace(/^\/+/, "");
  var url = new URL(root + path).href;
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
  await opened();
  while (searching) await searching.catch(function () {});
  if (asked !== latest) return null;
  searches++;
  searching = find(typed, query).finally(function () { searching = null; });
  var found = await searching;
  if (asked !== latest) return null;
  var shown = await Promise.all(found.results.slice(0, SHOWN).map(async function (result) {
    return { score: result.score, data: await pageOf(result, found.wants) };
  }));
  if (asked !== latest) return null;
  var ranked = rank(typed, shown);
  return ranked.map(function (result, n) {
    return item(result.data, ranked.length - n, highlighted(query, result.data.spelled));
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    opened().catch(function () {}); // fetch the index's map while the page loads
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
