"""The Party congress and plenums a report of a year studies, written out in full.

The reference (2021) wrote "党的十九大和十九届二中、三中、四中、五中、X中X会精神",
blanking the latest plenum. A report of year Y names the national congress in force
and the plenums of its Central Committee held up to the end of Y.
"""

# (year of the congress, its name, the Central Committee's name, plenums: year → ordinal)
CONGRESSES = (
    (2012, "十八大", "十八届", {2013: "三中", 2014: "四中", 2015: "五中", 2016: "六中"}),
    (2017, "十九大", "十九届", {2018: "二中、三中", 2019: "四中", 2020: "五中", 2021: "六中"}),
    (2022, "二十大", "二十届", {2023: "二中", 2024: "三中", 2025: "四中"}),
)


def congress_phrase(year: int) -> str:
    """ "党的二十大和二十届二中、三中、四中全会精神" for a report of 2025.

    Years after the last known plenum say "历次全会", which stays true.
    """
    _held, name, committee, plenums = next(
        (congress for congress in reversed(CONGRESSES) if congress[0] <= year), CONGRESSES[0]
    )
    if year > max(plenums):
        return f"党的{name}和{committee}历次全会精神"
    ordinals = [ordinal for plenum_year, ordinal in plenums.items() if plenum_year <= year]
    if not ordinals:
        return f"党的{name}精神"
    return f"党的{name}和{committee}{'、'.join(ordinals)}全会精神"
