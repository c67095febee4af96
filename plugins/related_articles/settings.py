"""The related_articles plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Settings

_ENGINE = Settings()


@dataclass(frozen=True)
class RelatedSettings:
    RELATED_K: int = _ENGINE.k
    RELATED_BODY_CHARS: int = _ENGINE.body_chars
    RELATED_FIELD_WEIGHTS: dict[str, int] = field(
        default_factory=lambda: {
            "title": _ENGINE.title_repeat,
            "summary": _ENGINE.summary_repeat,
            "body": _ENGINE.body_repeat,
        }
    )
    RELATED_TEXT_WEIGHT: float = _ENGINE.text_weight
    RELATED_TAG_WEIGHT: float = _ENGINE.tag_weight
    RELATED_SECTION_BOOST: float = _ENGINE.section_boost
    RELATED_DECAY_DAYS: float = _ENGINE.decay_days
    RELATED_MIN_SCORE: float = _ENGINE.min_score
    RELATED_MAX_PER_SOURCE: int = _ENGINE.max_per_source
    RELATED_MAX_DF: float = _ENGINE.max_df
    RELATED_TERMS_PER_STORY: int = _ENGINE.terms_per_story
    RELATED_CANDIDATES_PER_TERM: int = _ENGINE.candidates_per_term

    def engine(self) -> Settings:
        """The engine's settings."""
        weights = self.RELATED_FIELD_WEIGHTS
        return Settings(
            k=self.RELATED_K,
            body_chars=self.RELATED_BODY_CHARS,
            title_repeat=weights.get("title", _ENGINE.title_repeat),
            summary_repeat=weights.get("summary", _ENGINE.summary_repeat),
            body_repeat=weights.get("body", _ENGINE.body_repeat),
            text_weight=self.RELATED_TEXT_WEIGHT,
            tag_weight=self.RELATED_TAG_WEIGHT,
            section_boost=self.RELATED_SECTION_BOOST,
            decay_days=self.RELATED_DECAY_DAYS,
            min_score=self.RELATED_MIN_SCORE,
            max_per_source=self.RELATED_MAX_PER_SOURCE,
            max_df=self.RELATED_MAX_DF,
            terms_per_story=self.RELATED_TERMS_PER_STORY,
            candidates_per_term=self.RELATED_CANDIDATES_PER_TERM,
        )
