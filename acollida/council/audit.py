"""Write audit of council records (django-auditlog); members' contact details masked."""

from auditlog.registry import auditlog

from acollida.council import models as m

auditlog.register(m.Body)
auditlog.register(m.SeatCategory)
auditlog.register(m.CouncilOrganisation)
auditlog.register(m.Seat)
auditlog.register(m.Member, mask_fields=["email"])
auditlog.register(m.Declaration)
auditlog.register(m.Mandate)
auditlog.register(m.Meeting)
auditlog.register(m.AgendaItem)
auditlog.register(m.MeetingDocument, exclude_fields=["file"])
auditlog.register(m.AccessNeed, mask_fields=["note"])
auditlog.register(m.Attendance)
auditlog.register(m.Minutes)
auditlog.register(m.Vote)
auditlog.register(m.Ballot)
auditlog.register(m.DissentingOpinion)
auditlog.register(m.Proposal, mask_fields=["submitter_email"])
auditlog.register(m.Advice)
auditlog.register(m.PlanProcess)
auditlog.register(m.PlanSection)
auditlog.register(m.PlanComment, mask_fields=["author_email"])
