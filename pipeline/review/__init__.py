"""The editor's review: the static page in the bundle (:mod:`.page`, read-only) and the local web
application behind ``make review`` (:mod:`.app`), where an editor confirms or overturns decisions and
corrects the text; :mod:`.excerpts` shows each decision in the raw page and the clean result."""
