"""HTML e-mails carry no live markup from what people wrote.

Upstream's notification templates (``*.jinja``) are rendered without autoescape, and put
record titles, request titles and names into the HTML body as they are. An access request
on a record whose title holds the corpus e-mails the record's owner.
"""

from invenio_rdm_records.proxies import current_rdm_records_service as records_service


def test_access_request_mail_to_the_owner(people, publish_restricted, hostile_text, live_payloads,
                                          outbox):
    record = publish_restricted("Ask us.", metadata={"title": f"Spectra {hostile_text}"})
    records_service.access.create_user_access_request(
        people["stranger"].identity, record.id,
        {"message": f"Please. {hostile_text}", "consent_to_share_personal_data": "true"})

    mails = [m for m in outbox if people["owner"].email in m.recipients]
    assert mails, [m.subject for m in outbox]
    for mail in mails:
        assert mail.html and "Spectra" in mail.html  # the title is in the mail, as text
        assert live_payloads(mail.html) == [], mail.subject
