// The agenda works without this: it adds a Print button (the print stylesheet makes a day sheet) and, on a
// phone, brings today's column into view.
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
});
var today = document.querySelector('.agenda-col.is-today');
if (today && window.matchMedia('(max-width: 48em)').matches) { today.scrollIntoView({block: 'start'}); }
