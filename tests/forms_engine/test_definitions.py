"""The SAN referral form versions and code lists: structure, code lists, stable keys and migration rules."""

from datetime import date
from typing import Any

import pytest

from demo.people import LOCAL_AUTHORITIES
from forms_engine.definitions import CODE_LISTS, VERSIONS, v4
from forms_engine.schema import iter_questions, question_index, validate_schema

BY_NUMBER = {version["number"]: version for version in VERSIONS}
SCHEMAS = {number: version["schema"] for number, version in BY_NUMBER.items()}
STEPS = [(VERSIONS[i - 1]["number"], VERSIONS[i]["number"]) for i in range(1, len(VERSIONS))]
DFE_ETHNICITY_CODES = (
    "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT"
)
OPS = {
    "rename": {"from", "to"},
    "map_options": {"key", "mapping"},
    "default": {"key", "value"},
    "drop": {"key"},
    "collect": {"from", "when", "to", "value"},
}

# Keys the legal rules engine reads, with the type and settings it relies on (versions 4 and 5).
LEGAL_RULE_KEYS: dict[str, dict[str, Any]] = {
    "child_first_name": {"type": "text"},
    "child_last_name": {"type": "text"},
    "child_date_of_birth": {"type": "date", "validation": {"past": True}},
    "child_sex": {"type": "radios", "values": ["female", "male"]},
    "child_ethnicity": {"type": "select", "code_list": "ethnicity"},
    "jurisdiction": {"type": "radios", "values": ["england_s25", "wales_s119", "either"]},
    "order_status": {
        "type": "radios",
        "values": ["no_order_72_hour", "application_pending", "interim_order", "full_order"],
    },
    "placement_72_hour": {"type": "yes_no"},
    "order_is_first": {"type": "yes_no"},
    "order_start_date": {"type": "date"},
    "order_end_date": {"type": "date"},
    "secretary_of_state_approval_reference": {"type": "text"},
    "legal_status": {"type": "select", "code_list": "ssda903_legal_status"},
    "parental_consent_s20": {"type": "yes_no", "show_if": {"question": "legal_status", "equals": "V2"}},
    "referring_local_authority": {"type": "select", "code_list": "local_authorities"},
    "previous_placements": {"type": "repeating_group"},
    "key_contacts": {"type": "repeating_group"},
    "current_placement_type": {"type": "select", "code_list": "ssda903_place"},
    "previous_secure_placement": {"type": "yes_no"},
    "intended_placement_on_exit": {"type": "select", "code_list": "ssda903_place"},
    "attachment_court_order": {"type": "attachment", "required": True},
}
V3_KEYS = [
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "legal_status",
    "placement_72_hour",
    "secretary_of_state_approval_reference",
    "referring_local_authority",
    "key_contacts",
]


def _index(number: int) -> dict[str, dict[str, Any]]:
    return question_index(SCHEMAS[number])


