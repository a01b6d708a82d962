"""``missingreport serve``: the routes, the same documents as ``check``, limits and faults."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from openapi_spec_validator import validate as validate_openapi
from starlette.testclient import TestClient

from missingreport.cli import main
from missingreport.readers import FORMATS, format_for_media_type
from missingreport.readers.jsonfile import JSON_LINES
from missingreport.server import LOGGER_NAME, ServerSettings
from missingreport.server._work import Checker, TooSlow
from tests.cli.conftest import Runner
from tests.server.conftest import AS_OF, AS_OF_QUERY, DATA, ClientFactory

JSON = {"content-type": "application/json"}
NDJSON = {"content-type": "application/x-ndjson"}
CSV = {"content-type": "text/csv"}


def _findings(document: dict[str, object]) -> list[tuple[object, ...]]:
    results = document["results"]
    assert isinstance(results, list)
    return [
        (r["record"], r["line"], r["report_id"], json.dumps(r["findings"], sort_keys=True))
        for r in results
    ]


class TestSameAsCheck:
    """The service answers with the document ``check --format json`` writes."""

    def test_validate_gives_the_findings_of_check_of_the_file(
        self, client: TestClient, run_cli: Runner, tmp_path: Path
    ) -> None:
        """A report POSTed to /v1/validate has the findings of ``check`` of that file."""
        lines = (DATA / "reports.jsonl").read_bytes().splitlines()
        body = lines[1]  # OH-2024-0305: an unknown field, an incomplete description
        target = tmp_path / "one.json"
        target.write_bytes(body)
        response = client.post(f"/v1/validate?{AS_OF_QUERY}", content=body, headers=JSON)
        assert response.status_code == 200
        served = response.json()
        checked = json.loads(
            run_cli("check", str(target), "--as-of", AS_OF, "--format", "json").out
        )
        assert served["summary"] == checked["summary"]
        assert served["summary"]["error"] > 0
        assert _findings(served) == _findings(checked)
        assert {r["source"] for r in served["results"]} == {"-"}

    @pytest.mark.parametrize(
        ("name", "headers"),
        [("reports.jsonl", NDJSON), ("reports.json", JSON)],
    )
    def test_check_is_byte_for_byte_check_of_standard_input(
        self, client: TestClient, run_cli: Runner, name: str, headers: dict[str, str]
    ) -> None:
        """/v1/check answers the very bytes of ``check --format json -`` on the same body."""
        body = (DATA / name).read_bytes()
        response = client.post(f"/v1/check?{AS_OF_QUERY}", content=body, headers=headers)
        assert response.status_code == 200
        cli = run_cli("check", "-", "--as-of", AS_OF, "--format", "json", stdin=body)
        assert cli.code == 1
        assert response.content == cli.out.encode("utf-8")

    def test_csv_is_read_with_the_servers_mapping(
        self, make_client: ClientFactory, run_cli: Runner
    ) -> None:
        """text/csv bodies go through --mapping, as ``check --mapping`` reads the file."""
        mapping = str(DATA / "agency.mapping.toml")
        client = make_client(mapping=mapping)
        body = (DATA / "agency.csv").read_bytes()
        response = client.post(f"/v1/check?{AS_OF_QUERY}", content=body, headers=CSV)
        assert response.status_code == 200
        cli = run_cli(
            "check", "-", "--mapping", mapping, "--as-of", AS_OF, "--format", "json", stdin=body
        )
        assert response.content == cli.out.encode("utf-8")

    def test_batch_rules_run_across_the_reports(self, client: TestClient) -> None:
        """The same report twice in one /v1/check is a duplicate (MR6xx) of both records."""
        line = (DATA / "clean.json").read_text(encoding="utf-8")
        body = (json.dumps(json.loads(line)) + "\n") * 2
        response = client.post(f"/v1/check?{AS_OF_QUERY}", content=body, headers=NDJSON)
        codes = {
            (r["record"], f["code"]) for r in response.json()["results"] for f in r["findings"]
        }
        batch = {code for _, code in codes if code.startswith("MR6")}
        assert batch
        assert {record for record, code in codes if code in batch} == {1, 2}

    def test_rules_are_the_rules_command(self, client: TestClient, run_cli: Runner) -> None:
        """GET /v1/rules is ``rules --format json``; /v1/rules/CODE one of them with docs."""
        assert client.get("/v1/rules").json() == json.loads(
            run_cli("rules", "--format", "json").out
        )
        rule = client.get("/v1/rules/ncmec-report-late").json()
        assert rule["code"] == "MR202"
        assert rule["documentation"].startswith("# MR202 ncmec-report-late")
        assert client.get("/v1/schema").json() == json.loads(run_cli("schema").out)


class TestBadDataIsFindings:
    """Whatever the body holds, /v1/validate answers 200 with findings."""

    @pytest.mark.parametrize("body", [b"{bad", b"", b"\xff\xfe", b"[{}, {}]", b'"text"'])
    def test_unreadable_bodies_are_mr001(self, client: TestClient, body: bytes) -> None:
        """Malformed JSON, no body, bytes that are no UTF-8, a list or a string: MR001, 200."""
        response = client.post(f"/v1/validate?{AS_OF_QUERY}", content=body, headers=JSON)
        assert response.status_code == 200
        document = response.json()
        assert document["summary"]["records"] == 1
        assert [f["code"] for f in document["results"][0]["findings"]] == ["MR001"]


class TestLimits:
    """Client faults are 4xx with a JSON ``error``; the limits hold."""

    def test_over_size_is_413(self, make_client: ClientFactory) -> None:
        """A body over --max-body-mb is 413, declared by its length or streamed without one."""
        client = make_client(max_body_mb=0.001)
        body = b" " * 2000
        response = client.post("/v1/validate", content=body, headers=JSON)
        assert response.status_code == 413
        assert "limit" in response.json()["error"]

        def chunks() -> object:
            yield body[:1000]
            yield body[1000:]

        streamed = client.post("/v1/check", content=chunks(), headers=NDJSON)  # type: ignore[arg-type]
        assert streamed.status_code == 413

    @pytest.mark.parametrize(
        ("route", "content_type"),
        [("/v1/validate", "text/plain"), ("/v1/validate", "text/csv"), ("/v1/check", "")],
    )
    def test_other_content_type_is_415(
        self, client: TestClient, route: str, content_type: str
    ) -> None:
        """A body of a type the route does not read is 415."""
        headers = {"content-type": content_type} if content_type else {}
        response = client.post(route, content=b"{}", headers=headers)
        assert response.status_code == 415
        assert response.json()["error"]

    def test_check_reads_every_media_type_of_the_table_of_formats(self, client: TestClient) -> None:
        """/v1/check picks its reader by the media types of the table of formats: every
        media type of a format reads the body as that format does, and the 415 of an
        unknown one names the usual type of each format."""
        body = (DATA / "reports.jsonl").read_bytes()
        for fmt in FORMATS:
            for media in fmt.media_types:
                assert format_for_media_type(media.upper()) is fmt
        answers = {
            client.post(
                f"/v1/check?{AS_OF_QUERY}", content=body, headers={"content-type": media}
            ).content
            for media in JSON_LINES.media_types
        }
        assert len(answers) == 1
        assert json.loads(answers.pop())["summary"]["records"] == 3
        error = client.post("/v1/check", content=body, headers={"content-type": "text/plain"})
        assert error.status_code == 415
        for fmt in FORMATS:
            assert fmt.media_types[0] in error.json()["error"]

    @pytest.mark.parametrize(
        "query", ["as_of=yesterday", "as_of=2024-13-01", "asof=2024-01-01", "as_of=1&as_of=2"]
    )
    def test_bad_query_is_422(self, client: TestClient, query: str) -> None:
        """A bad, unknown or repeated query parameter is 422, the value never echoed."""
        response = client.post(f"/v1/validate?{query}", content=b"{}", headers=JSON)
        assert response.status_code == 422
        error = response.json()["error"]
        assert "yesterday" not in error
        assert "2024-13-01" not in error

    def test_a_slow_check_stops_at_the_time_limit(self) -> None:
        """Past its deadline a check stops between records (the route answers 503)."""
        checker = Checker(ServerSettings())
        body = (DATA / "reports.jsonl").read_bytes()
        with pytest.raises(TooSlow):
            checker.check(body, JSON_LINES, checker_as_of(), deadline=0.0)

    def test_a_request_past_the_time_limit_is_503(self, make_client: ClientFactory) -> None:
        """The route answers 503 with a JSON error when the check went past the limit."""
        client = make_client(time_limit=1e-9)
        body = (DATA / "reports.jsonl").read_bytes()
        response = client.post("/v1/check", content=body, headers=NDJSON)
        assert response.status_code == 503
        assert "time limit" in response.json()["error"]

    def test_unknown_rule_state_route_and_method(self, client: TestClient) -> None:
        """404 for no such rule, state or route; 405 for a wrong method; JSON each time."""
        for path in ("/v1/rules/MR999", "/v1/policy/ZZ", "/v2/validate"):
            response = client.get(path)
            assert response.status_code == 404
            assert response.json()["error"]
        assert client.get("/v1/validate").status_code == 405


def checker_as_of() -> object:
    from missingreport.engine import resolve_as_of

    return resolve_as_of(AS_OF)


class TestTokens:
    """With a token file every request needs one of its bearer tokens."""

    TOKEN = "0123456789abcdef0123456789abcdef"

    def test_401_without_or_with_a_wrong_token(
        self, make_client: ClientFactory, tmp_path: Path
    ) -> None:
        """No token, another scheme or a wrong token: 401; the right token: 200."""
        tokens = tmp_path / "tokens"
        tokens.write_text(f"# rotated 2026-12\n{self.TOKEN}\n", encoding="utf-8")
        client = make_client(token_file=str(tokens))
        assert client.get("/healthz").status_code == 401
        assert (
            client.get("/healthz", headers={"authorization": f"Basic {self.TOKEN}"}).status_code
            == 401
        )
        assert client.get("/healthz", headers={"authorization": "Bearer wrong"}).status_code == 401
        response = client.get("/v1/rules", headers={"authorization": f"Bearer {self.TOKEN}"})
        assert response.status_code == 200
        denied = client.post("/v1/validate", content=b"{}", headers=JSON)
        assert denied.status_code == 401
        assert denied.headers["www-authenticate"].startswith("Bearer")


class TestOpenApi:
    """The OpenAPI document is valid and names every route."""

    def test_the_document_validates(self, client: TestClient) -> None:
        """openapi-spec-validator accepts /openapi.json; every route is in it."""
        document = client.get("/openapi.json").json()
        validate_openapi(document)
        assert set(document["paths"]) == {
            "/v1/validate", "/v1/check", "/v1/rules", "/v1/rules/{code}", "/v1/schema",
            "/v1/policy/{state}", "/healthz",
        }  # fmt: skip

    def test_with_tokens_the_document_says_bearer(
        self, make_client: ClientFactory, tmp_path: Path
    ) -> None:
        """A server with tokens declares the bearer scheme for every operation."""
        tokens = tmp_path / "tokens"
        tokens.write_text(TestTokens.TOKEN + "\n", encoding="utf-8")
        client = make_client(token_file=str(tokens))
        headers = {"authorization": f"Bearer {TestTokens.TOKEN}"}
        document = client.get("/openapi.json", headers=headers).json()
        validate_openapi(document)
        assert document["security"] == [{"bearer": []}]


class TestPolicy:
    """GET /v1/policy/{state}."""

    def test_a_state_without_policy_answers_the_federal_rule(self, client: TestClient) -> None:
        """The federal 24 hours and "no state policy on file"."""
        document = client.get("/v1/policy/al").json()
        assert document["state"] == "AL"
        assert document["police_deadline_hours"] == 24
        assert document["ncmec_deadline_hours"] == 24
        assert document["notes"] == ["no state policy on file: the federal rule applies"]

    def test_a_state_on_file_answers_as_the_policy_command(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Missouri: 2 hours to police and NCMEC, the same document as `policy MO`."""
        document = client.get("/v1/policy/mo").json()
        assert document["police_deadline_hours"] == 2
        assert document["ncmec_deadline_hours"] == 2
        assert main(["policy", "MO", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == document


class TestLogs:
    """Nothing of a body, a path parameter or a query value reaches a log line."""

    def test_no_body_or_query_value_is_logged(
        self, client: TestClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Requests that succeed, fail and fault leave only method, route, status, time."""
        secret_name = "Zebulonia"
        report = json.loads((DATA / "clean.json").read_text(encoding="utf-8"))
        report["child"]["first_name"] = secret_name
        body = json.dumps(report).encode("utf-8")
        caplog.set_level(logging.DEBUG)
        client.post("/v1/validate?as_of=2031-07-19", content=body, headers=JSON)
        client.post("/v1/validate?as_of=Quetzalcoatl", content=body, headers=JSON)
        client.post("/v1/check?Xylophonic=1", content=body, headers=NDJSON)
        client.post("/v1/check", content=body + b"Zebulonia{", headers=NDJSON)
        client.get("/v1/rules/Marmaladeish")
        client.get("/v1/policy/QQ")
        # The test client's own logger (httpx2) logs the URL it sent: that is the client.
        server = [r for r in caplog.records if not r.name.startswith("httpx")]
        text = "\n".join(r.getMessage() for r in server)
        access = [r for r in caplog.records if r.name == LOGGER_NAME]
        assert len(access) == 6
        assert "POST /v1/validate 200" in text
        assert "GET /v1/rules/{code} 404" in text
        for value in (
            secret_name,
            "2031-07-19",
            "Quetzalcoatl",
            "Xylophonic",
            "Marmaladeish",
            "QQ",
        ):
            assert value not in text


class TestInternalErrors:
    """A bug is a 500 with a JSON error; its log line names the place, never the data."""

    def test_a_bug_is_500_and_logged_without_its_text(
        self, client: TestClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The exception's text (which could quote a report) stays out of the log."""

        def broken(*args: object) -> bytes:
            raise ValueError("Zebulonia was born on 2009-12-01")

        monkeypatch.setattr(Checker, "validate", broken)
        caplog.set_level(logging.INFO)
        response = client.post("/v1/validate", content=b"{}", headers=JSON)
        assert response.status_code == 500
        assert response.json() == {"error": "internal error (see the server's log)"}
        server = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
        assert any("internal error in POST /v1/validate: ValueError at" in m for m in server)
        assert not any("Zebulonia" in m or "2009-12-01" in m for m in server)


def test_serve_without_the_extra_names_it(run_cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Starlette or uvicorn installed, ``serve`` is exit 2 naming the extra."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    outcome = run_cli("serve")
    assert outcome.code == 2
    assert "missingreport[server]" in outcome.err


def test_a_fault_of_reading_is_422_with_its_reason(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader's refusal (the tool's own error, not bad data) is 422 with its text."""
    from missingreport.errors import ConfigError

    def refuse(*args: object) -> bytes:
        raise ConfigError("the headers are not canonical fields: start the server with --mapping")

    monkeypatch.setattr(Checker, "check", refuse)
    response = client.post("/v1/check", content=b"A,B\n1,2\n", headers=CSV)
    assert response.status_code == 422
    assert "--mapping" in response.json()["error"]
