"""The SCORM 1.2 packages: the built ones validate, and the build's checks catch a broken package.

``test_built_*`` read the packages of the built book (``_build/html/downloads/scorm``); the other
tests build a package from a tiny site in a temporary folder with the real ``build_package``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from book import scorm
from book.editions import EDITIONS, edition

ROOT = Path(__file__).resolve().parents[2]
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def _manifest(zf: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(zf.read("imsmanifest.xml"))


@pytest.mark.book
@pytest.mark.parametrize("ed", EDITIONS, ids=lambda e: e.folder)
def test_built_package_validates(built_book: Path, ed):
    package = built_book / scorm.DOWNLOADS / scorm.package_name(ed)
    assert package.is_file(), f"{package} is missing"
    scorm.validate(package)
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        manifest = _manifest(zf)
        assert manifest.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
        assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
        (resource,) = manifest.iter(f"{CP}resource")
        assert resource.get(f"{ADLCP}scormtype") == "sco"
        assert resource.get("href") == scorm.LAUNCH in names
        listed = {f.get("href") for f in resource.iter(f"{CP}file")}
        assert listed == names - {"imsmanifest.xml"}      # every file listed, nothing listed twice or missing
        launch = zf.read(scorm.LAUNCH).decode()
        assert f'src="{ed.folder}/index.html"' in launch and 'data-final="final"' in launch
        page = zf.read(f"{ed.folder}/chapters/ch01-customers.html").decode()
        assert '<script src="../../scorm/csat-scorm.js"></script>' in page
        assert "quizzes/ch01.js" in page or f"quizzes/{ed.folder}/ch01.js" in page
    # the web book's own pages are untouched
    assert "csat-scorm.js" not in (built_book / ed.folder / "chapters" / "ch01-customers.html").read_text()


def _tiny_site(out: Path, folder: str = "en") -> None:
    site = out / folder
    (site / "chapters").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=chapters/intro.html" />')
    (site / "_static" / "book.css").write_text("body {}")
    (site / "_static" / "theme-macros.html").write_text('<img src="{{ pathto(x) }}">')  # a template, not a page
    (site / "chapters" / "intro.html").write_text(
        '<html lang="en"><head><title>Intro &#8212; A course -- with &lt;marks&gt;</title>'
        '<link rel="stylesheet" href="../_static/book.css"><link rel="next" href="ch01.html"></head>'
        '<body><a href="../../zh-hans/chapters/intro.html">中文</a></body></html>')
    (site / "chapters" / "ch01.html").write_text(
        '<html><head><title>1 &#8212; A course</title><script src="../../quizzes/ch01.js"></script></head>'
        '<body><div class="csat-quiz" id="csat-quiz-ch01" data-quiz="ch01"></div></body></html>')
    (site / "chapters" / "final-assessment.html").write_text(
        '<html><head><title>F</title></head><body><div class="csat-quiz" data-quiz="final"></div></body></html>')
    (out / "quizzes").mkdir()
    (out / "quizzes" / "ch01.js").write_text("window.CsatQuizData = {};")


def test_tiny_package_is_complete(tmp_path):
    _tiny_site(tmp_path)
    package = scorm.build_package(ROOT, tmp_path, edition("en"))
    assert package == tmp_path / "downloads" / "scorm" / "csat-course-en.zip"
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
        assert names[0] == "imsmanifest.xml"
        assert {"launch.html", "scorm/csat-scorm.js", "scorm/pipwerks-scorm-api-wrapper.js",
                "scorm/LICENSE-pipwerks-scorm-api-wrapper.txt", "quizzes/ch01.js"} <= set(names)
        manifest = _manifest(zf)
        # a title with "--" and markup stays text in a well-formed manifest
        assert manifest.findtext(f".//{CP}organization/{CP}title") == "A course -- with <marks>"
        launch = zf.read("launch.html").decode()
        assert 'data-final="final"' in launch and 'data-chapters="ch01"' in launch and 'lang="en"' in launch
        assert zf.read("en/_static/theme-macros.html").decode() == '<img src="{{ pathto(x) }}">'
    # the same site gives the same package, byte for byte
    first = package.read_bytes()
    assert scorm.build_package(ROOT, tmp_path, edition("en")).read_bytes() == first


def test_a_page_loading_a_missing_file_fails_naming_both(tmp_path):
    _tiny_site(tmp_path)
    (tmp_path / "quizzes" / "ch01.js").unlink()
    with pytest.raises(scorm.ScormError, match=r"csat-course-en\.zip: en/chapters/ch01\.html loads quizzes/ch01\.js"):
        scorm.build_package(ROOT, tmp_path, edition("en"))
    assert not (tmp_path / "downloads" / "scorm" / "csat-course-en.zip").exists()


def test_a_missing_edition_fails_naming_it(tmp_path):
    with pytest.raises(scorm.ScormError, match=r"zh-hant.*index\.html is missing"):
        scorm.build_package(ROOT, tmp_path, edition("zh-Hant"))


def _rezip(source: Path, target: Path, *, drop: str | None = None, manifest: bytes | None = None) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            if name == drop:
                continue
            data = manifest if name == "imsmanifest.xml" and manifest is not None else zin.read(name)
            zout.writestr(name, data)
    return target


def test_validate_names_a_listed_file_missing_from_the_zip(tmp_path):
    _tiny_site(tmp_path)
    package = scorm.build_package(ROOT, tmp_path, edition("en"))
    broken = _rezip(package, tmp_path / "broken.zip", drop="scorm/csat-scorm.js")
    with pytest.raises(scorm.ScormError, match=r"broken\.zip: imsmanifest\.xml lists scorm/csat-scorm\.js"):
        scorm.validate(broken)
    no_launch = _rezip(package, tmp_path / "nolaunch.zip", drop="launch.html")
    with pytest.raises(scorm.ScormError, match=r"lists launch\.html, which is not in the package"):
        scorm.validate(no_launch)


def test_validate_rejects_a_malformed_or_wrong_manifest(tmp_path):
    _tiny_site(tmp_path)
    package = scorm.build_package(ROOT, tmp_path, edition("en"))
    text = zipfile.ZipFile(package).read("imsmanifest.xml")
    bad = _rezip(package, tmp_path / "bad.zip", manifest=text.replace(b"</manifest>", b""))
    with pytest.raises(scorm.ScormError, match=r"bad\.zip: imsmanifest\.xml is not well-formed"):
        scorm.validate(bad)
    old = _rezip(package, tmp_path / "old.zip", manifest=text.replace(b">1.2<", b">1.1<"))
    with pytest.raises(scorm.ScormError, match=r"not 'ADL SCORM' '1\.2'"):
        scorm.validate(old)
    asset = _rezip(package, tmp_path / "asset.zip", manifest=text.replace(b'scormtype="sco"', b'scormtype="asset"'))
    with pytest.raises(scorm.ScormError, match=r"does not point at a SCO resource"):
        scorm.validate(asset)