def _all_questions(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return list(question_index(schema).values())


def _answers(question: dict[str, Any]) -> set[str] | None:
    """The values a question can take, or None when any value is allowed."""
    if question["type"] == "yes_no":
        return {"yes", "no"}
    if question["type"] in {"radios", "checkboxes"}:
        return {option["value"] for option in question["options"]}
    if question["type"] == "select":
        return {item["code"] for item in CODE_LISTS[question["code_list"]]["items"]}
    return None


def _conditions(condition: dict[str, Any]) -> list[dict[str, Any]]:
    for combinator in ("all", "any"):
        if combinator in condition:
            return [leaf for part in condition[combinator] for leaf in _conditions(part)]
    return [condition]


def _rules(step: tuple[int, int]) -> list[dict[str, Any]]:
    return BY_NUMBER[step[1]]["migration_rules"]


def _renamed_from(step: tuple[int, int], new_key: str) -> str:
    """The key a new-version question had in the old version."""
    return next((rule["from"] for rule in _rules(step) if rule["op"] == "rename" and rule["to"] == new_key), new_key)


class TestVersions:
    """The form's versions, in order."""

    def test_versions_are_3_to_6_in_order(self) -> None:
        """VERSIONS lists v3, v4, v5 and v6, oldest first."""
        assert [version["number"] for version in VERSIONS] == [3, 4, 5, 6]

    def test_each_version_has_its_label_and_effective_date(self) -> None:
        """Labels and go-live dates match the unit's history."""
        assert [(v["label"], v["effective_from"]) for v in VERSIONS] == [
            ("SAN referral form v3", date(2016, 5, 1)),
            ("SAN referral form v4", date(2019, 4, 1)),
            ("SAN referral form v5", date(2021, 4, 1)),
            ("SAN referral form v6", date(2027, 4, 1)),
        ]

    def test_the_first_version_has_no_migration_rules(self) -> None:
        """There is nothing before v3 to migrate from."""
        assert BY_NUMBER[3]["migration_rules"] == []

    def test_building_v5_leaves_v4_unchanged(self) -> None:
        """v5 is a deep copy of v4 with additions, so v4 has none of v5's new questions."""
        assert "is_review" not in _index(4)
        assert "is_review" in _index(5)
        assert v4.UPDATES_STATEMENT in SCHEMAS[4]["declaration"]["statements"]


@pytest.mark.parametrize("number", list(SCHEMAS))
class TestSchemaStructure:
    """Every version is a well-formed schema that reads like a GOV.UK form."""

    def test_schema_passes_validate_schema(self, number: int) -> None:
        """The schema publishes without structural problems."""
        validate_schema(SCHEMAS[number])

    def test_section_and_page_keys_are_unique(self, number: int) -> None:
        """No two sections, and no two pages, share a key."""
        sections = [section["key"] for section in SCHEMAS[number]["sections"]]
        pages = [page["key"] for section in SCHEMAS[number]["sections"] for page in section["pages"]]
        assert len(sections) == len(set(sections))
        assert len(pages) == len(set(pages))

    def test_every_section_has_a_title(self, number: int) -> None:
        """Sections are named for the task list."""
        assert all(section.get("title") for section in SCHEMAS[number]["sections"])

    def test_pages_with_several_questions_have_a_title(self, number: int) -> None:
        """The title becomes the heading when a page holds more than one question."""
        untitled = [
            page["key"]
            for section in SCHEMAS[number]["sections"]
            for page in section["pages"]
            if len(page["questions"]) > 1 and not page.get("title")
        ]
        assert untitled == []

    def test_every_question_says_whether_it_is_required(self, number: int) -> None:
        """required is explicit on every question, including group fields."""
        assert all(isinstance(q.get("required"), bool) for q in _all_questions(SCHEMAS[number]))

    def test_option_values_are_unique_within_a_question(self, number: int) -> None:
        """Each radio or checkbox option has its own value and a label."""
        for question in _all_questions(SCHEMAS[number]):
            values = [option["value"] for option in question.get("options", [])]
            assert len(values) == len(set(values)), question["key"]
            assert all(option["label"] for option in question.get("options", [])), question["key"]

    def test_show_if_refers_to_an_earlier_question_and_a_possible_answer(self, number: int) -> None:
        """Conditions look back, never forward, and compare with values the question can take."""
        index = _index(number)
        asked: set[str] = set()
        for _, _, question in iter_questions(SCHEMAS[number]):
            for condition in _conditions(question.get("show_if", {"question": None})):
                if condition["question"] is None:
                    continue
                assert condition["question"] in asked, question["key"]
                possible = _answers(index[condition["question"]])
                wanted = [condition["equals"]] if "equals" in condition else condition.get("in", [])
                if possible is not None:
                    assert set(wanted) <= possible, question["key"]
            asked.add(question["key"])

    def test_repeating_groups_have_an_item_label_and_limits(self, number: int) -> None:
        """Groups say what one item is called and how many there can be."""
        for _, _, question in iter_questions(SCHEMAS[number]):
            if question["type"] == "repeating_group":
                assert question["item_label"]
                assert 0 <= question["min_items"] <= question["max_items"]

    def test_attachments_name_their_document(self, number: int) -> None:
        """Every upload has a document type and a label for the referral pack."""
        for _, _, question in iter_questions(SCHEMAS[number]):
            if question["type"] == "attachment":
                assert question["document_type"] and question["document_label"]

    def test_date_questions_give_an_example(self, number: int) -> None:
        """Date hints follow the GOV.UK pattern "For example, 27 3 2010"."""
        for question in _all_questions(SCHEMAS[number]):
            if question["type"] == "date":
                assert "For example, 27 3 " in question.get("hint", ""), question["key"]

    def test_schema_has_a_statement_of_responsibility(self, number: int) -> None:
        """The declaration sits at the top level with a heading and statements, not as questions."""
        declaration = SCHEMAS[number]["declaration"]
        assert declaration["heading"] == "Statement of responsibility"
        assert len(declaration["statements"]) >= 4
        assert all(isinstance(statement, str) and statement for statement in declaration["statements"])


class TestCodeLists:
    """The code lists select questions draw on."""

    @pytest.mark.parametrize("number", list(SCHEMAS))
    def test_every_select_uses_a_code_list_that_exists(self, number: int) -> None:
        """Select questions, including group fields, name a key of CODE_LISTS."""
        for question in _all_questions(SCHEMAS[number]):
            if question["type"] == "select":
                assert question["code_list"] in CODE_LISTS, question["key"]

    @pytest.mark.parametrize("key", list(CODE_LISTS))
    def test_each_code_list_has_a_label_a_version_and_unique_codes(self, key: str) -> None:
        """Codes are unique and every item has a label."""
        code_list = CODE_LISTS[key]
        assert code_list["label"] and code_list["version"]
        codes = [item["code"] for item in code_list["items"]]
        assert codes and len(codes) == len(set(codes))
        assert all(item["label"] for item in code_list["items"])

    def test_all_the_expected_code_lists_exist(self) -> None:
        """The code lists the referral form's questions use are all there."""
        assert set(CODE_LISTS) >= {
            "local_authorities",
            "ethnicity",
            "ssda903_place",
            "ssda903_legal_status",
            "ssda903_reason_place_change",
            "ssda903_place_provider",
            "cin_factors",
        }

    def test_local_authorities_include_every_demo_authority(self) -> None:
        """Every local authority in the demo data can be chosen by its ONS code."""
        codes = {item["code"] for item in CODE_LISTS["local_authorities"]["items"]}
        assert {authority.ons_code for authority in LOCAL_AUTHORITIES} <= codes

    def test_local_authorities_cover_england_and_wales(self) -> None:
        """All English children's services authorities and the 22 Welsh councils are listed."""
        codes = [item["code"] for item in CODE_LISTS["local_authorities"]["items"]]
        assert len([code for code in codes if code.startswith("E")]) == 153
        assert len([code for code in codes if code.startswith("W")]) == 22
        assert {"E10000014", "E08000025", "E09000001", "W06000015"} <= set(codes)

    def test_ethnicity_uses_the_dfe_codes(self) -> None:
        """The 20 DfE ethnicity codes, and only those."""
        codes = {item["code"] for item in CODE_LISTS["ethnicity"]["items"]}
        assert codes == set(DFE_ETHNICITY_CODES.split())

    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            ("ssda903_place", {"K1": "Secure children's home", "R5": "Young offender institution (YOI)"}),
            ("ssda903_legal_status", {"C1": "Interim care order", "C2": "Full care order"}),
            ("ssda903_reason_place_change", {"CREQB": None, "CUSTOD": "Custody arrangement", "OTHER": "Other"}),
            ("ssda903_place_provider", {"PR0": None, "PR4": "Private provision", "PR5": None}),
            ("cin_factors", {"11A": "Child sexual exploitation", "24A": "Child criminal exploitation"}),
        ],
    )
    def test_official_codes_keep_their_meaning(self, key: str, expected: dict[str, str | None]) -> None:
        """Spot checks against the meanings in the DfE children looked after return guide."""
        labels = {item["code"]: item["label"] for item in CODE_LISTS[key]["items"]}
        for code, label in expected.items():
            assert code in labels
            if label:
                assert labels[code] == label

    def test_legal_status_codes_are_the_ssda903_set(self) -> None:
        """C1 to J3, as in the children looked after return."""
        codes = {item["code"] for item in CODE_LISTS["ssda903_legal_status"]["items"]}
        assert codes == {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}

    @pytest.mark.parametrize("number", [4, 5])
    def test_risk_tags_point_at_risk_questions_and_cin_factor_codes(self, number: int) -> None:
        """Each risk question with a CIN factor tag exists and the code is in the CIN list."""
        factors = {item["code"] for item in CODE_LISTS["cin_factors"]["items"]}
        for key, code in v4.RISK_CIN_FACTORS.items():
            assert _index(number)[key]["type"] == "radios"
            assert code in factors


