(function () {
  "use strict";
  var records = JSON.parse(document.getElementById("records").textContent);
  var panel = document.getElementById("panel");
  var panelTitle = document.getElementById("panel-title");
  var panelFields = document.getElementById("panel-fields");
  var selected = [];

  function show(value) {
    if (value === null || value === undefined) { return "—"; }
    if (Array.isArray(value)) {
      if (value.every(function (item) { return typeof item !== "object" || item === null; })) {
        return value.length && value.length <= 2 && typeof value[0] === "number" ? value.join(", ") : value.join("\n");
      }
      return value.map(function (item) {
        return (item !== null && typeof item === "object") ? JSON.stringify(item) : String(item);
      }).join("\n");
    }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  function clearSelection() {
    selected.forEach(function (el) { el.classList.remove("selected"); });
    selected = [];
  }

  function select(key) {
    clearSelection();
    document.querySelectorAll('[data-r="' + key + '"]').forEach(function (el) {
      el.classList.add("selected");
      selected.push(el);
    });
  }

  function openPanel(key) {
    var record = records[key];
    if (!record) { return; }
    panelTitle.textContent = (record.type || "") + (record.id ? " · " + record.id : "");
    while (panelFields.firstChild) { panelFields.removeChild(panelFields.firstChild); }
    Object.keys(record).forEach(function (name) {
      var row = document.createElement("tr");
      var th = document.createElement("th");
      var td = document.createElement("td");
      th.textContent = name;
      td.textContent = show(record[name]);
      row.appendChild(th);
      row.appendChild(td);
      panelFields.appendChild(row);
    });
    panel.hidden = false;
    select(key);
  }

  function reveal(key) {
    var mark = document.querySelector('mark[data-r="' + key + '"]');
    if (mark) { mark.scrollIntoView({block: "center", behavior: "smooth"}); }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest(".panel")) { return; }
    var target = event.target.closest("[data-r]");
    if (!target) { return; }
    var key = target.getAttribute("data-r");
    openPanel(key);
    if (target.tagName !== "MARK") { reveal(key); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { panel.hidden = true; clearSelection(); return; }
    if (event.key !== "Enter") { return; }
    var target = event.target.closest && event.target.closest("[data-r]");
    if (target) { openPanel(target.getAttribute("data-r")); reveal(target.getAttribute("data-r")); }
  });

  panel.querySelector(".close").addEventListener("click", function () {
    panel.hidden = true;
    clearSelection();
  });

  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-toggle"), !box.checked);
    });
  });
}());
