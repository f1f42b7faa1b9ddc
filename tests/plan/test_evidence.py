"""Evidence attachments: size and type checks, content sniffing, no duplicates, policy."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from npgov.plan.models import Evidence
from tests.conftest import PASSWORD
from tests.plan.factories import report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    doc = Document()
    doc.add_paragraph("采样记录")
    doc.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def officer_client(client, users, org):
    assert client.login(username="district_chaoyang", password=PASSWORD)
    return client, report(org("110105"))


def upload(client, rep, name, content):
    return client.post(
        reverse("plan:report_action", args=[rep.pk, "evidence"]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("记录.pdf", PDF),
        ("台账.docx", _docx()),
        ("清单.xlsx", _xlsx()),
        ("photo.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 32),
    ],
)
def test_accepted_types_are_attached(officer_client, name, content):
    client, rep = officer_client
    assert upload(client, rep, name, content).status_code == 302
    evidence = Evidence.objects.get(report=rep)
    assert evidence.original_name == name and evidence.size == len(content)
    download = client.get(reverse("plan:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "类型不受支持"),
        ("fake.pdf", b"<html>not a pdf</html>", "内容与其扩展名"),
        ("fake.docx", b"PK\x03\x04" + b"\0" * 30, "内容与其扩展名"),
        ("empty.xlsx", _docx(), "内容与其扩展名"),
    ],
)
def test_wrong_types_are_refused_and_nothing_is_stored(officer_client, name, content, message):
    client, rep = officer_client
    response = upload(client, rep, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_oversize_file_is_refused(officer_client, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    client, rep = officer_client
    response = upload(client, rep, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "上限为" in response.content.decode()
    assert not Evidence.objects.exists()


def test_same_file_twice_is_attached_once(officer_client):
    client, rep = officer_client
    upload(client, rep, "a.pdf", PDF)
    upload(client, rep, "a-copy.pdf", PDF)
    assert Evidence.objects.filter(report=rep).count() == 1


def test_other_district_cannot_download_evidence(officer_client, users):
    client, rep = officer_client
    upload(client, rep, "a.pdf", PDF)
    evidence = Evidence.objects.get()
    client.logout()
    assert client.login(username="district_miyun", password=PASSWORD)
    assert client.get(reverse("plan:evidence_download", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("plan:evidence_download", args=[evidence.pk])).status_code == 302
