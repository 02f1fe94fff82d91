"""Tests of the Python package actes (pytest).

The documents must be the CLI's: where the actes command is at hand
(ACTES_CLI, else target/debug/actes; required under CI=true) they are
compared with its --json output, and every document is validated by the
JSON Schemas of schemas/ (jsonschema).
"""

import datetime
import json
import os
import pathlib
import subprocess

import pytest

import actes

ROOT = pathlib.Path(__file__).resolve().parents[3]
REFERENCE = pathlib.Path(os.environ.get("ACTES_REFERENCE", ROOT.parent / "shared" / "reference"))
LENS = ROOT / "fixtures" / "lens"
VALID = "062-216204982-20221214-DLB12_14122022-DE"
INVALID = "062-216204983-20221314-DLB12_14122022-XX"
ARACTE = REFERENCE / "samples" / "pastell" / "aractes.xml"
IN_CI = os.environ.get("CI") == "true"


# ---- schema validation ------------------------------------------------------

def _validator(name):
    import jsonschema
    from referencing import Registry, Resource

    schemas = {}
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        s = json.loads(path.read_text(encoding="utf-8"))
        schemas[s["$id"]] = s
    registry = Registry().with_resources((i, Resource.from_contents(s)) for i, s in schemas.items())
    target = next(s for i, s in schemas.items() if i.endswith("/" + name))
    return jsonschema.Draft202012Validator(target, registry=registry)


def valid_against(name, doc):
    """Asserts that doc follows schemas/<name>; returns doc."""
    errors = sorted(_validator(name).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].path)}"
    return doc


# ---- the CLI, for comparison ---------------------------------------------------

def cli():
    path = pathlib.Path(os.environ.get("ACTES_CLI", ROOT / "target" / "debug" / "actes"))
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"CI=true but the actes command is missing: {path}")
        pytest.skip(f"the actes command is not built ({path})")
    return path


def cli_json(*args):
    out = subprocess.run([str(cli()), *args], capture_output=True, check=False)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line.strip()]


# ---- identifiers ----------------------------------------------------------------

def test_version():
    assert actes.__version__.count(".") == 2


def test_check_id_valid():
    r = valid_against("id-check.schema.json", actes.check_id(VALID))
    assert r["valid"] is True
    assert r["id"]["siren"] == "216204982"
    assert r["id"]["nature"] == {"code": 1, "abbr": "DE", "label": "Délibérations"}
    assert r["diagnostics"] == []


def test_check_id_reports_every_problem_in_the_language_asked():
    r = valid_against("id-check.schema.json", actes.check_id(INVALID, lang="en"))
    assert r["valid"] is False
    codes = [d["code"] for d in r["diagnostics"]]
    assert len(codes) >= 2 and "ID-SIREN-CHECKSUM" in codes
    assert all(d["message"] == d["message_en"] for d in r["diagnostics"])


def test_check_id_is_the_cli_document():
    for value in [VALID, INVALID, "x"]:
        for lang in ["fr", "en"]:
            [expected] = cli_json("id", "check", "--json", "--lang", lang, value)
            assert actes.check_id(value, lang) == expected


def test_check_ids_is_check_id_on_each():
    values = [VALID, INVALID, "", "062-216204982", VALID.encode(), b"\xff\xfe"]
    docs = actes.check_ids(iter(values))
    assert len(docs) == len(values)
    for n, (value, doc) in enumerate(zip(values, docs), 1):
        one = actes.check_id(value)
        assert doc["line"] == n and one["line"] is None
        assert (doc["input"], doc["valid"], doc["id"]) == (one["input"], one["valid"], one["id"])
        assert [d["code"] for d in doc["diagnostics"]] == [d["code"] for d in one["diagnostics"]]
        valid_against("id-check.schema.json", doc)
    assert docs[-1]["diagnostics"][0]["code"] == "ID-INPUT-NOT-UTF8"
    # Documents share no mutable part.
    docs[0]["id"]["nature"]["code"] = 99
    assert actes.check_ids([VALID])[0]["id"]["nature"]["code"] == 1
    assert actes.check_ids([]) == []
    # Only the invalid ones, still numbered by their position.
    invalid = actes.check_ids(values, only_invalid=True)
    assert [d["line"] for d in invalid] == [n for n, d in enumerate(docs, 1) if not d["valid"]]
    assert invalid == [d for d in actes.check_ids(values) if not d["valid"]]
    assert actes.check_ids([VALID] * 3, only_invalid=True) == []


def test_check_ids_is_the_cli_on_standard_input():
    values = [VALID, INVALID, "x", "062-216204982-20221214-a-DE"]
    out = subprocess.run([str(cli()), "id", "check", "--json", "--lang", "en"], capture_output=True,
                         input="\n".join(values).encode(), check=False)
    expected = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert actes.check_ids(values, "en") == expected


