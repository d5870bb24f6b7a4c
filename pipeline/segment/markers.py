"""Moved to ``pipeline.notation.markers`` (the notation's one table of markers); this name stays
importable while the branches that still import it are merged, and goes then."""
from pipeline.notation.markers import (  # noqa: F401
    APPENDIX, ARTICLE, ATTACHED_NOTE, AUTHORITY, BASIS, CHAPTER, CLAUSE, DASH, DECIDE, END_OF_TEXT, MOTTO, MUC,
    NUMBER_LINE, OFFICES, PART, PLACE_DATE, PLUS, POINT, RANK, RANK_AT_END, RECIPIENTS, ROMAN, SALUTATION,
    SIGN_CAPACITY, SUBJECT_LINE, Folded, doc_type_heading, is_caps, signature_tail, split_authority,
)
