"""The notation of Vietnamese legal documents, in one place below readers, segment and extractors:
numbering labels (``labels``), structural markers (``markers``), signing offices and the words a
body's name opens with (``offices``, data files in ``pipeline/notation/data``). Imports nothing of
the pipeline's stages."""
