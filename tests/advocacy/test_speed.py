import json


def test_signing_through_the_api_takes_few_queries(client, petition, django_assert_max_num_queries):
    url = f"/api/v1/petitions/{petition.pk}/signatures"
    body = json.dumps({"name": "Elif Yılmaz", "email": "elif@example.org"})
    with django_assert_max_num_queries(6):
        assert client.post(url, body, content_type="application/json").status_code == 201
