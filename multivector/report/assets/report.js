// multivector report: the evidence panel and the timeline filter. No library, no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mv-data").textContent);
  var events = new Map(data.events.map(function (e) { return [e.id, e]; }));
  var panel = document.getElementById("evidence");
  var list = document.querySelector("#timeline ol.events");
  var filter = document.querySelector("#timeline .filter");

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function names(actors) { return actors.map(function (a) { return a.name; }).join(", "); }

  function sentence(mention) {
    var quote = el("blockquote");
    var text = mention.evidence || "";
    var at = mention.trigger ? text.indexOf(mention.trigger) : -1;
    if (at < 0) { quote.textContent = text; return quote; }
    quote.appendChild(document.createTextNode(text.slice(0, at)));
    quote.appendChild(el("mark", mention.trigger));
    quote.appendChild(document.createTextNode(text.slice(at + mention.trigger.length)));
    return quote;
  }

  function showEvidence(id) {
    var event = events.get(id);
    if (!event) return;
    var body = panel.querySelector(".body");
    body.textContent = "";
    var head = names(event.sources) + (event.targets.length ? " → " + names(event.targets) : "");
    body.appendChild(el("h3", (event.plover_type || "?") + ": " + head));
    var facts = el("dl");
    [["date", (event.date || "undated") + (event.date_precision ? " (" + event.date_precision + ")" : "")],
     ["CAMEO", event.cameo_code], ["QuadClass", event.quad_class], ["Goldstein", event.goldstein],
     ["confidence", event.confidence], ["reports", event.mention_count + " in " + event.outlet_count + " outlet(s)"]]
      .forEach(function (pair) { facts.appendChild(el("dt", pair[0])); facts.appendChild(el("dd", pair[1])); });
    body.appendChild(facts);
    event.mentions.forEach(function (m) {
      var cite = el("cite");
      cite.appendChild(document.createTextNode((m.outlet || "") + (m.published ? ", " + m.published : "") + " · "));
      if (m.url) {
        var link = el("a", m.title || m.url); link.href = m.url; link.rel = "noopener"; cite.appendChild(link);
      } else {
        cite.appendChild(document.createTextNode(m.title || m.doc_id));
      }
      if (m.date_text) cite.appendChild(document.createTextNode(" · dated by “" + m.date_text + "”"));
      body.appendChild(sentence(m));
      body.appendChild(cite);
    });
    panel.hidden = false;
    document.querySelectorAll("li.event.active").forEach(function (n) { n.classList.remove("active"); });
    var row = document.getElementById("ev-" + id);
    if (row) row.classList.add("active");
  }

  function showOnly(test, label) {
    var shown = 0;
    list.querySelectorAll("li.event").forEach(function (li) {
      var keep = test(li);
      li.hidden = !keep;
      if (keep) shown += 1;
    });
    filter.hidden = false;
    filter.querySelector(".what").textContent = shown + " event(s): " + label;
    document.getElementById("timeline").scrollIntoView();
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (target.closest(".close")) { panel.hidden = true; return; }
    if (target.closest(".clear")) {
      list.querySelectorAll("li.event").forEach(function (li) { li.hidden = false; });
      filter.hidden = true;
      return;
    }
    var one = target.closest("[data-event]");
    if (one) { showEvidence(one.getAttribute("data-event")); return; }
    var many = target.closest("[data-events]");
    if (many) {
      ev.preventDefault();
      var ids = new Set(many.getAttribute("data-events").split(" "));
      showOnly(function (li) { return ids.has(li.getAttribute("data-event")); }, many.getAttribute("data-label") || "");
      return;
    }
    var actor = target.closest("[data-actor]");
    if (actor) {
      var id = actor.getAttribute("data-actor");
      showOnly(function (li) { return (" " + li.getAttribute("data-actors") + " ").indexOf(" " + id + " ") >= 0; },
               actor.getAttribute("data-label") || id);
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") panel.hidden = true;
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches("li.event, .node")) ev.target.click();
  });
})();
