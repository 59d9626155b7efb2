/* Mawid: live doctor search. Without JavaScript the form still works. */
(function () {
  'use strict';
  var input = document.querySelector('input[data-search]');
  if (!input || !''.normalize) return;
  function $(n) { return document.querySelector('[data-search-' + n + ']'); }
  var status = $('status'), results = $('results'), list = $('list');
  var items = list ? list.querySelectorAll('[data-search-text]') : [];
  var label = input.getAttribute('data-count-label'), none = input.getAttribute('data-none');
  var initial = status ? status.textContent : '';
  var index, loading, timer, m;
  function norm(s) { return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function hit(text, ws) { return ws.every(function (w) { return text.indexOf(w) >= 0; }); }
  function say(n, ws) { if (status) status.textContent = !ws.length ? (list ? initial : '') : n ? label + ' ' + n : none; }
  function join(a) { return [].concat(a || []).filter(Boolean).join(', '); }
  // Doctors page: hide cards that do not match.
  function filterList(ws) {
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      li.hidden = !hit(li.t = li.t || norm(li.getAttribute('data-search-text')), ws);
      if (!li.hidden) n++;
    }
    say(n, ws);
  }
  // Other pages: fetch search.json once, list matches as links.
  function load() {
    if (!loading && window.fetch) {
      loading = fetch(input.getAttribute('data-index'))
        .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
        .then(function (data) {
          index = data.map(function (d) { return { d: d, t: norm([d.n, join(d.s), d.c, d.w].join(' ')) }; });
        })
        .catch(function () { loading = null; });
    }
    return loading;
  }
  function show(ws) {
    if (!results || !index) return;
    results.textContent = '';
    var found = ws.length ? index.filter(function (x) { return hit(x.t, ws); }) : [];
    var ul = document.createElement('ul');
    found.slice(0, 30).forEach(function (x) {
      var li = ul.appendChild(document.createElement('li'));
      var a = li.appendChild(document.createElement('a'));
      a.href = x.d.u;
      a.textContent = x.d.n;
      li.appendChild(document.createElement('span')).textContent = [join(x.d.s), join([x.d.c, x.d.w])].join(' · ');
    });
    if (found.length) results.appendChild(ul);
    say(found.length, ws);
  }
  function update() {
    var ws = norm(input.value).split(/\s+/).filter(Boolean);
    if (list) return filterList(ws);
    var p = load();
    if (p) p.then(function () { show(ws); });
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  if (list && input.form) input.form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  m = /[?&]q=([^&]*)/.exec(location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) {}
    update();
  }
})();
