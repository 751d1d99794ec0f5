"""The yardstick for `fivefold list --json`: one grouped sqlite3 query in a script, its rows printed as JSON.

    python benchmarks/_grouped_query.py DATABASE.db

The least a listing with progress can cost: Python, the standard library's sqlite3 and json, one
query that groups every answer by assessment (counting the answers that have a status and are not
carried over), and the same JSON rows `fivefold list --json` prints. It knows nothing of banks, so
its counts are not Fivefold's progress: it is a floor, not a second implementation.
"""

from __future__ import annotations

import json
import sqlite3
import sys

QUERY = """
SELECT assessment.id, assessment.title, assessment.system_name, assessment.system_version,
       assessment.bank_id, assessment.bank_version,
       count(answer.question_id) FILTER (WHERE answer.status IS NOT NULL AND NOT answer.carried_over),
       count(answer.question_id), assessment.updated_at
FROM assessment LEFT JOIN answer ON answer.assessment_id = assessment.id
GROUP BY assessment.id
ORDER BY assessment.updated_at DESC
"""


def main() -> int:
    connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=rw", uri=True)
    rows = [
        {
            "id": row[0],
            "title": row[1],
            "system": row[2],
            "system_version": row[3],
            "bank": row[4],
            "bank_version": row[5],
            "answered": row[6],
            "total": row[7],
            "updated": row[8][:19].replace(" ", "T"),
        }
        for row in connection.execute(QUERY)
    ]
    print(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
