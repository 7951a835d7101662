from django.urls import path

from korpu.giving import views

app_name = "giving"

urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("campaigns/<uuid:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<uuid:campaign_id>/give/", views.give, name="give"),
    path("campaigns/<uuid:campaign_id>/live/", views.live, name="live"),
    path("campaigns/<uuid:campaign_id>/widget/", views.widget, name="widget"),
    path("campaigns/<uuid:campaign_id>/tally.json", views.tally_json, name="tally_json"),
    path("campaigns/<uuid:campaign_id>/stream/", views.tally_stream, name="tally_stream"),
    path("campaigns/<uuid:campaign_id>/transparency/", views.campaign_transparency, name="campaign_transparency"),
    path("funds/<uuid:fund_id>/", views.fund_transparency, name="fund"),
    path("funds/<uuid:fund_id>/transfers.csv", views.fund_transfers_csv, name="fund_csv"),
    path("thanks/", views.thanks, name="thanks"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("me/", views.my_giving, name="me"),
    path("me/recurring/<uuid:recurring_id>/", views.change_recurring, name="recurring"),
    path("me/receipts/<uuid:receipt_id>.pdf", views.receipt_pdf, name="receipt"),
    path("me/statement/<int:year>.pdf", views.statement_pdf, name="statement"),
    path("desk/", views.desk, name="desk"),
    path("desk/gifts/<uuid:gift_id>/review/", views.review_gift, name="review"),
    path("desk/cash/", views.cash, name="cash"),
    path("desk/cash/<uuid:entry_id>/confirm/", views.confirm_cash, name="confirm_cash"),
    path("desk/statements/", views.statements, name="statements"),
    path("desk/statements/lines/<uuid:line_id>/", views.assign_line, name="assign_line"),
    path("phone/", views.phone, name="phone"),
    path("books/", views.books, name="books"),
    path("books/<uuid:fund_id>/journal.csv", views.journal_csv, name="journal"),
]
