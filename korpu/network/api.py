"""The registry's API: organisations, people, memberships, name variants, search and duplicates,
scoped exactly like the pages (selectors.organisations_for / people_for)."""


import uuid

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from korpu.api import Error, Pagination, optional, signed_in
from korpu.core import audit, permissions
from korpu.core.errors import NotFound
from korpu.network import selectors, services
from korpu.network.models import (
    DuplicateCandidate,
    DuplicateStatus,
    Membership,
    Organisation,
    Person,
)
from korpu.network.schemas import (
    ConsentIn,
    ConsentOut,
    DuplicateOut,
    MembershipIn,
    MembershipOut,
    MergeIn,
    MergeOut,
    OrganisationIn,
    OrganisationOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    SearchHit,
    VariantIn,
    VariantOut,
)

router = Router(tags=["network"], auth=signed_in)


def _actor(request):
    return request.auth if request.auth is not True else None


@router.get("/organisations", response={200: list[OrganisationOut], 401: Error}, auth=optional,
            url_name="organisation_list")
@paginate(Pagination, page_size=50)
def list_organisations(request, q: str = "", country: str = "", city: str = "", kind: str = "", language: str = "",
                       status: str = ""):
    return selectors.directory(_actor(request), q=q, country=country, city=city, kind=kind, language=language,
                               status=status)


@router.get("/organisations/{uuid:organisation_id}", response={200: OrganisationOut, 401: Error, 404: Error},
            auth=optional, url_name="organisation_detail")
def get_organisation(request, organisation_id: uuid.UUID):
    return get_object_or_404(selectors.organisations_for(_actor(request)), pk=organisation_id)


@router.post("/organisations", response={201: OrganisationOut, 400: Error, 401: Error, 403: Error, 422: Error},
             url_name="organisation_apply")
def apply_organisation(request, payload: OrganisationIn):
    return Status(201, services.do_register_organisation(actor=request.auth, **payload.dict()))


@router.post("/organisations/{uuid:organisation_id}/verify",
             response={200: OrganisationOut, 401: Error, 403: Error, 404: Error}, url_name="organisation_verify")
def verify_organisation(request, organisation_id: uuid.UUID):
    permissions.require(request.auth, "network.verify_organisation")
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    return services.do_verify_organisation(actor=request.auth, organisation=organisation)


def _person(request, person_id) -> Person:
    person = selectors.people_for(request.auth).filter(pk=person_id).prefetch_related("variants").first()
    if person is None:
        raise NotFound()
    if selectors.is_staff_read(request.auth, person):
        audit.record_read(actor=request.auth, obj=person)
    return person


@router.get("/people", response={200: list[PersonOut], 401: Error}, url_name="person_list")
@paginate(Pagination, page_size=50)
def list_people(request, organisation_id: uuid.UUID | None = None):
    qs = selectors.people_for(request.auth).prefetch_related("variants").order_by("name")
    if organisation_id:
        qs = qs.filter(pk__in=Membership.objects.filter(organisation_id=organisation_id).values("person_id"))
    return qs


@router.get("/people/search", response={200: list[SearchHit], 401: Error}, url_name="person_search")
def search_people(request, q: str = Query(..., max_length=200), limit: int = 20):
    hits = selectors.search_people(request.auth, q, limit=max(1, min(limit, 100)))
    return [{"person": p, "score": c.score, "reason": c.reason} for p, c in hits]


@router.get("/people/{uuid:person_id}", response={200: PersonOut, 401: Error, 404: Error}, url_name="person_detail")
def get_person(request, person_id: uuid.UUID):
    return _person(request, person_id)


