"""The embedded default's mailbox keeps what smtplib (Flask-Mail) sends, one file a message."""

import smtplib
import subprocess
import sys
from email.message import EmailMessage
from email import message_from_bytes

from stack.services import free_port, wait_for_port


def test_mail_sink_keeps_each_message(tmp_path):
    """Two messages, two .eml files with their headers and bodies; a log line each."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "stack.standins.mailsink", "--port", str(port),
                             "--dir", str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, proc=proc, name="mail sink")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in (1, 2):
                message = EmailMessage()
                message["From"], message["To"] = "rodare@hzdr.de", "owner@hzdr.de"
                message["Subject"] = f"Embargo ends soon ({n})"
                message.set_content(f"Reminder {n}\n.\nthe line above is a lone dot\n")
                smtp.send_message(message)
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    kept = message_from_bytes(files[1].read_bytes())
    assert kept["Subject"] == "Embargo ends soon (2)" and kept["To"] == "owner@hzdr.de"
    assert kept.get_payload() == "Reminder 2\n.\nthe line above is a lone dot\n"
    assert out.count("owner@hzdr.de") == 2
