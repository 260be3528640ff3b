/* Handbook: state a reader keeps in their own browser (no server, nothing sent anywhere).
   - onboarding checkboxes and the "3 of 9" progress, per role;
   - a salesperson's name, title, email and phone for printable materials.
   - Material's search box, freed when the reader closes the search, open while they type.
   And in the live preview, a page showing the hub's errors reloads once they are fixed. */
(function () {
  "use strict";
  var PREFIX = "handbook:";
  var HERE = document.currentScript ? document.currentScript.src : "";

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(PREFIX + key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback; // private mode or storage disabled: the page still works, it just forgets
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) { /* see load() */ }
  }

  function onboarding(root) {
    var list = root.querySelector("ol.hb-steps[data-role]");
    if (!list) return;
    var key = "onboarding:" + list.getAttribute("data-role");
    var done = load(key, {});
    var boxes = list.querySelectorAll("input.hb-step");
    var progress = root.querySelector(".hb-progress");

    function update() {
      var count = 0;
      boxes.forEach(function (box) { if (box.checked) count += 1; });
      if (progress) progress.textContent = count + " of " + boxes.length;
    }

    boxes.forEach(function (box) {
      var step = box.getAttribute("data-step");
      box.checked = Boolean(done[step]);
      box.addEventListener("change", function () {
        done = load(key, {});
        if (box.checked) done[step] = true; else delete done[step];
        save(key, done);
        update();
      });
    });
    update();
  }

  function personalise(root) {
    var form = root.querySelector("form.hb-personalise");
    if (!form) return;
    var details = load("contact", {});
    var fields = ["name", "title", "email", "phone"];

    function show(name) {
      var value = details[name];
      root.querySelectorAll('[data-hb-field="' + name + '"]').forEach(function (out) {
        if (!out.hasAttribute("data-placeholder")) out.setAttribute("data-placeholder", out.textContent);
        out.textContent = value ? value : out.getAttribute("data-placeholder"); // text, never HTML
      });
    }

    fields.forEach(function (name) {
      var input = form.querySelector("#hb-" + name);
      if (!input) return;
      input.value = details[name] || "";
      input.addEventListener("input", function () {
        details[name] = input.value;
        save("contact", details);
        show(name);
      });
      show(name);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var button = form.querySelector(".hb-print");
    if (button) button.addEventListener("click", function () { window.print(); });
  }

  // The preview's error page (also served for any unknown URL) reloads once its marker goes
  // (the hub is fixed) or names other errors than the page shows (the next save broke more).
  var waiting = false;
  function awaitFix(root) {
    var shown = root.querySelector("[data-hb-failure]");
    if (waiting || !HERE || !shown) return;
    waiting = true;
    var marker = new URL("handbook-failure.txt", HERE).href;
    window.setInterval(function () {
      fetch(marker, { cache: "no-store" }).then(function (response) {
        return response.status === 404 ? "" : response.text();
      }).then(function (text) {
        if (text.trim() !== shown.getAttribute("data-hb-failure")) window.location.reload();
      }, function () {});
    }, 1000);
  }

  /* Material opens its search when the box takes the focus, but closes it without freeing the
     box: for a result chosen with Enter, and 125 ms after every navigation. A box hidden but
     focused shows nothing of what is typed, and `/` types a slash. A search the reader closed
     (a click, Enter included) frees the box; one a navigation closed after the reader opened
     it (a quick `/` after a click, a busy phone running late) opens again. */
  function searchKeepsToItsBox() {
    var toggle = document.querySelector("[data-md-toggle=search]");
    var box = document.querySelector("[data-md-component=search-query]");
    if (!toggle || !box) return;
    var clicked = false;
    document.addEventListener("click", function (event) { // before Material's own listeners
      if (event.target === toggle) return; // Material's own opening and closing
      clicked = true;
      window.setTimeout(function () { clicked = false; });
    }, true);
    toggle.addEventListener("change", function () {
      if (toggle.checked) return;
      window.queueMicrotask(function () { // after Material's Escape and Tab free the box
        if (document.activeElement !== box) return;
        if (clicked) box.blur(); else toggle.click();
      });
    });
  }
  searchKeepsToItsBox();

  function setup() {
    onboarding(document);
    personalise(document);
    awaitFix(document);
  }

  // Material's instant navigation swaps pages without a reload; document$ fires on each one.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
