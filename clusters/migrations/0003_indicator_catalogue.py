"""The EU common indicators of 2014–2020 and 2021–2027 as records; each existing programme gets
a period from its start year and the common indicators of that period (targets left empty)."""

from django.db import migrations

UNIT = "enterprises"
# code, name (as in the regulation's annex), counting rule
COMMON_INDICATORS = {
    # Regulation (EU) No 1301/2013, Annex I
    "2014-2020": [
        (
            "CO01",
            "Productive investment: Number of enterprises receiving support",
            "enterprises_supported",
        ),
        ("CO02", "Productive investment: Number of enterprises receiving grants", "grants"),
        (
            "CO04",
            "Productive investment: Number of enterprises receiving non-financial support",
            "non_financial_support",
        ),
        ("CO05", "Productive investment: Number of new enterprises supported", "new_enterprises"),
        (
            "CO26",
            "Research, Innovation: Number of enterprises cooperating with research institutions",
            "research_cooperation",
        ),
        (
            "CO28",
            "Research, Innovation: Number of enterprises supported to introduce new to the "
            "market products",
            "product_new_to_market",
        ),
        (
            "CO29",
            "Research, Innovation: Number of enterprises supported to introduce new to the "
            "firm products",
            "product_new_to_firm",
        ),
    ],
    # Regulation (EU) 2021/1058, Annex I
    "2021-2027": [
        (
            "RCO01",
            "Enterprises supported (of which: micro, small, medium, large)",
            "enterprises_supported",
        ),
        ("RCO02", "Enterprises supported by grants", "grants"),
        ("RCO04", "Enterprises with non-financial support", "non_financial_support"),
        ("RCO05", "New enterprises supported", "new_enterprises"),
        ("RCO10", "Enterprises cooperating with research organisations", "research_cooperation"),
        (
            "RCR03",
            "Small and medium-sized enterprises (SMEs) introducing product or process innovation",
            "product_or_process_innovation",
        ),
        (
            "RCR04",
            "SMEs introducing marketing or organisational innovation",
            "marketing_or_organisational_innovation",
        ),
    ],
}


def period_of_start(start) -> str:
    # The same rule as clusters.models.period_of_dates, frozen here.
    if start is None:
        return "2021-2027"
    if 2014 <= start.year <= 2020:
        return "2014-2020"
    if 2021 <= start.year <= 2027:
        return "2021-2027"
    return "other"


def seed(apps, schema_editor):
    Indicator = apps.get_model("clusters", "Indicator")
    Programme = apps.get_model("clusters", "Programme")
    ProgrammeIndicator = apps.get_model("clusters", "ProgrammeIndicator")
    for period, rows in COMMON_INDICATORS.items():
        for code, name, rule in rows:
            Indicator.objects.update_or_create(
                code=code,
                period=period,
                programme=None,
                defaults={"name": name, "unit": UNIT, "counting_rule": rule},
            )
    for programme in Programme.objects.all():
        programme.period = period_of_start(programme.start)
        programme.save(update_fields=["period"])
        for indicator in Indicator.objects.filter(programme=None, period=programme.period):
            ProgrammeIndicator.objects.get_or_create(programme=programme, indicator=indicator)


def unseed(apps, schema_editor):
    apps.get_model("clusters", "ProgrammeIndicator").objects.all().delete()
    apps.get_model("clusters", "Indicator").objects.filter(programme=None).delete()


class Migration(migrations.Migration):
    dependencies = [("clusters", "0002_programme_period_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
