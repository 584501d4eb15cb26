from django.urls import path

from acollida.cases import views, views_import, views_lists

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
    # Import of open cases from a spreadsheet: upload, mapping, row-by-row report, confirm.
    path("import/", views_import.upload, name="import_upload"),
    path("import/<int:import_id>/mapping/", views_import.mapping, name="import_mapping"),
    path("import/<int:import_id>/", views_import.preview, name="import_preview"),
    path("import/<int:import_id>/confirm/", views_import.confirm, name="import_confirm"),
]