class TestKeysKeepTheirType:
    """A question key means the same thing, with the same type, in every version."""

    @pytest.mark.parametrize(("older", "newer"), [(3, 4), (3, 5), (4, 5)])
    def test_shared_keys_keep_the_same_type(self, older: int, newer: int) -> None:
        """Including the fields of repeating groups (keyed group.field)."""
        old, new = _index(older), _index(newer)
        changed = {key: (old[key]["type"], new[key]["type"]) for key in old.keys() & new.keys()}
        assert {key: types for key, types in changed.items() if types[0] != types[1]} == {}

    @pytest.mark.parametrize(("older", "newer"), [(3, 4), (3, 5), (4, 5)])
    def test_shared_select_keys_keep_their_code_list(self, older: int, newer: int) -> None:
        """A select question never switches to another code list."""
        old, new = _index(older), _index(newer)
        for key in old.keys() & new.keys():
            assert old[key].get("code_list") == new[key].get("code_list"), key


class TestMigrationRules:
    """Each version's rules move answers from the version before it."""

    @pytest.mark.parametrize("step", STEPS)
    def test_rules_use_known_operations_with_their_fields(self, step: tuple[int, int]) -> None:
        """rename, map_options, default, drop and collect, each with exactly its own fields."""
        for rule in _rules(step):
            assert rule["op"] in OPS
            assert set(rule) - {"op"} == OPS[rule["op"]]

    @pytest.mark.parametrize("step", STEPS)
    def test_renames_go_from_an_old_key_to_a_new_key_of_the_same_type(self, step: tuple[int, int]) -> None:
        """from exists only in the old version, to exists in the new one."""
        old, new = _index(step[0]), _index(step[1])
        for rule in _rules(step):
            if rule["op"] == "rename":
                assert rule["from"] in old and rule["from"] not in new
                assert rule["to"] in new
                assert old[rule["from"]]["type"] == new[rule["to"]]["type"]

    @pytest.mark.parametrize("step", STEPS)
    def test_option_maps_go_from_old_options_to_new_options(self, step: tuple[int, int]) -> None:
        """The key has options in both versions; every mapped value is an option on its side."""
        old, new = _index(step[0]), _index(step[1])
        for rule in _rules(step):
            if rule["op"] == "map_options":
                old_question = old[_renamed_from(step, rule["key"])]
                new_question = new[rule["key"]]
                assert set(rule["mapping"]) <= _answers(old_question)  # type: ignore[operator]
                assert set(rule["mapping"].values()) <= _answers(new_question)  # type: ignore[operator]

    @pytest.mark.parametrize("step", STEPS)
    def test_collections_tick_a_new_option_from_an_old_answer(self, step: tuple[int, int]) -> None:
        """from is an old question whose options include every `when`; to is a new question offering value."""
        old, new = _index(step[0]), _index(step[1])
        for rule in _rules(step):
            if rule["op"] == "collect":
                assert rule["from"] in old and rule["from"] not in new
                assert set(rule["when"]) <= _answers(old[rule["from"]])  # type: ignore[operator]
                assert new[rule["to"]]["type"] == "checkboxes"
                assert rule["value"] in _answers(new[rule["to"]])  # type: ignore[operator]

    @pytest.mark.parametrize("step", STEPS)
    def test_defaults_give_a_possible_answer_to_a_new_question(self, step: tuple[int, int]) -> None:
        """The key is new in this version and the value is one it accepts."""
        old, new = _index(step[0]), _index(step[1])
        for rule in _rules(step):
            if rule["op"] == "default":
                assert rule["key"] in new and rule["key"] not in old
                possible = _answers(new[rule["key"]])
                assert possible is None or rule["value"] in possible

    @pytest.mark.parametrize("step", STEPS)
    def test_drops_name_an_old_key_that_is_gone(self, step: tuple[int, int]) -> None:
        """A dropped key exists in the old version and not in the new one."""
        old, new = _index(step[0]), _index(step[1])
        for rule in _rules(step):
            if rule["op"] == "drop":
                assert rule["key"] in old and rule["key"] not in new

    @pytest.mark.parametrize("step", STEPS)
    def test_every_removed_key_is_renamed_or_dropped(self, step: tuple[int, int]) -> None:
        """No answer disappears silently between versions."""
        old, new = _index(step[0]), _index(step[1])
        handled = {rule.get("from") or rule["key"] for rule in _rules(step) if rule["op"] in {"rename", "drop"}}
        group_dropped = {key for key in old.keys() - new.keys() if key.split(".")[0] in handled}
        assert old.keys() - new.keys() - handled - group_dropped == set()

    def test_v5_to_v6_collects_risks_into_indicators(self) -> None:
        """Each v5 risk question becomes one option of v6's risk indicators, and the old question goes."""
        rules = _rules((5, 6))
        collected = {rule["from"]: rule["value"] for rule in rules if rule["op"] == "collect"}
        assert collected and all(source == f"risk_{value}" for source, value in collected.items())
        assert {rule["to"] for rule in rules if rule["op"] == "collect"} == {"risk_indicators"}
        assert {rule["key"] for rule in rules if rule["op"] == "drop"} >= set(collected)

    def test_v3_to_v4_uses_every_operation(self) -> None:
        """The v4 rules rename gender, map options, default the jurisdiction and drop the fax number (not collect)."""
        rules = _rules((3, 4))
        assert {rule["op"] for rule in rules} == set(OPS) - {"collect"}
        assert {"op": "rename", "from": "gender", "to": "child_sex"} in rules
        assert {"op": "drop", "key": "fax_number"} in rules
        assert {"op": "default", "key": "jurisdiction", "value": "england_s25"} in rules


