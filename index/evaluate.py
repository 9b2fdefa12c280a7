"""``layoffs eval``: retrieval and answer quality on a gold question set."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from index.answer import unsupported_numbers
from index.llm import fallback_kinds as llm_fallback_kinds
from index.numbers import numbers_in

if TYPE_CHECKING:
    from index.engine import Engine

log = logging.getLogger(__name__)

RECALL_AT = 5
MRR_DEPTH = 10
COMPUTED_KINDS = {"total", "compare", "largest", "count_rounds"}  # answered by arithmetic


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    lang: str
    kind: str
    answerable: bool
    expected_sources: tuple[str, ...]
    expected_figures: tuple[int, ...]


def default_gold() -> Path:
    return Path(str(resources.files("index") / "data" / "gold.jsonl"))


def load_gold(path: Path) -> list[GoldQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ValueError(f"cannot read gold file {path}: {err.strerror or err}") from err
    questions = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            questions.append(GoldQuestion(
                id=str(raw["id"]), question=str(raw["question"]), lang=str(raw.get("lang", "")),
                kind=str(raw.get("kind", "lookup")), answerable=bool(raw.get("answerable", True)),
                expected_sources=tuple(raw.get("expected_sources", [])),
                expected_figures=tuple(int(f) for f in raw.get("expected_figures", [])),
            ))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            raise ValueError(f"{path}, line {lineno}: not a gold question ({err})") from err
    if not questions:
        raise ValueError(f"{path} holds no gold questions")
    return questions


@dataclass
class EvalReport:
    retrieval: list[tuple[GoldQuestion, int | None]] = field(default_factory=list)
    figures: list[tuple[GoldQuestion, bool]] = field(default_factory=list)
    refusals: list[tuple[GoldQuestion, bool]] = field(default_factory=list)
    invented: list[tuple[GoldQuestion, list[int]]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # The LLM path (index/llm.py): answers shown as the model wrote them, and why the others
    # fell back to the offline answer, counted by kind ("timeout", "unsupported_number", …).
    phrased: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        hits = [rank is not None and rank <= RECALL_AT for _, rank in self.retrieval]
        return sum(hits) / len(hits) if hits else 0.0

    @property
    def mrr(self) -> float:
        ranks = [1.0 / rank if rank else 0.0 for _, rank in self.retrieval]
        return sum(ranks) / len(ranks) if ranks else 0.0

    @property
    def answer_accuracy(self) -> float:
        return _share([ok for _, ok in self.figures])

    @property
    def numeric_exact_match(self) -> float:
        """Questions answered by arithmetic over events: every expected figure present."""
        return _share([ok for q, ok in self.figures if q.kind in COMPUTED_KINDS])

    @property
    def refusal_accuracy(self) -> float:
        """Unanswerable questions refused, answerable ones not refused."""
        return _share([ok for _, ok in self.refusals])

    def summary(self) -> dict[str, str]:
        unanswerable = [ok for q, ok in self.refusals if not q.answerable]
        answerable = [ok for q, ok in self.refusals if q.answerable]
        return {
            f"retrieval recall@{RECALL_AT}": f"{self.recall:.3f} ({len(self.retrieval)} q)",
            f"retrieval MRR@{MRR_DEPTH}": f"{self.mrr:.3f}",
            "answer accuracy (all figures)": f"{self.answer_accuracy:.3f} ({len(self.figures)} q)",
            "numeric exact match (totals, compare, rounds)": f"{self.numeric_exact_match:.3f} "
            f"({sum(1 for q, _ in self.figures if q.kind in COMPUTED_KINDS)} q)",
            "refusal accuracy (unanswerable refused)":
                f"{_share(unanswerable):.3f} ({len(unanswerable)} q)",
            "answerable questions not refused": f"{_share(answerable):.3f} ({len(answerable)} q)",
            "answers with an unsupported number": str(sum(1 for _, n in self.invented if n)),
        }

    def breakdown(self, key: str) -> dict[str, dict[str, Any]]:
        """Per ``key`` ("lang" or "kind") of the questions: how many, how many answered right
        (an answerable one not refused and, when it expects figures, giving them all; an
        unanswerable one refused)."""
        figures_ok = {q.id: ok for q, ok in self.figures}
        groups: dict[str, list[bool]] = {}
        for q, refusal_ok in self.refusals:
            right = refusal_ok and figures_ok.get(q.id, True)
            groups.setdefault(str(getattr(q, key)) or "?", []).append(right)
        return {name: {"questions": len(flags), "right": sum(flags),
                       "accuracy": round(_share(flags), 4)}
                for name, flags in sorted(groups.items())}

    def as_dict(self) -> dict[str, Any]:
        return {
            "recall_at_5": round(self.recall, 4), "mrr_at_10": round(self.mrr, 4),
            "answer_accuracy": round(self.answer_accuracy, 4),
            "numeric_exact_match": round(self.numeric_exact_match, 4),
            "refusal_accuracy": round(
                _share([ok for q, ok in self.refusals if not q.answerable]), 4),
            "answerable_not_refused": round(
                _share([ok for q, ok in self.refusals if q.answerable]), 4),
            "unsupported_numbers": sum(1 for _, n in self.invented if n),
            "questions": len(self.refusals), "failures": self.failures,
            "by_language": self.breakdown("lang"), "by_kind": self.breakdown("kind"),
        }


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _rank_of_expected(sources: Sequence[str], expected: Sequence[str]) -> int | None:
    wanted = {PurePath(e).name for e in expected}
    for rank, source in enumerate(sources, start=1):
        if PurePath(source.split("#L")[0]).name in wanted:
            return rank
    return None


def run_eval(engine: Engine, questions: Sequence[GoldQuestion], *,
             llm: bool | None = None) -> EvalReport:
    """``llm``: as :meth:`Engine.ask` (None: the LLM when one is configured)."""
    report = EvalReport()
    for q in questions:
        answer = engine.ask(q.question) if llm is None else engine.ask(q.question, llm=llm)
        if answer.phrased_by:
            report.phrased += 1
        report.fallbacks.update(llm_fallback_kinds(answer.llm_fallback))
        report.refusals.append((q, answer.refused != q.answerable))
        if answer.refused == q.answerable:
            report.failures.append(
                f"{q.id} {'refused' if answer.refused else 'answered'}: {q.question}")
        invented = unsupported_numbers(answer)
        report.invented.append((q, invented))
        if invented:
            report.failures.append(f"{q.id} unsupported numbers {invented}: {q.question}")
        if not q.answerable:
            continue
        if q.expected_sources:
            hits = engine.search(q.question, MRR_DEPTH)
            rank = _rank_of_expected([h.chunk.source for h in hits], q.expected_sources)
            report.retrieval.append((q, rank))
            if rank is None or rank > RECALL_AT:
                report.failures.append(f"{q.id} expected source not in top {RECALL_AT} "
                                       f"(rank {rank}): {q.question}")
        if q.expected_figures:
            found = numbers_in(answer.text, answer.lang)
            ok = all(f in found for f in q.expected_figures)
            report.figures.append((q, ok))
            if not ok:
                missing = [f for f in q.expected_figures if f not in found]
                report.failures.append(f"{q.id} missing figures {missing}: {q.question}")
    return report
