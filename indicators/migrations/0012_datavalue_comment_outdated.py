from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0011_account_resets_role_changes_backup_codes"),
    ]

    # Existing comments count as written for their figure: nothing shows which came first.
    operations = [
        migrations.AddField(
            model_name="datavalue",
            name="comment_outdated",
            field=models.BooleanField(default=False, verbose_name="备注早于数字"),
        ),
        migrations.AddField(
            model_name="historicaldatavalue",
            name="comment_outdated",
            field=models.BooleanField(default=False, verbose_name="备注早于数字"),
        ),
    ]
