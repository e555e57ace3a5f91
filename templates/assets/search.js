// docproof search: loads the build-time index on first use and ranks heading
// sections (page title > heading > text), grouped by page (pages in the order
// of their best section). Every query term must match; the last one may be a
// prefix. Results are built with DOM APIs only.
(function () {
  "use strict";
  var WORD = /[a-z0-9_\u00c0-\uffff]+/gi;
  var MAX_RESULTS = 20;
  var input, box, status, loading = null, entries = null, shown = [], selected = -1;

  function words(s) { return (s.toLowerCase().match(WORD) || []); }

  // sitePath puts a root-absolute page URL from the index below the site's
  // base path (data-base: "/" or base_url's path, such as "/docs/").
  function sitePath(u) {
    var base = input.getAttribute("data-base") || "/";
    return u.charAt(0) === "/" && u.charAt(1) !== "/" ? base + u.slice(1) : u;
  }

  function prepare(raw) {
    return raw.sections.map(function (s) {
      var page = raw.pages[s.p];
      var heading = s.h || "";
      var text = s.x || "";
      return {
        url: sitePath(page.u) + (s.a ? "#" + s.a : ""),
        page: s.p, title: page.t, heading: heading, text: text,
        tw: words(page.t), hw: words(heading), xw: words(text)
      };
    });
  }

  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute("data-index"), { credentials: "same-origin", cache: "no-cache" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (raw) { entries = prepare(raw); return entries; },
          function (err) { loading = null; throw err; });
    }
    return loading;
  }

  // termMatches: a word equals the term (or differs by a plural "s"); the
  // last term of the query also matches as a prefix.
  function termMatches(word, term, prefix) {
    if (prefix) return word.lastIndexOf(term, 0) === 0;
    return word === term || word === term + "s" || word + "s" === term;
  }
  function has(list, term, prefix) {
    for (var i = 0; i < list.length; i++) if (termMatches(list[i], term, prefix)) return true;
    return false;
  }

  function rank(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var out = [];
    entries.forEach(function (e, order) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var last = i === terms.length - 1;
        var t = has(e.tw, terms[i], last), h = has(e.hw, terms[i], last), x = has(e.xw, terms[i], last);
        if (!t && !h && !x) return;
        score += (t ? 100 : 0) + (h ? 10 : 0) + (x ? 1 : 0);
      }
      if (!e.heading || e.heading === e.title) score += 0.5; // the page itself before its sections
      out.push({ e: e, score: score, order: order });
    });
    out.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return out.map(function (r) { return r.e; });
  }

  function isMatch(word, terms) {
    var w = word.toLowerCase();
    for (var i = 0; i < terms.length; i++) {
      if (termMatches(w, terms[i], i === terms.length - 1)) return true;
    }
    return false;
  }

  // highlight appends text to parent, wrapping the words that match in <mark>.
  function highlight(parent, text, terms) {
    var re = new RegExp(WORD.source, "gi"), at = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (!isMatch(m[0], terms)) continue;
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // snippet returns about 160 characters of text around the first match.
  function snippet(text, terms) {
    var re = new RegExp(WORD.source, "gi"), m, pos = 0;
    while ((m = re.exec(text)) !== null) {
      if (isMatch(m[0], terms)) { pos = m.index; break; }
    }
    var start = Math.max(0, pos - 50);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp !== -1 && sp < pos) start = sp + 1; }
    var end = Math.min(text.length, start + 160);
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > pos) end = ep; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // option makes the i-th result: a section's heading (the page's title for
  // the page itself) and a snippet of its text.
  function option(e, i, terms) {
    var a = document.createElement("a");
    a.className = "sr";
    a.id = "sr-" + i;
    a.href = e.url;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.tabIndex = -1;
    var title = document.createElement("span");
    title.className = "sr-title";
    highlight(title, e.heading || e.title, terms);
    a.appendChild(title);
    if (e.text) {
      var x = document.createElement("span");
      x.className = "sr-text";
      highlight(x, snippet(e.text, terms), terms);
      a.appendChild(x);
    }
    return a;
  }

  // render lists the results of query, by page: the first MAX_RESULTS, then
  // a "Show all" option, or all of them.
  function render(query, all) {
    var terms = words(query), ranked = rank(query), groups = [], byPage = {}, max = all ? Infinity : MAX_RESULTS;
    ranked.forEach(function (e) {
      if (!byPage[e.page]) groups.push(byPage[e.page] = { title: e.title, items: [] });
      byPage[e.page].items.push(e);
    });
    shown = [];
    box.setAttribute("data-query", query); // which query the list shows
    selected = -1;
    input.removeAttribute("aria-activedescendant");
    box.textContent = "";
    if (!terms.length) { close(); return; }
    groups.forEach(function (g) {
      if (shown.length >= max) return;
      var group = document.createElement("div"), head = document.createElement("div");
      group.className = "sr-group";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", g.title);
      head.className = "sr-page";
      head.setAttribute("aria-hidden", "true"); // the group's label says it
      highlight(head, g.title, terms);
      group.appendChild(head);
      g.items.forEach(function (e) {
        if (shown.length >= max) return;
        group.appendChild(option(e, shown.length, terms));
        shown.push(e);
      });
      box.appendChild(group);
    });
    if (ranked.length > shown.length) {
      var more = option({ url: "#", title: "Show all " + ranked.length + " results" }, shown.length, []);
      more.classList.add("sr-more");
      shown.push({ more: true });
      box.appendChild(more);
    }
    if (!ranked.length) {
      var p = document.createElement("p");
      p.className = "search-empty";
      p.textContent = "No results for “" + query.trim() + "”";
      box.appendChild(p);
    }
    status.textContent = ranked.length ? ranked.length + (ranked.length === 1 ? " result" : " results") +
      " on " + groups.length + (groups.length === 1 ? " page" : " pages") : "No results";
    open();
  }

  // choose opens the i-th result, or shows every result for "Show all".
  function choose(i) {
    if (!shown[i].more) { go(shown[i].url); return; }
    render(input.value, true);
    select(i);
  }

  function open() { box.hidden = false; input.setAttribute("aria-expanded", "true"); }
  function close() {
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    selected = -1;
  }

  function select(i) {
    var opts = box.querySelectorAll(".sr");
    if (!opts.length) return;
    if (selected >= 0 && opts[selected]) opts[selected].setAttribute("aria-selected", "false");
    selected = (i + opts.length) % opts.length;
    var o = opts[selected];
    o.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", o.id);
    o.scrollIntoView({ block: "nearest" });
  }

  function go(url) {
    close();
    window.location.href = url;
  }

  function fail() {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "search-empty";
    p.textContent = "Search is unavailable: the index could not be loaded.";
    box.appendChild(p);
    status.textContent = p.textContent;
    open();
  }

  function update() {
    var q = input.value;
    if (!entries && q.trim()) {
      box.textContent = "";
      var p = document.createElement("p");
      p.className = "search-empty";
      p.textContent = "Loading the search index…";
      box.appendChild(p);
      open();
    }
    load().then(function () { if (input.value === q) render(q); }, fail);
  }

  function onKey(e) {
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (box.hidden && input.value) { update(); return; }
        select(selected + (e.key === "ArrowDown" ? 1 : -1));
        break;
      case "Enter":
        if (!shown.length || box.hidden) return;
        e.preventDefault();
        choose(selected >= 0 ? selected : 0);
        break;
      case "Escape":
        e.preventDefault();
        if (!box.hidden) close();
        else if (input.value) { input.value = ""; shown = []; box.textContent = ""; }
        else input.blur();
        break;
    }
  }

  function typingTarget(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("DOMContentLoaded", function () {
    input = document.getElementById("search-input");
    box = document.getElementById("search-results");
    status = document.getElementById("search-status");
    if (!input || !box || !status) return;
    input.addEventListener("focus", function () {
      load().catch(function () { /* reported when the reader types */ });
      if (input.value && shown.length) open();
    });
    input.addEventListener("input", update);
    input.addEventListener("keydown", onKey);
    box.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
    box.addEventListener("click", function (e) {
      var a = e.target.closest(".sr");
      if (a && a.classList.contains("sr-more")) { e.preventDefault(); choose(+a.id.slice(3)); return; }
      if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); go(a.getAttribute("href")); }
    });
    input.closest(".search").addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !input.closest(".search").contains(e.relatedTarget)) close();
    });
    document.addEventListener("keydown", function (e) {
      var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !typingTarget(document.activeElement);
      var modK = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey); // Ctrl+K, or Cmd+K on a Mac
      if (e.altKey || !(slash || modK)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  });
})();
