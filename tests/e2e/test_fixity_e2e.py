"""Fixity on the live stack: a flipped byte on disk, found by the check (the beat's task, run
by ``invenio rodare-fixity check``), e-mailed to the administrators through the mail sink,
listed on the administration page and refused to a visitor with the 503 page."""

import email
import uuid

from playwright.sync_api import expect

from stack.instance import ADMIN_EMAIL
from stack.supervisor import REPO

SHOTS = REPO / ".rodare" / "screenshots"


def on_disk(live_stack, content):
    """The stored file whose bytes are ``content`` (the file location is the stack's data)."""
    found = [p for p in live_stack.data_dir.rglob("data") if p.is_file()
             and p.stat().st_size == len(content) and p.read_bytes() == content]
    assert len(found) == 1, found
    return found[0]


def mails_about(live_stack, marker):
    """The mail sink's messages whose body names ``marker``."""
    found = []
    for path in sorted((live_stack.root / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        # other tests' messages may be multipart with nested parts: read every text part
        texts = [part.get_payload(decode=True) or b"" for part in message.walk()
                 if part.get_content_maintype() == "text"]
        if any(marker in text.decode("utf-8", "replace") for text in texts):
            found.append(message)
    return found


def test_flipped_byte_reported_and_refused(live_stack, publish_record, invenio_cli, page,
                                           new_page, login):
    """Flip a byte, check, the visitor's 503 page, the admin page, one e-mail; restore."""
    name = f"fixity-{uuid.uuid4().hex[:8]}.txt"
    content = f"beam time {name}\n".encode() * 20
    record = publish_record("Fixity end to end", filename=name, content=content)
    path = on_disk(live_stack, content)
    flipped = bytearray(content)
    flipped[len(flipped) // 2] ^= 0x01
    path.write_bytes(bytes(flipped))

    out = invenio_cli("rodare-fixity", "check", "--all")
    assert "1 file(s) newly failed" in out, out

    # a visitor downloading it: the 503 page, never the bytes
    response = page.goto(f"/records/{record['id']}/files/{name}?download=1")
    assert response.status == 503
    expect(page.locator("#rodare-fixity-failed")).to_contain_text("failed its integrity check")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "fixity-download-503.png"), full_page=True)

    # the administrators: the page lists it with the record's link
    admin = new_page()
    login(admin, ADMIN_EMAIL, live_stack.admin_password)
    admin.goto("/administration/fixity")
    row = admin.locator("#rodare-fixity-admin tbody tr", has_text=name)
    expect(row).to_contain_text("Checksum mismatch")
    expect(row.locator(f"a[href='/records/{record['id']}']")).to_be_visible()
    admin.screenshot(path=str(SHOTS / "fixity-admin.png"), full_page=True)

    # and one e-mail (the worker sends it); a second check sends none
    for _ in range(60):
        if mails_about(live_stack, name):
            break
        page.wait_for_timeout(500)
    mails = mails_about(live_stack, name)
    assert len(mails) == 1 and ADMIN_EMAIL in mails[0]["To"]
    assert "integrity check" in mails[0]["Subject"]
    invenio_cli("rodare-fixity", "check", "--all")

    # restored from the backup: served again after the next check
    path.write_bytes(content)
    assert "0 file(s) newly failed" in invenio_cli("rodare-fixity", "check", "--all")
    assert page.goto(f"/api/records/{record['id']}/files/{name}/content").status == 200
    assert len(mails_about(live_stack, name)) == 1
