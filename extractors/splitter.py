"""underthesea's sentence splitter without importing underthesea whole: the package's __init__
imports its whole pipeline (text_normalize, joblib, … ~0.4 s per process), while the splitter is
one module of the standard library and its abbreviations file (underthesea 9: Apache-2.0)."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Callable


@lru_cache(maxsize=1)
def _splitter() -> Callable[[str], list[str]]:
    """underthesea.pipeline.sent_tokenize.sent_tokenize, its module run from underthesea's files
    alone; the package's own import where that module needs the rest of the package."""
    spec = importlib.util.find_spec("underthesea")
    path = Path(spec.submodule_search_locations[0], "pipeline", "sent_tokenize", "__init__.py") if spec else None
    if path is not None and path.is_file():
        module_spec = importlib.util.spec_from_file_location("vanban_underthesea_sent_tokenize", path)
        module = importlib.util.module_from_spec(module_spec)
        try:
            module_spec.loader.exec_module(module)
            return module.sent_tokenize
        except (ImportError, AttributeError):
            pass
    from underthesea import sent_tokenize

    return sent_tokenize


def sent_tokenize(text: str) -> list[str]:
    """underthesea.sent_tokenize(*text*): "Sở Y tế chủ trì. Sở Tài chính phối hợp." → ["Sở Y tế chủ trì.",
    "Sở Tài chính phối hợp."]."""
    return _splitter()(text)
