"""IIIF thumbnails and image previews work on this instance (ImageMagick via Wand).

``./rodare`` installs Debian's MagickWand library when it is missing; without it every
IIIF image request fails, and so do the landing-page image previews and thumbnails.
"""

import struct
from io import BytesIO

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service


def png_size(data):
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_iiif_thumbnail_and_preview(running_app, minimal_record, client, db, search_clear, png):
    """The IIIF image API scales a published image; the landing page previews it."""
    data = {**minimal_record, "files": {"enabled": True}}
    draft = service.create(system_identity, data)
    service.draft_files.init_files(system_identity, draft.id, [{"key": "beam.png"}])
    service.draft_files.set_file_content(system_identity, draft.id, "beam.png",
                                         BytesIO(png(400, 320)))
    service.draft_files.commit_file(system_identity, draft.id, "beam.png")
    record = service.publish(system_identity, draft.id)
    base = f"/api/iiif/record:{record.id}:beam.png"

    info = client.get(f"{base}/info.json")
    assert info.status_code == 200
    assert (info.json["width"], info.json["height"]) == (400, 320)

    thumbnail = client.get(f"{base}/full/^250,/0/default.png")
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/png"
    assert png_size(thumbnail.data) == (250, 200)

    manifest = client.get(f"/api/iiif/record:{record.id}/manifest")
    assert manifest.status_code == 200
    assert manifest.json["sequences"][0]["canvases"][0]["width"] == 400

    preview = client.get(f"/records/{record.id}/preview/beam.png")
    assert preview.status_code == 200
    assert f"/iiif/record:{record.id}:beam.png" in preview.get_data(as_text=True)
