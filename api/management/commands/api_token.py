"""Create a personal API token for a user and print its key (shown only this once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import token_create
from plans.models import User


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print its key (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Línea de comandos", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            _token, key = token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
