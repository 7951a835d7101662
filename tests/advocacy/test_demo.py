import io

import pytest


@pytest.mark.slow
def test_demo_loads_officials_campaigns_interactions_and_outcomes_once(db):
    from korpu.advocacy import demo
    from korpu.advocacy.models import Campaign, Interaction, Official, Outcome, Signature
    from korpu.core import demo as core_demo
    from korpu.network import demo as network_demo

    out = io.StringIO()
    core_demo.load(out=out)
    network_demo.load(out=out)
    demo.load(out=out)
    assert set(Official.objects.values_list("country", flat=True)) == {"DE", "FR", "GB", "RU"}
    assert Campaign.objects.count() >= 3 and Interaction.objects.count() >= 6 and Outcome.objects.count() >= 5
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 4
    counts = (Official.objects.count(), Interaction.objects.count())
    demo.load(out=out)
    assert (Official.objects.count(), Interaction.objects.count()) == counts
    assert "already loaded" in out.getvalue()
