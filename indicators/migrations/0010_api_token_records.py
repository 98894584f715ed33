from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def record_existing_tokens(apps, schema_editor):
    """Tokens from before: they expire API_TOKEN_DAYS after their creation, and were
    issued without the second factor (refused for the roles that need one)."""
    AuthToken = apps.get_model("knox", "AuthToken")
    TokenRecord = apps.get_model("indicators", "TokenRecord")
    lifetime = timedelta(days=settings.API_TOKEN_DAYS)
    for token in AuthToken.objects.all():
        if token.expiry is None:
            token.expiry = token.created + lifetime
            token.save(update_fields=["expiry"])
        TokenRecord.objects.get_or_create(token=token, defaults={"source": "legacy"})


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_catalogue_english_and_report_time_index"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.CreateModel(
            name="TokenRecord",
            fields=[
                (
                    "token",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="record",
                        serialize=False,
                        to="knox.authtoken",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("otp", "双因素认证后的网页会话"),
                            ("password", "仅凭密码登录的网页会话"),
                            ("command", "服务器上的 api_token 命令"),
                            ("legacy", "升级前生成"),
                        ],
                        max_length=10,
                        verbose_name="生成方式",
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="最近使用"),
                ),
            ],
            options={
                "verbose_name": "接口令牌记录",
                "verbose_name_plural": "接口令牌记录",
            },
        ),
        migrations.RunPython(record_existing_tokens, migrations.RunPython.noop),
    ]
