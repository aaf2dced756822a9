"""Where a visitor reports a correction: site.yaml's corrections_url (an issue form, another
form, or an email address), with the record's file and page address filled in, so that whoever
reads the report knows which record it is about."""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit


def correction_href(corrections_url: str, record_path: str, page_url: str, title: str) -> str:
    """The link to send a correction of one record (record_path "" for none: the footer's).

    An email gets the title as its subject and the file and address in its body; a form gets
    them as fields of its address (an issue form fills in the fields of those ids: record, page,
    and the issue's title)."""
    if urlsplit(corrections_url).scheme == "mailto":
        body = "\n".join(part for part in (record_path, page_url) if part) + "\n\n"
        fields = {"subject": title, "body": body}
    else:
        fields = {"title": title, "record": record_path, "page": page_url}
    query = urlencode({k: v for k, v in fields.items() if v}, quote_via=quote)
    joiner = "&" if "?" in corrections_url else "?"
    return f"{corrections_url}{joiner}{query}" if query else corrections_url
