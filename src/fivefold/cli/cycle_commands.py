"""Commands on the loop: start the next cycle, and diff two cycles."""

from __future__ import annotations

import argparse
import json

from fivefold.cli.context import Context
from fivefold.review.cycles import diff_cycles, start_next_cycle
from fivefold.visible import one_line, visible, visible_json


def start_cycle(context: Context, args: argparse.Namespace) -> int:
    following = start_next_cycle(context.store, context.registry, args.assessment_id)
    print(following.id)
    return 0


def diff(context: Context, args: argparse.Namespace) -> int:
    result = diff_cycles(context.store, context.registry, args.before_id, args.after_id)
    questions = result.questions if args.all else result.changed
    if args.json:
        rows = [
            {
                "question_id": q.question_id,
                "change": q.change,
                "before": {"status": q.before_status, "rationale": q.before_rationale, "value": q.before_value},
                "after": {"status": q.after_status, "rationale": q.after_rationale, "value": q.after_value},
            }
            for q in questions
        ]
        print(visible_json(json.dumps(rows, indent=2, ensure_ascii=False)))
        return 0
    before, after = result.before.assessment, result.after.assessment
    print(f"cycle {before.cycle} (#{before.id}) -> cycle {after.cycle} (#{after.id}): {len(result.changed)} changed")
    for question in questions:
        print(f"\n{question.change.upper():<22} {visible(question.question_id)}")
        print(f"  {one_line(question.text, 200)}")
        if question.before_status != question.after_status:
            was, now = question.before_status or "unanswered", question.after_status or "unanswered"
            print(f"  status: {visible(was)} -> {visible(now)}")
        if question.before_rationale != question.after_rationale:
            print(f"  before: {one_line(question.before_rationale, 100) or '(empty)'}")
            print(f"  after:  {one_line(question.after_rationale, 100) or '(empty)'}")
    return 0
