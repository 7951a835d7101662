"""Background work of the plaques app (tasks take ids and are enqueued on commit)."""

from __future__ import annotations

from django.tasks import task


@task
def render_proof(proof_id: str) -> str:
    """Render a proof version's PDF, SVG and DXF and keep them with it (idempotent)."""
    from korpu.plaques.services import do_render_proof

    return do_render_proof(actor="system", proof_id=proof_id).render_state
