"""Tests for npgov.science.geo: WGS-84 <-> GCJ-02 conversion."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.geo import gcj02_to_wgs84, in_china_bbox, wgs84_to_gcj02

TIANANMEN_WGS84 = (116.3912757, 39.906217)


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points on a 6371 km sphere."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def test_tiananmen_offset_is_between_100_and_700_m() -> None:
    gcj = wgs84_to_gcj02(*TIANANMEN_WGS84)
    distance = haversine_m(TIANANMEN_WGS84, gcj)
    assert 100.0 < distance < 700.0
    # GCJ-02 shifts Beijing to the north-east.
    assert gcj[0] > TIANANMEN_WGS84[0] and gcj[1] > TIANANMEN_WGS84[1]


def test_reference_vector() -> None:
    # Value published in the test suite of the open-source gcoord project for (123, 45).
    lon, lat = wgs84_to_gcj02(123.0, 45.0)
    assert lon == pytest.approx(123.00607541, abs=1e-7)
    assert lat == pytest.approx(45.00197815, abs=1e-7)


def test_outside_china_unchanged() -> None:
    tokyo = (139.69, 35.69)
    assert wgs84_to_gcj02(*tokyo) == tokyo
    assert gcj02_to_wgs84(*tokyo) == tokyo
    assert not in_china_bbox(*tokyo)
    assert in_china_bbox(*TIANANMEN_WGS84)
    assert not in_china_bbox(float("nan"), 39.9)


@given(
    lon=st.floats(min_value=115.4, max_value=117.6),
    lat=st.floats(min_value=39.4, max_value=41.1),
)
def test_round_trip_in_beijing(lon: float, lat: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert abs(back[0] - lon) < 1e-6
    assert abs(back[1] - lat) < 1e-6


@given(
    lon=st.floats(min_value=115.4, max_value=117.6),
    lat=st.floats(min_value=39.4, max_value=41.1),
)
def test_offset_magnitude_in_beijing(lon: float, lat: float) -> None:
    assert 100.0 < haversine_m((lon, lat), wgs84_to_gcj02(lon, lat)) < 700.0
