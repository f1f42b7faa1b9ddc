"""Property-based tests of the parsers of user input: link lines and spreadsheet cells."""

from hypothesis import given
from hypothesis import strategies as st

from npgov.core.text import FORMULA_TRIGGERS, spreadsheet_safe
from npgov.plan.forms import ProgressReportForm

# Labels: any printable text without the separator (control characters are refused by the form).
label = st.text(
    alphabet=st.characters(
        blacklist_characters="|\x85\u2028\u2029", blacklist_categories=("Cs", "Cc", "Zl", "Zp")
    ),
    max_size=30,
)
path = st.from_regex(r"/[a-z0-9/_\-]{0,30}", fullmatch=True)


def _clean(text: str):
    form = ProgressReportForm({"status": "in_progress", "percent": 10, "links": text})
    form.is_valid()
    return form


@given(st.lists(st.tuples(label, path), max_size=5))
def test_link_lines_round_trip(pairs):
    text = "\n".join(f"{lbl} | {p}" for lbl, p in pairs)
    form = _clean(text)
    assert "links" not in form.errors
    assert form.cleaned_data["links"] == [(lbl.strip(), p) for lbl, p in pairs]


@given(label.filter(lambda s: s.strip() and not s.strip().startswith("/")))
def test_line_without_path_is_an_error_naming_the_line(text):
    form = _clean("ok | /plan/\n" + text)
    assert "第2行" in str(form.errors["links"])


@given(st.text(max_size=40))
def test_spreadsheet_safe_never_starts_with_a_formula_trigger(text):
    safe = spreadsheet_safe(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe.lstrip("'").endswith(text.lstrip("'")) or safe == "'" + text


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none()))
def test_spreadsheet_safe_leaves_numbers_alone(value):
    assert spreadsheet_safe(value) == value