class TestKeysTheLegalRulesUse:
    """The legal rules engine can rely on these keys and their settings."""

    @pytest.mark.parametrize("number", [4, 5])
    @pytest.mark.parametrize("key", list(LEGAL_RULE_KEYS))
    def test_key_exists_with_the_expected_type_and_settings(self, number: int, key: str) -> None:
        """Type, code list, options, condition and required flag as agreed."""
        question = _index(number)[key]
        expected = LEGAL_RULE_KEYS[key]
        for field, value in expected.items():
            if field == "values":
                assert [option["value"] for option in question["options"]] == value
            elif field == "validation":
                assert question["validation"].items() >= value.items()
            else:
                assert question[field] == value

    @pytest.mark.parametrize("number", [4, 5])
    def test_jurisdiction_options_name_the_law(self, number: int) -> None:
        """England section 25, Wales section 119, or apply in the alternative."""
        labels = [option["label"] for option in _index(number)["jurisdiction"]["options"]]
        assert labels == [
            "England – section 25 Children Act 1989",
            "Wales – section 119 Social Services and Well-being (Wales) Act 2014",
            "Either – apply in the alternative",
        ]

    @pytest.mark.parametrize("number", [4, 5])
    def test_order_is_first_and_approval_reference_are_worded_as_agreed(self, number: int) -> None:
        """The first-order question and the under-13 hint read as the legal rules expect."""
        index = _index(number)
        assert index["order_is_first"]["label"] == "Is this the first secure accommodation order for this child?"
        assert "under 13" in index["secretary_of_state_approval_reference"]["hint"]

    @pytest.mark.parametrize("key", V3_KEYS)
    def test_v3_has_the_shared_keys_with_the_same_type(self, key: str) -> None:
        """v3 already asked for these, with the types v4 and v5 use."""
        assert _index(3)[key]["type"] == _index(4)[key]["type"]


