// Acceptance: the OFFICIAL kiteconnect npm client against the BrokerConsole Kite sandbox.
// Usage: node run.mjs <baseUrl>   e.g. node run.mjs http://127.0.0.1:5080/sandbox/kite
// Credentials come from env (KITE_API_KEY, KITE_API_SECRET, KITE_USER_ID, KITE_PASSWORD, KITE_TOTP_SECRET)
// and default to the demo configuration in src/BrokerConsole.Sandbox/Kite/README.md.
// Prints one line per step; exits non-zero on the first failure.
import crypto from 'node:crypto';
import { KiteConnect } from 'kiteconnect';

const baseUrl = (process.argv[2] ?? '').replace(/\/+$/, '');
if (!baseUrl) {
  console.error('usage: node run.mjs <sandbox base url, e.g. http://127.0.0.1:5080/sandbox/kite>');
  process.exit(2);
}

const apiKey = process.env.KITE_API_KEY ?? 'sandboxdemo01';
const apiSecret = process.env.KITE_API_SECRET ?? 'sandbox-demo-secret-01';
const userId = process.env.KITE_USER_ID ?? 'DA1234';
const password = process.env.KITE_PASSWORD ?? 'demo-pass-1';
const totpSecret = process.env.KITE_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[=\s-]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`bad base32 character ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

// RFC 6238: HMAC-SHA1 over the 30-second counter, dynamic truncation, 6 digits.
function totp(secret, now = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const hash = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const code = (hash.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

// The browser part of the flow, done over plain HTTP: GET the login page, POST the form, read the 302.
async function loginForRequestToken(kc) {
  const loginUrl = `${baseUrl}/connect/login${new URL(kc.getLoginURL()).search}`;
  const page = await fetch(loginUrl);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('id="login-submit"')) throw new Error(`login page: HTTP ${page.status}`);
  const response = await fetch(`${baseUrl}/connect/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: apiKey, redirect_params: 'from=acceptance', userid: userId, password, totp: totp(totpSecret), action: 'login' }),
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`login POST: expected 302, got ${response.status}: ${await response.text()}`);
  const query = new URL(location).searchParams;
  if (query.get('status') !== 'success' || query.get('from') !== 'acceptance') throw new Error(`bad redirect ${location}`);
  return query.get('request_token');
}

