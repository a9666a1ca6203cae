"""The web files HERMES downloads at harvest time, served on this machine, for tests without
internet access, and without changing a line of HERMES.

HERMES's ``cff`` harvester validates ``CITATION.cff`` against
``https://citation-file-format.github.io/1.2.0/schema.json`` (``urllib``), and its ``codemeta``
harvester expands ``codemeta.json`` with the JSON-LD context
``https://raw.githubusercontent.com/caltechlibrary/convert_codemeta/main/codemeta.jsonld``
(``pyld`` through ``requests``). Both honour ``HTTPS_PROXY``. This is that proxy: it answers
``CONNECT`` to those two hosts only, ends TLS itself with a certificate for them from a CA of
its own, and serves the two files from local copies (cffconvert, a HERMES dependency, ships
the CFF schema as ``schemas/1.2.0/schema.json``; the CodeMeta 2.0 context is
``tests/hermes/codemeta-2.0.jsonld``). Any other host is refused at once (403), so any other
download fails fast, as it would offline.

The client trusts the CA through ``SSL_CERT_FILE`` (urllib) and ``REQUESTS_CA_BUNDLE``
(requests): :meth:`SchemaMirror.environment` gives a bundle of the CA and the test stack's
certificate, and ``NO_PROXY`` keeps the stack's own address off the proxy.
"""

import datetime
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import ssl

CFF_SCHEMA = ("citation-file-format.github.io", "/1.2.0/schema.json")
CODEMETA_CONTEXT = ("raw.githubusercontent.com", "/caltechlibrary/convert_codemeta/main/codemeta.jsonld")


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificates(hosts):
    """A CA and a certificate for ``hosts`` signed by it: (CA PEM, leaf PEM, leaf key PEM)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    valid = dict(not_valid_before=now - datetime.timedelta(days=1), not_valid_after=now + datetime.timedelta(days=2))
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("RODARE test schema mirror CA"))
          .issuer_name(_name("RODARE test schema mirror CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(valid["not_valid_before"]).not_valid_after(valid["not_valid_after"])
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(valid["not_valid_before"]).not_valid_after(valid["not_valid_after"])
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    return (ca.public_bytes(pem), leaf.public_bytes(pem),
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


class _Handler(http.server.BaseHTTPRequestHandler):
    """``CONNECT`` to a mirrored host, then the GETs inside the tunnel."""

    protocol_version = "HTTP/1.1"
    tunnel_host = None

    def do_CONNECT(self):
        mirror = self.server.mirror
        host, _, port = self.path.partition(":")
        if port != "443" or host not in mirror.hosts:
            mirror.refused.append(self.path)
            self.send_error(403, "this proxy serves the test's schema files only")
            self.close_connection = True
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        tls = mirror.tls.wrap_socket(self.connection, server_side=True)
        self.connection, self.tunnel_host = tls, host
        self.rfile, self.wfile = tls.makefile("rb"), tls.makefile("wb")
        self.close_connection = False

    def do_GET(self):
        mirror = self.server.mirror
        if self.tunnel_host is None:  # a plain-HTTP request through the proxy: not served
            mirror.refused.append(self.path)
            self.send_error(403, "this proxy serves the test's schema files only")
            self.close_connection = True
            return
        path = urlsplit(self.path).path
        body = mirror.files.get((self.tunnel_host, path))
        if body is None:
            mirror.refused.append(f"https://{self.tunnel_host}{path}")
            self.send_error(404)
            self.close_connection = True
            return
        mirror.served.append(f"https://{self.tunnel_host}{path}")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format, *args):
        """Quiet: what was served and refused is in ``served`` and ``refused``."""


class SchemaMirror:
    """The proxy, on a free port of 127.0.0.1, until :meth:`stop`."""

    def __init__(self, folder, files):
        """``files``: {(host, path): local file}; certificates go into ``folder``."""
        self.folder = Path(folder)
        self.files = {key: Path(path).read_bytes() for key, path in files.items()}
        self.hosts = sorted({host for host, _ in files})
        self.served, self.refused = [], []
        ca, leaf, key = _certificates(self.hosts)
        self.ca = self.folder / "mirror-ca.pem"
        self.ca.write_bytes(ca)
        (self.folder / "mirror.pem").write_bytes(leaf)
        (self.folder / "mirror.key").write_bytes(key)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(self.folder / "mirror.pem", self.folder / "mirror.key")
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.mirror = self
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        """The proxy's address."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def environment(self, stack_certificate):
        """What a client process needs: the proxy, and a CA bundle of the mirror's CA and the
        stack's certificate (so TLS to the stack stays verified)."""
        bundle = self.folder / "ca-bundle.pem"
        bundle.write_bytes(self.ca.read_bytes() + Path(stack_certificate).read_bytes())
        return {
            "HTTPS_PROXY": self.url, "https_proxy": self.url,
            "HTTP_PROXY": self.url, "http_proxy": self.url,
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
            "SSL_CERT_FILE": str(bundle), "REQUESTS_CA_BUNDLE": str(bundle),
        }

    def stop(self):
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
