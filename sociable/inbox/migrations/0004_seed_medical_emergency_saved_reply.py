"""Give every existing organisation the medical-emergency saved reply (999 now), which new
organisations get with the other standard replies."""

from django.db import migrations

TITLE = "Medical emergency: call 999 now"
ROUTES = ["medical_emergency"]
BODY = ("Hi {first_name}, we're worried by what you describe. {emergency_signposting} Please "
        "don't wait for a reply from us. We'll message you privately too.")


def seed(apps, schema_editor):
    title, routes, body = TITLE, ROUTES, BODY
    Organisation = apps.get_model("accounts", "Organisation")
    SavedReply = apps.get_model("inbox", "SavedReply")
    for organisation in Organisation.objects.all():
        SavedReply.objects.get_or_create(organisation=organisation, title=title,
                                         defaults={"routes": routes, "body": body})


class Migration(migrations.Migration):
    dependencies = [("inbox", "0003_alert_first_sent_at"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
