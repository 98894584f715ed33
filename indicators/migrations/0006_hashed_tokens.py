"""API tokens move from rest_framework.authtoken (key in clear) to knox (digest only).

Each existing key is hashed into a knox token, so scripts keep working, and the clear
copy is deleted. The authtoken table stays (empty) when an older installation has it;
new installations never create it.
"""

from django.db import migrations

OLD_TABLE = "authtoken_token"


def hash_existing_keys(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    table = schema_editor.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {table}")
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        digest = hash_token(key)
        AuthToken(
            digest=digest, token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], user_id=user_id, expiry=None
        ).save()
        # created is auto_now_add: keep the original date with an update.
        AuthToken.objects.filter(pk=digest).update(created=created)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_separated_admin_roles"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_existing_keys, migrations.RunPython.noop)]
