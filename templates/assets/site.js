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
  function syncThemeButton() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    var dark = currentTheme() === "dark";
    btn.setAttribute("aria-pressed", String(dark));
    btn.title = dark ? "Switch to the light theme" : "Switch to the dark theme";
  }
  function setupTheme() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    syncThemeButton();
    btn.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode: not remembered */ }
      syncThemeButton();
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

  document.addEventListener("DOMContentLoaded", function () {
    setupTheme();
    setupDrawer();
    setupTOC();
    setupCode();
    setupTables();
  });
})();
