"""Event-level precision and recall of the ledger on a gold corpus folder, without an index.

    python bench/events_eval.py corpora/news/dev [--details]
    python bench/events_eval.py sample          # the bundled sample corpus and its gold

Prints the summary (and, with --details, every double count, non-layoff figure counted, false
positive and missed event). ``layoffs eval --events DIR`` prints the same.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date

from index.companies import CompanyTable
from index.evaluate_events import evaluate_corpus

if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    folder = sys.argv[1]
    report = evaluate_corpus(folder, CompanyTable.load(), languages=["en", "fr", "de", "es"],
                             today=date.today())
    payload = report.as_dict() if "--details" in sys.argv else report.summary()
    print(json.dumps(payload, indent=1, ensure_ascii=False))
