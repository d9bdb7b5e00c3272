"""Book-production pipeline: raw page-extracted chapters to clean Markdown, EPUB 3, print PDF and a
publisher handoff bundle."""

__version__ = "0.1.0"
