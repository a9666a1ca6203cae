"""A local S3 API server for the tests and for ``./rodare up`` with the S3 option.

It is moto's server mode (PyPI ``moto``, the S3 part): the real S3 REST protocol over HTTP,
with signatures (v4), presigned URLs, multipart uploads and ``ETag``s as AWS computes them,
so invenio-s3 and s3fs talk to it exactly as to AWS, Ceph RGW or MinIO. It keeps the objects
in its own process (in memory, large ones spooled to temporary files): when it stops they are
gone, so it stands in for object storage in tests and trials, never for a deployment's.

    python -m stack.standins.s3 --port 55060

Any access key and secret are accepted; the tests and the stack use ``rodare``/``rodare-s3``.
"""

import argparse

ACCESS_KEY, SECRET_KEY = "rodare", "rodare-s3-secret"


def running():
    """The server in a process of its own on a free port; yields its endpoint URL, stops it
    afterwards (its objects with it). For the tests."""
    from .launch import running as launch

    return launch("s3", name="S3 stand-in")


def main():
    """Serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    from moto.server import main as moto_main

    print(f"S3 stand-in on http://{args.host}:{args.port}", flush=True)
    moto_main(["--host", args.host, "--port", str(args.port)])


if __name__ == "__main__":
    main()
