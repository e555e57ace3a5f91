// docproof serve live-reload client. Injected only by `docproof serve`,
// never part of a built site. It reloads the page when a newer good build
// exists, keeps the scroll position across reloads, and shows an error
// overlay (an accessible dialog) while the latest build has problems.
(() => {
  "use strict";
  const script = document.currentScript;
  const loaded = script ? script.dataset.docproofSite : "";
  const key = "docproof:scroll:" + location.pathname;

  // Scroll position: saved per path in sessionStorage, restored after a
  // reload (ours or the writer's) and on back/forward.
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  // Until the saved position is restored, the page's own position (the top)
  // is not the writer's: saving it then (a second reload, or leaving, before
  // "load") would overwrite the one to restore.
  let restored = false;
  const save = () => {
    if (!restored) return;
    try {
      sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* storage full or disabled: nothing to keep */ }
  };
  const restore = () => {
    restored = true;
    const nav = performance.getEntriesByType("navigation")[0];
    if (nav && nav.type === "navigate") return;
    let pos = null;
    try { pos = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { pos = null; }
    if (pos && typeof pos.y === "number") window.scrollTo(pos.x || 0, pos.y);
  };
  if (document.readyState === "complete") restore();
  else window.addEventListener("load", restore, { once: true });
  let timer = 0;
  window.addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 80);
  }, { passive: true });
  window.addEventListener("pagehide", save);

  // The overlay.
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/_docproof/client.css";
  document.head.appendChild(css);
  let dismissed = "";

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const diffView = (diff) => {
    const pre = el("pre", "docproof-diff");
    for (const line of diff.replace(/\n$/, "").split("\n")) {
      const t = line.trimStart();
      const cls = t.startsWith("+") ? "docproof-add" : t.startsWith("-") ? "docproof-del" : "";
      pre.appendChild(el("span", cls, line + "\n"));
    }
    return pre;
  };

  const hide = () => {
    const d = document.getElementById("docproof-overlay");
    if (!d) return;
    if (d.open) d.close();
    d.remove();
  };

  const show = (st) => {
    const sig = JSON.stringify(st.problems);
    if (sig === dismissed) return;
    let d = document.getElementById("docproof-overlay");
    if (!d) {
      d = el("dialog", "docproof-overlay");
      d.id = "docproof-overlay";
      d.setAttribute("role", "alertdialog");
      d.setAttribute("aria-labelledby", "docproof-overlay-title");
      d.setAttribute("aria-describedby", "docproof-overlay-help");
      d.addEventListener("close", () => { dismissed = d.dataset.sig || ""; });
      document.body.appendChild(d);
    }
    d.dataset.sig = sig;
    d.replaceChildren();
    const n = st.problems.length;
    d.appendChild(el("h2", "docproof-title", "Build failed: " + n + (n === 1 ? " problem" : " problems")))
      .id = "docproof-overlay-title";
    d.appendChild(el("p", "docproof-help",
      "You are looking at the last good build. Fix the problem and save: this message goes away by itself."))
      .id = "docproof-overlay-help";
    const list = el("ol", "docproof-problems");
    for (const p of st.problems) {
      const li = el("li", "docproof-problem");
      const head = el("p", "docproof-head");
      if (p.pos) head.appendChild(el("code", "docproof-pos", p.pos));
      if (p.sample) head.appendChild(el("span", "docproof-sample", "sample " + p.sample));
      head.appendChild(el("span", "docproof-message", p.message));
      li.appendChild(head);
      if (p.hint) li.appendChild(el("p", "docproof-hint", p.hint));
      if (p.diff) li.appendChild(diffView(p.diff));
      list.appendChild(li);
    }
    d.appendChild(list);
    const close = el("button", "docproof-close", "Dismiss");
    close.type = "button";
    close.addEventListener("click", () => d.close());
    d.appendChild(close);
    if (!d.open) d.showModal();
  };

  // Build status over Server-Sent Events; EventSource reconnects by itself
  // when the server restarts.
  const events = new EventSource("/_docproof/events");
  events.addEventListener("status", (e) => {
    const st = JSON.parse(e.data);
    if (st.ok && st.site !== loaded) {
      save();
      events.close();
      location.reload();
      return;
    }
    if (st.ok || !st.problems || st.problems.length === 0) {
      dismissed = "";
      hide();
    } else {
      show(st);
    }
  });
})();
