"""Model messages: English text (a str, unchanged for tables and files) that keeps its key and values."""

from __future__ import annotations

import json
import pickle

import pandas as pd

from teplovoda.models.messages import Msg, joined


def test_a_message_is_its_english_text_and_keeps_key_and_values():
    m = Msg("generator.undersized", "short by {shortfall_kva:,.0f} kVA", shortfall_kva=1234.4)
    assert m == "short by 1,234 kVA" and isinstance(m, str)
    assert (m.key, m.values, m.parts) == ("generator.undersized", {"shortfall_kva": 1234.4}, ())
    assert json.dumps({"why": m}) == '{"why": "short by 1,234 kVA"}'
    back = pickle.loads(pickle.dumps(m))  # st.cache_data pickles comparison results
    assert back == m and back.key == m.key and back.values == m.values


def test_joined_reasons_keep_each_part_through_a_table():
    a, b = Msg("a", "first {n:d}", n=1), Msg("b", "second")
    both = joined([a, "", b])
    assert both == "first 1; second" and [p.key for p in both.parts] == ["a", "b"]
    assert joined([both, Msg("c", "third")]).parts[-1].key == "c" and len(joined([both, Msg("c", "third")]).parts) == 3
    assert joined([]) == "" and joined(["", a]) is a
    table = pd.DataFrame({"why_not": [both, ""]}, index=["x", "y"])
    table.loc[table["why_not"] == "", "why_not"] = Msg("d", "fourth")
    assert [getattr(w, "key", None) for w in table["why_not"]] == ["", "d"]
    assert pickle.loads(pickle.dumps(table)).at["x", "why_not"].parts[1].key == "b"
