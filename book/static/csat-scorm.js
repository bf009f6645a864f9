/* csat-scorm.js: the course's quiz results into a company LMS through the SCORM 1.2 API.
 *
 * Loaded only by the SCORM package of the course (book/scorm.py), never by the web book, in two roles:
 *
 * - "host" (launch.html, the SCO's launch page, <script data-csat-scorm="host">): finds the LMS's
 *   API object with the vendored pipwerks wrapper (it looks in the frames above and in the opener),
 *   opens ONE session for the whole visit (LMSInitialize), and closes it when the launch page goes
 *   away (LMSFinish on pagehide).  The book's pages change inside its frame without ending the
 *   session, which is why the session lives here and not in each page.
 * - "page" (every book page in the package): listens for the quiz script's events and passes them
 *   to the host above it.  Without a host (the page opened on its own) it does nothing.
 *
 * Events (dispatched by the quiz script on the page, caught at window level in the capture phase
 * so that any target works):
 *   csat-quiz:finished  detail {quiz, score, total, passMark, passed, answers: [{question, correct, response}]}
 *   csat-quiz:progress  detail = the stored progress object
 *
 * What the LMS records (SCORM 1.2 data model):
 *   cmi.core.score.raw/min/max  the percentage 0..100, rounded as the page shows it: the final
 *                               assessment's once it has been taken, before that the latest
 *                               chapter quiz's;
 *   cmi.core.lesson_status      "passed"/"failed" from the final assessment (a pass is not undone
 *                               by a later failed attempt); before it, "completed" once every
 *                               chapter quiz has been finished, else "incomplete";
 *   cmi.interactions.n.*        one record per answered question of each finished quiz
 *                               (id, type choice/numeric, result correct/wrong, student_response,
 *                               time);
 *   cmi.suspend_data            (at most 4096 characters) the finished quizzes and the progress object;
 *                               read back when the course is opened again: a quiz this browser has
 *                               no record of gets the saved one (another computer, cleared storage),
 *                               and a better saved best score replaces a weaker one here, so a
 *                               trainee's progress and certificate follow them through the LMS;
 *   cmi.core.session_time       the length of the visit, when it ends.
 * Without an LMS (no API object found) nothing is sent, nothing is shown and the book works as
 * before; every call is guarded so that an LMS error never stops the page.
 */
