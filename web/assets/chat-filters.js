/* The chat's filter form: constraints a person sets by hand (kind, district, age, target group, how
 * often, language, barrier-free, weekdays, time of day), also showing what the assistant understood.
 * Loaded after chat-text.js and before chat.js; labels follow the interface language. */
var KBAChatFilters = (function () {
  "use strict";

  function build(ctx) {
    var id = ctx.id, t = ctx.t, label = ctx.label, el = ctx.el, fold = ctx.fold;
    var lists = KBA_CHAT_TEXT;
    var form = el("form", "kba-filters");
    form.id = id + "-filters";
    form.hidden = true;
    var groups = el("div", "kba-filter-grid");
    function fieldset(key, wide) {
      var fs = el("fieldset", "kba-fieldset" + (wide ? " kba-wide" : ""));
      fs.appendChild(label(el("legend"), key));
      groups.appendChild(fs);
      return fs;
    }
    function checkbox(fs, name, value, textFn) {
      var l = el("label", "kba-check");
      var box = el("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      var span = el("span");
      ctx.track(span, textFn);
      l.append(box, span);
      fs.appendChild(l);
    }
    function select(key, name, values, display) {
      var wrap = el("div", "kba-field");
      var l = label(el("label"), key);
      var s = el("select");
      s.name = name;
      s.id = l.htmlFor = id + "-f-" + name;
      var any = label(el("option"), "any");
      any.value = "";
      s.appendChild(any);
      values.forEach(function (v) {
        var o = el("option", null, display ? display(v) : v);
        o.value = v;
        if (display) ctx.track(o, function () { return display(v); });
        s.appendChild(o);
      });
      wrap.append(l, s);
      groups.appendChild(wrap);
      return s;
    }
    var kinds = fieldset("kind");
    ["club", "opportunity", "project"].forEach(function (k) {
      checkbox(kinds, "kind", k, function () { return t("kinds")[k]; });
    });
    select("district", "district", lists.districts);
    var ageWrap = el("div", "kba-field");
    var ageLabel = label(el("label"), "age");
    var age = el("input");
    age.type = "number";
    age.min = "0";
    age.max = "120";
    age.name = "age";
    age.inputMode = "numeric";
    age.id = ageLabel.htmlFor = id + "-f-age";
    ageWrap.append(ageLabel, age);
    groups.appendChild(ageWrap);
    select("target", "target_group", lists.groups);
    select("frequency", "frequency", ["regelmäßig", "einmalig", "saisonal"], function (v) { return t("freq")[v]; });
    select("language", "language", lists.languages);
    var access = fieldset("access");
    checkbox(access, "barrier_free", "1", function () { return t("barrierFree"); });
    var days = fieldset("weekdays", true);
    ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"].forEach(function (d) {
      checkbox(days, "weekdays", d, function () { return t("days")[d]; });
    });
    var tod = fieldset("times", true);
    ["vormittags", "nachmittags", "abends"].forEach(function (v) {
      checkbox(tod, "time_of_day", v, function () { return t("tod")[v]; });
    });
    var actions = el("div", "kba-filter-actions");
    var apply = label(el("button", "kba-button"), "apply");
    apply.type = "submit";
    var clear = label(el("button", "kba-button kba-secondary"), "clear");
    clear.type = "button";
    clear.addEventListener("click", function () { form.reset(); });
    actions.append(apply, clear);
    form.append(groups, actions);

    function read() {
      var out = {};
      var fd = new FormData(form);
      ["kind", "weekdays", "time_of_day"].forEach(function (k) { if (fd.getAll(k).length) out[k] = fd.getAll(k); });
      ["district", "target_group", "language"].forEach(function (k) { if (fd.get(k)) out[k] = [fd.get(k)]; });
      if (fd.get("frequency")) out.frequency = fd.get("frequency");
      var a = parseInt(fd.get("age"), 10);
      if (a >= 0 && a <= 120) out.age = a;
      if (fd.get("barrier_free")) out.barrier_free = true;
      return out;
    }
    function show(f) {
      function list(v) { return (Array.isArray(v) ? v : v == null || v === "" ? [] : [v]).map(fold); }
      var pick = function (a, b) { return f[a] != null ? f[a] : f[b]; };
      Array.prototype.forEach.call(form.elements, function (field) {
        var values = {
          kind: list(pick("kind", "kinds")), weekdays: list(f.weekdays), time_of_day: list(f.time_of_day),
          district: list(pick("district", "districts")), target_group: list(pick("target_group", "target_groups")),
          language: list(pick("language", "languages")), frequency: list(f.frequency)
        }[field.name];
        if (field.type === "checkbox" && values) field.checked = values.indexOf(fold(field.value)) >= 0;
        else if (field.tagName === "SELECT" && values) {
          var match = Array.prototype.find.call(field.options, function (o) { return values.indexOf(fold(o.value)) >= 0; });
          field.value = match ? match.value : "";
        }
      });
      form.elements.age.value = typeof f.age === "number" ? String(f.age) : "";
      form.elements.barrier_free.checked = f.barrier_free === true;
    }
    function summary(values) {
      var parts = [];
      Object.keys(values).forEach(function (k) {
        var v = values[k];
        if (k === "kind") parts.push(v.map(function (x) { return t("kinds")[x] || x; }).join(", "));
        else if (k === "age") parts.push(t("age") + " " + v);
        else if (k === "barrier_free") parts.push(t("barrierFree"));
        else if (k === "weekdays") parts.push(v.map(function (x) { return t("days")[x] || x; }).join(", "));
        else if (k === "time_of_day") parts.push(v.map(function (x) { return t("tod")[x] || x; }).join(", "));
        else if (k === "frequency") parts.push(t("freq")[v] || v);
        else parts.push([].concat(v).join(", "));
      });
      return parts.length ? parts.join(" · ") : t("none");
    }
    return { form: form, read: read, show: show, summary: summary, reset: function () { form.reset(); } };
  }

  return { build: build };
})();
