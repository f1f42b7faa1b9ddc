"""Fixtures of the risk tests: monitoring sites and files (shared with the monitoring tests)
and ecotoxicity records in the knowledge base."""

import pytest

from npgov.chemicals.models import PropertyRecord, Substance
from tests.monitoring.conftest import HEADER, sites, write  # noqa: F401  (fixtures)


@pytest.fixture
def ecotox(chem):
    """Chronic NOECs for three trophic levels (algae, Daphnia, fish): PNEC = lowest / 10."""

    def add(name: str, noec_mg_per_l: float, origin: str = "experimental"):
        substance = Substance.objects.get(name_zh=name)
        for group, species, factor in (("algae", "Raphidocelis subcapitata", 3),
                                       ("invertebrates", "Daphnia magna", 1),
                                       ("fish", "Danio rerio", 2)):  # fmt: skip
            value = noec_mg_per_l * factor
            PropertyRecord.objects.create(
                substance=substance, kind="chronic_toxicity", value=value, unit="mg/L",
                value_canonical=value, unit_canonical="mg/L", endpoint="NOEC", species=species,
                taxonomic_group=group, medium="freshwater", origin=origin, reliability="K1",
                source="synthetic test record",
            )  # fmt: skip
        return substance

    return add
