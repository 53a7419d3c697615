"""The moderator's Slack modals: within Slack's limits, and read back."""

from __future__ import annotations

from uuid import uuid4

from adapters.slack import moderator_views as v


def test_attendance_of_many_people_is_ten_boxes_to_a_block() -> None:
    people = [(str(uuid4()), f"Person {n:02d}") for n in range(23)]
    present = {people[0][0], people[12][0]}
    meeting = {"series_id": str(uuid4()), "date": "2027-01-12", "title": "Möte"}
    view = v.attendance_modal(meeting, people, present, "sv")
    boxes = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in boxes] == ["present:0", "present:1", "present:2"]
    assert [b["label"]["text"] for b in boxes][1] == "Närvarande 11–20"
    assert [len(b["element"]["options"]) for b in boxes] == [10, 10, 3]
    ticked = [o["value"] for b in boxes for o in b["element"].get("initial_options", [])]
    assert ticked == [people[0][0], people[12][0]]


def test_values_of_every_element_and_of_odd_shapes() -> None:
    view = {
        "state": {
            "values": {
                "t": {"a": {"type": "timepicker", "selected_time": "13:00"}},
                "u": {"a": {"type": "users_select", "selected_user": "U1"}},
                "m": {"a": {"type": "multi_users_select", "selected_users": ["U1", 5]}},
                "c": {"a": {"type": "channels_select", "selected_channel": "C1"}},
                "x": {"a": {"type": "checkboxes", "selected_options": [{"value": "p"}, 3]}},
                "odd": ["not", "a", "dict"],
            }
        }
    }
    assert v.values(view) == {"t": "13:00", "u": "U1", "m": ["U1"], "c": "C1", "x": ["p"]}
    assert v.values({"state": {"values": "x"}}) == {}
