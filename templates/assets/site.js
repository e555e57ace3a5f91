// docproof site script: theme toggle, navigation drawer, "on this page"
// highlight and copy buttons (search is in search.js). Plain ES2017, no dependencies.
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "docproof-theme";

  // ---- Theme -------------------------------------------------------------
  var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  function currentTheme() {
    var t = root.getAttribute("data-theme");
    if (t === "light" || t === "dark") return t;
    return darkQuery.matches ? "dark" : "light";
  }
  // The reader's choice: "light", "dark" or "system" (no data-theme).
  function themeChoice() {
    var t = root.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : "system";
  }
  // The button cycles System → the other scheme → the system's scheme → System,
  // so the first press always changes what the page looks like.
  function nextTheme() {
    var c = themeChoice(), sys = darkQuery.matches ? "dark" : "light";
    if (c === "system") return sys === "dark" ? "light" : "dark";
    return c === sys ? "system" : sys;
  }
  function syncThemeButton() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    var c = themeChoice(), label = "Theme: " + c + (c === "system" ? " (" + currentTheme() + ")" : "");
    btn.setAttribute("aria-label", label);
    btn.title = label + ". Switch to " + nextTheme();
  }
  function setupTheme() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    syncThemeButton();
    btn.addEventListener("click", function () {
      var next = nextTheme();
      if (next === "system") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "system") localStorage.removeItem(THEME_KEY);
        else localStorage.setItem(THEME_KEY, next);
      } catch (e) { /* private mode: not remembered */ }
      syncThemeButton();
      announce(btn.getAttribute("aria-label"));
    });
    if (darkQuery.addEventListener) darkQuery.addEventListener("change", syncThemeButton);
    window.addEventListener("storage", function (e) { // a choice made in another tab
      if (e.key !== THEME_KEY) return;
      if (e.newValue === "light" || e.newValue === "dark") root.setAttribute("data-theme", e.newValue);
      else root.removeAttribute("data-theme");
      syncThemeButton();
    });
  }

  // ---- Navigation drawer (phones) ----------------------------------------
  function setupDrawer() {
    var btn = document.querySelector(".nav-toggle");
    var nav = document.getElementById("sidebar");
    if (!btn || !nav) return;
    function open(on) {
      root.classList.toggle("nav-open", on);
      btn.setAttribute("aria-expanded", String(on));
      if (on) {
        var first = nav.querySelector("a[aria-current=page]") || nav.querySelector("a, summary");
        if (first) first.focus();
      }
    }
    // In a long nav, show the current page without scrolling the window.
    var current = nav.querySelector("a[aria-current=page]");
    if (current) {
      var top = current.getBoundingClientRect().top - nav.getBoundingClientRect().top + nav.scrollTop;
      if (top > nav.clientHeight - 48) nav.scrollTop = top - nav.clientHeight / 3;
    }
    btn.addEventListener("click", function () { open(!root.classList.contains("nav-open")); });
    document.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("[data-close-nav]")) open(false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && root.classList.contains("nav-open")) {
        open(false);
        btn.focus();
      }
    });
    nav.addEventListener("click", function (e) {
      if (e.target.closest("a")) open(false);
    });
    // Tabbing out of the open drawer closes it, so focus never hides behind it.
    document.addEventListener("focusin", function (e) {
      if (root.classList.contains("nav-open") && !nav.contains(e.target) && e.target !== btn) open(false);
    });
  }

  // ---- "On this page" highlight -------------------------------------------
  function setupTOC() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".page-toc a[href^='#']"));
    if (!links.length || !("IntersectionObserver" in window)) return;
    var items = [];
    links.forEach(function (a) {
      var el = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (el) items.push({ link: a, el: el });
    });
    if (!items.length) return;
    var active = null;
    function update() {
      var line = window.innerHeight * 0.3;
      var pick = items[0];
      for (var i = 0; i < items.length; i++) {
        if (items[i].el.getBoundingClientRect().top <= line) pick = items[i];
        else break;
      }
      var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (atEnd) pick = items[items.length - 1];
      if (pick === active) return;
      if (active) { active.link.classList.remove("active"); active.link.removeAttribute("aria-current"); }
      active = pick;
      active.link.classList.add("active");
      active.link.setAttribute("aria-current", "location");
    }
    var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -70% 0px", threshold: [0, 1] });
    items.forEach(function (it) { observer.observe(it.el); });
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }, { passive: true });
    update();
  }

  // ---- Code blocks: copy button and verified mark ---------------------------
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }
  function setupCode() {
    document.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest(".codeblock .copy");
      if (!btn) return;
      var code = btn.closest(".codeblock").querySelector("pre code");
      if (!code) return;
      copyText(code.textContent).then(function () { flash(btn, "Copied", true); },
        function () { flash(btn, "Press Ctrl+C", false); selectAll(code); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".verified[title]"), function (v) {
      v.setAttribute("data-tip", v.title); // the tooltip; the accessible label says what was compared
      if (!v.hasAttribute("aria-label")) v.setAttribute("aria-label", v.textContent + ": " + v.title);
      v.setAttribute("tabindex", "0");
      v.removeAttribute("title");
    });
  }
  // A table wider than the text column scrolls sideways (CSS): while it does,
  // it is in the tab order so a keyboard can scroll it (code blocks always are).
  function setupTables() {
    var tables = document.querySelectorAll(".prose table");
    if (!tables.length) return;
    function mark() {
      Array.prototype.forEach.call(tables, function (t) {
        if (t.scrollWidth > t.clientWidth + 1) t.setAttribute("tabindex", "0");
        else t.removeAttribute("tabindex");
      });
    }
    mark();
    window.addEventListener("resize", mark);
  }
  function flash(btn, text, ok) {
    var label = btn.getAttribute("data-label") || btn.textContent;
    btn.setAttribute("data-label", label);
    btn.textContent = text;
    btn.classList.toggle("copied", ok);
    announce(text === "Copied" ? "Code copied to the clipboard" : "Copy failed: the code is selected");
    clearTimeout(btn._timer);
    btn._timer = setTimeout(function () { btn.textContent = label; btn.classList.remove("copied"); }, 2000);
  }
  function selectAll(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function announce(text) {
    var s = document.getElementById("search-status");
    if (s) s.textContent = text;
  }

  // ---- Code blocks: wrap toggle for long lines -----------------------------
  // A block whose lines scroll sideways gets a Wrap button; the choice holds
  // for every block on every page (localStorage).
  var WRAP_KEY = "docproof-wrap";
  function setupWrap() {
    var buttons = [];
    Array.prototype.forEach.call(document.querySelectorAll(".codeblock"), function (cb) {
      var pre = cb.querySelector("pre"), copy = cb.querySelector(".copy");
      if (!pre || !copy || pre.scrollWidth <= pre.clientWidth + 1) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "wrap";
      b.textContent = "Wrap";
      b.title = "Wrap long lines";
      copy.parentNode.insertBefore(b, copy);
      buttons.push(b);
    });
    function set(on) {
      root.classList.toggle("wrap-code", on);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(on)); });
    }
    var on = false;
    try { on = localStorage.getItem(WRAP_KEY) === "1"; } catch (e) { /* not remembered */ }
    set(on);
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest(".codeblock .wrap");
      if (!b) return;
      var top = b.getBoundingClientRect().top;
      on = !root.classList.contains("wrap-code");
      set(on);
      window.scrollBy(0, b.getBoundingClientRect().top - top); // the button stays under the pointer
      try { localStorage.setItem(WRAP_KEY, on ? "1" : "0"); } catch (e2) { /* not remembered */ }
    });
  }

  // ---- Tabs: a tab list over each group of tabbed blocks -------------------
  // Without JavaScript every panel shows under its label. The chosen label is
  // remembered (most recent first) and selected in every group that has it.
  var TABS_KEY = "docproof-tabs";
  function tabPrefs() {
    try { var v = JSON.parse(localStorage.getItem(TABS_KEY)); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function setupTabs() {
    var groups = Array.prototype.slice.call(document.querySelectorAll(".tabs"));
    groups.forEach(function (g, gi) {
      var list = document.createElement("div");
      list.className = "tablist";
      list.setAttribute("role", "tablist");
      list.setAttribute("aria-label", "Versions of this example");
      Array.prototype.forEach.call(g.querySelectorAll(":scope > .tab-panel"), function (p, i) {
        var id = "tabs-" + gi + "-" + i, b = document.createElement("button");
        b.type = "button";
        b.id = id;
        b.textContent = p.getAttribute("data-tab");
        b.setAttribute("role", "tab");
        b.setAttribute("aria-controls", id + "-panel");
        p.id = id + "-panel";
        p.setAttribute("role", "tabpanel");
        p.setAttribute("aria-labelledby", id);
        list.appendChild(b);
      });
      g.insertBefore(list, g.firstChild);
      g.classList.add("tabs-ready");
      list.addEventListener("click", function (e) {
        var b = e.target.closest("[role=tab]");
        if (b) choose(b);
      });
      list.addEventListener("keydown", function (e) {
        var tabs = Array.prototype.slice.call(list.children), i = tabs.indexOf(document.activeElement), n = tabs.length;
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key];
        if (to === undefined || i < 0) return;
        e.preventDefault();
        tabs[to % n].focus();
        choose(tabs[to % n]);
      });
    });
    function select(g, label) {
      var tabs = g.querySelectorAll(".tablist > [role=tab]"), found = false;
      Array.prototype.forEach.call(tabs, function (t) { if (t.textContent === label) found = true; });
      if (!found) return false;
      Array.prototype.forEach.call(tabs, function (t) {
        var on = t.textContent === label;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      return true;
    }
    function apply(prefs) {
      groups.forEach(function (g) {
        var chosen = prefs.some(function (l) { return select(g, l); });
        if (!chosen) select(g, g.querySelector(".tablist > [role=tab]").textContent);
      });
    }
    function choose(tab) {
      var label = tab.textContent, top = tab.getBoundingClientRect().top;
      var prefs = [label].concat(tabPrefs().filter(function (l) { return l !== label; })).slice(0, 20);
      try { localStorage.setItem(TABS_KEY, JSON.stringify(prefs)); } catch (e) { /* not remembered */ }
      apply(prefs);
      window.scrollBy(0, tab.getBoundingClientRect().top - top); // groups above may change height
    }
    apply(tabPrefs());
    window.addEventListener("storage", function (e) { if (e.key === TABS_KEY) apply(tabPrefs()); });
  }

  // Preformatted text written as raw HTML scrolls like a code block: while it
  // does, it is a named group in the tab order.
  function setupRawPre() {
    Array.prototype.forEach.call(document.querySelectorAll(".prose pre:not([tabindex])"), function (p) {
      if (p.scrollWidth <= p.clientWidth + 1) return;
      p.setAttribute("tabindex", "0");
      p.setAttribute("role", "group");
      if (!p.hasAttribute("aria-label")) p.setAttribute("aria-label", "preformatted text");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupTheme();
    setupDrawer();
    setupTOC();
    setupCode();
    setupTables();
    setupWrap(); // measures the blocks before tabs hide some
    setupTabs();
    setupRawPre();
  });
})();
