"""What the Instantly emulator refuses, from the request bodies of its published OpenAPI
(``POST /api/v2/campaigns`` and ``PATCH /api/v2/campaigns/{id}``): undeclared top-level
properties, missing required fields, wrong types, values outside an enum or a pattern.
Nothing is stored from a refused request."""

from __future__ import annotations

import re
from typing import Any

from seqsync.sandbox.instantly.errors import failure

TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
DELAY_UNITS = ("minutes", "hours", "days")
# The top-level properties the create and patch bodies declare that seqsync's emulator
# keeps; the OpenAPI's others (sending settings) are accepted and stored as sent.
CAMPAIGN_PROPERTIES = frozenset(
    {
        "name",
        "pl_value",
        "is_evergreen",
        "campaign_schedule",
        "sequences",
        "email_gap",
        "random_wait_max",
        "text_only",
        "first_email_text_only",
        "email_list",
        "daily_limit",
        "stop_on_reply",
        "email_tag_list",
        "link_tracking",
        "open_tracking",
        "stop_on_auto_reply",
        "daily_max_leads",
        "prioritize_new_leads",
        "auto_variant_select",
        "match_lead_esp",
        "stop_for_company",
        "insert_unsubscribe_header",
        "allow_risky_contacts",
        "disable_bounce_protect",
        "limit_emails_per_company_override",
        "cc_list",
        "bcc_list",
        "owned_by",
        "ai_sdr_id",
        "provider_routing_rules",
    }
)
# The closed list of schedule timezones (the OpenAPI's enum, in its order).
TIMEZONES = frozenset(
    {
        "Etc/GMT+12",
        "Etc/GMT+11",
        "Etc/GMT+10",
        "America/Anchorage",
        "America/Dawson",
        "America/Creston",
        "America/Chihuahua",
        "America/Boise",
        "America/Belize",
        "America/Chicago",
        "America/Bahia_Banderas",
        "America/Regina",
        "America/Bogota",
        "America/Detroit",
        "America/Indiana/Marengo",
        "America/Caracas",
        "America/Asuncion",
        "America/Glace_Bay",
        "America/Campo_Grande",
        "America/Anguilla",
        "America/Santiago",
        "America/St_Johns",
        "America/Sao_Paulo",
        "America/Argentina/La_Rioja",
        "America/Araguaina",
        "America/Godthab",
        "America/Montevideo",
        "America/Bahia",
        "America/Noronha",
        "America/Scoresbysund",
        "Atlantic/Cape_Verde",
        "Africa/Casablanca",
        "America/Danmarkshavn",
        "Europe/Isle_of_Man",
        "Atlantic/Canary",
        "Africa/Abidjan",
        "Arctic/Longyearbyen",
        "Europe/Belgrade",
        "Africa/Ceuta",
        "Europe/Sarajevo",
        "Africa/Algiers",
        "Africa/Windhoek",
        "Asia/Nicosia",
        "Asia/Beirut",
        "Africa/Cairo",
        "Asia/Damascus",
        "Europe/Bucharest",
        "Africa/Blantyre",
        "Europe/Helsinki",
        "Europe/Istanbul",
        "Asia/Jerusalem",
        "Africa/Tripoli",
        "Asia/Amman",
        "Asia/Baghdad",
        "Europe/Kaliningrad",
        "Asia/Aden",
        "Africa/Addis_Ababa",
        "Europe/Kirov",
        "Europe/Astrakhan",
        "Asia/Tehran",
        "Asia/Dubai",
        "Asia/Baku",
        "Indian/Mahe",
        "Asia/Tbilisi",
        "Asia/Yerevan",
        "Asia/Kabul",
        "Antarctica/Mawson",
        "Asia/Yekaterinburg",
        "Asia/Karachi",
        "Asia/Kolkata",
        "Asia/Colombo",
        "Asia/Kathmandu",
        "Antarctica/Vostok",
        "Asia/Dhaka",
        "Asia/Rangoon",
        "Antarctica/Davis",
        "Asia/Novokuznetsk",
        "Asia/Hong_Kong",
        "Asia/Krasnoyarsk",
        "Asia/Brunei",
        "Australia/Perth",
        "Asia/Taipei",
        "Asia/Choibalsan",
        "Asia/Irkutsk",
        "Asia/Dili",
        "Asia/Pyongyang",
        "Australia/Adelaide",
        "Australia/Darwin",
        "Australia/Brisbane",
        "Australia/Melbourne",
        "Antarctica/DumontDUrville",
        "Australia/Currie",
        "Asia/Chita",
        "Antarctica/Macquarie",
        "Asia/Sakhalin",
        "Pacific/Auckland",
        "Etc/GMT-12",
        "Pacific/Fiji",
        "Asia/Anadyr",
        "Asia/Kamchatka",
        "Etc/GMT-13",
        "Pacific/Apia",
    }
)


