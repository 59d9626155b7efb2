/* Mawid booking form: free times of the chosen day; fields for a relative. */
(function () {
  'use strict';
  var form = document.querySelector('form.booking[data-slots]');
  if (!form) return;
  var sum = form.querySelector('.error-summary');
  if (sum) sum.focus();
  // Show the relative's fields only when "for a relative" is chosen.
  var rel = form.querySelector('[data-relative]');
  function syncRelative() {
    var on = !!form.querySelector('input[name="for"][value="relative"]:checked');
    if (rel) rel.hidden = rel.disabled = !on;
  }
  var radios = form.querySelectorAll('input[name="for"]');
  for (var i = 0; i < radios.length; i++) radios[i].addEventListener('change', syncRelative);
  syncRelative();
  var date = form.elements.date, time = form.elements.time;
  var status = form.querySelector('[data-slot-status]');
  if (!date || !time || !window.fetch) return;
  var base = form.getAttribute('data-slots');
  var id = time.id, select = null, seq = 0;
  var d = new Date();
  date.min = new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
  function say(text) { if (status) status.textContent = text || ''; }
  function text(name) { return form.getAttribute('data-' + name) || ''; }
  function plainInput() {
    if (!select) return;
    if (select.value) time.value = select.value;
    select.parentNode.removeChild(select);
    select = null;
    time.id = id;
    time.hidden = time.disabled = false;
  }
  function useSelect(times, keep) {
    if (!select) {
      select = document.createElement('select');
      select.name = 'time';
      select.required = true;
      ['aria-describedby', 'aria-invalid'].forEach(function (a) {
        if (time.hasAttribute(a)) select.setAttribute(a, time.getAttribute(a));
      });
      time.id = id + '-plain';
      time.hidden = time.disabled = true;
      select.id = id;
      time.parentNode.insertBefore(select, time);
    }
    select.textContent = '';
    select.appendChild(new Option(text('choose-time'), ''));
    times.forEach(function (t) { select.appendChild(new Option(t, t, t === keep, t === keep)); });
  }
  function loadSlots() {
    var day = date.value, mine = ++seq;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { plainInput(); say(''); return; }
    say(text('loading'));
    fetch(base + (base.indexOf('?') < 0 ? '?' : '&') + 'from=' + day + '&days=1')
      .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
      .then(function (data) {
        if (mine !== seq) return;
        var times = (data.slots || []).filter(function (s) { return s.date === day; })
          .map(function (s) { return s.time; });
        useSelect(times, select ? select.value : time.value);
        say(times.length ? '' : text('no-slots'));
      })
      .catch(function () { if (mine === seq) { plainInput(); say(''); } });
  }
  date.addEventListener('change', loadSlots);
  if (date.value) loadSlots();
})();
