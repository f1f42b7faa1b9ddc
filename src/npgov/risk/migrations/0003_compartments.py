"""Screening runs frozen before sediment and soil were screened held one freshwater PNEC per
substance and ranked water only: their PNECs move under "water" and their ranking rows are
marked as water, the shape runs have now (the values are not changed)."""

from django.db import migrations

LEGACY_KEYS = ("pnec_ng_per_l", "provisional", "confirmed", "rule", "factor", "basis", "reason")


def forwards(apps, schema_editor):
    ScreeningRun = apps.get_model("risk", "ScreeningRun")
    for run in ScreeningRun.objects.all():
        pnecs = {}
        for key, entry in run.pnecs.items():
            if "water" in entry:
                pnecs[key] = entry
                continue
            water = {k: entry[k] for k in LEGACY_KEYS if k in entry}
            water["pnec"] = water.pop("pnec_ng_per_l", None)
            water["unit"] = "ng/L"
            gone = {"pnec": None, "unit": "ng/g dw", "provisional": True,
                    "reason": "本次未筛查 / not screened in this run"}  # fmt: skip
            pnecs[key] = {"name": entry["name"], "water": water, "sediment": dict(gone),
                          "soil": dict(gone)}  # fmt: skip
        result = [{"compartment": "water", "unit": "ng/L", **row} for row in run.result]
        ScreeningRun.objects.filter(pk=run.pk).update(pnecs=pnecs, result=result)


class Migration(migrations.Migration):
    dependencies = [("risk", "0002_assessments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
