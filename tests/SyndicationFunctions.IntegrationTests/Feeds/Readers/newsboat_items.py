"""Prints the items newsboat keeps in its cache (what it shows when one is opened), as JSON."""
import json
import sqlite3
import sys

with sqlite3.connect(sys.argv[1]) as cache:
    rows = cache.execute("SELECT feedurl, guid, title, content, enclosure_url FROM rss_item ORDER BY id")
    print(json.dumps([
        {"feed": feed, "guid": guid, "title": title, "content": content, "enclosure": enclosure}
        for feed, guid, title, content, enclosure in rows
    ]))