async function control(path, body) {
  const response = await fetch(`${baseUrl}/__control/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()).data;
}

async function expectKiteError(promise, errorType) {
  try {
    const value = await promise;
    throw new Error(`expected ${errorType} but the call succeeded: ${JSON.stringify(value)}`);
  } catch (error) {
    if (error?.error_type !== errorType) throw new Error(`expected ${errorType}, got ${JSON.stringify(error?.error_type ?? error?.message ?? error)}`);
    return error;
  }
}

let failures = 0;
async function step(name, action) {
  try {
    const detail = await action();
    console.log(`PASS ${name}${detail ? ` - ${detail}` : ''}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name} - ${error?.message ?? JSON.stringify(error)}`);
  }
  // Stay under the sandbox's (Kite's) 10 requests/second per api_key.
  await sleep(150);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const kc = new KiteConnect({ api_key: apiKey, root: baseUrl, login_uri: `${baseUrl}/connect/login` });
let expiredHookCalls = 0;
kc.setSessionExpiryHook(() => { expiredHookCalls++; });
let marketOrderId;
let limitOrderId;

await step('generateSession (login form + official exchange)', async () => {
  const session = await kc.generateSession(await loginForRequestToken(kc), apiSecret);
  check(session.user_id === userId, `user_id ${session.user_id}`);
  check(typeof session.access_token === 'string' && session.access_token.length > 0, 'no access_token');
  check(session.refresh_token === '', 'refresh_token should be empty');
  return `user ${session.user_id}`;
});
await step('getProfile', async () => {
  const profile = await kc.getProfile();
  check(profile.user_id === userId && profile.broker === 'ZERODHA', JSON.stringify(profile));
  return profile.user_name;
});
await step('getMargins', async () => {
  const margins = await kc.getMargins();
  check(typeof margins.equity?.net === 'number', JSON.stringify(margins));
  return `equity net ${margins.equity.net}`;
});
await step('placeOrder MARKET with market_protection', async () => {
  const result = await kc.placeOrder('regular', {
    exchange: 'NSE', tradingsymbol: 'SBIN', transaction_type: 'BUY', quantity: 1,
    product: 'CNC', order_type: 'MARKET', validity: 'DAY', market_protection: -1, tag: 'acceptance',
  });
  marketOrderId = result.order_id;
  check(/^\d{15,20}$/.test(marketOrderId), `order_id ${marketOrderId}`);
  return marketOrderId;
});
await step('getOrders', async () => {
  const orders = await kc.getOrders();
  const order = orders.find((o) => o.order_id === marketOrderId);
  check(order?.status === 'COMPLETE', `status ${order?.status}`);
  return `${orders.length} order(s), ${marketOrderId} COMPLETE`;
});
await step('getOrderHistory', async () => {
  const history = await kc.getOrderHistory(marketOrderId);
  check(history.at(-1)?.status === 'COMPLETE', JSON.stringify(history.map((h) => h.status)));
  return history.map((h) => h.status).join(' -> ');
});
await step('getTrades', async () => {
  const trades = await kc.getTrades();
  check(trades.some((t) => t.order_id === marketOrderId), 'no trade for the market order');
  return `${trades.length} trade(s)`;
});
await step('getPositions', async () => {
  const positions = await kc.getPositions();
  check(positions.net.some((p) => p.tradingsymbol === 'SBIN' && p.quantity >= 1), JSON.stringify(positions));
  return `${positions.net.length} net / ${positions.day.length} day`;
});
await step('getHoldings', async () => {
  const holdings = await kc.getHoldings();
  check(Array.isArray(holdings), 'not an array');
  return `${holdings.length} holding(s)`;
});
let ltp;
await step('getLTP', async () => {
  const quotes = await kc.getLTP(['NSE:SBIN', 'NSE:NOSUCH']);
  ltp = quotes['NSE:SBIN']?.last_price;
  check(typeof ltp === 'number' && !('NSE:NOSUCH' in quotes), JSON.stringify(quotes));
  return `NSE:SBIN ${ltp}`;
});
await step('placeOrder LIMIT far from the price stays OPEN', async () => {
  const price = Math.round(ltp * 0.5 * 10) / 10;
  limitOrderId = (await kc.placeOrder('regular', {
    exchange: 'NSE', tradingsymbol: 'SBIN', transaction_type: 'BUY', quantity: 1,
    product: 'MIS', order_type: 'LIMIT', price, validity: 'DAY',
  })).order_id;
  const order = (await kc.getOrders()).find((o) => o.order_id === limitOrderId);
  check(order?.status === 'OPEN', `status ${order?.status}`);
  return `${limitOrderId} OPEN at ${price}`;
});
await step('cancelOrder', async () => {
  const result = await kc.cancelOrder('regular', limitOrderId);
  check(result.order_id === limitOrderId, JSON.stringify(result));
  const order = (await kc.getOrders()).find((o) => o.order_id === limitOrderId);
  check(order?.status === 'CANCELLED', `status ${order?.status}`);
  return 'CANCELLED';
});
await step('invalidateAccessToken', async () => {
  const result = await kc.invalidateAccessToken();
  check(result === true, JSON.stringify(result));
  await expectKiteError(kc.getProfile(), 'TokenException');
  return 'token dead, next call TokenException';
});
await step('generateSession with a bad checksum -> TokenException', async () => {
  const other = new KiteConnect({ api_key: apiKey, root: baseUrl });
  const error = await expectKiteError(other.generateSession(await loginForRequestToken(other), 'not-the-secret'), 'TokenException');
  return error.message;
});
await step('expired access token -> TokenException (+ session expiry hook)', async () => {
  const fresh = new KiteConnect({ api_key: apiKey, root: baseUrl });
  let hook = 0;
  fresh.setSessionExpiryHook(() => { hook++; });
  const session = await fresh.generateSession(await loginForRequestToken(fresh), apiSecret);
  await fresh.getProfile();
  await control('tokens/expire', { access_token: session.access_token });
  const error = await expectKiteError(fresh.getProfile(), 'TokenException');
  check(hook === 1, `session expiry hook called ${hook} time(s)`);
  return error.message;
});

console.log(failures === 0 ? 'ALL STEPS PASSED' : `${failures} STEP(S) FAILED`);
process.exit(failures === 0 ? 0 : 1);
