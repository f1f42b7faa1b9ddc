"""npgov — 新污染物治理平台: the information backbone of a city's new-pollutant governance."""

__version__ = "0.1.0"
