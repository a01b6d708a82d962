"""Every canonical field of a report: the targets a mapping may name.

:func:`field_catalogue` walks the JSON Schema the library publishes (so a field added to
the models is listed without a second list of types or code tables) and adds a
one-line description of each field; a test fails when a field has none.
``missingreport fields`` prints it, and ``docs/fields.md`` is its markdown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..schema import report_json_schema
from ._fields import field_specs

__all__ = ["DESCRIPTIONS", "FieldInfo", "field_catalogue", "render_fields"]

#: One line on each leaf field, by dotted path.
DESCRIPTIONS: dict[str, str] = {
    "schema_version": "the schema the report is written in (a CSV row gets this release's)",
    "report_id": "the report's own id, unique in a run (letters, digits, . _ : -)",
    "child.first_name": "the child's legal first name",
    "child.last_name": "the child's legal last name",
    "child.middle_name": "the child's middle name",
    "child.suffix": "a name suffix (Jr, III)",
    "child.nicknames": "other names the child goes by (a list)",
    "child.date_of_birth": "the date of birth",
    "child.sex": "sex as NCIC codes it",
    "child.race": "race codes (a list: one or more)",
    "child.ethnicity": "Hispanic or Latino (H), not (N), unknown (U)",
    "child.height_in": "height in whole inches (5'2\" is 62)",
    "child.weight_lb": "weight in whole pounds",
    "child.hair_color": "hair colour, NCIC code",
    "child.eye_color": "eye colour, NCIC code",
    "child.skin_tone": "skin tone, NCIC code",
    "child.scars_marks_tattoos": "scars, marks and tattoos (a list of descriptions)",
    "child.photo.available": "whether a recent photo is on file",
    "child.photo.taken_on": "the date the photo was taken",
    "child.photo.reason_unavailable": "why there is no photo",
    "child.endangerment.pregnant": "whether the child is pregnant",
    "child.endangerment.prescription_medications": "whether the child needs prescribed medication",
    "child.endangerment.suicidal": "whether the child is at risk of suicide",
    "child.endangerment.trafficking_risk": "whether the child is at risk of sex trafficking",
    "child.endangerment.medications_detail": "which medications, and how urgent",
    "child.endangerment.other_risks": "other dangers to the child",
    "child.phone": "the child's phone number",
    "child.email": "the child's email address",
    "child.social_media": "the child's social media accounts (a list)",
    "episode.last_seen_at": "when the child was last seen (date, or date and time)",
    "episode.last_seen_location.street": "street address where the child was last seen",
    "episode.last_seen_location.city": "city where the child was last seen",
    "episode.last_seen_location.state": "state where the child was last seen (USPS code)",
    "episode.last_seen_location.postal_code": "ZIP code where the child was last seen",
    "episode.last_seen_location.country": "country where the child was last seen (default US)",
    "episode.agency_notified_at": "when the agency learned the child was missing (the clock)",
    "episode.circumstance": "how the child went missing",
    "episode.ncic_category": "the NCIC missing-person category",
    "episode.placement_type": "the child's placement when they went missing",
    "episode.in_extended_foster_care": "whether a youth of 18 or more is in extended foster care",
    "episode.removal_date": "the date the child was removed from home into care",
    "episode.narrative": "what happened, in words",
    "custodial_agency.state": "the state of the agency responsible for the child (USPS code)",
    "custodial_agency.name": "the agency's name",
    "custodial_agency.county": "the agency's county",
    "custodial_agency.case_number": "the agency's case number (siblings may share it)",
    "custodial_agency.child_record_number": "the agency's number for the child, across episodes",
    "custodial_agency.caseworker.name": "the caseworker's name",
    "custodial_agency.caseworker.phone": "the caseworker's phone number",
    "custodial_agency.caseworker.email": "the caseworker's email address",
    "custodial_agency.supervisor.name": "the supervisor's name",
    "custodial_agency.supervisor.phone": "the supervisor's phone number",
    "custodial_agency.supervisor.email": "the supervisor's email address",
    "law_enforcement_report.agency_name": "the police agency reported to",
    "law_enforcement_report.ori": "the police agency's NCIC identifier (ORI)",
    "law_enforcement_report.case_number": "the police case number",
    "law_enforcement_report.reported_at": "when the police were told",
    "law_enforcement_report.ncic_number": "the NCIC number of the entry (M and 9 digits)",
    "law_enforcement_report.ncic_entered_at": "when the child was entered into NCIC",
    "ncmec_report.reported_at": "when the agency reported to NCMEC",
    "ncmec_report.method": "how NCMEC was told",
    "ncmec_report.case_number": "the NCMEC case number",
    "ncmec_report.reported_by": "who made the report (default agency)",
    "recovery.located_at": "when the child was located",
    "recovery.location.street": "street address where the child was located",
    "recovery.location.city": "city where the child was located",
    "recovery.location.state": "state where the child was located (USPS code)",
    "recovery.location.postal_code": "ZIP code where the child was located",
    "recovery.location.country": "country where the child was located (default US)",
    "recovery.ncmec_notified_at": "when NCMEC was told the child was located",
    "recovery.law_enforcement_notified_at": "when the police were told the child was located",
    "recovery.debriefed_at": "when the child was debriefed after return",
    "recovery.trafficking_screening": "the outcome of the sex-trafficking screening",
}


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One canonical field.

    Attributes:
        path: the dotted path (``child.date_of_birth``).
        type: ``text``, ``date``, ``date or datetime``, ``datetime``, ``integer``,
            ``boolean``, or ``list of`` one of them.
        required: required in its object (an object that is optional, such as
            ``recovery``, may still be left out whole).
        codes: the allowed codes of a coded field, else empty.
        description: one line.
    """

    path: str
    type: str
    required: bool
    codes: tuple[str, ...]
    description: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"path", "type", "required", "codes", "description"}``."""
        return {
            "path": self.path,
            "type": self.type,
            "required": self.required,
            "codes": list(self.codes),
            "description": self.description,
        }


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if options and "$ref" in options[0]:
        return _resolve(options[0], defs)
    return node


def _type_of(node: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
    first = options[0] if options else node
    if "anyOf" in first:  # a phone: text, or its digits as a whole number
        first = first["anyOf"][0]
    kind = first.get("type", "text")
    if kind == "array":
        inner, codes = _type_of(first.get("items", {}))
        return f"list of {inner}", codes
    codes = tuple(str(c) for c in first.get("enum", ()) if c is not None)
    description = str(first.get("description", ""))
    if kind == "string" and "date and time" in description and "a date" in description:
        return "date or datetime", codes
    if kind == "string" and "format" in first and first["format"] in ("date", "date-time"):
        return ("date" if first["format"] == "date" else "datetime"), codes
    return {"string": "text", "integer": "integer", "boolean": "boolean"}.get(kind, kind), codes


def _walk(node: dict[str, Any], defs: dict[str, Any], prefix: str, out: list[FieldInfo]) -> None:
    required = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        target = _resolve(child, defs)
        if target.get("type") == "object" and "properties" in target:
            _walk(target, defs, path + ".", out)
            continue
        kind, codes = _type_of(child)
        out.append(FieldInfo(path, kind, name in required, codes, DESCRIPTIONS.get(path, "")))


@lru_cache(maxsize=1)
def field_catalogue() -> tuple[FieldInfo, ...]:
    """Every leaf field of a report, in the order of the schema."""
    schema = report_json_schema()
    out: list[FieldInfo] = []
    _walk(schema, schema.get("$defs", {}), "", out)
    kinds = {"date": "date", "datetime": "datetime", "either": "date or datetime"}
    specs = field_specs()
    fixed = []
    for info in out:  # the models know the temporal kinds exactly
        spec = specs.get(info.path)
        if spec is not None and spec.kind in kinds:
            kind = kinds[spec.kind]
            fixed.append(FieldInfo(info.path, kind, info.required, (), info.description))
        else:
            fixed.append(info)
    return tuple(fixed)


def render_fields(fmt: str) -> str:
    """The catalogue as ``text``, ``json`` or ``markdown`` (``docs/fields.md``).

    Raises:
        ValueError: an unknown format.
    """
    fields = field_catalogue()
    if fmt == "json":
        return json.dumps({"fields": [f.to_dict() for f in fields]}, indent=2) + "\n"
    if fmt == "text":
        width = max(len(f.path) for f in fields)
        lines = []
        for f in fields:
            need = "required" if f.required else "optional"
            codes = f" [{', '.join(f.codes)}]" if f.codes and len(f.codes) <= 12 else ""
            codes = codes or (" [see the schema: many codes]" if f.codes else "")
            lines.append(f"{f.path:<{width}}  {f.type:<16} {need:<8}  {f.description}{codes}")
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        lines = [
            "# Report fields",
            "",
            "<!-- Generated by `missingreport fields --format markdown > docs/fields.md`;"
            " do not edit. -->",
            "",
            "Every field of a report, by its dotted path: the targets a column mapping may",
            "name (see [mapping.md](mapping.md)). *Required* is within its object: an",
            "optional object (`recovery`, `ncmec_report`...) may be left out whole.",
            "",
            "| field | type | required | codes | description |",
            "|---|---|---|---|---|",
        ]
        for f in fields:
            codes = ", ".join(f"`{c}`" for c in f.codes)
            need = "yes" if f.required else ""
            lines.append(f"| `{f.path}` | {f.type} | {need} | {codes} | {f.description} |")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r} (use text, json or markdown)")
