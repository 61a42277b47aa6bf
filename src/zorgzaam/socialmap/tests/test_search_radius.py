"""'Near me' means near (#18): the search radius starts at 5 km, not the 10 km that reached
every village of the municipality from every postcode."""

from zorgzaam.socialmap.forms import SearchForm


def test_default_radius_is_five_km():
    assert SearchForm().fields["radius"].initial == "5"
    form = SearchForm({"q": "koffie"})
    assert form.is_valid(), form.errors
    assert form.to_query().radius_km == 5.0
    wide = SearchForm({"q": "koffie", "radius": "25"})
    assert wide.is_valid() and wide.to_query().radius_km == 25.0
