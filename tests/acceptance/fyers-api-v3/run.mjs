// Drives the BrokerConsole Fyers sandbox with the official fyers-api-v3 client, unmodified: its hard-coded hosts reach
// the sandbox through redirect-fyers-hosts.cjs (DNS + port), over TLS verified against NODE_EXTRA_CA_CERTS.
// Usage: node --require ./redirect-fyers-hosts.cjs run.mjs
// Env: FYERS_APP_ID, FYERS_SECRET, FYERS_REDIRECT, FYERS_ID, FYERS_PIN, FYERS_TOTP_SECRET, FYERS_SANDBOX_PORT.
// Prints ALL STEPS PASSED on success. Only calls the package supports offline: auth-code URL, validate-authcode,
// profile, funds, holdings, order book (+ by id), positions, tradebook, place/modify/cancel.
import { createHmac } from 'node:crypto';
import https from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { fyersModel } = require('fyers-api-v3');

const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const appId = env('FYERS_APP_ID');

function totp(base32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const pause = () => new Promise((r) => setTimeout(r, 1100));

function check(condition, step, detail) {
  if (!condition) {
    console.log(`FAILED at ${step}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${step}`);
}

/** A plain HTTPS request through Node's own stack (same DNS/TLS path as the package), for the browser half of the login. */
function request(method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** What the user does in the popup: open the login page, submit id + TOTP + PIN; returns the redirect's query. */
async function browserLogin(authUrl) {
  const page = await request('GET', authUrl);
  check(page.status === 200 && page.text.includes('<form'), 'GET generate-authcode login page (TLS verified)', page.status);
  const u = new URL(authUrl);
  const form = new URLSearchParams({
    client_id: u.searchParams.get('client_id'), state: u.searchParams.get('state'),
    fy_id: env('FYERS_ID'), pin: env('FYERS_PIN'), totp: totp(env('FYERS_TOTP_SECRET')), action: 'login',
  }).toString();
  const posted = await request('POST', authUrl, form, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) });
  check(posted.status === 302, 'login form redirects to the app', posted);
  return new URL(posted.headers.location).searchParams;
}

const fyers = new fyersModel({ enableLogging: false });
fyers.setAppId(appId);
fyers.setRedirectUrl(env('FYERS_REDIRECT'));

const authUrl = fyers.generateAuthCode({ state: 'accept-1' });
check(authUrl.startsWith('https://api-t1.fyers.in/api/v3/generate-authcode?client_id=' + appId), 'generateAuthCode URL uses the real host', authUrl);

// A wrong secret makes a wrong appIdHash: the package returns the broker's error body (-371), no token.
const first = await browserLogin(authUrl);
check(first.get('s') === 'ok' && first.get('state') === 'accept-1' && first.get('auth_code'), 'redirect carries s=ok, state and auth_code', Object.fromEntries(first));
const badHash = await fyers.generate_access_token({ client_id: appId, secret_key: 'not-the-secret', auth_code: first.get('auth_code') });
check(badHash.s === 'error' && badHash.code === -371 && !badHash.access_token, 'generate_access_token with a bad appIdHash is -371', badHash);

// Auth codes are single use, so log in again for the real exchange.
const second = await browserLogin(fyers.generateAuthCode({ state: 'accept-2' }));
const session = await fyers.generate_access_token({ client_id: appId, secret_key: env('FYERS_SECRET'), auth_code: second.get('auth_code') });
check(session.s === 'ok' && session.code === 200 && typeof session.access_token === 'string', 'generate_access_token (validate-authcode)', { ...session, access_token: '…', refresh_token: '…' });
fyers.setAccessToken(session.access_token);

const profile = await fyers.get_profile();
check(profile.s === 'ok' && profile.data?.fy_id === env('FYERS_ID'), 'get_profile', profile);

const funds = await fyers.get_funds();
check(funds.s === 'ok' && funds.fund_limit?.some((r) => r.id === 10 && r.title === 'Available Balance'), 'get_funds (row 10 is Available Balance)', funds);

const holdings = await fyers.get_holdings();
check(holdings.s === 'ok' && holdings.holdings?.some((h) => h.symbol === 'NSE:INFY-EQ' && h.quantity === 5), 'get_holdings', holdings);

const resting = await fyers.place_order({
  symbol: 'NSE:SBIN-EQ', qty: 2, type: 1, side: 1, productType: 'CNC', limitPrice: 700, stopPrice: 0,
  validity: 'DAY', disclosedQty: 0, offlineOrder: false, stopLoss: 0, takeProfit: 0, orderTag: 'accept1',
});
check(resting.s === 'ok' && resting.code === 1101 && resting.id, 'place_order (limit) is 1101', resting);

const book = await fyers.get_orders();
check(book.s === 'ok' && book.orderBook?.some((o) => o.id === resting.id && o.status === 6 && o.orderTag === '1:accept1'), 'get_orders: status 6, tag 1:accept1', book);

const modified = await fyers.modify_order({ id: resting.id, type: 1, limitPrice: 705.5, qty: 3 });
check(modified.s === 'ok' && modified.code === 1102, 'modify_order (PATCH) is 1102', modified);

const one = await fyers.get_filtered_orders({ order_id: resting.id });
check(one.s === 'ok' && one.orderBook?.length === 1 && one.orderBook[0].limitPrice === 705.5 && one.orderBook[0].qty === 3, 'get_filtered_orders (orders?id=)', one);

const cancelled = await fyers.cancel_order({ id: resting.id });
check(cancelled.s === 'ok' && cancelled.code === 1103, 'cancel_order (DELETE with body) is 1103', cancelled);

const market = await fyers.place_order({
  symbol: 'NSE:INFY-EQ', qty: 1, type: 2, side: 1, productType: 'INTRADAY', limitPrice: 0, stopPrice: 0,
  validity: 'DAY', disclosedQty: 0, offlineOrder: false, stopLoss: 0, takeProfit: 0,
});
check(market.s === 'ok' && market.code === 1101, 'place_order (market) is 1101', market);

const trades = await fyers.get_tradebook();
check(trades.s === 'ok' && trades.tradeBook?.some((t) => t.orderNumber === market.id && t.tradedQty === 1), 'get_tradebook has the fill', trades);

await pause(); // the sandbox keeps Fyers' 10 requests/s per app, and the run so far was quick
const positions = await fyers.get_positions();
check(positions.s === 'ok' && positions.netPositions?.some((p) => p.symbol === 'NSE:INFY-EQ' && p.netQty === 1), 'get_positions', positions);

// Throttling: the sandbox's control surface forces the next call over the limit; the package rejects with HTTP 429's -429 body.
const throttle = await request('POST', 'https://api-t1.fyers.in/__control/rate-limit', JSON.stringify({ count: 1 }), { 'content-type': 'application/json' });
check(throttle.status === 200, 'sandbox control: force one 429', throttle.text);
let limited = null;
try {
  await fyers.get_funds();
} catch (e) {
  limited = e;
}
check(limited?.s === 'error' && limited.code === -429, 'get_funds when throttled rejects with code -429', limited);

// Expiry: the sandbox ends the token (as Fyers does overnight); the package rejects with the broker's -16 body.
const expired = await request('POST', 'https://api-t1.fyers.in/__control/tokens/expire', JSON.stringify({ fy_id: env('FYERS_ID') }), { 'content-type': 'application/json' });
check(expired.status === 200, 'sandbox control: expire the token', expired.text);
let failure = null;
try {
  await fyers.get_profile();
} catch (e) {
  failure = e;
}
check(failure?.s === 'error' && failure.code === -16, 'get_profile after expiry rejects with code -16', failure);

console.log('ALL STEPS PASSED');
process.exit(0);
