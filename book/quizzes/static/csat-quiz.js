/* csat-quiz.js: the course's self-assessment quizzes, the final assessment with its certificate,
 * and the "My progress" table.
 *
 * Self-hosted, no network, no dependencies.  Notebooks get this file inline from book.quizzes
 * (show_quiz / show_progress) next to a <script type="application/json"> holding the quiz; book
 * pages load it from ../quizzes/ after ../quizzes/<id>.js, which sets window.CsatQuizData[id].
 * Both data forms are generated from the YAML banks.
 *
 * Words: this file holds no reader text.  Every word comes from data.ui (book/quizzes/ui.yml in
 * the page's language); a missing key is shown as the key itself, so a gap is visible, and a
 * Python test checks that every t("key") used here exists in ui.yml.  Numbers and dates are
 * formatted with Intl in data.lang.
 * Safety: every piece of bank text is put into the page with textContent, never innerHTML, so
 * no markup or script from a bank can run.
 * Privacy: scores are kept in this browser's localStorage only (key STORE); nothing is sent.  An
 * LMS adapter may listen to the events below and report them; this file never talks to an LMS.
 * Scoring: a question counts as right if the reader's FIRST checked answer is right; readers may
 * keep trying to read the other feedback, but the mark does not change.
 * Attempts: each attempt has a random seed, kept in localStorage with its first answers, so a
 * reload shows the same option order (and the same drawn final-assessment questions) and keeps
 * the answers given; "Start again" / "Try again" draws a new seed.
 * Events (on document): "csat-quiz:finished" {quiz, score, total, passMark, passed, answers:
 * [{question, correct, response, kind}]} when an attempt is complete; "csat-quiz:progress" with the
 * whole stored object whenever it changes.  A choice response is the letters of the chosen
 * options in the bank's (author's) order, "a,c"; a numeric response is the number typed; kind is
 * "choice" or "numeric".
 */
