/* Handbook pages: filterable, sortable tables; zoomable photos; the case lookup.
 * Works on the tables MkDocs renders, so every page still reads without JavaScript. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var WORDS = zh
    ? { find: "在表中查找…", all: "全部", shown: "显示 {n} / {total} 行" }
    : { find: "Find in table…", all: "All", shown: "{n} of {total} rows" };

  function tableAfter(marker) {
    for (var node = marker.nextElementSibling; node; node = node.nextElementSibling) {
      var table = node.matches("table") ? node : node.querySelector("table");
      if (table) return table;
    }
    return null;
  }
  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function values(text, multi) {
    return multi ? text.split(/[、,，]\s*/).filter(Boolean) : [text];
  }
  function number(text) {
    var value = parseFloat(text.replace(/,/g, ""));
    return isNaN(value) ? null : value;
  }

  function enhance(marker) {
    var table = tableAfter(marker);
    if (!table || !table.tBodies[0]) return;
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    var facets = (marker.dataset.facets || "").split(",").filter(Boolean).map(Number);
    var multi = (marker.dataset.multi || "").split(",").filter(Boolean).map(Number);
    var tools = document.createElement("div"), selects = [];
    tools.className = "hb-table-tools";
    var find = document.createElement("input");
    find.type = "search";
    find.placeholder = WORDS.find;
    find.setAttribute("aria-label", WORDS.find);
    tools.appendChild(find);
    facets.forEach(function (index) {
      var options = Object.create(null);  // a value such as "__proto__" is a value like any other
      rows.forEach(function (row) {
        values(cellText(row, index), multi.indexOf(index) >= 0).forEach(function (v) { if (v !== "—") options[v] = true; });
      });
      var select = document.createElement("select");
      select.dataset.column = index;
      var title = heads[index] ? heads[index].textContent.trim() : "";
      select.setAttribute("aria-label", title);
      select.appendChild(new Option(title + "：" + WORDS.all, ""));
      Object.keys(options).sort(function (a, b) { return a.localeCompare(b, "zh"); })
        .forEach(function (v) { select.appendChild(new Option(v, v)); });
      tools.appendChild(select);
      selects.push(select);
    });
    var count = document.createElement("span");
    count.className = "hb-table-count";
    tools.appendChild(count);
    marker.appendChild(tools);

    function apply() {
      var needle = find.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var ok = !needle || row.textContent.toLowerCase().indexOf(needle) >= 0;
        selects.forEach(function (select) {
          var index = Number(select.dataset.column);
          if (ok && select.value) ok = values(cellText(row, index), multi.indexOf(index) >= 0).indexOf(select.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = WORDS.shown.replace("{n}", shown).replace("{total}", rows.length);
    }
    find.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });

    heads.forEach(function (head, index) {
      head.classList.add("hb-sortable");
      head.tabIndex = 0;
      function sort() {
        var down = head.getAttribute("aria-sort") !== "descending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", down ? "descending" : "ascending");
        var keyed = rows.map(function (row, i) { var t = cellText(row, index); return { row: row, i: i, n: number(t), t: t }; });
        keyed.sort(function (a, b) {
          var order = a.n !== null && b.n !== null ? a.n - b.n : a.t.localeCompare(b.t, "zh");
          return (down ? -order : order) || a.i - b.i;
        });
        keyed.forEach(function (k) { body.appendChild(k.row); });
      }
      head.addEventListener("click", sort);
      head.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    apply();
  }

  function lightbox(event) {
    var link = event.target.closest("a.hb-photo");
    if (!link) return;
    event.preventDefault();
    var dialog = document.createElement("dialog"), img = document.createElement("img");
    dialog.className = "hb-lightbox";
    img.src = link.href;
    img.alt = (link.querySelector("img") || {}).alt || "";
    dialog.appendChild(img);
    dialog.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  function lookup(box) {
    var config = document.getElementById("__config");
    var root = new URL((config ? JSON.parse(config.textContent).base : "..").replace(/\/?$/, "/"), location.href);
    function go() {
      var id = decodeURIComponent(location.hash.slice(1)).trim().toUpperCase();
      if (!/^[A-Z][A-Z0-9]{1,11}-\d{3,}$/.test(id)) return;
      var code = id.replace(/-\d+$/, "");
      fetch(new URL("data/phases/" + code + ".json", root)).then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; })
        .then(function (phases) {
          if (phases[id]) location.replace(new URL("projects/" + code + "/phase-" + phases[id] + "/#" + id, root).href);
          else box.textContent = box.dataset.missing.replace("{id}", id);
        });
    }
    window.addEventListener("hashchange", go);
    go();
  }

  function start() {
    document.querySelectorAll(".hb-table").forEach(enhance);
    document.querySelectorAll(".hb-lookup").forEach(lookup);
    document.addEventListener("click", lightbox);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
