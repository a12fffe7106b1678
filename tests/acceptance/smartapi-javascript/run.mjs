// Drives the BrokerConsole Angel One sandbox with the official smartapi-javascript client.
// Usage: node run.mjs <sandbox root, e.g. http://127.0.0.1:5000/sandbox/angel>
// Env: ANGEL_API_KEY, ANGEL_CLIENT_CODE, ANGEL_MPIN, ANGEL_TOTP_SECRET. Prints ALL STEPS PASSED on success.
import { createHmac } from 'node:crypto';
import { SmartAPI } from 'smartapi-javascript';

const root = process.argv[2];

// The client looks up its public IP in the background on construction; without internet that lookup rejects
// unhandled. It is not part of the flow under test, so only that one rejection is tolerated.
process.on('unhandledRejection', (reason) => {
  if (String(reason?.message ?? reason).includes("Couldn't find your IP")) {
    console.log('note: the client\'s own public-IP lookup failed (no internet); ignored');
    return;
  }
  console.log(`FAILED: unhandled rejection ${reason}`);
  process.exit(1);
});
const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();

// RFC 6238 (SHA-1, 30 s, 6 digits) over an RFC 4648 Base32 seed, as an authenticator app computes it.
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

function check(condition, step, detail) {
  if (!condition) {
    console.log(`FAILED at ${step}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${step}`);
}

const pause = () => new Promise((r) => setTimeout(r, 1100)); // SmartAPI's 1/s books and login limits

const api = new SmartAPI({ api_key: env('ANGEL_API_KEY'), root });

const login = await api.generateSession(env('ANGEL_CLIENT_CODE'), env('ANGEL_MPIN'), totp(env('ANGEL_TOTP_SECRET')));
check(login.status === true && login.data?.jwtToken, 'generateSession', login);

const profile = await api.getProfile();
check(profile.status === true && profile.data?.clientcode === env('ANGEL_CLIENT_CODE'), 'getProfile', profile);

const rms = await api.getRMS();
check(rms.status === true && typeof rms.data?.net === 'string', 'getRMS (numbers as strings)', rms);

const placed = await api.placeOrder({
  variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', exchange: 'NSE',
  ordertype: 'LIMIT', producttype: 'DELIVERY', duration: 'DAY', price: '700', squareoff: '0', stoploss: '0', quantity: '1',
});
check(placed.status === true && placed.data?.orderid, 'placeOrder', placed);

const book = await api.getOrderBook();
check(book.status === true && book.data?.some((o) => o.orderid === placed.data.orderid && o.status === 'open'), 'getOrderBook', book);

const cancelled = await api.cancelOrder({ variety: 'NORMAL', orderid: placed.data.orderid });
check(cancelled.status === true, 'cancelOrder', cancelled);

await pause();
const positions = await api.getPosition();
check(positions.status === true && positions.data === null, 'getPosition (empty list is data:null)', positions);

const holdings = await api.getHolding();
check(holdings.status === true && Array.isArray(holdings.data), 'getHolding', holdings);

const loggedOut = await api.logout(env('ANGEL_CLIENT_CODE'));
check(loggedOut.status === true, 'logout', loggedOut);

const after = await api.getProfile();
check(after.success === false && after.errorCode === 'AG8001', 'getProfile after logout is AG8001 (gateway dialect)', after);

console.log('ALL STEPS PASSED');
process.exit(0);
