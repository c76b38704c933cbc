// Loaded before anything else by start.mjs: servers listen on 127.0.0.1 only, and any
// connection or DNS look-up for another host is refused and reported on stderr as
// "OUTBOUND <host>:<port>" (or "OUTBOUND dns:<name>"), which fails the test run.

import dns from 'node:dns'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])

function isLoopback(host) {
  return !host || LOOPBACK.has(String(host).toLowerCase()) || String(host).startsWith('127.')
}

dns.setDefaultResultOrder('ipv4first')

const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const [first, second] = args
  if (typeof first === 'object' && first !== null && !first.path && !first.fd && !first.handle) {
    args[0] = { ...first, host: first.host && isLoopback(first.host) ? first.host : '127.0.0.1' }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof second !== 'string' || !isLoopback(second)) {
      args.splice(1, typeof second === 'string' ? 1 : 0, '127.0.0.1')
    }
  }
  return listen.apply(this, args)
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const [first, second] = args
  let host
  let port
  if (Array.isArray(first)) {
    // internal form: [options, callback]
    host = first[0]?.host
    port = first[0]?.port
  } else if (typeof first === 'object' && first !== null) {
    if (first.path) return connect.apply(this, args)
    host = first.host
    port = first.port
  } else {
    port = first
    host = typeof second === 'string' ? second : 'localhost'
  }
  if (!isLoopback(host)) {
    process.stderr.write(`OUTBOUND ${host}:${port}\n`)
    const error = new Error(`refused: the test servers may not reach ${host}`)
    error.code = 'ECONNREFUSED'
    process.nextTick(() => this.destroy(error))
    return this
  }
  return connect.apply(this, args)
}

// Name resolution through DNS (handles outside the PDS's own domains): refused, reported.
function refuseDns(target, name) {
  const original = target[name]
  if (typeof original !== 'function') return
  target[name] = function (hostname, ...rest) {
    if (isLoopback(hostname)) return original.call(this, hostname, ...rest)
    process.stderr.write(`OUTBOUND dns:${hostname}\n`)
    const error = Object.assign(new Error(`refused: no DNS for ${hostname}`), { code: 'ENOTFOUND' })
    const callback = rest.find((arg) => typeof arg === 'function')
    if (callback) return void process.nextTick(() => callback(error))
    return Promise.reject(error)
  }
}
for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
  for (const name of Object.keys(target).concat(Object.getOwnPropertyNames(target))) {
    if (name.startsWith('resolve') && name !== 'resolver') refuseDns(target, name)
  }
}
