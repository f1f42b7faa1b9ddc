"""Results loaded from files before this migration were dated by the UTC day of their sample's
time; a sample taken before 08:00 in Beijing got the previous day. Date them by the local day."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def local_day(apps, schema_editor):
    Result = apps.get_model("monitoring", "Result")
    Sample = apps.get_model("monitoring", "Sample")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE monitoring_result r SET sampled_on = (s.sampled_at AT TIME ZONE %s)::date "
            "FROM monitoring_sample s WHERE s.id = r.sample_id "
            "AND r.sampled_on <> (s.sampled_at AT TIME ZONE %s)::date",
            [settings.TIME_ZONE, settings.TIME_ZONE],
        )
        return
    zone = timezone.get_default_timezone()
    for pk, at in Sample.objects.values_list("pk", "sampled_at").iterator():
        day = timezone.localtime(at, zone).date()
        Result.objects.filter(sample_id=pk).exclude(sampled_on=day).update(sampled_on=day)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_result_indexes_covered")]

    operations = [migrations.RunPython(local_day, migrations.RunPython.noop)]