(function () {
  "use strict";
  if (window.CsatQuiz) { window.CsatQuiz.renderAll(); return; }

  var STORE = "csat-course-quiz-scores";

  function readStore() {
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (err) { return {}; }
  }
  function announce(store) {
    document.dispatchEvent(new CustomEvent("csat-quiz:progress", { detail: store }));
  }
  function writeStore(value) {
    var kept;
    try { window.localStorage.setItem(STORE, JSON.stringify(value)); kept = true; }
    catch (err) { kept = false; }  // storage disabled: the quiz still works, nothing is kept
    announce(value);
    return kept;
  }

  /* ---- words, numbers, dates ---------------------------------------------------------- */

  function Words(data) {
    this.ui = (data && data.ui) || {};
    this.lang = (data && data.lang) || document.documentElement.lang || "en";
  }
  /** The reader's words for `key`, with {name} placeholders filled; the key itself if missing. */
  Words.prototype.t = function (key, params) {
    var text = Object.prototype.hasOwnProperty.call(this.ui, key) ? String(this.ui[key]) : key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  };
  Words.prototype.num = function (value, decimals) {
    var places = decimals || 0;
    try {
      return new Intl.NumberFormat(this.lang, { minimumFractionDigits: places,
        maximumFractionDigits: places, useGrouping: false }).format(value);
    } catch (err) { return Number(value).toFixed(places); }
  };
  Words.prototype.percent = function (right, total) {
    var share = total ? right / total : 0;
    try { return new Intl.NumberFormat(this.lang, { style: "percent", maximumFractionDigits: 0 }).format(share); }
    catch (err) { return Math.round(100 * share) + "%"; }
  };
  /** A date in the reader's locale, long form (2026年11月30日, 30 November 2026 ...); "" if unknown. */
  Words.prototype.date = function (iso) {
    var when = new Date(iso);
    if (!iso || isNaN(when.getTime())) { return ""; }
    try { return new Intl.DateTimeFormat(this.lang, { year: "numeric", month: "long", day: "numeric" }).format(when); }
    catch (err) { return when.toISOString().slice(0, 10); }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function button(className, text) {
    var b = el("button", "csat-quiz-button " + className, text);
    b.type = "button";
    return b;
  }

  function parseNumber(text) {
    var cleaned = String(text).trim().replace(/\s+/g, "").replace(/[%\uff05]$/, "").replace(/[,\uff0c]/, ".")
      .replace(/^\u2212/, "-");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) { return NaN; }
    return parseFloat(cleaned);
  }

  /** Right answers needed to pass: passMark is a share (0.7); 1e-9 because 0.7 * 20 > 14 in floats. */
  function needed(passMark, total) { return Math.ceil(passMark * total - 1e-9); }

  /* ---- seeded order ------------------------------------------------------------------- */

  /** mulberry32: a small 32-bit PRNG; the same seed gives the same sequence in every browser. */
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /** 0..n-1 in a Fisher-Yates order drawn from `rng` (tests re-implement this in Python). */
  function shuffled(n, rng) {
    var order = [], i, j, swap;
    for (i = 0; i < n; i++) { order.push(i); }
    for (i = n - 1; i > 0; i--) {
      j = Math.floor(rng() * (i + 1));
      swap = order[i]; order[i] = order[j]; order[j] = swap;
    }
    return order;
  }
  function newSeed() {
    try { return window.crypto.getRandomValues(new Uint32Array(1))[0]; }
    catch (err) { return Math.floor(Math.random() * 4294967296); }
  }
  /** True/false keeps True before False; a bank marks other meaningful orders with fixedOrder. */
  function keepsOrder(q) { return !!q.fixedOrder || q.type === "true_false"; }

  /**
   * The questions of one attempt and each one's option order, from the attempt's seed.
   *
   * A final assessment ("groups") first draws `draw` questions of each group (shown in the
   * bank's order inside the group); then every shown choice question not in a fixed order gets
   * its options shuffled, in turn, from the same generator.
   */
  function planAttempt(data, seed) {
    var rng = mulberry32(seed), questions = [];
    if (data.groups) {
      var draw = data.draw || 1;
      data.groups.forEach(function (group) {
        var picked = shuffled(group.questions.length, rng).slice(0, draw).sort(function (x, y) { return x - y; });
        picked.forEach(function (k) { questions.push(group.questions[k]); });
      });
    } else {
      questions = data.questions.slice();
    }
    var orders = questions.map(function (q) {
      var n = q.options ? q.options.length : 0;
      if (!n) { return []; }
      if (keepsOrder(q)) { return shuffled(n, function () { return 0.999999; }); }  // j = i: no swap
      return shuffled(n, rng);
    });
    return { questions: questions, orders: orders };
  }

  function letters(indices) {
    return indices.slice().sort(function (x, y) { return x - y; })
      .map(function (k) { return String.fromCharCode(97 + k); }).join(",");
  }

  /* ---- a quiz ------------------------------------------------------------------------- */

  var counter = 0;

  function renderTable(table) {
    var wrap = el("div", "csat-quiz-tablewrap");
    var t = el("table", "csat-quiz-table");
    var thead = el("thead"), tr = el("tr");
    table.columns.forEach(function (c) { var th = el("th", null, c); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    var tbody = el("tbody");
    table.rows.forEach(function (row) {
      var r = el("tr");
      row.forEach(function (cell, c) {
        r.appendChild(el("td", table.numeric && table.numeric[c] ? "csat-num" : null, cell));
      });
      tbody.appendChild(r);
    });
    t.appendChild(tbody); wrap.appendChild(t);
    return wrap;
  }

  function Quiz(root, data) {
    this.root = root;
    this.data = data;
    this.w = new Words(data);
    this.uid = "csatq" + (++counter);
  }

  /** The stored record of this quiz (a fresh object when there is none). */
  Quiz.prototype.stored = function () { return readStore()[this.data.id] || {}; };

  Quiz.prototype.save = function (change) {
    var store = readStore();
    var record = store[this.data.id] || {};
    change(record);
    record.title = this.data.title;
    if (this.data.passMark) { record.passMark = this.data.passMark; }
    store[this.data.id] = record;
    return writeStore(store);
  };

  /** Start (or continue, after a reload) the attempt kept in storage; `fresh` draws a new one. */
  Quiz.prototype.render = function (fresh) {
    var self = this, data = this.data, w = this.w;
    var record = this.stored();
    var attempt = !fresh && record.attempt && typeof record.attempt.seed === "number" ? record.attempt : null;
    if (!attempt) {
      attempt = { seed: newSeed(), results: {} };
      this.save(function (r) { r.attempt = attempt; });
    }
    this.attempt = attempt;
    var plan = planAttempt(data, attempt.seed);
    this.questions = plan.questions;
    this.orders = plan.orders;

    this.root.textContent = "";
    this.root.classList.add("csat-quiz-ready");
    this.root.lang = w.lang;
    var intro = el("p", "csat-quiz-intro", w.t("intro", { count: w.num(this.questions.length) }));
    this.root.appendChild(intro);
    if (data.groups) {
      this.root.appendChild(el("p", "csat-quiz-intro", w.t("final_intro", { count: w.num(this.questions.length) })));
    }
    var answered = Object.keys(attempt.results).length;
    if (!fresh && answered) {
      this.root.appendChild(el("p", "csat-quiz-saved", w.t("resumed", { answered: w.num(answered),
        total: w.num(this.questions.length) })));
    }
    if (typeof record.best === "number" && record.bestTotal) {
      this.root.appendChild(el("p", "csat-quiz-saved", w.t("best_so_far", { best: w.num(record.best),
        total: w.num(record.bestTotal), date: w.date(record.bestDate) })));
    }
    var list = el("ol", "csat-quiz-list");
    this.questions.forEach(function (q, i) { list.appendChild(self.renderQuestion(q, i)); });
    this.root.appendChild(list);
    this.summary = el("div", "csat-quiz-summary");
    this.summary.setAttribute("role", "status");
    this.summary.setAttribute("aria-live", "polite");
    this.root.appendChild(this.summary);
    this.again = button("csat-quiz-restart", "");
    this.again.addEventListener("click", function () {
      self.render(true);
      var first = self.root.querySelector(".csat-quiz-list input");
      if (first) { first.focus(); }
    });
    this.root.appendChild(this.again);
    this.certificate = el("div", "csat-cert-panel");
    this.root.appendChild(this.certificate);
    this.updateSummary(false);
  };

  Quiz.prototype.renderQuestion = function (q, i) {
    var self = this, w = this.w;
    var item = el("li", "csat-quiz-question");
    item.dataset.qid = q.id;
    item.dataset.type = q.type;
    var qid = this.uid + "-q" + i;
    var fieldset = el("fieldset", "csat-quiz-fieldset");
    var legend = el("legend", "csat-quiz-text");
    legend.appendChild(el("span", "csat-quiz-num", w.num(i + 1) + ". "));
    legend.appendChild(document.createTextNode(q.text));
    legend.id = qid + "-text";
    fieldset.appendChild(legend);
    if (q.table) { fieldset.appendChild(renderTable(q.table)); }
    var feedback = el("div", "csat-quiz-feedback");
    feedback.id = qid + "-feedback";
    feedback.setAttribute("aria-live", "polite");
    var check = button("csat-quiz-check", w.t("check"));
    check.setAttribute("aria-describedby", qid + "-text");

    if (q.type === "numeric") {
      var label = el("label", "csat-quiz-numlabel", q.unit ? w.t("your_answer_unit", { unit: q.unit }) : w.t("your_answer"));
      var input = el("input", "csat-quiz-number");
      input.type = "text";
      input.id = qid + "-input";
      input.setAttribute("inputmode", "decimal");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("aria-describedby", qid + "-feedback");
      label.htmlFor = input.id;
      var row = el("div", "csat-quiz-numrow");
      row.appendChild(label); row.appendChild(input);
      fieldset.appendChild(row);
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); self.checkNumeric(q, input, feedback, item); }
      });
      check.addEventListener("click", function () { self.checkNumeric(q, input, feedback, item); });
    } else {
      var kind = q.type === "multiple" ? "checkbox" : "radio";
      if (q.type === "multiple") {
        fieldset.appendChild(el("p", "csat-quiz-hint", w.t("hint_multiple")));
      }
      var options = el("div", "csat-quiz-options");
      this.orders[i].forEach(function (k, shown) {
        var o = q.options[k];
        var lab = el("label", "csat-quiz-option");
        var inp = document.createElement("input");
        inp.type = kind;
        inp.name = qid;
        inp.value = String(k);           // the author's index: scoring never depends on the order shown
        inp.id = qid + "-o" + shown;
        lab.htmlFor = inp.id;
        lab.appendChild(inp);
        var text = q.type === "true_false" ? (k === 0 ? w.t("option_true") : w.t("option_false")) : o.text;
        lab.appendChild(el("span", "csat-quiz-option-text", text));
        options.appendChild(lab);
      });
      fieldset.appendChild(options);
      check.addEventListener("click", function () { self.checkChoice(q, fieldset, feedback, item); });
    }
    fieldset.appendChild(check);
    fieldset.appendChild(feedback);
    item.appendChild(fieldset);
    var earlier = this.attempt.results[q.id];
    if (earlier) {  // answered before a reload: say how the first answer went, keep the mark
      feedback.className = "csat-quiz-feedback " + (earlier[0] ? "csat-correct" : "csat-incorrect");
      feedback.appendChild(el("p", "csat-quiz-earlier", earlier[0] ? w.t("earlier_right") : w.t("earlier_wrong")));
      item.classList.add(earlier[0] ? "csat-answered-correct" : "csat-answered-incorrect");
    }
    return item;
  };

  Quiz.prototype.show = function (feedback, item, correct, lines) {
    feedback.textContent = "";
    feedback.className = "csat-quiz-feedback " + (correct ? "csat-correct" : "csat-incorrect");
    feedback.appendChild(el("strong", "csat-quiz-verdict", correct ? this.w.t("correct") : this.w.t("incorrect")));
    lines.forEach(function (line) { feedback.appendChild(el("p", line.cls || null, line.text)); });
    item.classList.remove("csat-answered-correct", "csat-answered-incorrect");
    item.classList.add(correct ? "csat-answered-correct" : "csat-answered-incorrect");
    if (correct) {  // the answer is on screen now: an offer to show it would be stale
      item.dataset.revealed = "1";
      var stale = item.querySelector(".csat-quiz-reveal");
      if (stale) { stale.remove(); }
    }
  };

  Quiz.prototype.pending = function (feedback, text) {
    feedback.className = "csat-quiz-feedback csat-pending";
    feedback.textContent = text;
  };

  Quiz.prototype.checkChoice = function (q, fieldset, feedback, item) {
    var w = this.w, chosen = [];
    fieldset.querySelectorAll("input").forEach(function (inp) { if (inp.checked) { chosen.push(Number(inp.value)); } });
    if (!chosen.length) {
      this.pending(feedback, q.type === "multiple" ? w.t("need_choice_multiple") : w.t("need_choice"));
      return;
    }
    var lines = [], correct;
    if (q.type === "multiple") {
      correct = q.options.every(function (o, k) { return !!o.correct === (chosen.indexOf(k) >= 0); });
      var missed = 0;
      fieldset.querySelectorAll("input").forEach(function (inp) {  // feedback in the order shown
        var k = Number(inp.value), o = q.options[k];
        if (chosen.indexOf(k) >= 0) {
          lines.push({ text: (o.correct ? "\u2713 " : "\u2717 ") + o.text + w.t("option_feedback_sep") + o.feedback,
                       cls: o.correct ? "csat-line-right" : "csat-line-wrong" });
        } else if (o.correct) { missed++; }
      });
      // say how many were left out without naming them, so the reader can try again
      if (missed) {
        lines.push({ text: missed > 1 ? w.t("missed_many", { count: w.num(missed) }) : w.t("missed_one"),
                     cls: "csat-line-missed" });
      }
    } else {
      var o = q.options[chosen[0]];
      correct = !!o.correct;
      lines.push({ text: o.feedback });
    }
    this.show(feedback, item, correct, lines);
    this.record(q, correct, letters(chosen));
  };

  Quiz.prototype.checkNumeric = function (q, input, feedback, item) {
    var w = this.w, value = parseNumber(input.value);
    if (isNaN(value)) {
      this.pending(feedback, w.t("need_number", { example: w.num(66.7, 1) }));
      return;
    }
    var correct = Math.abs(value - q.answer) <= q.tolerance + 1e-9;
    var answer = w.num(q.answer, q.decimals) + (q.unit ? " " + q.unit : "");
    var lines = [];
    if (correct) {
      lines.push({ text: q.feedback.correct });
      lines.push({ text: w.t("answer_is", { answer: answer }) });
    } else {
      var mistake = (q.wrong || []).filter(function (x) { return Math.abs(value - x.value) <= q.tolerance + 1e-9; })[0];
      lines.push({ text: mistake ? mistake.feedback : q.feedback.incorrect });
    }
    this.show(feedback, item, correct, lines);
    if (!correct && !item.dataset.revealed && !item.querySelector(".csat-quiz-reveal")) {
      var reveal = button("csat-quiz-reveal", w.t("show_answer"));
      reveal.addEventListener("click", function () {
        feedback.appendChild(el("p", "csat-line-answer", w.t("answer_within", { answer: answer,
          tolerance: w.num(q.tolerance, (String(q.tolerance).split(".")[1] || "").length) })));
        item.dataset.revealed = "1";
        reveal.remove();
      });
      feedback.parentNode.insertBefore(reveal, feedback.nextSibling);
    }
    this.record(q, correct, String(value));
  };

  /** Keep the first answer to `q` in this attempt; when it completes the attempt, score it. */
  Quiz.prototype.record = function (q, correct, response) {
    var results = this.attempt.results;
    if (Object.prototype.hasOwnProperty.call(results, q.id)) { return; }  // first answer counts
    results[q.id] = [correct ? 1 : 0, response];
    var attempt = this.attempt, total = this.questions.length;
    var right = this.rightCount(), complete = Object.keys(results).length === total;
    var now = new Date().toISOString();
    var kept = this.save(function (r) {
      r.attempt = attempt;
      if (complete) {
        r.correct = right; r.total = total; r.updated = now;
        if (typeof r.best !== "number" || right / total > r.best / (r.bestTotal || total)) {
          r.best = right; r.bestTotal = total; r.bestDate = now;
        }
      }
    });
    this.updateSummary(true, kept);
    if (complete) { this.finished(right, total); }
  };

  Quiz.prototype.rightCount = function () {
    var results = this.attempt.results;
    return Object.keys(results).filter(function (k) { return results[k][0]; }).length;
  };

  Quiz.prototype.finished = function (right, total) {
    var results = this.attempt.results, passMark = this.data.passMark || null;
    document.dispatchEvent(new CustomEvent("csat-quiz:finished", { detail: {
      quiz: this.data.id, score: right, total: total, passMark: passMark,
      passed: passMark ? right >= needed(passMark, total) : null,
      answers: this.questions.map(function (q) {
        return { question: q.id, correct: !!results[q.id][0], response: results[q.id][1],
                 kind: q.type === "numeric" ? "numeric" : "choice" };
      }) } }));
  };

  Quiz.prototype.updateSummary = function (justAnswered, kept) {
    var w = this.w, data = this.data, total = this.questions.length;
    var answered = Object.keys(this.attempt.results).length, right = this.rightCount();
    this.summary.textContent = "";
    this.summary.className = "csat-quiz-summary";
    var done = answered === total;
    this.again.textContent = done ? w.t("retry") : w.t("restart");
    if (!done) {
      this.summary.appendChild(el("p", null, w.t("answered_so_far", { answered: w.num(answered),
        total: w.num(total), right: w.num(right) })));
    } else {
      this.summary.classList.add("csat-quiz-done");
      this.summary.appendChild(el("p", "csat-quiz-score", w.t("score", { right: w.num(right),
        total: w.num(total), percent: w.percent(right, total) })));
      if (data.passMark) {
        var need = needed(data.passMark, total), passed = right >= need;
        var mark = { need: w.num(need), total: w.num(total), percent: w.percent(data.passMark, 1) };
        this.summary.appendChild(el("p", passed ? "csat-pass" : "csat-fail",
          passed ? w.t("passed", mark) : w.t("not_passed", mark)));
      }
      if (justAnswered) {
        this.summary.appendChild(el("p", "csat-quiz-note", kept ? w.t("saved_note") : w.t("not_saved")));
      }
      if (data.progressUrl) {
        var link = el("a", null, w.t("progress_link"));
        link.href = data.progressUrl;
        this.summary.appendChild(link);
      }
    }
    this.renderCertificatePanel();
  };

  /* ---- certificate -------------------------------------------------------------------- */

  /** The final assessment's name form, shown once its best stored attempt reaches the pass mark. */
  Quiz.prototype.renderCertificatePanel = function () {
    var self = this, w = this.w, data = this.data, panel = this.certificate;
    var record = this.stored();
    panel.textContent = "";
    if (!data.course || !data.passMark || typeof record.best !== "number"
        || record.best < needed(data.passMark, record.bestTotal)) { return; }
    panel.appendChild(el("h3", "csat-cert-title", w.t("cert_panel_title")));
    panel.appendChild(el("p", null, w.t("cert_intro")));
    var nameId = this.uid + "-name";
    var label = el("label", "csat-cert-label", w.t("cert_name_label"));
    label.htmlFor = nameId;
    var input = el("input", "csat-cert-name");
    input.type = "text"; input.id = nameId; input.autocomplete = "name"; input.maxLength = 80;
    input.value = record.name || "";
    var message = el("p", "csat-cert-message");
    message.setAttribute("role", "status");
    var print = button("csat-cert-print", w.t("cert_print"));
    print.addEventListener("click", function () {
      var name = input.value.trim();
      if (!name) { message.textContent = w.t("cert_need_name"); input.focus(); return; }
      message.textContent = "";
      self.save(function (r) { r.name = name; });  // typed once, kept for the next print
      var shown = panel.querySelector(".csat-cert");
      if (shown) { shown.remove(); }
      panel.appendChild(certificate(data, w, name, readStore()));
      printCertificate(certificate(data, w, name, readStore()));
    });
    var row = el("div", "csat-cert-form");
    row.appendChild(label); row.appendChild(input); row.appendChild(print);
    panel.appendChild(row);
    panel.appendChild(message);
  };

  /** The certificate as an element: course, name, final score and date, every chapter's best. */
  function certificate(data, w, name, store) {
    var final = store[data.id] || {};
    var cert = el("section", "csat-cert");
    cert.lang = w.lang;
    cert.setAttribute("aria-label", w.t("cert_heading"));
    cert.appendChild(el("h2", "csat-cert-heading", w.t("cert_heading")));
    cert.appendChild(el("p", "csat-cert-line", w.t("cert_certifies")));
    cert.appendChild(el("p", "csat-cert-who", name));
    cert.appendChild(el("p", "csat-cert-line", w.t("cert_completed")));
    cert.appendChild(el("p", "csat-cert-course", w.t("cert_course", { title: data.course.title,
      version: data.course.version })));
    cert.appendChild(el("p", "csat-cert-final", w.t("cert_final", { right: w.num(final.best),
      total: w.num(final.bestTotal), percent: w.percent(final.best, final.bestTotal),
      date: w.date(final.bestDate) })));
    var table = el("table", "csat-cert-chapters");
    table.appendChild(el("caption", null, w.t("cert_chapters")));
    var head = el("tr");
    [w.t("col_quiz"), w.t("col_best"), w.t("col_date")].forEach(function (h) {
      var th = el("th", null, h); th.scope = "col"; head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    (data.chapters || []).forEach(function (chapter) {
      var rec = store[chapter.id] || {}, tr = el("tr");
      tr.dataset.quiz = chapter.id;
      tr.appendChild(el("td", null, chapter.title));
      var has = typeof rec.best === "number";
      tr.appendChild(el("td", null, has ? w.t("score_of", { right: w.num(rec.best), total: w.num(rec.bestTotal),
        percent: w.percent(rec.best, rec.bestTotal) }) : w.t("not_taken")));
      tr.appendChild(el("td", null, has ? w.date(rec.bestDate) : ""));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    cert.appendChild(table);
    cert.appendChild(el("p", "csat-cert-date", w.t("cert_date", { date: w.date(new Date().toISOString()) })));
    cert.appendChild(el("p", "csat-cert-honesty", w.t("cert_honesty")));
    return cert;
  }

  /** Print only the certificate: a copy at the top of <body>, the rest hidden by the print CSS. */
  function printCertificate(cert) {
    var old = document.querySelector("body > .csat-cert-sheet");
    if (old) { old.remove(); }
    var sheet = el("div", "csat-cert-sheet");
    sheet.appendChild(cert);
    document.body.appendChild(sheet);
    document.body.classList.add("csat-cert-printing");
    var done = function () {
      document.body.classList.remove("csat-cert-printing");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  /* ---- My progress -------------------------------------------------------------------- */

  function progressRows(data, store) {
    return data.quizzes.map(function (quiz) {
      var rec = store[quiz.id] || {};
      return { quiz: quiz, rec: rec, best: typeof rec.best === "number", last: typeof rec.correct === "number" };
    });
  }

  /** The CSV file: one row per quiz, UTF-8 with a byte-order mark so Excel reads Chinese right. */
  function progressCsv(data, store, w) {
    var cell = function (v) {
      var s = v === undefined || v === null ? "" : String(v);
      return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
    };
    var lines = [[w.t("csv_quiz"), w.t("csv_title"), w.t("csv_best"), w.t("csv_total"), w.t("csv_percent"),
      w.t("csv_date")].map(cell).join(",")];
    progressRows(data, store).forEach(function (row) {
      var rec = row.rec;
      lines.push([row.quiz.id, row.quiz.title, row.best ? rec.best : "", row.best ? rec.bestTotal : "",
        row.best ? Math.round(100 * rec.best / rec.bestTotal) : "",
        row.best && rec.bestDate ? String(rec.bestDate).slice(0, 10) : ""].map(cell).join(","));
    });
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var a = el("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function renderProgress(root, data, message) {
    var w = new Words(data);
    root.textContent = "";
    root.classList.add("csat-quiz-ready");
    root.lang = w.lang;
    var store = readStore();
    var wrap = el("div", "csat-quiz-tablewrap");
    var table = el("table", "csat-progress-table");
    var head = el("tr");
    [[w.t("col_quiz"), null], [w.t("col_best"), null], [w.t("col_date"), "csat-progress-when"],
     [w.t("col_last"), null]].forEach(function (h) {
      var th = el("th", h[1], h[0]); th.scope = "col"; head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    var taken = 0;
    progressRows(data, store).forEach(function (row) {
      var quiz = row.quiz, rec = row.rec, tr = el("tr");
      tr.dataset.quiz = quiz.id;
      var name = el("td");
      if (quiz.url) { var a = el("a", null, quiz.title); a.href = quiz.url; name.appendChild(a); }
      else { name.textContent = quiz.title; }
      tr.appendChild(name);
      var best = "\u2013", when = "", last = w.t("not_taken");
      if (row.best) {
        taken++;
        best = w.t("score_of", { right: w.num(rec.best), total: w.num(rec.bestTotal), percent: w.percent(rec.best, rec.bestTotal) });
        if (quiz.passMark) { best += w.t("list_sep") + (rec.best >= needed(quiz.passMark, rec.bestTotal) ? w.t("passed_short") : w.t("not_passed_short")); }
        when = w.date(rec.bestDate);
        last = w.t("last_attempt", { right: w.num(rec.correct), total: w.num(rec.total), date: w.date(rec.updated) });
      }
      var open = rec.attempt && rec.attempt.results ? Object.keys(rec.attempt.results).length : 0;
      if (open && (!row.last || open < rec.total || !row.best)) {
        var progress = w.t("in_progress", { answered: w.num(open) });
        last = row.best ? last + w.t("list_sep") + progress : progress;
      }
      tr.appendChild(el("td", "csat-progress-best", best));
      tr.appendChild(el("td", "csat-progress-when", when));
      tr.appendChild(el("td", "csat-progress-score", last));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody); wrap.appendChild(table);
    root.appendChild(wrap);
    var status = el("p", "csat-progress-status");
    status.setAttribute("role", "status");
    status.textContent = message || (taken ? w.t("taken_count", { taken: w.num(taken), count: w.num(data.quizzes.length) })
      : w.t("none_saved"));
    root.appendChild(status);

    var actions = el("div", "csat-progress-actions");
    var exportButton = button("csat-progress-export", w.t("export_csv"));
    exportButton.addEventListener("click", function () { download(w.t("csv_file"), progressCsv(data, readStore(), w)); });
    var clear = button("csat-progress-reset", w.t("clear"));
    clear.setAttribute("aria-describedby", root.id + "-resetnote");
    actions.appendChild(exportButton); actions.appendChild(clear);
    root.appendChild(actions);
    var confirmBox = el("div", "csat-progress-confirm");
    confirmBox.hidden = true;
    confirmBox.setAttribute("role", "group");
    confirmBox.appendChild(el("p", null, w.t("clear_confirm")));
    var yes = button("csat-progress-confirm-yes", w.t("clear_yes"));
    var no = button("csat-progress-confirm-no", w.t("clear_cancel"));
    confirmBox.appendChild(yes); confirmBox.appendChild(no);
    root.appendChild(confirmBox);
    clear.addEventListener("click", function () { confirmBox.hidden = false; no.focus(); });
    no.addEventListener("click", function () { confirmBox.hidden = true; clear.focus(); });
    yes.addEventListener("click", function () {
      try { window.localStorage.removeItem(STORE); } catch (err) { /* nothing stored */ }
      announce({});
      renderProgress(root, data, w.t("cleared"));
      root.querySelector(".csat-progress-reset").focus();
    });
    var note = el("p", "csat-quiz-note", w.t("storage_note"));
    note.id = root.id + "-resetnote";
    root.appendChild(note);
  }

  /* ---- start -------------------------------------------------------------------------- */

  function dataFor(root) {
    if (root.dataset.quiz) {  // the book: data from a same-site script, quizzes/<id>.js
      return (window.CsatQuizData || {})[root.dataset.quiz] || null;
    }
    var script = document.getElementById(root.dataset.source);  // a notebook: inline JSON
    return script ? JSON.parse(script.textContent) : null;
  }

  function renderAll() {
    var roots = document.querySelectorAll(".csat-quiz:not(.csat-quiz-ready), .csat-progress:not(.csat-quiz-ready)");
    Array.prototype.forEach.call(roots, function (root) {
      var data = dataFor(root);
      if (!data) { return; }
      if (root.classList.contains("csat-progress")) { renderProgress(root, data); }
      else { new Quiz(root, data).render(false); }
    });
  }

  window.CsatQuiz = { renderAll: renderAll, STORE: STORE, parseNumber: parseNumber, readStore: readStore,
                      mulberry32: mulberry32, shuffled: shuffled, planAttempt: planAttempt,
                      progressCsv: function (data, store) { return progressCsv(data, store, new Words(data)); } };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", renderAll); }
  else { renderAll(); }
})();
