#!/usr/bin/python3
"""A sendmail stand-in for rss2email: appends each message it is handed to mail.jsonl beside it, decoded."""
import email
import email.policy
import json
import os
import sys

message = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
part = message.get_body(preferencelist=("html", "plain"))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "mail.jsonl"), "a", encoding="utf-8") as mailbox:
    mailbox.write(json.dumps({
        "subject": str(message["Subject"]),
        "type": part.get_content_type(),
        "body": part.get_content(),
    }) + "\n")
