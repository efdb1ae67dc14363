// Reads feeds over HTTP with JavaScript feed libraries from npm, as package.json pins them, for the reader tests.
// One request a line on stdin: {"library": "rss-parser" | "feed-extractor", "url": "..."}; one answer a line on
// stdout, in the same order: {"items": [...]} with each item as the library gives it, or {"error": "..."}.
'use strict';

const readline = require('node:readline');
const RssParser = require('rss-parser');
const { extract } = require('@extractus/feed-extractor');

const rssParser = new RssParser();

// feed-extractor keeps a short text description of each entry; a reader asks it for the whole content and the
// image as extra fields of the entry as parsed (content:encoded in RSS, content in Atom, content_html in JSON Feed).
const text = (value) => (value !== null && typeof value === 'object' ? value['#text'] ?? '' : value ?? '');
const extractorOptions = {
  descriptionMaxLen: 0,
  getExtraEntryFields: (entry) => ({
    content: text(entry['content:encoded'] ?? entry.content ?? entry.content_html),
    image: entry.image ?? null,
  }),
};

async function read({ library, url }) {
  switch (library) {
    case 'rss-parser':
      return { items: (await rssParser.parseURL(url)).items };
    case 'feed-extractor':
      return { items: (await extract(url, extractorOptions)).entries };
    default:
      throw new Error(`unknown library ${library}`);
  }
}

// One request at a time, so the answers come out in the order the requests went in.
let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await read(JSON.parse(line));
    } catch (error) {
      answer = { error: String(error && error.stack ? error.stack : error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
