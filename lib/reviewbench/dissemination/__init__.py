"""After the report: the safeguarding partners' response, the plain-language summary, and the record of
where each product of a review was used (issue 17, items 3 and 5).

    load_response(review)           authored/response.yaml, checked against recommendations.yaml (:mod:`.response`)
    load_record(review)             authored/dissemination.yaml, checked (:mod:`.record`)
    write_response(review, plan)    build/response.html, .docx, scanned (:mod:`.documents`)
    write_summary(review)           build/dissemination/summary.html, .docx, scanned

Below the use-case layer: :mod:`reviewbench.build` calls the writers; the action plan a response shows
is read above it (:mod:`reviewbench.portfolio`) and handed down.
"""

from .documents import DISSEMINATION_DIR, PLAIN_SUMMARY, DocumentResult, write_response, write_summary
from .record import PRODUCTS, RECORD_COLUMNS, RECORD_FILE, Use, load_record, record_rows
from .response import NO_RESPONSE, RESPONSE_FILE, LoadedResponse, Response, load_response, response_rows, response_state

__all__ = ["DISSEMINATION_DIR", "NO_RESPONSE", "PLAIN_SUMMARY", "PRODUCTS", "RECORD_COLUMNS", "RECORD_FILE",
           "RESPONSE_FILE", "DocumentResult", "LoadedResponse", "Response", "Use", "load_record", "load_response",
           "record_rows", "response_rows", "response_state", "write_response", "write_summary"]
