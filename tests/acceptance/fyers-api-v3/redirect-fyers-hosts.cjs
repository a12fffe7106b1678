// Preloaded with `node --require ./redirect-fyers-hosts.cjs`: sends the Fyers hostnames that fyers-api-v3 hard-codes
// (https://api-t1.fyers.in, https://api.fyers.in) to the BrokerConsole sandbox on loopback, without touching the package.
//
// - dns.lookup answers 127.0.0.1 for exactly those hostnames; every other name goes to the real resolver.
// - tls.connect keeps the hostname as SNI and for certificate checks, and only swaps port 443 for the sandbox's port
//   (FYERS_SANDBOX_PORT), so nothing needs to bind the privileged port.
// TLS verification stays on: the test host serves a certificate for those names and passes it in NODE_EXTRA_CA_CERTS.
'use strict';
const dns = require('node:dns');
const tls = require('node:tls');

const hosts = new Set((process.env.FYERS_SANDBOX_HOSTS ?? 'api-t1.fyers.in,api.fyers.in').split(',').map((h) => h.trim().toLowerCase()));
const port = Number(process.env.FYERS_SANDBOX_PORT);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error('FYERS_SANDBOX_PORT must be the sandbox HTTPS port');
}

const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else if (typeof options === 'number') {
    options = { family: options };
  }

  if (typeof hostname === 'string' && hosts.has(hostname.toLowerCase())) {
    if (options?.all) {
      process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      process.nextTick(callback, null, '127.0.0.1', 4);
    }
    return {};
  }

  return realLookup.call(this, hostname, options, callback);
};

const realConnect = tls.connect;
tls.connect = function connect(...args) {
  const options = args[0];
  if (options && typeof options === 'object') {
    const name = String(options.servername ?? options.host ?? '').toLowerCase();
    if (hosts.has(name) && Number(options.port ?? 443) === 443) {
      args[0] = { ...options, port, servername: name };
    }
  }

  return realConnect.apply(this, args);
};
