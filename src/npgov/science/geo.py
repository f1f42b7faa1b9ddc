"""Conversion between WGS-84 and GCJ-02, the offset datum used by Chinese web maps.

Pure math on longitude/latitude in decimal degrees; no projection library is needed.
"""

from __future__ import annotations

import math

__all__ = ["gcj02_to_wgs84", "in_china_bbox", "wgs84_to_gcj02"]

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 obfuscation.
_SEMI_MAJOR_AXIS = 6378245.0
_ECCENTRICITY_SQUARED = 0.00669342162296594323

# Rough bounding box of mainland China outside which GCJ-02 equals WGS-84.
_LON_MIN, _LON_MAX = 72.004, 137.8347
_LAT_MIN, _LAT_MAX = 0.8293, 55.8271

# The obfuscation polynomials are expressed relative to this origin (degrees).
_ORIGIN_LON, _ORIGIN_LAT = 105.0, 35.0

_INVERSE_TOLERANCE = 1e-7
_INVERSE_MAX_ITERATIONS = 30


def in_china_bbox(lon: float, lat: float) -> bool:
    """Tell whether a point lies in the bounding box where GCJ-02 offsets apply.

    Parameters
    ----------
    lon, lat : float
        Longitude and latitude in decimal degrees.

    Returns
    -------
    bool
        ``True`` when ``72.004 <= lon <= 137.8347`` and ``0.8293 <= lat <= 55.8271``;
        ``False`` otherwise, including for NaN.

    References
    ----------
    .. [1] Chinese GCJ-02 (国测局坐标系) obfuscation as published in public open-source
       references, e.g. the ``eviltransform`` and ``coordtransform`` projects.
    """
    return _LON_MIN <= lon <= _LON_MAX and _LAT_MIN <= lat <= _LAT_MAX


def _periodic_terms(u: float, v: float, long_amplitudes: tuple[float, float]) -> float:
    """Sum of the three sinusoidal groups shared by both offset polynomials."""
    short_wave = 20.0 * math.sin(6.0 * math.pi * u) + 20.0 * math.sin(2.0 * math.pi * u)
    medium_wave = 20.0 * math.sin(math.pi * v) + 40.0 * math.sin(math.pi * v / 3.0)
    long_wave = long_amplitudes[0] * math.sin(math.pi * v / 12.0) + long_amplitudes[1] * math.sin(
        math.pi * v / 30.0
    )
    return 2.0 / 3.0 * (short_wave + medium_wave + long_wave)


def _offset_metres(lon: float, lat: float) -> tuple[float, float]:
    """Raw eastward and northward offsets (in ellipsoid metres before scaling to degrees)."""
    x = lon - _ORIGIN_LON
    y = lat - _ORIGIN_LAT
    root = math.sqrt(abs(x))
    east = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * root
    east += _periodic_terms(x, x, (150.0, 300.0))
    north = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * root
    north += _periodic_terms(x, y, (160.0, 320.0))
    return east, north


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Convert a WGS-84 position to GCJ-02.

    The shift is typically 100-700 m. The formula is the widely published reconstruction of
    the GCJ-02 obfuscation; it is not an official standard and is not exact everywhere.
    Points outside :func:`in_china_bbox` are returned unchanged.

    Parameters
    ----------
    lon, lat : float
        WGS-84 longitude and latitude in decimal degrees.

    Returns
    -------
    tuple of float
        GCJ-02 ``(lon, lat)`` in decimal degrees.

    References
    ----------
    .. [1] Chinese GCJ-02 (国测局坐标系) obfuscation as published in public open-source
       references, e.g. the ``eviltransform`` and ``coordtransform`` projects; the offsets
       are scaled with the meridional and prime-vertical radii of curvature of the
       Krasovsky 1940 ellipsoid (a = 6378245.0 m, e^2 = 0.00669342162296594323).
    """
    if not in_china_bbox(lon, lat):
        return lon, lat
    east, north = _offset_metres(lon, lat)
    phi = math.radians(lat)
    w_squared = 1.0 - _ECCENTRICITY_SQUARED * math.sin(phi) ** 2
    # Meridional (M) and prime-vertical (N) radii of curvature of the ellipsoid.
    meridional = (
        _SEMI_MAJOR_AXIS * (1.0 - _ECCENTRICITY_SQUARED) / (w_squared * math.sqrt(w_squared))
    )
    prime_vertical = _SEMI_MAJOR_AXIS / math.sqrt(w_squared)
    d_lat = math.degrees(north / meridional)
    d_lon = math.degrees(east / (prime_vertical * math.cos(phi)))
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Convert a GCJ-02 position back to WGS-84 by fixed-point iteration.

    Starting from the GCJ-02 point, the WGS-84 estimate is corrected by the residual of the
    forward transform until the round-trip error is below 1e-7 degrees on both axes (at most
    30 iterations; convergence usually takes 2-3). The shift is typically 100-700 m; the
    formula is not an official standard. Points outside :func:`in_china_bbox` are returned
    unchanged.

    Parameters
    ----------
    lon, lat : float
        GCJ-02 longitude and latitude in decimal degrees.

    Returns
    -------
    tuple of float
        WGS-84 ``(lon, lat)`` in decimal degrees.

    References
    ----------
    .. [1] Chinese GCJ-02 (国测局坐标系) obfuscation as published in public open-source
       references, e.g. the ``eviltransform`` and ``coordtransform`` projects.
    """
    if not in_china_bbox(lon, lat):
        return lon, lat
    wgs_lon, wgs_lat = lon, lat
    for _ in range(_INVERSE_MAX_ITERATIONS):
        fwd_lon, fwd_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        err_lon, err_lat = fwd_lon - lon, fwd_lat - lat
        if abs(err_lon) < _INVERSE_TOLERANCE and abs(err_lat) < _INVERSE_TOLERANCE:
            break
        wgs_lon -= err_lon
        wgs_lat -= err_lat
    return wgs_lon, wgs_lat
