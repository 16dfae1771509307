/* Handbook search: the sharded n-gram index written by generator/render/search.py.
 * The tokenizer and hash mirror the Python side exactly; results are built with
 * textContent only, so no record text is ever parsed as HTML. */
(function () {
  "use strict";
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + CJK + "]+|[a-z0-9]+", "g");
  var MAX_PREFIX = 12, SHOWN = 10;
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var WORDS = zh
    ? { placeholder: "搜索缺陷、案例、项目", none: "没有找到结果", count: "找到 {n} 个结果", more: "显示更多", type: "输入关键词开始搜索", error: "搜索索引加载失败" }
    : { placeholder: "Search defects, cases, projects", none: "No results", count: "{n} results", more: "Show more", type: "Type to search", error: "The search index could not be loaded" };

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function fnv1a(term) {
    var hash = 0x811c9dc5;
    var bytes = new TextEncoder().encode(term);
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function queryTerms(text) {
    var runs = text.normalize("NFKC").toLowerCase().match(RUNS) || [];
    var terms = [], short = [];
    runs.forEach(function (run) {
      if (/^[a-z0-9]/.test(run)) {
        (run.length > 1 ? terms : short).push(run.slice(0, MAX_PREFIX));
      } else if (run.length === 1) {
        terms.push(run);
      } else {
        for (var i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
      }
    });
    return terms.length ? Array.from(new Set(terms)) : short;
  }

  var root = siteRoot(), cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL("search/" + path, root)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function decode(gaps) {
    var ids = [], last = 0;
    for (var i = 0; i < (gaps || []).length; i++) { last += gaps[i]; ids.push(last); }
    return ids;
  }
  /* A term's records, and those whose title holds it (same shard, "^" prefix). */
  function postings(manifest, term) {
    return load("t/" + (fnv1a(term) % manifest.shards) + ".json").then(function (shard) {
      return { all: decode(shard[term]), title: decode(shard["^" + term]) };
    });
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    var result = lists[0] || [];
    for (var i = 1; i < lists.length; i++) {
      var other = new Set(lists[i]);
      result = result.filter(function (id) { return other.has(id); });
    }
    return result;
  }

  function entries(manifest, ids) {
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / manifest.chunk); })));
    return Promise.all(chunks.map(function (c) { return load("d/" + c + ".json"); })).then(function (loaded) {
      var byChunk = {};
      chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
      return ids.map(function (id) {
        var row = byChunk[Math.floor(id / manifest.chunk)][id % manifest.chunk];
        return { url: row[0], title: row[1], kind: row[2], summary: row[3] };
      });
    });
  }

  function search(text) {
    var terms = queryTerms(text);
    if (!terms.length) return Promise.resolve({ total: 0, ids: [] });
    return load("manifest.json").then(function (manifest) {
      return Promise.all(terms.map(function (t) { return postings(manifest, t); })).then(function (lists) {
        var all = intersect(lists.map(function (l) { return l.all; }));
        var inTitle = intersect(lists.map(function (l) { return l.title; }));
        var first = new Set(inTitle);
        return { manifest: manifest, ids: inTitle.concat(all.filter(function (id) { return !first.has(id); })) };
      });
    });
  }

  function marked(text, query) {
    var span = document.createElement("span"), needle = query.trim().toLowerCase();
    var at = needle ? text.toLowerCase().indexOf(needle) : -1;
    if (at < 0) { span.textContent = text; return span; }
    span.appendChild(document.createTextNode(text.slice(0, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + needle.length);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + needle.length)));
    return span;
  }

  /* Result links stay inside the site: an index entry can never become a script or another host's URL. */
  function siteLink(path) {
    var url = new URL(path, root);
    return url.origin === root.origin && url.href.indexOf(root.href) === 0 ? url.href : root.href;
  }

  function resultItem(entry, query) {
    var li = document.createElement("li"), a = document.createElement("a");
    var article = document.createElement("article"), h = document.createElement("h1");
    var kind = document.createElement("p"), p = document.createElement("p");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link";
    a.href = siteLink(entry.url);
    article.className = "md-search-result__article md-typeset";
    kind.className = "hb-search-kind";
    kind.textContent = entry.kind;
    h.appendChild(marked(entry.title, query));
    p.appendChild(marked(entry.summary, query));
    article.append(kind, h, p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  var ICON = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11h12Z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12 19 6.41Z"
  };
  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    path.setAttribute("d", ICON[name]);
    svg.appendChild(path);
    return svg;
  }
  function element(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  /* The search box, in the header where mkdocs-material puts its own. */
  function mount() {
    var header = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!header || !toggle) return;
    var button = element("label", "md-header__button md-icon", { for: "__search", title: WORDS.placeholder });
    button.appendChild(icon("magnify"));
    var box = element("div", "md-search hb-search", { "data-md-component": "handbook-search", role: "dialog" });
    var inner = element("div", "md-search__inner", { role: "search" });
    var form = element("form", "md-search__form", { name: "search" });
    var input = element("input", "md-search__input", {
      type: "text", name: "query", placeholder: WORDS.placeholder, "aria-label": WORDS.placeholder,
      autocapitalize: "off", autocorrect: "off", autocomplete: "off", spellcheck: "false"
    });
    var back = element("label", "md-search__icon md-icon", { for: "__search" });
    back.append(icon("magnify"), icon("back"));
    var options = element("nav", "md-search__options");
    var reset = element("button", "md-search__icon md-icon", { type: "reset", "aria-label": "reset" });
    reset.appendChild(icon("close"));
    options.appendChild(reset);
    form.append(input, back, options);
    var output = element("div", "md-search__output");
    var scroll = element("div", "md-search__scrollwrap", { tabindex: "0" });
    var result = element("div", "md-search-result");
    var meta = element("div", "md-search-result__meta");
    meta.textContent = WORDS.type;
    var list = element("ol", "md-search-result__list");
    result.append(meta, list);
    scroll.appendChild(result);
    output.appendChild(scroll);
    inner.append(form, output);
    box.append(element("label", "md-search__overlay", { for: "__search" }), inner);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
    header.insertBefore(box, source);

    var generation = 0, pending = null;
    function render(query, ids, manifest, start) {
      var more = list.querySelector(".hb-search-more");
      if (more) more.remove();
      var page = ids.slice(start, start + SHOWN);
      return entries(manifest, page).then(function (found) {
        found.forEach(function (e) { list.appendChild(resultItem(e, query)); });
        if (start + SHOWN < ids.length) {
          var li = element("li", "md-search-result__item hb-search-more"), b = element("button", "md-button");
          b.type = "button";
          b.textContent = WORDS.more;
          b.addEventListener("click", function () { render(query, ids, manifest, start + SHOWN); });
          li.appendChild(b);
          list.appendChild(li);
        }
      });
    }
    function run() {
      var query = input.value, mine = ++generation;
      if (!query.trim()) { list.textContent = ""; meta.textContent = WORDS.type; return; }
      search(query).then(function (found) {
        if (mine !== generation) return;
        list.textContent = "";
        meta.textContent = found.ids.length ? WORDS.count.replace("{n}", found.ids.length) : WORDS.none;
        if (found.ids.length) return render(query, found.ids, found.manifest, 0);
      }).catch(function () { if (mine === generation) meta.textContent = WORDS.error; });
    }
    input.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(run, 120); });
    input.addEventListener("focus", function () { toggle.checked = true; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    toggle.addEventListener("change", function () { if (toggle.checked) setTimeout(function () { input.focus(); }, 50); });
    document.addEventListener("keydown", function (event) {
      var typing = /input|textarea|select/i.test((event.target || {}).tagName || "");
      if (event.key === "Escape" && toggle.checked) { toggle.checked = false; input.blur(); }
      else if (!typing && (event.key === "/" || event.key === "s")) { event.preventDefault(); toggle.checked = true; input.focus(); }
    });
  }

  window.handbookSearch = { terms: queryTerms, search: search, fnv1a: fnv1a };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