(function () {
  "use strict";
  if (window.CsatScorm) { return; }
  var script = document.currentScript;
  var role = script && script.getAttribute("data-csat-scorm") === "host" ? "host" : "page";
  var FINISHED = "csat-quiz:finished", PROGRESS = "csat-quiz:progress";
  var SUSPEND_MAX = 4096;   // CMIString4096
  var FEEDBACK_MAX = 255;   // CMIFeedback (student_response)
  var ID_MAX = 255;         // CMIIdentifier
  var KINDS = { choice: "choice", numeric: "numeric" };   // the quiz's answer kinds, as SCORM names them
  // the quiz script's localStorage key (CsatQuiz.STORE; that script loads after this one)
  var STORE = "csat-course-quiz-scores";

  /* ---- helpers (pure) ---- */

  function copy(value) {
    // detach from the page's frame: its objects die with it when the reader moves on
    try { return JSON.parse(JSON.stringify(value === undefined ? null : value)); } catch (err) { return null; }
  }
  function percent(score, total) {
    return total > 0 ? Math.round(100 * score / total) : 0;   // the quiz page's own rounding
  }
  function identifier(text) {
    // CMIIdentifier: no white space or unprintable characters
    var id = String(text).replace(/[^A-Za-z0-9_.\-]/g, "_").slice(0, ID_MAX);
    return id || "question";
  }
  function feedbackText(value) {
    if (Array.isArray(value)) { value = value.join(","); }
    if (value === undefined || value === null) { value = ""; }
    return String(value).replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, FEEDBACK_MAX);
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(date) {      // CMITime HH:MM:SS
    return two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds());
  }
  function timespan(ms) {     // CMITimespan HHHH:MM:SS.SS
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, c = cs % 100;
    return ("000" + Math.min(h, 9999)).slice(-4) + ":" + two(m) + ":" + two(s) + "." + two(c);
  }
  function ratio(rec) {
    return rec && typeof rec.best === "number" && rec.bestTotal > 0 ? rec.best / rec.bestTotal : -1;
  }
  /** `local` (this browser's stored progress) with what `saved` (from the LMS) adds; changed or null. */
  function merged(local, saved) {
    if (!saved || typeof saved !== "object") { return null; }
    var out = local && typeof local === "object" ? local : {}, changed = false;
    Object.keys(saved).forEach(function (id) {
      var rec = saved[id];
      if (!rec || typeof rec !== "object") { return; }
      if (!out[id] || typeof out[id] !== "object") {
        out[id] = rec; changed = true;
      } else if (ratio(rec) > ratio(out[id])) {
        out[id].best = rec.best; out[id].bestTotal = rec.bestTotal; out[id].bestDate = rec.bestDate;
        changed = true;
      }
    });
    return changed ? out : null;
  }
  function suspendData(done, progress) {
    // the whole progress object if it fits; else only the scores; else only the finished quizzes
    var text = JSON.stringify({ v: 1, done: done, progress: progress });
    if (text.length <= SUSPEND_MAX) { return text; }
    var slim = {};
    if (progress && typeof progress === "object") {
      Object.keys(progress).forEach(function (key) {
        var rec = progress[key];
        slim[key] = rec && typeof rec === "object"
          ? { correct: rec.correct, answered: rec.answered, total: rec.total, best: rec.best } : rec;
      });
    }
    text = JSON.stringify({ v: 1, done: done, progress: slim });
    return text.length <= SUSPEND_MAX ? text : JSON.stringify({ v: 1, done: done }).slice(0, SUSPEND_MAX);
  }

  /* ---- page role: pass the quiz events to the host above ---- */

  function findHost() {
    var win = window;
    for (var depth = 0; depth < 20; depth++) {
      try {
        if (win !== window && win.CsatScorm && win.CsatScorm.role === "host") { return win.CsatScorm; }
      } catch (err) { return null; }   // a frame of another site (the LMS): stop looking
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }

  if (role === "page") {
    window.CsatScorm = { role: "page", merged: merged };
    // before the quiz script reads its store (it loads after this script): bring in the LMS's copy
    var startHost = findHost();
    if (startHost && startHost.saved) {
      try {
        var local = JSON.parse(window.localStorage.getItem(STORE) || "{}");
        var both = merged(local, startHost.saved());
        if (both) { window.localStorage.setItem(STORE, JSON.stringify(both)); }
      } catch (err) { /* storage disabled or unreadable: the quiz starts from what it has */ }
    }
    window.addEventListener(FINISHED, function (ev) {
      var host = findHost();
      if (host) { host.finished(copy(ev.detail)); }
    }, true);
    window.addEventListener(PROGRESS, function (ev) {
      var host = findHost();
      if (host) { host.progress(copy(ev.detail)); }
    }, true);
    return;
  }

  /* ---- host role: the LMS session ---- */

  var pipwerks = window.pipwerks || window.exports || {};
  var scorm = pipwerks.SCORM;
  var host = { role: "host", connected: false, finished: function () {}, progress: function () {},
               saved: function () { return null; } };
  window.CsatScorm = host;
  if (!scorm) { return; }
  if (pipwerks.debug) { pipwerks.debug.isActive = false; }  // it logs every call to the console
  scorm.version = "1.2";        // this package is SCORM 1.2: use the LMS's 1.2 API even if it has both
  var started = Date.now();
  try { host.connected = !!scorm.init(); } catch (err) { host.connected = false; }
  if (!host.connected) { return; }   // no LMS: the book works on its own

  var finalQuiz = script.getAttribute("data-final") || "";
  var chapters = (script.getAttribute("data-chapters") || "").split(/\s+/).filter(Boolean);
  var state = { done: [], progress: null };
  try {
    var saved = JSON.parse(scorm.get("cmi.suspend_data") || "{}");
    if (saved && Array.isArray(saved.done)) { state.done = saved.done.map(String); }
    if (saved && saved.progress) { state.progress = saved.progress; }
  } catch (err) { /* nothing usable saved: start afresh */ }
  var interactions = Number(scorm.get("cmi.interactions._count")) || 0;
  host.saved = function () { return copy(state.progress); };
  var closed = false;

  function set(name, value) {
    try { return scorm.set(name, String(value)); } catch (err) { return false; }
  }

  function recordAnswers(quiz, answers) {
    var now = clock(new Date());
    (answers || []).forEach(function (answer, k) {
      if (!answer || typeof answer !== "object") { return; }
      var n = interactions++;
      var base = "cmi.interactions." + n + ".";
      set(base + "id", identifier(answer.question || (quiz + "-" + (k + 1))));
      if (KINDS[answer.kind]) { set(base + "type", KINDS[answer.kind]); }
      set(base + "time", now);
      set(base + "result", answer.correct ? "correct" : "wrong");
      set(base + "student_response", feedbackText(answer.response));
    });
  }

  host.finished = function (detail) {
    if (closed || !detail || typeof detail !== "object") { return; }
    var quiz = String(detail.quiz || "");
    var total = Number(detail.total) || 0, score = Number(detail.score) || 0;
    var passed = typeof detail.passed === "boolean" ? detail.passed
      : !!detail.passMark && score >= Math.ceil(detail.passMark * total - 1e-9);
    var status = "";
    try { status = scorm.get("cmi.core.lesson_status"); } catch (err) { status = ""; }
    recordAnswers(quiz, detail.answers);
    if (quiz && state.done.indexOf(quiz) < 0) { state.done.push(quiz); }
    var next = null;
    if (quiz && quiz === finalQuiz) {
      if (status !== "passed" || passed) { next = passed ? "passed" : "failed"; }
    } else if (status !== "passed" && status !== "failed") {
      var all = chapters.length > 0 && chapters.every(function (id) { return state.done.indexOf(id) >= 0; });
      next = all ? "completed" : "incomplete";
    }
    if (next) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", percent(score, total));
      set("cmi.core.lesson_status", next);
    }
    set("cmi.suspend_data", suspendData(state.done, state.progress));
    try { scorm.save(); } catch (err) { /* the LMS keeps what it already has */ }
  };

  host.progress = function (progress) {
    if (closed) { return; }
    state.progress = progress;
    // kept for the next commit (a finished quiz, or the end of the visit): not one request per click
    set("cmi.suspend_data", suspendData(state.done, state.progress));
  };

  window.addEventListener("pagehide", function () {
    if (closed) { return; }
    closed = true;
    set("cmi.core.session_time", timespan(Date.now() - started));
    try { scorm.quit(); } catch (err) { /* the LMS is going away too */ }
  });
})();