def test_check_ids_is_the_cli_across_batches_and_threads():
    # More identifiers than one batch (65 536), so checked on every core and
    # numbered across batches: every nature, dates and numéros that change,
    # a valid one with a warning, invalid ones, bytes, and the same values
    # again (the strings shared between documents).
    natures = ["DE", "AR", "AI", "CC", "BF", "AU"]
    values = [f"{d}-216204982-20{n % 25:02}{1 + n % 12:02}{1 + n % 28:02}-D{n % 1000}-{natures[n % 6]}"
              for n in range(60) for d in ("062", "02A")]
    values += [VALID, INVALID, "999-216204982-20221214-X-DE", b"\xff", VALID.encode(), "x y"]
    values = values * 560
    out = subprocess.run([str(cli()), "id", "check", "--json", "--lang", "en"], capture_output=True,
                         input=b"\n".join(v if isinstance(v, bytes) else v.encode() for v in values),
                         check=False)
    expected = [json.loads(line) for line in out.stdout.decode().splitlines()]
    docs = actes.check_ids(iter(values), "en")
    assert len(docs) == len(values) > 65536
    assert docs == expected
    assert all(d["input"] is v for d, v in zip(docs, values) if isinstance(v, str))
    assert [list(d) for d in docs[:1]] == [["input", "line", "valid", "id", "diagnostics"]]
    # No two documents share a mutable part.
    docs[0]["id"]["nature"]["code"] = 99
    docs[0]["diagnostics"].append(1)
    assert docs[126]["id"]["nature"]["code"] == 1 and docs[126]["diagnostics"] == []
    assert [d["line"] for d in actes.check_ids(values, only_invalid=True)] == \
        [d["line"] for d in expected if not d["valid"]]


def test_check_ids_keeps_the_garbage_collector_as_it_was():
    import gc

    assert gc.isenabled()
    actes.check_ids([VALID] * 1000)
    assert gc.isenabled()
    gc.disable()
    try:
        actes.check_ids([VALID] * 10)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_wrong_types_and_arguments():
    with pytest.raises(TypeError):
        actes.check_id(42)
    with pytest.raises(TypeError):
        actes.check_ids([VALID, 42])
    with pytest.raises(actes.ActesError) as e:
        actes.check_id(VALID, lang="de")
    assert e.value.codes == ["BIND-ARGUMENT"]
    assert e.value.diagnostics[0]["location"] == {"path": "lang"}
    assert str(e.value).startswith("BIND-ARGUMENT: ")
    valid_against("binding-error.schema.json", e.value.document)


def test_check_siren():
    r = valid_against("siren-check.schema.json", actes.check_siren("216204982"))
    assert r["valid"] is True
    r = actes.check_siren("216204983")
    assert r["diagnostics"][0]["code"] == "ID-SIREN-CHECKSUM"


# ---- receipts ---------------------------------------------------------------------

def test_read_receipt_from_bytes_str_and_pathlike():
    by_path = valid_against("receipt-read.schema.json", actes.read_receipt(ARACTE))
    by_str = actes.read_receipt(str(ARACTE))
    by_bytes = actes.read_receipt(ARACTE.read_bytes(), file_name=str(ARACTE))
    assert by_path == by_str == by_bytes
    assert by_path["root"] == "ARActe" and by_path["code"] == "1-2"
    assert by_path["file"] == str(ARACTE)
    assert actes.read_receipt(ARACTE, file_name="aractes.xml")["file"] == "aractes.xml"


def test_read_receipt_is_the_cli_document():
    samples = [ARACTE] + sorted((REFERENCE / "samples" / "examples-2003").glob("*.xml"))
    for path in samples:
        [expected] = cli_json("receipt", "read", "--json", "--lang", "en", str(path))
        assert actes.read_receipt(path, lang="en") == expected, path


def test_read_receipt_raises_on_what_is_not_a_message(tmp_path):
    with pytest.raises(actes.ActesError) as e:
        actes.read_receipt(b"PK\x03\x04 not a message", file_name="x.xml")
    assert e.value.diagnostics
    assert e.value.document["root"] is None
    valid_against("receipt-read.schema.json", e.value.document)
    with pytest.raises(actes.ActesError) as e:
        actes.read_receipt(tmp_path / "missing.xml")
    assert e.value.codes == ["IO-READ"]
    with pytest.raises(TypeError):
        actes.read_receipt(3.5)


# ---- archives -----------------------------------------------------------------------

def lens_input():
    return json.loads((LENS / "input.json").read_text(encoding="utf-8"))


