"""Comment threads as the record lists them: each thread's first comment, its state and its replies.

A comment with no `reply_to` opens a thread; a reply names the comment it answers, which may be
another reply, and belongs to the thread its chain of replies leads to. The thread is open until
its first comment is resolved. Standard library only: the record builder, the bundle check and
the exports share it, and the rules read its output from an exported file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fivefold.vocabulary import COMMENT_STATES

OPEN, RESOLVED = COMMENT_STATES
SHORT_ID = 8
"""How many characters of a comment's UUID people see and type (`fivefold resolve ID 1a2b3c4d`)."""


class ThreadError(ValueError):
    """Comments that do not form threads: a reply to a missing comment, or replies in a loop."""


def short_id(comment_id: str) -> str:
    return comment_id[:SHORT_ID]


def build_threads(comments: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The threads of flat comments (`id`, `question_id`, `reply_to`, `author`, `text`, `at`,
    `resolved`, `resolved_by`, `resolved_at`), ordered by question, then time; replies by time.
    Comments made within the same second keep the order they are given in (the store's: oldest first)."""
    by_id = {comment["id"]: comment for comment in comments}
    threads: dict[str, dict[str, Any]] = {}
    replies: dict[str, list[Mapping[str, Any]]] = {}
    for comment in by_id.values():
        if comment["reply_to"] is None:
            threads[comment["id"]] = {
                "id": comment["id"],
                "question_id": comment["question_id"],
                "author": comment["author"],
                "text": comment["text"],
                "at": comment["at"],
                "state": RESOLVED if comment["resolved"] else OPEN,
                "resolved_by": comment["resolved_by"] if comment["resolved"] else None,
                "resolved_at": comment["resolved_at"] if comment["resolved"] else None,
                "replies": [],
            }
        else:
            replies.setdefault(_thread_of(comment, by_id), []).append(comment)
    for root, found in replies.items():
        thread = threads[root]
        for reply in sorted(found, key=lambda r: r["at"]):
            if reply["question_id"] != thread["question_id"]:
                raise ThreadError(f"comment {short_id(reply['id'])} replies on another question than its thread's")
            thread["replies"].append(
                {
                    "id": reply["id"],
                    "reply_to": reply["reply_to"],
                    "author": reply["author"],
                    "text": reply["text"],
                    "at": reply["at"],
                }
            )
    return sorted(threads.values(), key=lambda t: (t["question_id"], t["at"]))


def _thread_of(comment: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]]) -> str:
    """The id of the comment that opens `comment`'s thread."""
    seen = {comment["id"]}
    current = comment
    while current["reply_to"] is not None:
        parent = by_id.get(current["reply_to"])
        if parent is None:
            raise ThreadError(f"comment {short_id(current['id'])} replies to a comment that does not exist")
        if parent["id"] in seen:
            raise ThreadError(f"comment {short_id(comment['id'])} is in a loop of replies")
        seen.add(parent["id"])
        current = parent
    return str(current["id"])


def open_threads(threads: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The threads not resolved; anything but a thread marked resolved counts as open."""
    return [thread for thread in threads if thread.get("state") != RESOLVED]