@router.post("/people", response={201: PersonOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
             url_name="person_create")
def create_person(request, payload: PersonIn):
    data = payload.dict()
    organisation = get_object_or_404(selectors.organisations_for(request.auth), pk=data.pop("organisation_id"))
    variants = [(v["text"], v["kind"]) for v in data.pop("variants")]
    person = services.do_create_person(actor=request.auth, organisation=organisation, variants=variants,
                                       consent_source="api", **data)
    return Status(201, Person.objects.prefetch_related("variants").get(pk=person.pk))


@router.patch("/people/{uuid:person_id}", response={200: PersonOut, 400: Error, 401: Error, 403: Error, 404: Error,
                                                   422: Error}, url_name="person_update")
def update_person(request, person_id: uuid.UUID, payload: PersonPatch):
    person = _person(request, person_id)
    services.do_update_person(actor=request.auth, person=person, **payload.dict(exclude_none=True))
    return Person.objects.prefetch_related("variants").get(pk=person.pk)


@router.get("/people/{uuid:person_id}/variants", response={200: list[VariantOut], 401: Error, 404: Error},
            url_name="variant_list")
def list_variants(request, person_id: uuid.UUID):
    return list(_person(request, person_id).variants.all())


@router.post("/people/{uuid:person_id}/variants", response={201: VariantOut, 400: Error, 401: Error, 403: Error,
                                                           404: Error, 422: Error}, url_name="variant_create")
def add_variant(request, person_id: uuid.UUID, payload: VariantIn):
    person = _person(request, person_id)
    variant = services.do_add_name_variant(actor=request.auth, person=person, text=payload.text, kind=payload.kind)
    if variant is None:
        variant = person.variants.filter(text=payload.text).first()
    if variant is None:
        raise NotFound()
    return Status(201, variant)


@router.post("/people/{uuid:person_id}/consents", response={201: ConsentOut, 400: Error, 401: Error, 403: Error,
                                                           404: Error, 422: Error}, url_name="consent_create")
def record_consent(request, person_id: uuid.UUID, payload: ConsentIn):
    person = _person(request, person_id)
    return Status(201, services.do_record_consent(actor=request.auth, person=person, purpose=payload.purpose,
                                                  granted=payload.granted, source=payload.source))


@router.get("/memberships", response={200: list[MembershipOut], 401: Error}, url_name="membership_list")
@paginate(Pagination, page_size=100)
def list_memberships(request, organisation_id: uuid.UUID | None = None):
    qs = Membership.objects.filter(person__in=selectors.people_for(request.auth).values("pk")).order_by("created_at")
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


@router.post("/memberships", response={201: MembershipOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
             url_name="membership_create")
def create_membership(request, payload: MembershipIn):
    organisation = get_object_or_404(selectors.organisations_for(request.auth), pk=payload.organisation_id)
    person = get_object_or_404(selectors.people_for(request.auth), pk=payload.person_id)
    return Status(201, services.do_add_membership(actor=request.auth, person=person, organisation=organisation,
                                                  role=payload.role, since=payload.since, until=payload.until))


@router.get("/duplicates", response={200: list[DuplicateOut], 401: Error, 403: Error}, url_name="duplicate_list")
@paginate(Pagination, page_size=50)
def list_duplicates(request):
    permissions.require(request.auth, "network.view_duplicates")
    visible = selectors.people_for(request.auth).values("pk")
    return DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN, a__in=visible, b__in=visible).order_by("-score")


@router.post("/duplicates/{uuid:candidate_id}/merge", response={201: MergeOut, 400: Error, 401: Error, 403: Error,
                                                              404: Error, 422: Error}, url_name="duplicate_merge")
def merge_duplicate(request, candidate_id: uuid.UUID, payload: MergeIn):
    permissions.require(request.auth, "network.merge_people")
    candidate = get_object_or_404(DuplicateCandidate, pk=candidate_id)
    if payload.survivor_id not in (candidate.a_id, candidate.b_id):
        raise NotFound()
    survivor, merged = (candidate.a, candidate.b) if payload.survivor_id == candidate.a_id else (candidate.b, candidate.a)
    return Status(201, services.do_merge_people(actor=request.auth, survivor=survivor, merged=merged))
