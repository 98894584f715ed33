"""Create or rotate a user's API token and print it, for scripts and deployments."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from indicators.tokens import token_issue, token_of


class Command(BaseCommand):
    help = "Print a user's API token, creating it if needed; --rotate replaces it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="revoke the existing token and issue a new one"
        )

    def handle(self, *args, username: str, rotate: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not work.")
        token = None if rotate else token_of(user)
        if token is None:
            token = token_issue(user=user)
        self.stdout.write(token.key)
