/* Mawid: live doctor search over the language's search.json. Without JavaScript the form still works:
   it leads to the list of doctors, page by page. */
(function () {
  'use strict';
  var input = document.querySelector('input[data-search]');
  if (!input || !''.normalize || !window.fetch) return;
  function $(n) { return document.querySelector('[data-search-' + n + ']'); }
  var status = $('status'), results = $('results'), list = $('list');
  var label = input.getAttribute('data-count-label'), none = input.getAttribute('data-none');
  var initial = status ? status.textContent : '';
  var index, loading, timer, m;
  function norm(s) { return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function hit(text, ws) { return ws.every(function (w) { return text.indexOf(w) >= 0; }); }
  // search.json: {p: URL prefix, s: [specialties], w: [wilayas], d: [[name, slug, [specialty], city, wilaya]]}
  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute('data-index'))
        .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
        .then(function (data) {
          index = data.d.map(function (r) {
            var d = { n: r[0], u: data.p + r[1] + '/', s: r[2].map(function (i) { return data.s[i]; }).join(', '),
                      c: r[3], w: data.w[r[4]] };
            d.t = norm([d.n, d.s, d.c, d.w].join(' '));
            return d;
          });
        })
        .catch(function () { loading = null; });
    }
    return loading;
  }
  function show(ws) {
    if (!results) return;
    results.textContent = '';
    if (list) list.hidden = ws.length > 0;
    if (!ws.length) { if (status) status.textContent = list ? initial : ''; return; }
    var found = index.filter(function (d) { return hit(d.t, ws); });
    var ul = document.createElement('ul');
    found.slice(0, 50).forEach(function (d) {
      var li = ul.appendChild(document.createElement('li'));
      var a = li.appendChild(document.createElement('a'));
      a.href = d.u;
      a.textContent = d.n;
      li.appendChild(document.createElement('span')).textContent = [d.s, [d.c, d.w].filter(Boolean).join(', ')].join(' · ');
    });
    if (found.length) results.appendChild(ul);
    if (status) status.textContent = found.length ? label + ' ' + found.length : none;
  }
  function update() {
    var ws = norm(input.value).split(/\s+/).filter(Boolean);
    if (!ws.length) return show(ws);
    var p = load();
    if (p) p.then(function () { if (index) show(ws); });
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  if (list && input.form) input.form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  m = /[?&]q=([^&]*)/.exec(location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) {}
    update();
  }
})();
