// crmspec's form editor: builds the form from the questionnaire's JSON Schema (so a field added
// to the model appears without new form code), shows the document rendered by the server from
// the unsaved questionnaire, places each problem beside its field, and saves through the server,
// which writes the YAML back keeping comments and untouched lines.
//
// Everything here talks only to the server that sent it (connect-src 'self'); every request that
// computes or writes carries the page's token.
(function () {
  "use strict";

  var token = document.querySelector('meta[name="crmspec-token"]').getAttribute("content");
  var schema, labels, fields, ui, references;
  var value = null; // the questionnaire being edited
  var baseHash = ""; // the file version the form was loaded from
  var dirty = false;
  var saving = false;
  var problems = [];
  var open = {}; // paths of the groups the user opened or closed: path -> boolean
  var previewSeq = 0;
  var previewTimer = null;
  var el = {};

  // ── Small DOM helpers ──────────────────────────────────────────────────────────────────
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // Help texts mark code with backticks, as the YAML comments do.
  function rich(text) {
    var out = document.createDocumentFragment();
    String(text || "").split("`").forEach(function (part, i) {
      out.appendChild(i % 2 ? h("code", { text: part }) : document.createTextNode(part));
    });
    return out;
  }

  function idOf(path) {
    return "f-" + (path || "root").replace(/[^A-Za-z0-9_-]/g, "_");
  }

  function pathOf(parent, key) {
    if (typeof key === "number") return parent + "[" + key + "]";
    return parent ? parent + "." + key : key;
  }

  function humanise(key) {
    var text = String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function labelOf(key) {
    return fields[key] || humanise(key);
  }

  // ── The schema ────────────────────────────────────────────────────────────────────────
  function deref(node) {
    var seen = 0;
    while (node && node.$ref && seen++ < 20) {
      var name = node.$ref.replace("#/$defs/", "");
      var target = schema.$defs[name] || {};
      var merged = Object.assign({}, target, { $def: name });
      if (node.description) merged.description = node.description;
      node = merged;
    }
    return node || {};
  }

  // The shape of a field: optional when null is allowed, with the non-null alternative.
  function shape(node) {
    node = deref(node);
    var nullable = false;
    var alternatives = node.anyOf || null;
    if (alternatives) {
      var rest = alternatives.filter(function (a) {
        if (a.type === "null") { nullable = true; return false; }
        return true;
      });
      if (rest.length === 1) {
        var inner = deref(rest[0]);
        var merged = Object.assign({}, inner, { description: node.description || inner.description });
        return { node: merged, nullable: nullable };
      }
      return { node: Object.assign({}, node, { anyOf: rest }), nullable: nullable };
    }
    if (Array.isArray(node.type)) {
      nullable = node.type.indexOf("null") >= 0;
      var types = node.type.filter(function (t) { return t !== "null"; });
      node = Object.assign({}, node, { type: types.length === 1 ? types[0] : types });
    }
    return { node: node, nullable: nullable };
  }

  function kindOf(node) {
    if (node.enum || (node.oneOf && node.oneOf.every(function (o) { return o.const !== undefined; }))) return "enum";
    if (node.anyOf) return "open-enum";
    if (node.oneOf) return "either";
    if (node.type === "object" || node.properties) return "object";
    if (node.type === "array") return "array";
    if (node.type === "boolean") return "boolean";
    if (node.type === "integer" || node.type === "number") return "number";
    return "string";
  }

  function enumValues(node) {
    if (node.enum) return node.enum.map(function (v) { return { value: v, help: "" }; });
    return node.oneOf.map(function (o) { return { value: o.const, help: o.description || "" }; });
  }

  // A new value of the shape `node`: its required fields, empty.
  function blank(node) {
    node = shape(node).node;
    switch (kindOf(node)) {
      case "object":
        var out = {};
        (node.required || []).forEach(function (k) { out[k] = blank(node.properties[k]); });
        return out;
      case "array": return [];
      case "boolean": return false;
      case "number": return node.minimum || 0;
      case "enum": return enumValues(node)[0].value;
      default: return "";
    }
  }

  // ── References: the ids a field may name, from the questionnaire as it is now ────────────
  function pattern(path) {
    return path.replace(/\[\d+\]/g, "[]");
  }

  function collect(data, parts) {
    if (!parts.length) return [data];
    var part = parts[0];
    var list = part.slice(-2) === "[]";
    var key = list ? part.slice(0, -2) : part;
    var next = data == null ? undefined : data[key];
    if (next === undefined) return [];
    if (!list) return collect(next, parts.slice(1));
    if (!Array.isArray(next)) return [];
    return next.reduce(function (acc, item) { return acc.concat(collect(item, parts.slice(1))); }, []);
  }

  function referenceFor(path) {
    var p = pattern(path);
    for (var i = 0; i < references.length; i++) {
      if (references[i].field === p) return references[i];
    }
    return null;
  }

  function idsFor(reference) {
    var ids = collect(value, reference.ids.split(".")).filter(function (id) {
      return typeof id === "string" && id !== "";
    });
    return ids.concat(reference.also);
  }

  // ── Reading and writing the value at a path ───────────────────────────────────────────
  function setAt(steps, v) {
    var node = value;
    for (var i = 0; i < steps.length - 1; i++) node = node[steps[i]];
    var last = steps[steps.length - 1];
    if (v === undefined) {
      if (Array.isArray(node)) node.splice(last, 1);
      else delete node[last];
    } else {
      node[last] = v;
    }
  }

  function changed(structural) {
    dirty = true;
    status(ui.unsaved, "dirty");
    if (structural) renderForm();
    schedulePreview();
  }

  // ── The form ──────────────────────────────────────────────────────────────────────────
  function describe(control, node, path, key, box) {
    var help = node.description ? h("p", { class: "help", id: idOf(path) + "-help" }, [rich(node.description)]) : null;
    if (help) control.setAttribute("aria-describedby", idOf(path) + "-help");
    if (help) box.appendChild(help);
    box.appendChild(h("div", { class: "problems-here", "data-for": path }));
    return box;
  }

  // A scalar field: its label, control, help and the place for its problems.
  function scalar(node, nullable, required, path, steps, current, key) {
    var kind = kindOf(node);
    var id = idOf(path);
    var label = typeof key === "number" ? ui.item + " " + (key + 1) : labelOf(key);
    var control;
    var extra = null; // the known values a free text field suggests
    var optional = nullable || !required;
    function store(v) {
      if ((v === "" || v === null) && optional && typeof key !== "number") setAt(steps, undefined);
      else setAt(steps, v);
    }
    var reference = referenceFor(path);
    if (reference) {
      var ids = idsFor(reference);
      control = h("select", { id: id, "data-path": path });
      var options = (optional ? [""] : []).concat(ids);
      if (current !== undefined && current !== null && ids.indexOf(current) < 0) options.push(current);
      options.forEach(function (option) {
        var text = option === "" ? ui.none : option;
        if (option !== "" && ids.indexOf(option) < 0) text += " — " + ui.unknown_id;
        control.appendChild(h("option", { value: option, text: text, selected: option === current }));
      });
      control.addEventListener("change", function () { store(control.value); changed(false); });
    } else if (kind === "enum") {
      var names = labels[node.$def] || {};
      control = h("select", { id: id, "data-path": path });
      var values = enumValues(node);
      if (optional) control.appendChild(h("option", { value: "", text: ui.none, selected: current === undefined || current === null }));
      if (current !== undefined && current !== null && !values.some(function (v) { return v.value === current; })) {
        values = values.concat([{ value: current, help: "" }]);
      }
      values.forEach(function (v) {
        var text = names[v.value] ? names[v.value] + " (" + v.value + ")" : String(v.value);
        control.appendChild(h("option", { value: v.value, text: text, title: v.help || null, selected: v.value === current }));
      });
      control.addEventListener("change", function () { store(control.value); changed(false); });
    } else if (kind === "boolean") {
      control = h("input", { type: "checkbox", id: id, "data-path": path, checked: current === true });
      control.addEventListener("change", function () { store(control.checked); changed(false); });
    } else if (kind === "number") {
      control = h("input", {
        type: "number", id: id, "data-path": path, inputmode: "numeric",
        min: node.minimum !== undefined ? node.minimum : null, step: node.type === "integer" ? 1 : "any",
        value: current === undefined || current === null ? "" : current,
      });
      control.addEventListener("input", function () {
        if (control.value === "") { store(""); changed(false); return; }
        var n = Number(control.value);
        if (!isNaN(n)) { store(n); changed(false); }
      });
    } else {
      var text = current === undefined || current === null ? "" : String(current);
      var date = node.format === "date";
      var long = !date && (text.length > 70 || text.indexOf("\n") >= 0);
      if (long) {
        control = h("textarea", { id: id, "data-path": path, rows: Math.min(8, Math.max(3, Math.ceil(text.length / 70))) });
        control.value = text;
      } else {
        control = h("input", { type: date ? "date" : "text", id: id, "data-path": path, value: text });
        if (kind === "open-enum") {
          var list = h("datalist", { id: id + "-list" });
          var known = labels[(node.$parent || "") + "." + key] || {};
          node.anyOf.forEach(function (a) {
            (a.enum || []).forEach(function (v) { list.appendChild(h("option", { value: v, label: known[v] || v })); });
          });
          control.setAttribute("list", id + "-list");
          extra = list;
        }
      }
      control.addEventListener("input", function () {
        store(control.value);
        changed(false);
      });
      if (/(^|\.)id$/.test(path)) {
        // Other fields offer the ids as choices: they follow once the id is typed.
        control.addEventListener("change", function () { renderForm(); });
      }
    }
    var box = h("div", { class: "field field-" + kind + (required ? " required" : "") });
    if (kind === "boolean") {
      box.appendChild(h("div", { class: "check" }, [control, h("label", { for: id, text: label })]));
    } else {
      box.appendChild(h("label", { for: id, text: label }));
      box.appendChild(control);
      if (extra) box.appendChild(extra);
    }
    return describe(control, node, path, key, box);
  }

  // The buttons of one list item: move up, move down, duplicate, remove.
  function itemTools(list, index, steps, path, label) {
    function act(name, text, fn, disabled) {
      return h("button", {
        type: "button", class: "tool tool-" + name, "data-action": name, "data-path": path,
        "aria-label": text + " — " + label, title: text, disabled: disabled, onclick: fn,
      }, [text]);
    }
    return h("div", { class: "tools" }, [
      act("up", ui.move_up, function () {
        var item = list.splice(index, 1)[0]; list.splice(index - 1, 0, item); changed(true);
        focusLater('[data-action="up"][data-path="' + path.replace(/\[\d+\]$/, "[" + (index - 1) + "]") + '"]');
      }, index === 0),
      act("down", ui.move_down, function () {
        var item = list.splice(index, 1)[0]; list.splice(index + 1, 0, item); changed(true);
        focusLater('[data-action="down"][data-path="' + path.replace(/\[\d+\]$/, "[" + (index + 1) + "]") + '"]');
      }, index === list.length - 1),
      act("duplicate", ui.duplicate, function () {
        list.splice(index + 1, 0, JSON.parse(JSON.stringify(list[index]))); changed(true);
      }),
      act("remove", ui.remove, function () { list.splice(index, 1); changed(true); }),
    ]);
  }

  function focusLater(selector) {
    setTimeout(function () {
      var target = document.querySelector(selector);
      if (target && !target.disabled) target.focus();
    }, 0);
  }

  // What an item is called in its list: its name, title or id when it has one.
  function itemName(item, index) {
    var name = "";
    if (item && typeof item === "object") name = item.name || item.title || item.module || item.id || item.term || "";
    else if (typeof item === "string") name = item;
    return ui.item + " " + (index + 1) + (name ? " — " + String(name).slice(0, 60) : "");
  }

  function group(tag, path, title, description, body, startOpen) {
    var isOpen = open[path] !== undefined ? open[path] : startOpen;
    var details = h("details", { class: tag, "data-group": path, open: isOpen });
    details.addEventListener("toggle", function () { open[path] = details.open; });
    details.appendChild(h("summary", {}, [h("span", { class: "title", text: title })]));
    if (description) details.appendChild(h("p", { class: "help" }, [rich(description)]));
    details.appendChild(h("div", { class: "problems-here", "data-for": path }));
    details.appendChild(body);
    return details;
  }

  function field(propNode, required, path, steps, current, key, parentDef) {
    var s = shape(propNode);
    var node = s.node;
    if (parentDef && !node.$parent) node = Object.assign({}, node, { $parent: parentDef });
    var kind = kindOf(node);
    var label = typeof key === "number" ? itemName(current, key) : labelOf(key);
    var optional = s.nullable || !required;
    var detached = false; // an optional list not written yet: written with its first item
    if (kind === "array" && (current === undefined || current === null)) {
      current = [];
      detached = true;
    }
    if (kind === "object" || kind === "array") {
      if (current === undefined || current === null) {
        // An optional section not written yet: one button adds it.
        return h("div", { class: "field absent" }, [
          h("span", { class: "absent-label", text: label }),
          node.description ? h("p", { class: "help" }, [rich(node.description)]) : null,
          h("button", {
            type: "button", class: "tool", "data-action": "add", "data-path": path,
            "aria-label": ui.add + " — " + label,
            onclick: function () { setAt(steps, blank(node)); open[path] = true; changed(true); focusLater('[data-group="' + path + '"] summary'); },
          }, [ui.add + " — " + label]),
        ]);
      }
      var body = kind === "object" ? objectBody(node, path, steps, current) : arrayBody(node, path, steps, current, label, detached);
      var tools = null;
      if (optional && !detached && typeof key !== "number") {
        tools = h("button", {
          type: "button", class: "tool tool-remove", "data-action": "remove", "data-path": path,
          "aria-label": ui.remove + " — " + label,
          onclick: function () { setAt(steps, undefined); changed(true); },
        }, [ui.remove]);
        body.appendChild(tools);
      }
      return group(steps.length === 1 ? "section" : "group", path, label, node.description, body, steps.length === 1 && false);
    }
    if (kind === "either") {
      // A value that may be written two ways (a catalogue id, or an id with its priority):
      // shown in the way it is written.
      var alternatives = node.oneOf.map(function (a) { return shape(a).node; });
      var chosen = alternatives.filter(function (a) {
        return (typeof current === "object") === (kindOf(a) === "object");
      })[0] || alternatives[0];
      var merged = Object.assign({}, chosen, { description: node.description || chosen.description });
      return field(merged, required, path, steps, current, key, parentDef);
    }
    return scalar(node, s.nullable, required, path, steps, current, key);
  }

  function objectBody(node, path, steps, current) {
    var body = h("div", { class: "fields" });
    var required = node.required || [];
    Object.keys(node.properties || {}).forEach(function (key) {
      body.appendChild(field(node.properties[key], required.indexOf(key) >= 0, pathOf(path, key),
        steps.concat([key]), current[key], key, node.$def));
    });
    return body;
  }

  function arrayBody(node, path, steps, current, label, detached) {
    var body = h("div", { class: "items" });
    var itemNode = node.items || {};
    var itemKind = kindOf(shape(itemNode).node);
    current.forEach(function (item, index) {
      var itemPath = pathOf(path, index);
      var itemSteps = steps.concat([index]);
      var name = itemName(item, index);
      var row = h("div", { class: "item item-" + itemKind });
      var inner = field(itemNode, true, itemPath, itemSteps, item, index, node.$def);
      row.appendChild(inner);
      row.appendChild(itemTools(current, index, itemSteps, itemPath, name));
      body.appendChild(row);
    });
    body.appendChild(h("button", {
      type: "button", class: "tool tool-add", "data-action": "add", "data-path": path,
      "aria-label": ui.add + " — " + label,
      onclick: function () {
        if (detached) setAt(steps, current);
        current.push(blank(itemNode));
        var added = pathOf(path, current.length - 1);
        open[added] = true;
        changed(true);
        focusLater('[data-group="' + added + '"] summary, [data-path="' + added + '"]');
      },
    }, [ui.add]));
    return body;
  }

  function renderForm() {
    var focused = document.activeElement;
    var focusPath = focused && focused.getAttribute && focused.getAttribute("data-path");
    var focusAction = focused && focused.getAttribute && focused.getAttribute("data-action");
    var scroll = el.form.scrollTop;
    var form = h("div", { class: "form-body" });
    var required = schema.required || [];
    Object.keys(schema.properties).forEach(function (key) {
      form.appendChild(field(schema.properties[key], required.indexOf(key) >= 0, key, [key], value[key], key, null));
    });
    el.form.replaceChildren(form);
    el.form.scrollTop = scroll;
    placeProblems();
    if (focusPath) {
      var selector = '[data-path="' + focusPath + '"]' + (focusAction ? '[data-action="' + focusAction + '"]' : "");
      var again = document.querySelector(selector);
      if (again) again.focus();
    }
  }

  // ── Problems ──────────────────────────────────────────────────────────────────────────
  // The closest place in the form for a path: the field, else its nearest enclosing group.
  function placeFor(path) {
    var p = path;
    while (p) {
      var spot = el.form.querySelector('.problems-here[data-for="' + CSS.escape(p) + '"]');
      if (spot) return spot;
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function problemText(problem) {
    return problem.message + (problem.hints.length ? " — " + problem.hints.join(" ") : "");
  }

  function placeProblems() {
    el.form.querySelectorAll(".problems-here").forEach(function (spot) { spot.replaceChildren(); });
    el.form.querySelectorAll(".has-problem").forEach(function (node) {
      node.classList.remove("has-problem");
      node.removeAttribute("aria-invalid");
    });
    var list = h("ul", {});
    problems.forEach(function (problem, n) {
      var spot = placeFor(problem.path);
      var id = "problem-" + n;
      if (spot) {
        spot.appendChild(h("p", { class: "problem " + problem.severity, id: id }, [
          h("strong", { text: (problem.code ? problem.code + " " : "") }), problemText(problem),
        ]));
        var control = el.form.querySelector('[data-path="' + CSS.escape(problem.path) + '"]:not(button)');
        if (control) {
          control.classList.add("has-problem");
          if (problem.severity === "error") control.setAttribute("aria-invalid", "true");
        }
      }
      list.appendChild(h("li", { class: problem.severity }, [
        h("button", { type: "button", class: "jump", "data-problem": n, onclick: function () { jump(problem, id); } }, [
          h("code", { text: problem.path || "—" }), " ", problemText(problem),
        ]),
      ]));
    });
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    el.problemsTitle.textContent = problems.length ? ui.problems + " (" + problems.length + ")" : ui.no_problems;
    el.problems.classList.toggle("has-errors", errors > 0);
    el.problemsList.replaceChildren(list);
  }

  function jump(problem, id) {
    var target = document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; open[node.getAttribute("data-group")] = true; }
    }
    var control = el.form.querySelector('[data-path="' + CSS.escape(problem.path) + '"]:not(button)');
    target.scrollIntoView({ block: "center" });
    (control || target.parentElement.parentElement.querySelector("summary") || target).focus();
  }

  // ── Preview ───────────────────────────────────────────────────────────────────────────
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 250);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Crmspec-Token": token },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  }

  function preview() {
    if (value === null) return;
    var seq = ++previewSeq;
    document.body.setAttribute("data-preview", "pending");
    post("/api/preview", value).then(function (r) { return r.json(); }).then(function (answer) {
      if (seq !== previewSeq) return;
      problems = answer.problems;
      placeProblems();
      var frame = el.frame;
      var y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = function () {
        if (frame.contentWindow) frame.contentWindow.scrollTo(0, y);
        document.body.setAttribute("data-preview", String(seq));
      };
      frame.srcdoc = answer.html;
    }).catch(function () { document.body.setAttribute("data-preview", "failed"); });
  }

  // ── Saving, and the file changing on disk ─────────────────────────────────────────────
  function status(text, kind) {
    el.status.textContent = text;
    el.status.className = "status " + (kind || "");
  }

  function save() {
    if (saving || value === null) return;
    saving = true;
    status(ui.saving, "busy");
    post("/api/save", { value: value, hash: baseHash }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { code: r.status, body: body }; });
    }).then(function (answer) {
      saving = false;
      if (answer.code === 200) {
        baseHash = answer.body.hash;
        dirty = false;
        status(ui.saved, "saved");
        document.body.setAttribute("data-saved", baseHash);
      } else if (answer.code === 409) {
        conflict(answer.body.hash);
      } else {
        status(ui.refused + (answer.body.message ? " — " + answer.body.message : ""), "error");
      }
    }).catch(function () { saving = false; status(ui.refused, "error"); });
  }

  function conflict(diskHash) {
    if (!el.banner.hidden) return;
    el.banner.hidden = false;
    el.banner.replaceChildren(
      h("p", { text: ui.changed_on_disk }),
      h("button", { type: "button", onclick: function () { el.banner.hidden = true; load(); } }, [ui.reload]),
      h("button", { type: "button", onclick: function () { el.banner.hidden = true; baseHash = diskHash; status(ui.unsaved, "dirty"); } }, [ui.keep_mine])
    );
    el.banner.querySelector("button").focus();
  }

  function watchDisk() {
    if (!saving && el.banner.hidden) {
      fetch("/api/hash", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (answer) {
        if (saving || answer.hash === baseHash) return;
        if (dirty) conflict(answer.hash);
        else load();
      }).catch(function () {});
    }
    setTimeout(watchDisk, 1000);
  }

  // ── Start ─────────────────────────────────────────────────────────────────────────────
  function load() {
    return fetch("/api/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      schema = state.schema;
      labels = state.labels;
      fields = state.fields;
      ui = state.interface;
      references = state.references;
      baseHash = state.hash;
      dirty = false;
      document.documentElement.lang = state.lang;
      if (!el.form) build(state);
      el.file.textContent = state.file;
      if (state.value === null || typeof state.value !== "object") {
        value = null;
        el.form.replaceChildren(h("div", { class: "unreadable" }, [
          h("p", { text: ui.cannot_read }), h("pre", { text: state.error || "" }),
        ]));
        el.save.disabled = true;
        return;
      }
      el.save.disabled = false;
      value = state.value;
      status("", "");
      renderForm();
      preview();
      document.body.setAttribute("data-loaded", baseHash);
    });
  }

  function build(state) {
    el.file = h("span", { class: "file" });
    el.status = h("span", { class: "status", role: "status", "aria-live": "polite" });
    el.save = h("button", { type: "button", class: "save", id: "save", onclick: save }, [ui.save]);
    el.banner = h("div", { class: "banner", role: "alert", hidden: true });
    el.problemsTitle = h("span", {});
    el.problemsList = h("div", {});
    el.problems = h("details", { class: "problems", id: "problems" }, [h("summary", {}, [el.problemsTitle]), el.problemsList]);
    el.form = h("section", { class: "form", "aria-label": ui.form });
    el.frame = h("iframe", { class: "document", title: ui.preview, sandbox: "allow-same-origin" });
    document.body.replaceChildren(
      h("header", {}, [h("h1", {}, ["crmspec — ", el.file]), el.status, el.save]),
      el.banner,
      el.problems,
      h("main", {}, [el.form, h("section", { class: "preview", "aria-label": ui.preview }, [el.frame])])
    );
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
    });
    window.addEventListener("beforeunload", function (e) { if (dirty) e.preventDefault(); });
  }

  // A failure of the editor itself is shown, not left as an empty page.
  function failed(error) {
    document.body.appendChild(h("pre", { class: "failure", role: "alert", text: String(error && error.stack || error) }));
  }

  load().then(watchDisk, failed);
})();
