"""Issue or rotate a user's API token and print it, for scripts and deployments."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from indicators.accounts.tokens import token_issue, token_of, token_rotate
from indicators.models import TokenSource


class Command(BaseCommand):
    help = (
        "Issue a user's API token and print it; --rotate revokes the user's tokens and "
        "issues one. Only a digest is stored, so an existing token cannot be printed again. "
        "Running this on the server stands for the second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="revoke the existing tokens and issue a new one"
        )

    def handle(self, *args, username: str, rotate: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not work.")
        if rotate:
            self.stdout.write(token_rotate(user=user, source=TokenSource.COMMAND))
            return
        existing = token_of(user=user)
        if existing is not None:
            created = f"{existing.created:%Y-%m-%d %H:%M}"
            raise CommandError(
                f"User {username!r} already has a token (created {created}, starting "
                f"{existing.prefix}); it is stored hashed and cannot be shown again. "
                "Use --rotate to replace it."
            )
        self.stdout.write(token_issue(user=user, source=TokenSource.COMMAND))
