"""Posts when the book changes: a new value, a correction, a new figure or event, once per channel.

``changes`` (pure detection and its rules), ``wording`` (the posts), ``store`` (subscriptions,
recorded states, the ledger), ``announce`` (one pass: record, claim, post, record) and
``service`` (the running bot's batching window and retries).
"""
