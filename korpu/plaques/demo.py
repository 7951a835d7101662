"""Demo data: the plaque of the completed restoration (Upper Govhar Agha Mosque, Shusha), with a
proof approved by a second officer and sent to the engraver. Idempotent."""

from __future__ import annotations

from typing import TextIO


def load(*, out: TextIO) -> None:
    from korpu.accounts.models import User
    from korpu.core.demo import demo_email
    from korpu.core.errors import KorpuError
    from korpu.plaques import services
    from korpu.plaques.models import Plaque
    from korpu.revival.models import Project

    project = Project.objects.filter(slug="yuxari-govhar-aga-mescidi").first()
    if project is None:
        return
    if Plaque.objects.filter(project=project).exists():
        print("  plaques: already loaded", file=out)
        return
    officer = User.objects.filter(email=demo_email("foundation")).first()
    officer_2 = User.objects.filter(email=demo_email("foundation2")).first()
    plaque = services.do_create_plaque(
        actor=officer, project=project,
        title={"az": "Yuxarı Gövhər ağa məscidi", "en": "Upper Govhar Agha Mosque", "ar": "مسجد يوخاري غوهر آغا"},
        dedication={"az": "Diasporun ianələri ilə bərpa olunub, 2026", "ar": "رُمِّم بتبرعات الجالية عام ٢٠٢٦"},
        lang="az", tiers=[{"label": "Qızıl", "min_minor": 250_000}, {"label": "Gümüş", "min_minor": 50_000},
                          {"label": "Bürünc", "min_minor": 10_000}],
        threshold_minor=10_000, width_mm=900, height_mm=600, allow_panels=True)
    try:
        proof = services.do_make_proof(actor=officer, plaque=plaque)
        # The demo shows a plaque already sent: render now rather than wait for the worker (the task
        # enqueued on commit then finds the version rendered and leaves it).
        proof = services.do_render_proof(actor="system", proof_id=proof.pk)
        services.do_approve_proof(actor=officer_2, proof=proof)
        services.do_send_proof(actor=officer_2, proof=proof)
    except KorpuError as exc:
        print(f"  plaques: plaque set up, no proof ({exc.message})", file=out)
        return
    print(f"  plaques: 1 plaque, proof v{proof.version} with {len(proof.names)} names sent to the engraver", file=out)
