from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.agenda.models import ServiceType, Slot
from acollida.agenda.services import MAX_REPEAT_WEEKS
from acollida.core.models import Office, User
from acollida.people.reference import language_choices

DATE = forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "dir": "ltr"}, format="%H:%M")
SERVICE_OR_ANY = [("", _("Any service")), *ServiceType.choices]


class OfficeLabelChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.display_name})"


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class SlotChoice(forms.ModelChoiceField):
    """A slot named by local date and time, service, office and member of staff."""

    def label_from_instance(self, obj: Any) -> str:
        start = timezone.localtime(obj.starts_at)
        end = timezone.localtime(obj.ends_at)
        parts = [f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}", str(obj.get_service_type_display()), obj.office.name]
        if obj.staff is not None:
            parts.append(obj.staff.get_full_name() or obj.staff.username)
        return " · ".join(parts)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class DayForm(forms.Form):
    office = OfficeLabelChoice(label=_("Office"), queryset=Office.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    staff = StaffChoice(
        label=_("Member of staff"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    service = forms.ChoiceField(label=_("Service"), choices=SERVICE_OR_ANY, required=False)

    def __init__(self, *args: Any, offices: QuerySet[Office], staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class FreeTimeMixin(forms.Form):
    """A time outside the published slots: a date and start and end times."""

    day = forms.DateField(label=_("Date"), widget=DATE, required=False)
    start = forms.TimeField(label=_("From"), widget=TIME, required=False)
    end = forms.TimeField(label=_("To"), widget=TIME, required=False)

    def free_times(self) -> tuple[datetime | None, datetime | None]:
        data = self.cleaned_data
        if data.get("day") and data.get("start") and data.get("end"):
            return _aware(data["day"], data["start"]), _aware(data["day"], data["end"])
        return None, None


class BookForm(FreeTimeMixin):
    slot = SlotChoice(
        label=_("Free slot"),
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    office = OfficeLabelChoice(label=_("Office"), queryset=Office.objects.none(), required=False)
    service_type = forms.ChoiceField(
        label=_("Service"), choices=[("", "—"), *ServiceType.choices], required=False
    )
    interpreter_language = forms.ChoiceField(label=_("Interpreter language"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, slots: list[Slot], offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slot_choices = Slot.objects.filter(pk__in=[s.pk for s in slots]).select_related("office", "staff")
        self.fields["slot"].queryset = slot_choices  # type: ignore[attr-defined]
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        languages = [("", _("No interpreter needed")), *language_choices()]
        self.fields["interpreter_language"].choices = languages  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, _ends_at = self.free_times()
        if data.get("slot") is None and starts_at is None:
            raise forms.ValidationError(_("Choose a free slot, or give a date and times outside the slots."))
        return data


class RescheduleForm(FreeTimeMixin):
    slot = SlotChoice(
        label=_("Free slot"),
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slot_choices = Slot.objects.filter(pk__in=[s.pk for s in slots]).select_related("office", "staff")
        self.fields["slot"].queryset = slot_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, _ends_at = self.free_times()
        if data.get("slot") is None and starts_at is None:
            raise forms.ValidationError(_("Choose a free slot, or give a date and times outside the slots."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=300)


class SlotForm(forms.Form):
    office = OfficeLabelChoice(label=_("Office"), queryset=Office.objects.none())
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    staff = StaffChoice(
        label=_("Member of staff"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone on duty"),
    )
    day = forms.DateField(label=_("First date"), widget=DATE)
    start = forms.TimeField(label=_("From"), widget=TIME)
    end = forms.TimeField(label=_("To"), widget=TIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100, initial=1)
    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly for (weeks)"), min_value=1, max_value=MAX_REPEAT_WEEKS, initial=1,
        help_text=_("1 publishes this date only."),
    )  # fmt: skip

    def __init__(self, *args: Any, offices: QuerySet[Office], staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class AssignForm(forms.Form):
    interpreter = StaffChoice(label=_("Interpreter"), queryset=User.objects.none())

    def __init__(self, *args: Any, interpreters: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interpreter"].queryset = interpreters  # type: ignore[attr-defined]


class TicketForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)


class CallForm(forms.Form):
    desk = forms.CharField(label=_("Desk"), max_length=40)
