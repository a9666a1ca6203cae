"""The S3 step of the benchmark: file throughput on S3 beside the disk's, on this machine.

    python -m stack.bench.s3 --size-mib 256 [--out docs/benchmarks/s3.json]

It starts the local S3 server (stack/standins/s3.py, moto) and measures, for one file of
``--size-mib`` random bytes, in MiB/s:

- ``disk_copy``: a plain copy on the local disk (as the files scenario's reference);
- ``s3_upload``: the file written through invenio-s3's file system (s3fs with the connection
  settings invenio-s3 builds, blocks of ``S3_DEFAULT_BLOCK_SIZE``, so a multipart upload), the
  way an upload through the REST API reaches S3 after the app has read it;
- ``s3_multipart_presigned``: RDM's multipart transfer as a client does it: parts of 5 MiB
  PUT to presigned URLs straight to S3, then the completion (the app sees no byte);
- ``s3_download_presigned``: a GET of the presigned URL the app redirects a download to.

No web server of RODARE takes part: on S3 the bytes of a download never pass through the app
(a 302), and an upload through the app costs what the files scenario measures for the local
folder plus this step's ``s3_upload``. The figures are moto's, a Python server on the same
shared cores as the client, not those of a real object store (docs/storage-s3.md).
"""

import argparse
import os
import tempfile
import time

import requests

from ..standins import s3 as s3_standin
from .report import emit
from .scenarios import disk_copy

PART = 5 * 2**20
BUCKET = "bench"


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(size_mib, folder):
    """The four figures (MiB/s) for one file of ``size_mib``."""
    import boto3
    import s3fs
    from botocore.config import Config

    source = os.path.join(folder, "source.bin")
    with open(source, "wb") as out:
        for _ in range(size_mib):
            out.write(os.urandom(2**20))
    results = {"size_mib": size_mib, "disk_copy": disk_copy(source, folder)}
    with s3_standin.running() as endpoint:
        # The settings invenio-s3's init_s3fs_info builds (path style, signature v4).
        config = {"s3": {"addressing_style": "path"}, "signature_version": "s3v4"}
        fs = s3fs.S3FileSystem(key=s3_standin.ACCESS_KEY, secret=s3_standin.SECRET_KEY,
                               client_kwargs={"endpoint_url": endpoint}, config_kwargs=config,
                               default_block_size=PART, skip_instance_cache=True)
        fs.mkdir(BUCKET)

        def upload():
            with open(source, "rb") as stream, fs.open(f"{BUCKET}/upload.bin", "wb") as out:
                while chunk := stream.read(2**20):
                    out.write(chunk)

        results["s3_upload"] = size_mib / _timed(upload)

        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=s3_standin.ACCESS_KEY,
                              aws_secret_access_key=s3_standin.SECRET_KEY,
                              config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
                              region_name="us-east-1")

        def multipart():
            upload_id = client.create_multipart_upload(Bucket=BUCKET, Key="parts.bin")["UploadId"]
            parts = []
            with open(source, "rb") as stream:
                number = 1
                while chunk := stream.read(PART):
                    url = client.generate_presigned_url(
                        "upload_part", Params={"Bucket": BUCKET, "Key": "parts.bin",
                                               "UploadId": upload_id, "PartNumber": number})
                    response = requests.put(url, data=chunk, timeout=300)
                    response.raise_for_status()
                    parts.append({"PartNumber": number, "ETag": response.headers["ETag"]})
                    number += 1
            client.complete_multipart_upload(Bucket=BUCKET, Key="parts.bin", UploadId=upload_id,
                                             MultipartUpload={"Parts": parts})

        results["s3_multipart_presigned"] = size_mib / _timed(multipart)

        target = os.path.join(folder, "download.bin")

        def download():
            url = fs.url(f"{BUCKET}/upload.bin", expires=600)
            with requests.get(url, stream=True, timeout=300) as response, \
                    open(target, "wb") as out:
                response.raise_for_status()
                for chunk in response.iter_content(2**20):
                    out.write(chunk)

        results["s3_download_presigned"] = size_mib / _timed(download)
        results["errors"] = int(os.path.getsize(target) != os.path.getsize(source)
                                or fs.size(f"{BUCKET}/parts.bin") != os.path.getsize(source))
    return results


def main():
    """Measure and print (and write ``--out``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--out")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rodare-bench-s3-") as folder:
        results = measure(args.size_mib, folder)
    results["took_s"] = time.perf_counter() - start
    results["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    emit(results, args.out)


if __name__ == "__main__":
    main()
