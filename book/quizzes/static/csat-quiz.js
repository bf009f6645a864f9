/* csat-quiz.js: the course's self-assessment quizzes and "My progress" table.
 *
 * Self-hosted, no network, no dependencies.  Notebooks get this file inline from book.quizzes
 * (show_quiz / show_progress) next to a <script type="application/json"> holding the quiz; book
 * pages load it from ../quizzes/ after ../quizzes/<id>.js, which sets window.CsatQuizData[id].
 * Both data forms are generated from the YAML banks.
 *
 * Safety: every piece of bank text is put into the page with textContent, never innerHTML, so
 * no markup or script from a bank can run.
 * Privacy: scores are kept in this browser's localStorage only (key STORE); nothing is sent.
 * Scoring: a question counts as right if the reader's FIRST checked answer is right; readers may
 * keep trying to read the other feedback, but the mark does not change.
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
  function writeStore(value) {
    try { window.localStorage.setItem(STORE, JSON.stringify(value)); return true; }
    catch (err) { return false; }  // storage disabled: the quiz still works, nothing is kept
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function fmt(value, decimals) {
    var text = Number(value).toFixed(decimals);
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  }

  function parseNumber(text) {
    var cleaned = String(text).trim().replace(/\s+/g, "").replace(/%$/, "").replace(",", ".")
      .replace(/^\u2212/, "-");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) { return NaN; }
    return parseFloat(cleaned);
  }

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
    this.results = {};          // question index -> true/false (first checked answer)
    this.uid = "csatq" + (++counter);
  }

  Quiz.prototype.render = function () {
    var self = this, data = this.data;
    this.root.textContent = "";
    this.root.classList.add("csat-quiz-ready");
    var intro = el("p", "csat-quiz-intro");
    intro.textContent = data.questions.length + " questions. Choose or type an answer, then press "
      + "\u201cCheck\u201d. Your first answer to each question counts towards the score; "
      + "try again as often as you like to read the other feedback.";
    this.root.appendChild(intro);
    var saved = readStore()[data.id];
    if (saved && saved.answered) {
      this.root.appendChild(el("p", "csat-quiz-saved", "Saved in this browser from your last attempt: "
        + saved.correct + " of " + saved.total + " correct (" + saved.answered + " answered)."));
    }
    var list = el("ol", "csat-quiz-list");
    data.questions.forEach(function (q, i) { list.appendChild(self.renderQuestion(q, i)); });
    this.root.appendChild(list);
    this.summary = el("div", "csat-quiz-summary");
    this.summary.setAttribute("role", "status");
    this.summary.setAttribute("aria-live", "polite");
    this.root.appendChild(this.summary);
    var again = el("button", "csat-quiz-button csat-quiz-restart", "Start again");
    again.type = "button";
    again.addEventListener("click", function () {
      self.results = {};
      self.render();
      var first = self.root.querySelector("input");
      if (first) { first.focus(); }
    });
    this.root.appendChild(again);
    this.updateSummary(false);
  };

  Quiz.prototype.renderQuestion = function (q, i) {
    var self = this;
    var item = el("li", "csat-quiz-question");
    item.dataset.qid = q.id;
    item.dataset.type = q.type;
    var qid = this.uid + "-q" + i;
    var fieldset = el("fieldset", "csat-quiz-fieldset");
    var legend = el("legend", "csat-quiz-text");
    legend.appendChild(el("span", "csat-quiz-num", (i + 1) + ". "));
    legend.appendChild(document.createTextNode(q.text));
    legend.id = qid + "-text";
    fieldset.appendChild(legend);
    if (q.table) { fieldset.appendChild(renderTable(q.table)); }
    var feedback = el("div", "csat-quiz-feedback");
    feedback.id = qid + "-feedback";
    feedback.setAttribute("aria-live", "polite");
    var check = el("button", "csat-quiz-button csat-quiz-check", "Check");
    check.type = "button";
    check.setAttribute("aria-describedby", qid + "-text");

    if (q.type === "numeric") {
      var label = el("label", "csat-quiz-numlabel", "Your answer" + (q.unit ? " (" + q.unit + ")" : ""));
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
        if (ev.key === "Enter") { ev.preventDefault(); self.checkNumeric(q, i, input, feedback, item); }
      });
      check.addEventListener("click", function () { self.checkNumeric(q, i, input, feedback, item); });
    } else {
      var kind = q.type === "multiple" ? "checkbox" : "radio";
      if (q.type === "multiple") {
        fieldset.appendChild(el("p", "csat-quiz-hint", "Select every correct answer."));
      }
      var options = el("div", "csat-quiz-options");
      q.options.forEach(function (o, j) {
        var lab = el("label", "csat-quiz-option");
        var inp = document.createElement("input");
        inp.type = kind;
        inp.name = qid;
        inp.value = String(j);
        inp.id = qid + "-o" + j;
        lab.htmlFor = inp.id;
        lab.appendChild(inp);
        lab.appendChild(el("span", "csat-quiz-option-text", o.text));
        options.appendChild(lab);
      });
      fieldset.appendChild(options);
      check.addEventListener("click", function () { self.checkChoice(q, i, fieldset, feedback, item); });
    }
    fieldset.appendChild(check);
    fieldset.appendChild(feedback);
    item.appendChild(fieldset);
    return item;
  };

  Quiz.prototype.show = function (feedback, item, correct, lines) {
    feedback.textContent = "";
    feedback.className = "csat-quiz-feedback " + (correct ? "csat-correct" : "csat-incorrect");
    feedback.appendChild(el("strong", "csat-quiz-verdict", correct ? "Correct." : "Not quite."));
    lines.forEach(function (line) {
      var p = el("p", line.cls || null, line.text);
      feedback.appendChild(p);
    });
    item.classList.remove("csat-answered-correct", "csat-answered-incorrect");
    item.classList.add(correct ? "csat-answered-correct" : "csat-answered-incorrect");
  };

  Quiz.prototype.checkChoice = function (q, i, fieldset, feedback, item) {
    var inputs = fieldset.querySelectorAll("input");
    var chosen = [];
    inputs.forEach(function (inp, j) { if (inp.checked) { chosen.push(j); } });
    if (!chosen.length) {
      feedback.className = "csat-quiz-feedback csat-pending";
      feedback.textContent = q.type === "multiple" ? "Select at least one answer first."
        : "Select an answer first.";
      return;
    }
    var lines = [], correct;
    if (q.type === "multiple") {
      correct = q.options.every(function (o, j) { return o.correct === (chosen.indexOf(j) >= 0); });
      var missed = 0;
      q.options.forEach(function (o, j) {
        if (chosen.indexOf(j) >= 0) {
          lines.push({ text: (o.correct ? "\u2713 " : "\u2717 ") + o.text + ": " + o.feedback,
                       cls: o.correct ? "csat-line-right" : "csat-line-wrong" });
        } else if (o.correct) { missed++; }
      });
      // say how many were left out without naming them, so the reader can try again
      if (missed) {
        lines.push({ text: "You left out " + missed + " correct answer" + (missed > 1 ? "s." : "."),
                     cls: "csat-line-missed" });
      }
    } else {
      var o = q.options[chosen[0]];
      correct = !!o.correct;
      lines.push({ text: o.feedback });
    }
    this.show(feedback, item, correct, lines);
    this.record(i, correct);
  };

  Quiz.prototype.checkNumeric = function (q, i, input, feedback, item) {
    var value = parseNumber(input.value);
    if (isNaN(value)) {
      feedback.className = "csat-quiz-feedback csat-pending";
      feedback.textContent = "Type a number, for example 66.7 (a comma also works as the decimal mark).";
      return;
    }
    var correct = Math.abs(value - q.answer) <= q.tolerance + 1e-9;
    var lines = [];
    if (correct) {
      lines.push({ text: q.feedback.correct });
      lines.push({ text: "The answer is " + fmt(q.answer, q.decimals) + (q.unit ? " " + q.unit : "") + "." });
    } else {
      var mistake = (q.wrong || []).filter(function (w) { return Math.abs(value - w.value) <= q.tolerance + 1e-9; })[0];
      lines.push({ text: mistake ? mistake.feedback : q.feedback.incorrect });
    }
    this.show(feedback, item, correct, lines);
    if (!correct && !item.querySelector(".csat-quiz-reveal")) {
      var reveal = el("button", "csat-quiz-button csat-quiz-reveal", "Show the answer");
      reveal.type = "button";
      reveal.addEventListener("click", function () {
        feedback.appendChild(el("p", "csat-line-answer", "The answer is " + fmt(q.answer, q.decimals)
          + (q.unit ? " " + q.unit : "") + " (answers within " + q.tolerance + " count as right)."));
        reveal.remove();
      });
      feedback.parentNode.insertBefore(reveal, feedback.nextSibling);
    }
    this.record(i, correct);
  };

  Quiz.prototype.record = function (i, correct) {
    if (Object.prototype.hasOwnProperty.call(this.results, i)) { return; }  // first answer counts
    this.results[i] = correct;
    this.updateSummary(true);
  };

  Quiz.prototype.updateSummary = function (save) {
    var total = this.data.questions.length;
    var answered = 0, right = 0, k;
    for (k in this.results) {
      if (Object.prototype.hasOwnProperty.call(this.results, k)) { answered++; if (this.results[k]) { right++; } }
    }
    this.summary.textContent = "";
    this.summary.className = "csat-quiz-summary";
    if (answered < total) {
      this.summary.appendChild(el("p", null, "Answered " + answered + " of " + total
        + "; " + right + " right at the first try."));
    } else {
      this.summary.classList.add("csat-quiz-done");
      var pct = Math.round(100 * right / total);
      this.summary.appendChild(el("p", "csat-quiz-score", "Your score: " + right + " of " + total
        + " (" + pct + " %)."));
      if (this.data.passMark) {
        var need = Math.ceil(this.data.passMark * total - 1e-9);
        var passed = right >= need;
        this.summary.appendChild(el("p", passed ? "csat-pass" : "csat-fail", (passed ? "Passed" : "Not passed yet")
          + ": the pass mark is " + need + " of " + total + " (" + Math.round(100 * this.data.passMark) + " %)."));
      }
    }
    if (save) {
      var store = readStore();
      var previous = store[this.data.id] || {};
      var record = { title: this.data.title, correct: right, answered: answered, total: total,
                     updated: new Date().toISOString(), best: previous.best };
      if (this.data.passMark) { record.passMark = this.data.passMark; }
      if (answered === total && (previous.best === undefined || right > previous.best)) { record.best = right; }
      store[this.data.id] = record;
      var kept = writeStore(store);
      if (answered === total) {
        this.summary.appendChild(el("p", "csat-quiz-note", kept
          ? "Saved in this browser only (nothing is sent anywhere)."
          : "This browser does not allow saving, so the score is not kept."));
        if (this.data.progressUrl && kept) {
          var link = el("a", null, "See all your scores on the My progress page.");
          link.href = this.data.progressUrl;
          this.summary.appendChild(link);
        }
      }
    }
  };

  function renderProgress(root, data) {
    root.textContent = "";
    root.classList.add("csat-quiz-ready");
    var store = readStore();
    var wrap = el("div", "csat-quiz-tablewrap");
    var table = el("table", "csat-progress-table");
    var head = el("tr");
    ["Quiz", "Score (last attempt)", "Best complete attempt", "Last saved"].forEach(function (h, c) {
      var th = el("th", c === 3 ? "csat-progress-when" : null, h); th.scope = "col"; head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    var taken = 0;
    data.quizzes.forEach(function (quiz) {
      var rec = store[quiz.id];
      var tr = el("tr");
      tr.dataset.quiz = quiz.id;
      var name = el("td");
      if (quiz.url) { var a = el("a", null, quiz.title); a.href = quiz.url; name.appendChild(a); }
      else { name.textContent = quiz.title; }
      tr.appendChild(name);
      if (rec && rec.answered) {
        taken++;
        var score = rec.correct + " of " + rec.total + " (" + Math.round(100 * rec.correct / rec.total) + " %)";
        if (rec.answered < rec.total) { score += ", " + rec.answered + " answered so far"; }
        else if (quiz.passMark) {
          score += rec.correct >= Math.ceil(quiz.passMark * rec.total - 1e-9) ? ", passed" : ", not passed yet";
        }
        tr.appendChild(el("td", "csat-progress-score", score));
        tr.appendChild(el("td", "csat-progress-best",
          rec.best === undefined || rec.best === null ? "\u2013" : rec.best + " of " + rec.total));
        var when = new Date(rec.updated);
        tr.appendChild(el("td", "csat-progress-when", isNaN(when.getTime()) ? "" : when.toLocaleString()));
      } else {
        tr.appendChild(el("td", "csat-progress-score", "not taken"));
        tr.appendChild(el("td", "csat-progress-best", "\u2013"));
        tr.appendChild(el("td", "csat-progress-when", ""));
      }
      tbody.appendChild(tr);
    });
    table.appendChild(tbody); wrap.appendChild(table);
    root.appendChild(wrap);
    var status = el("p", "csat-progress-status");
    status.setAttribute("role", "status");
    status.textContent = taken ? "You have taken " + taken + " of " + data.quizzes.length + " quizzes."
      : "No scores saved in this browser yet.";
    root.appendChild(status);
    var reset = el("button", "csat-quiz-button csat-progress-reset", "Reset my progress");
    reset.type = "button";
    reset.setAttribute("aria-describedby", root.id + "-resetnote");
    reset.addEventListener("click", function () {
      try { window.localStorage.removeItem(STORE); } catch (err) { /* nothing stored */ }
      renderProgress(root, data);
      var msg = root.querySelector(".csat-progress-status");
      msg.textContent = "Your saved scores were deleted from this browser.";
      root.querySelector(".csat-progress-reset").focus();
    });
    root.appendChild(reset);
    var note = el("p", "csat-quiz-note", "Scores live in this browser's local storage only: they never leave "
      + "your machine, and another browser or device has its own. Reset deletes them.");
    note.id = root.id + "-resetnote";
    root.appendChild(note);
  }

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
      else { new Quiz(root, data).render(); }
    });
  }

  window.CsatQuiz = { renderAll: renderAll, STORE: STORE, parseNumber: parseNumber };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", renderAll); }
  else { renderAll(); }
})();
