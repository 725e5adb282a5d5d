"""The application layer the REST API, the web pages and the commands share.

``screenings`` (submit an upload, warm screeners, rerun and compare, a team's registry),
``cases`` (procurement cases), ``intel`` (the team's news articles and events), ``review`` (the
queue, reviews, waivers), ``designations`` (a team's own), ``users`` (teams, users, tokens),
``verify`` (the audit chain and what it sealed), ``limits`` (request limits), ``pool`` (screening
processes), ``uploads`` (checks on what comes in and goes out). Each function takes the store or a
session and the caller's team: team-scoped queries live here, once. Below: ``store/`` and the library.
"""
