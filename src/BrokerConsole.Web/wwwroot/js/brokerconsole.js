// BrokerConsole browser helpers. Kept small: everything with state lives on the server.
// The login popup must be opened inside the user's click or key press (popup blockers allow
// nothing else), so buttons carry their popup URL and this file opens it synchronously.
(function () {
    const bc = window.brokerConsole = window.brokerConsole || {};
    let page = null; // the Accounts page's .NET object reference while it is open
    let pass = null; // the "Log in all" page's, kept apart so one page's disposal never unhooks the other

    bc.registerAccountsPage = function (dotNetRef) { page = dotNetRef; };
    bc.unregisterAccountsPage = function () { page = null; };
    bc.registerLoginPass = function (dotNetRef) { pass = dotNetRef; };
    bc.unregisterLoginPass = function () { pass = null; };

    function tell(method, accountId) {
        if (page) { page.invokeMethodAsync(method, accountId); }
        if (pass) { pass.invokeMethodAsync(method, accountId); }
    }

    // Copies a shown TOTP code; the secret itself never reaches the browser.
    bc.copyText = function (text) {
        return navigator.clipboard ? navigator.clipboard.writeText(text).then(function () { return true; }, function () { return false; }) : Promise.resolve(false);
    };

    function openLogin(button) {
        const url = button.getAttribute('data-connect-url');
        const accountId = button.getAttribute('data-account-id');
        const popup = window.open(url, 'bc-login-' + accountId, 'popup=yes,width=560,height=760');
        if (!popup) {
            tell('OnPopupBlocked', accountId);
            return;
        }
        popup.focus();
        tell('OnPopupOpened', accountId);
        const timer = setInterval(function () {
            if (popup.closed) {
                clearInterval(timer);
                tell('OnPopupClosed', accountId);
            }
        }, 500);
    }

    document.addEventListener('click', function (e) {
        const button = e.target.closest('[data-connect-url]');
        if (button && !button.disabled) {
            e.preventDefault();
            e.stopPropagation();
            openLogin(button);
        }
    }, true);

    // Keyboard: on a focused account card, Ctrl+Enter connects and R re-checks it;
    // Alt+Shift+R re-checks every account. The browser's own Ctrl+R (reload) is left alone.
    document.addEventListener('keydown', function (e) {
        const card = document.activeElement && document.activeElement.closest('[data-account-card]');
        if (e.ctrlKey && e.key === 'Enter' && card) {
            const connect = card.querySelector('[data-connect-url]');
            const direct = card.querySelector('[data-action=connect-direct]');
            if (connect) { e.preventDefault(); openLogin(connect); }
            else if (direct) { e.preventDefault(); direct.click(); }
        } else if (!e.ctrlKey && !e.altKey && !e.metaKey && (e.key === 'r' || e.key === 'R') && card && document.activeElement === card) {
            const recheck = card.querySelector('[data-action=recheck]');
            if (recheck) { e.preventDefault(); recheck.click(); }
        } else if (e.altKey && e.shiftKey && (e.key === 'R' || e.key === 'r')) {
            const all = document.querySelector('[data-action=recheck-all]');
            if (all) { e.preventDefault(); all.click(); }
        }
    });
})();
