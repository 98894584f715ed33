# Password history for expiry and reuse (等保 level 3, GB/T 22239-2019 8.1.4.1 a).
# Existing passwords are recorded as set now: their 90 days start at the upgrade,
# rather than every account being sent to the password-change page at once.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.hashers import is_password_usable
from django.db import migrations, models


def record_current_passwords(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PasswordHistory = apps.get_model("indicators", "PasswordHistory")
    now = django.utils.timezone.now()
    PasswordHistory.objects.bulk_create(
        PasswordHistory(user_id=pk, password=password, created_at=now)
        for pk, password in User.objects.values_list("pk", "password").iterator()
        if is_password_usable(password)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0003_import_batch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PasswordHistory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='密码摘要')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='设置时间')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='password_history', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '密码历史',
                'verbose_name_plural': '密码历史',
                'indexes': [models.Index(fields=['user', '-created_at'], name='password_history_latest')],
            },
        ),
        migrations.RunPython(record_current_passwords, migrations.RunPython.noop),
    ]