class TestWhatChangedBetweenVersions:
    """The differences the migration rules and the README describe."""

    def test_fax_numbers_are_asked_only_in_v3(self) -> None:
        """Fax went with v3."""
        assert any("fax" in key for key in _index(3))
        assert not any("fax" in key for number in (4, 5) for key in _index(number))

    def test_v3_records_gender_with_other_and_v4_records_sex(self) -> None:
        """v3's gender question had an "other" option that SSDA903 sex does not."""
        assert [option["value"] for option in _index(3)["gender"]["options"]] == ["female", "male", "other"]
        assert "gender" not in _index(4)

    def test_v5_keeps_every_v4_question(self) -> None:
        """v5 only adds to v4, so no v4 answer needs a rule."""
        assert _index(4).keys() <= _index(5).keys()

    def test_v5_adds_review_data_collection_and_dol_questions(self) -> None:
        """The 3-monthly review pair, national data items, DoL order and identifiers are new in v5."""
        added = _index(5).keys() - _index(4).keys()
        assert {
            "is_review",
            "review_of_reference",
            "placement_at_referral",
            "missing_episodes_3_months",
            "missing_episodes_12_months",
            "dol_order",
            "child_upn",
            "child_nhs_number",
        } <= added
        assert _index(5)["child_upn"]["required"] is False
        assert _index(5)["child_nhs_number"]["required"] is False

    def test_v5_declaration_mentions_the_3_monthly_reviewed_form(self) -> None:
        """Only v5's statement of responsibility promises the reviewed form every 3 months."""
        assert any("every 3 months" in s for s in SCHEMAS[5]["declaration"]["statements"])
        assert not any("every 3 months" in s for s in SCHEMAS[4]["declaration"]["statements"])

    @pytest.mark.parametrize("number", [4, 5])
    def test_each_risk_has_a_level_and_follow_ups_shown_only_when_present(self, number: int) -> None:
        """Current, historic or none; last incident and narrative appear for current or historic."""
        index = _index(number)
        for slug, *_ in v4.RISKS:
            key = f"risk_{slug}"
            assert [option["value"] for option in index[key]["options"]] == ["current", "historic", "none"]
            for follow_up in (f"{key}_last_incident", f"{key}_details"):
                assert index[follow_up]["show_if"] == {"question": key, "in": ["current", "historic"]}

    @pytest.mark.parametrize("number", [4, 5])
    def test_only_the_court_order_upload_is_required(self, number: int) -> None:
        """Other documents are uploaded if the local authority has them."""
        required = [q["key"] for q in _all_questions(SCHEMAS[number]) if q["type"] == "attachment" and q["required"]]
        assert required == ["attachment_court_order"]
