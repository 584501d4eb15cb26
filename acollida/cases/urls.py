from django.urls import path

from acollida.cases import views, views_documents, views_import, views_lists, views_sensitivity
from acollida.cases import views_pathways as pathways
from acollida.cases import views_referrals as referrals

app_name = "cases"

urlpatterns = [
    path("", views_lists.mine, name="mine"),
    path("team/", views_lists.team, name="team"),
    path("open/person/<int:person_id>/", views.open_case, name="open"),
    path("<int:case_id>/", views.detail, name="detail"),
    path("<int:case_id>/needs/<int:need_id>/", views.need_edit, name="need_edit"),
    path("<int:case_id>/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:case_id>/close/", views.close, name="close"),
    path("<int:case_id>/hold/", views.hold, name="hold"),
    path("<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("<int:case_id>/assign/", views.assign, name="assign"),
    path("<int:case_id>/sensitivity/", views_sensitivity.sensitivity, name="sensitivity"),
    # Referrals, consent and transfers: the dashboard, one referral, and from the case page.
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/withdraw/", referrals.referral_withdraw, name="referral_withdraw"),
    path("<int:case_id>/refer/", referrals.referral_create, name="referral_create"),
    path("<int:case_id>/transfer/", referrals.transfer, name="transfer"),
    path("<int:case_id>/consents/add/", referrals.consent_create, name="consent_create"),
    path(
        "<int:case_id>/consents/<int:consent_id>/withdraw/",
        referrals.consent_withdraw,
        name="consent_withdraw",
    ),
    # Import of open cases from a spreadsheet: upload, mapping, row-by-row report, confirm.
    path("import/", views_import.upload, name="import_upload"),
    path("import/<int:import_id>/mapping/", views_import.mapping, name="import_mapping"),
    path("import/<int:import_id>/", views_import.preview, name="import_preview"),
    path("import/<int:import_id>/confirm/", views_import.confirm, name="import_confirm"),
    # Documents: uploaded (encrypted), issued from templates; downloaded only through the policy.
    path("<int:case_id>/documents/", views_documents.document_list, name="documents"),
    path("<int:case_id>/documents/add/", views_documents.document_upload, name="document_upload"),
    path("<int:case_id>/documents/issue/", views_documents.document_issue, name="document_issue"),
    path(
        "<int:case_id>/documents/<int:document_id>/download/",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "<int:case_id>/documents/<int:document_id>/delete/",
        views_documents.document_delete,
        name="document_delete",
    ),
    path("document-templates/", views_documents.template_list, name="document_templates"),
    path("document-templates/new/", views_documents.template_create, name="document_template_create"),
    path(
        "document-templates/<int:template_id>/",
        views_documents.template_edit,
        name="document_template_edit",
    ),
    path(
        "document-templates/<int:template_id>/copy/",
        views_documents.template_copy,
        name="document_template_copy",
    ),
    # Pathways: a case's paperwork with deadlines, my deadlines, the templates coordinators keep.
    path("<int:case_id>/pathways/start/", pathways.pathway_start, name="pathway_start"),
    path("<int:case_id>/pathways/steps/<int:step_id>/", pathways.pathway_step, name="pathway_step"),
    path("<int:case_id>/pathways/<int:pathway_id>/expiry/", pathways.pathway_expiry, name="pathway_expiry"),
    path(
        "<int:case_id>/pathways/<int:pathway_id>/complete/",
        pathways.pathway_complete,
        name="pathway_complete",
    ),
    path(
        "<int:case_id>/pathways/<int:pathway_id>/abandon/",
        pathways.pathway_abandon,
        name="pathway_abandon",
    ),
    path("deadlines/", pathways.deadlines, name="deadlines"),
    path("pathways/", pathways.pathway_templates, name="pathway_templates"),
    path("pathways/new/", pathways.pathway_template_new, name="pathway_template_new"),
    path("pathways/<int:template_id>/", pathways.pathway_template, name="pathway_template"),
    path("pathways/<int:template_id>/copy/", pathways.pathway_template_copy, name="pathway_template_copy"),
    path(
        "pathways/<int:template_id>/steps/new/",
        pathways.pathway_template_step_add,
        name="pathway_template_step_add",
    ),
    path(
        "pathways/<int:template_id>/steps/<int:step_id>/",
        pathways.pathway_template_step,
        name="pathway_template_step",
    ),
    path(
        "pathways/<int:template_id>/steps/<int:step_id>/move/",
        pathways.pathway_template_step_move,
        name="pathway_template_step_move",
    ),
    path(
        "pathways/<int:template_id>/steps/<int:step_id>/remove/",
        pathways.pathway_template_step_remove,
        name="pathway_template_step_remove",
    ),
]
