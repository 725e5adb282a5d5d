"""Procurement cases: Japan's 2018 IT procurement process from request to decision.

``classify`` (the agreement's categories, a questionnaire kept as data), ``compare`` (bids side by
side with documented risk factors), ``representations`` (FAR 52.204-24/-26 answers against what
screening found), ``questions`` (what to ask bidders), ``package`` (the consultation package for
the central body), ``labels`` (English and Japanese). The application side (cases kept in the
store, with their audit records) is ``service/cases.py``; the commands are ``supplyscreen case ...``
(``commands/case.py``).
"""
