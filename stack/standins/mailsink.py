"""A local SMTP server that keeps every message as a file: the embedded default's mailbox.

``./rodare up`` points the app's Flask-Mail at it (INVENIO_MAIL_SERVER/PORT), so e-mail a
developer would otherwise never see (embargo reminders, access requests, sign-up
confirmations) lands in ``.rodare/mail/<time>-<n>.eml``, one message per file (Unix line ends),
and a line per message in ``.rodare/logs/mail.log``. It speaks the part of SMTP that
``smtplib`` uses (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and delivers nothing.

    python -m stack.standins.mailsink --port 55025 --dir .rodare/mail
"""

import argparse
import asyncio
import email
import itertools
import time
from email.policy import default
from pathlib import Path

_count = itertools.count(1)


async def session(reader, writer, folder):
    """One SMTP conversation."""
    def say(line):
        writer.write(line.encode() + b"\r\n")

    say("220 rodare-mailsink ESMTP ready")
    sender, recipients = None, []
    while not reader.at_eof():
        await writer.drain()
        line = (await reader.readline()).decode(errors="replace").rstrip("\r\n")
        verb = line[:4].upper()
        if verb in ("EHLO", "HELO"):
            say("250-rodare-mailsink" if verb == "EHLO" else "250 rodare-mailsink")
            if verb == "EHLO":
                say("250 8BITMIME")
        elif verb == "MAIL":
            sender, recipients = line.split(":", 1)[1].strip(), []
            say("250 OK")
        elif verb == "RCPT":
            recipients.append(line.split(":", 1)[1].strip())
            say("250 OK")
        elif verb == "DATA":
            say("354 End data with <CR><LF>.<CR><LF>")
            await writer.drain()
            lines = []
            while True:
                data = await reader.readline()
                if data in (b".\r\n", b".\n", b""):
                    break
                data = data[1:] if data.startswith(b"..") else data  # SMTP dot-stuffing
                lines.append(data.replace(b"\r\n", b"\n"))  # files with Unix line ends
            raw = b"".join(lines)
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(_count):04d}.eml"
            (folder / name).write_bytes(raw)
            subject = email.message_from_bytes(raw, policy=default).get("Subject", "")
            print(f"{name}: from {sender} to {', '.join(recipients)}: {subject}", flush=True)
            say("250 OK: kept as " + name)
        elif verb == "RSET":
            sender, recipients = None, []
            say("250 OK")
        elif verb == "NOOP":
            say("250 OK")
        elif verb == "QUIT":
            say("221 Bye")
            break
        elif line:
            say("502 Command not implemented")
    await writer.drain()
    writer.close()


async def serve(port, folder):
    """Listen on 127.0.0.1:port until stopped."""
    folder.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: session(r, w, folder), "127.0.0.1", port)
    print(f"mail sink on 127.0.0.1:{port}, keeping messages in {folder}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.port, args.dir))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
