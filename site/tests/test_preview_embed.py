"""A preview opened with ``?embed=1``, as an embedding page would open it.

invenio-previewer's embed foot (``invenio_previewer/bottom.html``) answered 500 for every
file; the instance's foot (templates/semantic-ui/invenio_previewer) names the file and its
download.
"""

import pytest
from lxml import html as lxml_html


def test_an_embedded_preview_names_the_file_and_its_download(client, publish_at_level):
    record = publish_at_level("open")

    answer = client.get(f"/records/{record.id}/preview/image.png?embed=1")

    assert answer.status_code == 200
    page = lxml_html.fromstring(answer.get_data(as_text=True))
    assert page.xpath("string(//div[@id='bottom']//h3)").split() == ["Previewing:", "image.png"]
    download = page.xpath("//div[@id='bottom']//a[@download]/@href")
    assert download and download[0].startswith(f"/records/{record.id}/files/image.png")
    file = client.get(download[0])
    assert file.status_code == 200 and file.data.startswith(b"\x89PNG")


@pytest.mark.parametrize("level", ["restricted", "closed"])
def test_an_embedded_preview_of_withheld_files_is_refused(client, publish_at_level, level):
    """A visitor is sent to log in, as without ``embed``; nothing of the file is shown."""
    record = publish_at_level(level)

    answer = client.get(f"/records/{record.id}/preview/image.png?embed=1")

    assert answer.status_code == 302 and "/login/" in answer.headers["Location"]
