"""The service's own refusal of a request as given; each face shows it in its own terms.

The other refusals live beside what refuses them: ``screenings.NotFound`` (nothing of the caller's
team by that id), ``cases.CaseError`` (the case's state does not allow it), ``review.ReviewError``,
``intel.IntelError`` and ``uploads.UploadRefused`` (with its HTTP status).
"""

from __future__ import annotations


class Invalid(ValueError):
    """A request the service cannot take as given (an unknown policy pack, a question without text);
    the message says what to send instead."""
