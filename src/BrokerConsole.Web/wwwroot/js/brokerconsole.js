// BrokerConsole browser helpers. Kept small: everything with state lives on the server.
// The login popup must be opened inside the user's click or key press (popup blockers allow
// nothing else), so buttons carry their popup URL and this file opens it synchronously.
(function () {
    const bc = window.brokerConsole = window.brokerConsole || {};
    let page = null; // the Accounts page's .NET object reference while it is open
    let pass = null; // the "Log in all" page's, kept apart so one page's disposal never unhooks the other

    bc.registerAccountsPage = function (dotNetRef) { page = dotNetRef; };
    bc.unregisterAccountsPage = function () { page = null; };
    // The Orders page polls the brokers only while its tab can be seen: tell it now and on every change.
    let ordersPage = null;
    function tellOrdersVisibility() {
        if (ordersPage) { ordersPage.invokeMethodAsync('SetVisible', document.visibilityState === 'visible'); }
    }
    document.addEventListener('visibilitychange', tellOrdersVisibility);
    bc.registerOrdersPage = function (dotNetRef) { ordersPage = dotNetRef; tellOrdersVisibility(); };
    bc.unregisterOrdersPage = function () { ordersPage = null; };
    let passRelease = null; // sends the pass lease back when the tab goes away
    bc.registerLoginPass = function (dotNetRef, releaseUrl, tabId) {
        pass = dotNetRef;
        if (releaseUrl && tabId) {
            passRelease = function () { navigator.sendBeacon(new URL(releaseUrl, document.baseURI).href, tabId); };
            window.addEventListener('pagehide', passRelease);
        }
    };
    bc.unregisterLoginPass = function () {
        pass = null;
        if (passRelease) { window.removeEventListener('pagehide', passRelease); passRelease = null; }
    };

    function tell(method, accountId) {
        if (page) { page.invokeMethodAsync(method, accountId); }
        if (pass) { pass.invokeMethodAsync(method, accountId); }
    }

    // Copies a shown TOTP code; the secret itself never reaches the browser.
    bc.copyText = function (text) {
        return navigator.clipboard ? navigator.clipboard.writeText(text).then(function () { return true; }, function () { return false; }) : Promise.resolve(false);
    };

    // Saves text the page built (e.g. the activity CSV) as a file: no server round trip, nothing stored.
    bc.downloadText = function (fileName, text, mime) {
        const url = URL.createObjectURL(new Blob([text], { type: mime || 'text/plain' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    };

    // The "Log in all" pass keeps ONE login window: the first one is opened by the user's click, and when a
    // login completes the pass navigates that same window to the next account's login. A page may navigate a
    // window it opened without a new click, so only the first account needs a click in BrokerConsole.
    const passWindowName = 'bc-login-pass';
    let passPopup = null;
    let passAccount = null; // the account whose login is loading or showing in the pass window
    let passTimer = null;

    function watchPassPopup() {
        if (passTimer) { return; }
        passTimer = setInterval(function () {
            if (!passPopup || passPopup.closed) {
                clearInterval(passTimer);
                passTimer = null;
                const accountId = passAccount;
                passPopup = null;
                passAccount = null;
                if (accountId && pass) { pass.invokeMethodAsync('OnPopupClosed', accountId); }
            }
        }, 500);
    }

    function openLogin(button) {
        const url = button.getAttribute('data-connect-url');
        const accountId = button.getAttribute('data-account-id');
        const inPass = button.hasAttribute('data-pass');
        const popup = window.open(url, inPass ? passWindowName : 'bc-login-' + accountId, 'popup=yes,width=560,height=760');
        if (!popup) {
            tell('OnPopupBlocked', accountId);
            return;
        }
        popup.focus();
        tell('OnPopupOpened', accountId);
        if (inPass) {
            passPopup = popup;
            passAccount = accountId;
            watchPassPopup();
            return;
        }
        const timer = setInterval(function () {
            if (popup.closed) {
                clearInterval(timer);
                tell('OnPopupClosed', accountId);
            }
        }, 500);
    }

    // Called by the pass when it moves to the next popup account: true when the open pass window was sent
    // there (no click needed), false when there is no window to reuse (the user clicks "Log in" instead).
    bc.passNavigate = function (url, accountId) {
        if (!passPopup || passPopup.closed) { return false; }
        passAccount = accountId;
        passPopup.location.href = new URL(url, document.baseURI).href;
        return true;
    };

    // Called when the pass has no popup account left: the window it kept open is closed.
    bc.passClose = function () {
        passAccount = null;
        if (passPopup && !passPopup.closed) { passPopup.close(); }
    };

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
            // No session to re-check: the page says why nothing happened instead of staying silent.
            else if (page) { e.preventDefault(); page.invokeMethodAsync('OnRecheckUnavailable', card.getAttribute('data-account-id')); }
        } else if (e.altKey && e.shiftKey && (e.key === 'R' || e.key === 'r')) {
            const all = document.querySelector('[data-action=recheck-all]');
            if (all) { e.preventDefault(); all.click(); }
        }
    });
})();