def checked_body(body: Any, *, create: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise failure(400, "body must be object")
    unknown = sorted(set(body) - CAMPAIGN_PROPERTIES)
    if unknown:
        raise failure(400, f"body must NOT have additional properties ('{unknown[0]}')")
    if create:
        for key in ("name", "campaign_schedule"):
            if key not in body:
                raise failure(400, f"body must have required property '{key}'")
    if "name" in body and not isinstance(body["name"], str):
        raise failure(400, "body/name must be string")
    if "campaign_schedule" in body:
        _check_schedule(body["campaign_schedule"], "body/campaign_schedule")
    if "sequences" in body:
        _check_sequences(body["sequences"], "body/sequences")
    return body


def _check_schedule(schedule: Any, at: str) -> None:
    _object(schedule, at, ("schedules",))
    for key in ("start_date", "end_date"):
        if schedule.get(key) is not None and not isinstance(schedule[key], str):
            raise failure(400, f"{at}/{key} must be string,null")
    _array(schedule["schedules"], f"{at}/schedules")
    for index, item in enumerate(schedule["schedules"]):
        here = f"{at}/schedules/{index}"
        _object(item, here, ("name", "timing", "days", "timezone"))
        if not isinstance(item["name"], str):
            raise failure(400, f"{here}/name must be string")
        _object(item["timing"], f"{here}/timing", ("from", "to"))
        for key in ("from", "to"):
            value = item["timing"][key]
            if not isinstance(value, str) or not TIME.match(value):
                raise failure(400, f'{here}/timing/{key} must match pattern "{TIME.pattern}"')
        days = item["days"]
        _object(days, f"{here}/days", ())
        if not days:
            raise failure(400, f"{here}/days must NOT have fewer than 1 properties")
        for day, on in days.items():
            if day in {str(n) for n in range(7)} and not isinstance(on, bool):
                raise failure(400, f"{here}/days/{day} must be boolean")
        if item["timezone"] not in TIMEZONES:
            raise failure(400, f"{here}/timezone must be equal to one of the allowed values")


def _check_sequences(sequences: Any, at: str) -> None:
    _array(sequences, at)
    for index, sequence in enumerate(sequences):
        _object(sequence, f"{at}/{index}", ("steps",))
        _array(sequence["steps"], f"{at}/{index}/steps")
        for number, step in enumerate(sequence["steps"]):
            _check_step(step, f"{at}/{index}/steps/{number}")


def _check_step(step: Any, at: str) -> None:
    _object(step, at, ("type", "delay", "variants"))
    if step["type"] != "email":
        raise failure(400, f"{at}/type must be equal to one of the allowed values")
    for key in ("delay", "pre_delay"):
        if key in step and not _number(step[key]):
            raise failure(400, f"{at}/{key} must be number")
    for key in ("delay_unit", "pre_delay_unit"):
        if key in step and step[key] not in DELAY_UNITS:
            raise failure(400, f"{at}/{key} must be equal to one of the allowed values")
    _array(step["variants"], f"{at}/variants")
    for number, variant in enumerate(step["variants"]):
        here = f"{at}/variants/{number}"
        _object(variant, here, ("subject", "body"))
        for key in ("subject", "body"):
            if not isinstance(variant[key], str):
                raise failure(400, f"{here}/{key} must be string")
        if "v_disabled" in variant and not isinstance(variant["v_disabled"], bool):
            raise failure(400, f"{here}/v_disabled must be boolean")


def _object(value: Any, at: str, required: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise failure(400, f"{at} must be object")
    for key in required:
        if key not in value:
            raise failure(400, f"{at} must have required property '{key}'")


def _array(value: Any, at: str) -> None:
    if not isinstance(value, list):
        raise failure(400, f"{at} must be array")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