def test_build_archive_then_check_it(tmp_path):
    r = valid_against("archive-build.schema.json",
                      actes.build_archive(lens_input(), LENS, tmp_path, today=datetime.date(2022, 12, 19)))
    archive = pathlib.Path(r["archive"])
    assert r["valid"] is True and archive.is_file() and archive.parent == tmp_path
    assert r["manifest"]["archive"] == archive.name
    c = valid_against("archive-check.schema.json", actes.check_archive(archive, today="2022-12-19"))
    assert c["valid"] is True
    # The same input as JSON text gives the same archive name; it is not replaced.
    with pytest.raises(actes.ActesError) as e:
        actes.build_archive(json.dumps(lens_input()), str(LENS), str(tmp_path), today="2022-12-19")
    assert "IO-WRITE" in e.value.codes


def test_build_archive_is_the_cli_document(tmp_path):
    ours = actes.build_archive(lens_input(), LENS, tmp_path / "py", today="2022-12-19", lang="en")
    [theirs] = cli_json("archive", "build", "--json", "--lang", "en", "--today", "2022-12-19",
                        "--out", str(tmp_path / "cli"), str(LENS / "input.json"))
    assert ours["manifest"] == theirs["manifest"]
    assert ours["id_acte"] == theirs["id_acte"]
    assert pathlib.Path(ours["archive"]).read_bytes() == pathlib.Path(theirs["archive"]).read_bytes()


def test_build_archive_refused_raises_with_every_reason(tmp_path):
    bad = lens_input()
    bad["collectivite"]["siren"] = "216204983"
    bad["acte"]["objet"] = ""
    with pytest.raises(actes.ActesError) as e:
        actes.build_archive(bad, LENS, tmp_path, today="2022-12-19")
    assert len(e.value.diagnostics) >= 2
    assert e.value.document["valid"] is False and e.value.document["archive"] is None
    valid_against("archive-build.schema.json", e.value.document)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(actes.ActesError) as e:
        actes.build_archive(lens_input(), LENS, tmp_path, today="19/12/2022")
    assert e.value.diagnostics[0]["location"] == {"path": "today"}
    with pytest.raises(TypeError):
        actes.build_archive(["not", "a", "dict"], LENS, tmp_path)


def test_read_delivery(tmp_path):
    r = valid_against("delivery-read.schema.json",
                      actes.read_delivery(REFERENCE / "samples" / "pastell" / "courrier_simple.tar.gz"))
    assert r["source"].endswith("courrier_simple.tar.gz")


def test_read_receipt_reads_no_more_than_the_xml_limit(tmp_path):
    big = tmp_path / "big.xml"
    with open(big, "wb") as f:
        f.write(b"<ARActe>")
        f.truncate(48 * 1024 * 1024)
    with pytest.raises(actes.ActesError) as e:
        actes.read_receipt(big)
    assert "XML-LIMIT-SIZE" in e.value.codes


def test_verify_bundle_is_the_cli_document():
    bundle = ROOT / "fixtures" / "bundle-v0.1" / "062-216204982-20221214-DLB12_14122022-DE-proof.zip"
    r = valid_against("bundle-verify.schema.json", actes.verify_bundle(bundle, today="2023-03-01", lang="en"))
    assert r["intact"] is True
    [expected] = cli_json("bundle", "verify", "--json", "--lang", "en", "--today", "2023-03-01", str(bundle))
    assert r == expected


# ---- act status ---------------------------------------------------------------------

def test_act_status_is_the_cli_json(tmp_path):
    ar = LENS / "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml"
    missing = tmp_path / "missing.tar.gz"
    docs = actes.act_status([ar, str(missing)], today=datetime.date(2023, 1, 10), lang="en")
    for d in docs:
        valid_against("act-status.schema.json", d)
    assert [d["id_acte"] for d in docs] == [VALID, None]
    assert docs[0]["state"] == "acknowledged"
    assert docs[0]["acknowledged_on"] == "2022-12-19"
    assert docs[1]["diagnostics"][0]["code"] == "DELIV-UNREADABLE"
    expected = cli_json("act", "status", "--json", "--lang", "en", "--today", "2023-01-10",
                        str(ar), str(missing))
    assert docs == expected


def test_act_status_takes_a_list():
    with pytest.raises(TypeError):
        actes.act_status(str(LENS))
    [none] = actes.act_status([], today="2023-01-10")
    assert none["diagnostics"][0]["code"] == "TXN-NO-ACT"


# ---- budget ------------------------------------------------------------------------

def test_check_budget_is_the_cli_json():
    path = REFERENCE / "samples" / "totem" / "BP2022_TRANSPORT.xml"
    r = valid_against("budget-check.schema.json", actes.check_budget(path, lang="en"))
    assert r["seal"] == "valid"
    [expected] = cli_json("budget", "check", "--json", "--lang", "en", str(path))
    assert r == expected
    b = actes.check_budget(path.read_bytes(), lang="en", file_name=str(path))
    assert b == expected
    bad = valid_against("budget-check.schema.json", actes.check_budget(b"<not xml", file_name="x.xml"))
    assert bad["seal"] is None and bad["diagnostics"]
