/*
 * jobplan: the old-webview check. A classic script in ES5 on purpose: it must run where the pane's own script (an
 * ES module, ES2019) cannot. Office 2016 and 2019 volume-licensed, Microsoft 365 builds before 16.0.13530.20424 and
 * Office without the Edge WebView2 control open add-ins in Internet Explorer 11 ("Trident") or the old Edge
 * ("EdgeHTML"). Trident never runs a module script; EdgeHTML may fail on the pane's newer JavaScript. Either way the
 * pane would sit on "Starting…". This script waits for the page to load: if the pane's module has not said it
 * started (window.jobplanPaneStarted, set on its first line), it shows the message in #old-webview, says so in the
 * mode line and disables every control, Validate first. Nothing here needs Office.js.
 */
/* global window, document, setTimeout */
(function () {
  'use strict';

  function modulesSupported() {
    return 'noModule' in document.createElement('script');
  }

  function show(reason) {
    if (window.jobplanPaneStarted === true) return;
    var box = document.getElementById('old-webview');
    if (!box) return;
    box.removeAttribute('hidden');
    box.setAttribute('data-reason', reason);
    var mode = document.getElementById('mode-line');
    if (mode) mode.textContent = 'This version of Office cannot run the add-in: see below.';
    var controls = document.querySelectorAll('main button, main input, main select');
    for (var i = 0; i < controls.length; i++) controls[i].disabled = true;
    var sections = document.querySelectorAll('main > section');
    for (var j = 0; j < sections.length; j++) {
      if (sections[j] !== box) sections[j].setAttribute('hidden', '');
    }
    document.body.setAttribute('data-old-webview', reason);
  }

  function whenLoaded(then) {
    if (document.readyState === 'complete') setTimeout(then, 0);
    else window.addEventListener('load', function () { setTimeout(then, 0); });
  }

  // Module scripts run before the load event; by then the pane has started, or it never will.
  whenLoaded(function () {
    show(modulesSupported() ? 'pane-did-not-start' : 'no-module-scripts');
  });
})();
