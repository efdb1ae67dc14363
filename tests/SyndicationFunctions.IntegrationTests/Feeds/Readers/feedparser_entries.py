"""Fetches a feed with Python feedparser (Debian's python3-feedparser) and prints what it read, as JSON."""
import json
import sys

import feedparser

parsed = feedparser.parse(sys.argv[1])
print(json.dumps({
    "status": parsed.get("status"),
    "version": parsed.get("version"),
    "bozo": bool(parsed.get("bozo")),
    "entries": [
        {
            "id": entry.get("id"),
            "title": entry.get("title"),
            "summary": entry.get("summary"),
            "summaryType": (entry.get("summary_detail") or {}).get("type"),
            "content": [part.get("value") for part in entry.get("content", [])],
            "updated": entry.get("updated"),
            "link": entry.get("link"),
        }
        for entry in parsed.entries
    ],
}))
