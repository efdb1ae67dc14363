// The independent peers the push tests talk to: WebSub subscribers built on the npm "pubsubhubbub" client and
// webhook receivers that verify every request with the npm "standardwebhooks" library. Driven by JSON lines on
// stdin; every event is one JSON line on stdout.
'use strict';

const crypto = require('crypto');
const http = require('http');
const readline = require('readline');
const pubsubhubbub = require('pubsubhubbub');
const { Webhook } = require('standardwebhooks');

const peers = new Map();

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function subscriber(command) {
  const pubsub = pubsubhubbub.createServer({ leaseSeconds: command.lease || 0 });
  const peer = { kind: 'websub', pubsub, failures: 0 };
  const handler = pubsub.listener();
  peer.server = await listen((req, res) => {
    if (req.method === 'POST' && peer.failures > 0) {
      peer.failures--;
      emit({ event: 'failed', name: command.name });
      req.resume();
      res.writeHead(503);
      res.end();
      return;
    }
    handler(req, res);
  });
  peer.callbackBase = `http://127.0.0.1:${peer.server.address().port}/callback`;
  pubsub.callbackUrl = peer.callbackBase;
  for (const name of ['subscribe', 'unsubscribe', 'denied']) {
    pubsub.on(name, (data) => emit({ event: name, name: command.name, topic: data.topic, lease: data.lease, error: data.error && String(data.error) }));
  }
  pubsub.on('feed', (data) => emit({
    event: 'feed',
    name: command.name,
    topic: data.topic,
    contentType: data.headers['content-type'],
    link: data.headers.link,
    signature: data.headers['x-hub-signature'] || null,
    body: data.feed.toString('utf8'),
  }));
  peers.set(command.name, peer);
  return peer;
}

async function handle(command) {
  switch (command.cmd) {
    case 'subscribe': {
      const peer = peers.get(command.name) || await subscriber(command);
      if (command.secret) {
        // The client sends hub.secret = HMAC-SHA1(secret, topic) but checks signatures with the secret itself;
        // checking with the secret the hub was given makes its own verification meaningful.
        const given = crypto.createHmac('sha1', command.secret).update(command.topic).digest('hex');
        peer.pubsub.secret = command.secret;
        peer.pubsub.subscribe(command.topic, command.hub, (error) => {
          peer.pubsub.secret = given;
          emit({ event: 'requested', name: command.name, error: error && String(error) });
        });
      } else {
        peer.pubsub.subscribe(command.topic, command.hub, (error) => emit({ event: 'requested', name: command.name, error: error && String(error) }));
      }
      emit({ event: 'callback', name: command.name, url: peer.callbackBase });
      break;
    }
    case 'unsubscribe': {
      const peer = peers.get(command.name);
      peer.pubsub.unsubscribe(command.topic, command.hub, (error) => emit({ event: 'requested', name: command.name, error: error && String(error) }));
      break;
    }
    case 'fail': {
      peers.get(command.name).failures = command.count;
      emit({ event: 'ok', name: command.name });
      break;
    }
    case 'receiver': {
      const peer = { kind: 'webhook', down: false, verifier: null };
      peer.server = await listen((req, res) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => {
          if (peer.down || !peer.verifier) {
            res.writeHead(503);
            res.end();
            return;
          }
          const body = Buffer.concat(chunks).toString('utf8');
          let verified = false;
          try {
            peer.verifier.verify(body, req.headers);
            verified = true;
          } catch (error) {
            emit({ event: 'unverified', name: command.name, error: String(error) });
          }
          res.writeHead(verified ? 204 : 400);
          res.end();
          if (verified) {
            emit({ event: 'webhook', name: command.name, id: req.headers['webhook-id'], body: JSON.parse(body) });
          }
        });
      });
      peers.set(command.name, peer);
      emit({ event: 'receiver', name: command.name, url: `http://127.0.0.1:${peer.server.address().port}/hooks` });
      break;
    }
    case 'secret': {
      peers.get(command.name).verifier = new Webhook(command.secret);
      emit({ event: 'ok', name: command.name });
      break;
    }
    case 'down': {
      peers.get(command.name).down = command.down;
      emit({ event: 'ok', name: command.name });
      break;
    }
    default:
      emit({ event: 'error', error: `unknown command ${command.cmd}` });
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim().length > 0) {
    handle(JSON.parse(line)).catch((error) => emit({ event: 'error', error: String(error && error.stack || error) }));
  }
}).on('close', () => process.exit(0));

emit({ event: 'ready' });
