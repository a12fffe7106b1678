// The page a login popup ends on (/connect/*/callback): tells the opener what happened and closes itself.
// A file, not an inline script, so the console's Content-Security-Policy can allow scripts from this origin only.
(function () {
  var body = document.body;
  var payload = JSON.parse(body.getAttribute('data-payload'));
  var succeeded = body.getAttribute('data-succeeded') === 'true';
  var closing = document.getElementById('closing');
  if (window.opener && !window.opener.closed) {
    try { window.opener.postMessage(payload, window.location.origin); } catch (e) { }
    // The "Log in all" pass reuses its window for the next account and navigates it from there;
    // it is closed here only if the pass has not done so after a while (e.g. its tab went away).
    var kept = window.name === 'bc-login-pass' && succeeded;
    if (kept) { closing.textContent = 'The next account of your pass opens here.'; }
    setTimeout(function () { window.close(); }, kept ? 30000 : (succeeded ? 400 : 2500));
  } else {
    closing.textContent = '';
    var back = document.createElement('a'); back.href = '/accounts'; back.textContent = 'Back to your accounts';
    closing.appendChild(back);
  }
})();
