"""``acollida demo``: load the Valencia demo network and print the demo logins (once)."""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from acollida.core.demo_data import ORGANISATIONS, USERS
from acollida.core.models import Membership, Office, Organisation, Role, User


def _password() -> str:
    words = ["riu", "taronja", "mar", "pont", "llum", "plaça", "barca", "vent", "sol", "horta"]
    picked = [secrets.choice(words) for _ in range(3)]
    return "-".join(picked) + "-" + str(secrets.randbelow(9000) + 1000)


class Command(BaseCommand):
    help = "Load the Valencia demo network (organisations, offices, one user per role) and print logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the passwords.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo data with ACOLLIDA_DEBUG off. Use --force if you mean it."
            )
        orgs: dict[str, Organisation] = {}
        for slug, name, short, kind, parent, offices in ORGANISATIONS:
            org, _created = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "parent": orgs.get(parent) if parent else None,
                    "email": f"info@{slug}.example.org",
                    "website": f"https://{slug}.example.org/",
                },
            )
            orgs[slug] = org
            for office_name, street, postcode, district, hours in offices:
                Office.objects.update_or_create(
                    organisation=org,
                    name=office_name,
                    defaults={
                        "street": street,
                        "postcode": postcode,
                        "district": district,
                        "opening_hours": hours,
                        "phone": f"+34 960 {secrets.randbelow(900) + 100} {secrets.randbelow(900) + 100}",
                    },
                )
        logins: list[tuple[str, str, str]] = []
        for username, first, last, roles in USERS:
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
            )
            password = _password()
            user.set_password(password)
            user.is_active = True
            is_platform = any(role == Role.PLATFORM_ADMIN for _slug, role in roles)
            user.is_staff = user.is_superuser = is_platform
            user.save()
            for slug, role in roles:
                Membership.objects.update_or_create(
                    user=user, organisation=orgs[slug], role=role, defaults={"is_active": True}
                )
            described = ", ".join(f"{Role(role).label} @ {orgs[slug].display_name}" for slug, role in roles)
            logins.append((username, password, described))
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(orgs)} organisations and {len(logins)} demo users.")
        )
        # Other apps add their own demo records (core does not import them: apps depend downward).
        for app_config in apps.get_app_configs():
            load_demo = getattr(app_config, "load_demo", None)
            if callable(load_demo):
                load_demo(self.stdout)
        if not options["quiet_logins"]:
            self.stdout.write("Demo logins (shown once; run `acollida demo` again for new passwords):")
            width = max(len(u) for u, _p, _d in logins)
            for username, password, described in logins:
                self.stdout.write(f"  {username.ljust(width)}  {password}  {described}")
